"""Which API each simulated account may call, and the asynchronous switches between the two.

A classic account calls the v2 endpoints and gets 40084 on the signed v3 ones; a unified (UTA) account calls v3
and gets 40085 on the signed v2 ones, as the exchange answers. Upgrading (``POST /api/v2/spot/account/upgrade``)
and switching back (``POST /api/v3/account/switch``) answer at once and finish ``switch_delay_ms`` later (a
minute by default, as documented); until then the account keeps its old mode and the status endpoints say
``processing``. The status endpoints answer in both modes, so a client can poll across the change.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from .._routing import Handler, SimError, SimRequest

__all__ = ["CLASSIC", "UTA", "AccountModes", "guard_modes"]

CLASSIC = "classic"
UTA = "uta"
MODES = (CLASSIC, UTA)
#: Signed paths either mode may call: the upgrade and switch status (polled across the change).
_EITHER_MODE = frozenset({"/api/v2/spot/account/upgrade-status", "/api/v3/account/switch-status"})
#: How long an upgrade or a switch takes (the documents say about a minute).
DEFAULT_SWITCH_DELAY_MS = 60_000


@attrs.define
class _Transition:
    target: str
    done_at_ms: int


class AccountModes:
    """The mode of every account by uid (classic unless set), and the switches under way."""

    def __init__(self) -> None:
        self._modes: dict[str, str] = {}
        self._pending: dict[str, _Transition] = {}
        self._finished: dict[str, str] = {}
        #: How long an upgrade or a switch takes, in the simulator's ms; settable (0 finishes at the next request).
        self.switch_delay_ms = DEFAULT_SWITCH_DELAY_MS

    def set(self, uid: str, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        self._modes[uid] = mode
        self._pending.pop(uid, None)

    def mode(self, uid: str, now_ms: int) -> str:
        """The account's mode at ``now_ms`` (a switch whose delay has passed is finished here)."""
        pending = self._pending.get(uid)
        if pending is not None and now_ms >= pending.done_at_ms:
            self._modes[uid] = pending.target
            self._finished[uid] = pending.target
            del self._pending[uid]
        return self._modes.get(uid, CLASSIC)

    def transition(self, uid: str, now_ms: int) -> str | None:
        """``upgrading`` or ``switching`` while a change is under way; None otherwise."""
        self.mode(uid, now_ms)
        pending = self._pending.get(uid)
        if pending is None:
            return None
        return "upgrading" if pending.target == UTA else "switching"

    def begin(self, uid: str, target: str, now_ms: int) -> None:
        """Start a change to ``target``; one already under way -> 40020, the same mode -> 40020."""
        if self.mode(uid, now_ms) == target or uid in self._pending:
            raise SimError("40020", f"Parameter error: the account is already {target} or is switching")
        self._pending[uid] = _Transition(target, now_ms + self.switch_delay_ms)
        self._finished.pop(uid, None)

    def status(self, uid: str, target: str, now_ms: int) -> str:
        """``processing`` while a change to ``target`` runs; ``success`` once one finished; else ``fail``."""
        self.mode(uid, now_ms)
        pending = self._pending.get(uid)
        if pending is not None and pending.target == target:
            return "processing"
        return "success" if self._finished.get(uid) == target else "fail"


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

    return guarded


def _refusal(mode: str) -> SimError:
    if mode == UTA:
        return SimError(
            "40085",
            "You are in Unified Account mode, and the Classic Account API is not supported at this time",
        )
    return SimError("40084", "You are in Classic Account mode, and the Unified Account API is not supported")
