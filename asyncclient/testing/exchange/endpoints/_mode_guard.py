"""Refusing a signed call from an account in the other mode: 40085 for a unified account on v2, 40084 for a
classic one on v3. The upgrade and switch status endpoints answer in both modes, so a client can poll across
the change.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..._routing import Handler, OffLoop, SimError, SimRequest
from ..state._uta_modes import CLASSIC, UTA, AccountModes

__all__ = ["guard_modes"]

#: Signed paths either mode may call: the upgrade and switch status (polled across the change).
_EITHER_MODE = frozenset({"/api/v2/spot/account/upgrade-status", "/api/v3/account/switch-status"})


def guard_modes(routes: Mapping[tuple[str, str], Handler], modes: AccountModes) -> dict[tuple[str, str], Handler]:
    """Every route, its signed calls refused when the caller's account is in the other mode."""
    return {key: _guarded(key[1], handler, modes) for key, handler in routes.items()}


def _guarded(path: str, handler: Handler, modes: AccountModes) -> Handler:
    if path in _EITHER_MODE:
        return handler
    refuse: str = UTA if path.startswith("/api/v2/") else CLASSIC

    def guarded(request: SimRequest) -> object:
        if request.uid is not None and modes.mode(request.uid, request.now_ms) == refuse:
            raise _refusal(refuse)
        return handler(request)

    return OffLoop(guarded) if isinstance(handler, OffLoop) else guarded  # the guard keeps the mark


def _refusal(mode: str) -> SimError:
    if mode == UTA:
        return SimError(
            "40085",
            "You are in Unified Account mode, and the Classic Account API is not supported at this time",
        )
    return SimError("40084", "You are in Classic Account mode, and the Unified Account API is not supported")
