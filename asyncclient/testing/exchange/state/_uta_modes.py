"""Which API each simulated account may call, and the asynchronous switches between the two.

A classic account calls the v2 endpoints and gets 40084 on the signed v3 ones; a unified (UTA) account calls v3
and gets 40085 on the signed v2 ones, as the exchange answers. Upgrading (``POST /api/v2/spot/account/upgrade``)
and switching back (``POST /api/v3/account/switch``) answer at once and finish ``switch_delay_ms`` later (a
minute by default, as documented); until then the account keeps its old mode and the status endpoints say
``processing``. The status endpoints answer in both modes, so a client can poll across the change.
"""

from __future__ import annotations

import attrs

from ..._routing import SimError

__all__ = ["CLASSIC", "MODES", "UTA", "AccountModes"]

CLASSIC = "classic"
UTA = "uta"
MODES = (CLASSIC, UTA)
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
