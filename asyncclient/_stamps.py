"""When the server counted a request, from its own stamp: what settles a limiter slot at the right instant.

The exchange stamps every answer with its clock (``requestTime`` / a header). Once the clock can map a stamp to
local time, a request's slot is settled at that instant instead of at the answer; a slow answer then costs no
budget it did not use.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ._clock import ServerClock
from ._protocols import Clock, RateLimiter

__all__ = ["StampReader"]

#: This many answers slower than this (s) while callers wait for the limiter make a client that signs nothing
#: sync its clock, so server stamps can settle slots.
_SLOW_ANSWER = 0.02
_SLOW_ANSWERS_BEFORE_SYNC = 5


class StampReader:
    """Reads the server's stamp of an answer as "counted this long ago"; asks for a clock sync when worth one."""

    def __init__(self, clock: Clock, limiter: RateLimiter) -> None:
        # Stamps need a clock that keeps in sync with the server's.
        self._clock = clock if clock.runs_in_background else None
        self._server_clock = clock if isinstance(clock, ServerClock) and clock.runs_in_background else None
        self._limiter = limiter
        self._slow_while_waiting = 0
        self._sync_asked = False
        #: Called once when a sync would let stamps be used (the client starts it in its task group).
        self.want_sync: Callable[[], None] = lambda: None

    def counted_ago(self, status: int, stamp: int | None, sent_at: float, answered: float) -> float:
        """How long before now, at least, the server counted the request sent at ``sent_at`` and answered at
        ``answered`` (local monotonic s), from its own ``stamp`` (epoch ms, read by
        :func:`~._envelope.server_stamp_ms`); 0 (count from now) without a stamp, before the clock is synced, or
        when the stamp is implausible. ``answered`` is when the answer was read, before it was parsed: a reading
        of the server's clock is only as precise as its round trip."""
        clock = self._clock
        if clock is None:
            return 0.0
        if self._server_clock is not None:
            # Every answer is a reading of the server's clock (the stamp lies between our send and the answer):
            # it narrows the clock's own syncs, and tightens the clock when it agrees and is more precise.
            self._server_clock.observe(sent_at, answered, stamp)
        if stamp is None:
            return 0.0
        mapped = clock.local_instant(stamp)
        if mapped is None:
            # Worth a sync (three requests of the public budget) only when the budget is what holds callers back
            # and answers are slow enough for the stamp to matter: a few slow answers while others waited.
            if status == 200 and answered - sent_at > _SLOW_ANSWER and self._limiter.waiting > 0:
                self._slow_while_waiting += 1
                if self._slow_while_waiting >= _SLOW_ANSWERS_BEFORE_SYNC and not self._sync_asked:
                    self._sync_asked = True
                    self.want_sync()
            return 0.0
        instant, uncertainty = mapped
        latest = instant + uncertainty
        if latest < sent_at or instant - uncertainty > answered:
            return 0.0  # not between our send and the answer: a stale cache, a proxy's stamp, a clock step
        return time.monotonic() - min(latest, answered)
