"""What every limiter does alike, in-process or shared: pause scopes after a 429, and report its figures.

The pause policy: a 429 pauses the request's own scopes until ``Retry-After`` or, without one, for a backoff
that doubles with each 429 in a row (a quiet window resets it). A scope whose budget has a *lockout* (the
exchange's 6,000/min per IP: once breached, access stops for 5 minutes) is paused for the whole lockout when
the 429 points at it: a ``Retry-After`` longer than :data:`LOCKOUT_EVIDENCE`, or this limiter's own count at
90% of that budget or more. Otherwise a broad scope (``pause_overall=False``) is left alone, since one
endpoint's 429 rarely means the whole IP budget is spent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol

from ._stats import LimiterStats, ScopeCounters, ScopeStats

__all__ = ["LOCKOUT_EVIDENCE", "PausePolicy", "PausedScope", "snapshot"]

logger = logging.getLogger("asyncclient.limiter")

#: A Retry-After at least this long (s) cannot be an endpoint's 1-second window: it is a lockout.
LOCKOUT_EVIDENCE = 30.0
#: Share of a lockout budget this limiter must itself have used for a bare 429 to be blamed on it.
_LOCKOUT_FILL = 0.9


class PausedScope(Protocol):
    """A scope as the policy and the snapshot see it."""

    name: str
    paused_until: float
    penalties: int
    counters: ScopeCounters

    @property
    def limit(self) -> int: ...

    @property
    def window(self) -> float: ...

    @property
    def lockout(self) -> float | None: ...

    def used(self, now: float) -> int: ...

    def queued(self) -> int: ...


class PausePolicy:
    """Decides how long each scope of a rate-limited request pauses; see the module docstring."""

    def __init__(self, *, max_backoff: float = 60.0, pause_overall: bool = False, broad: str = "ip:overall") -> None:
        self.max_backoff = max_backoff
        self.pause_overall = pause_overall
        self.broad = broad

    def apply(self, scopes: Sequence[PausedScope], retry_after: float | None, now: float) -> list[PausedScope]:
        """Count the 429 on every scope, extend the pauses it calls for, and return the scopes paused."""
        for scope in scopes:
            scope.counters.rate_limited += 1
        locked = [scope for scope in scopes if scope.lockout is not None and self._points_at(scope, retry_after, now)]
        narrow = [scope for scope in scopes if scope.name != self.broad or self.pause_overall]
        chosen = [scope for scope in narrow if scope not in locked] or ([] if locked else list(scopes))
        longest = 0.0
        for scope in chosen:
            if now > scope.paused_until + scope.window:
                scope.penalties = 0  # a quiet window since the last pause: start the backoff again
            if retry_after is not None:
                delay = max(0.0, retry_after)
            else:
                delay = min(self.max_backoff, scope.window * 2.0**scope.penalties)
            scope.penalties += 1
            scope.paused_until = max(scope.paused_until, now + delay)
            longest = max(longest, scope.paused_until - now)
        for scope in locked:
            assert scope.lockout is not None
            scope.penalties += 1
            scope.paused_until = max(scope.paused_until, now + max(scope.lockout, retry_after or 0.0))
            longest = max(longest, scope.paused_until - now)
        paused = chosen + locked
        logger.warning(
            "429 rate limited on %s; pausing %s for %.2f s (%s)",
            ", ".join(scope.name for scope in scopes),
            ", ".join(scope.name for scope in paused),
            longest,
            "lockout" if locked else ("Retry-After" if retry_after is not None else "backoff"),
        )
        return paused

    @staticmethod
    def _points_at(scope: PausedScope, retry_after: float | None, now: float) -> bool:
        if retry_after is not None and retry_after >= LOCKOUT_EVIDENCE:
            return True
        return scope.used(now) >= _LOCKOUT_FILL * scope.limit


def snapshot(scopes: Iterable[PausedScope], now: float, waiting: int) -> LimiterStats:
    """Every scope's figures at ``now``."""
    found = {}
    for scope in scopes:
        counters = scope.counters
        found[scope.name] = ScopeStats(
            scope=scope.name,
            limit=scope.limit,
            window=scope.window,
            sent=counters.sent,
            waited=counters.waited,
            total_wait=counters.total_wait,
            max_wait=counters.max_wait,
            rate_limited=counters.rate_limited,
            in_window=scope.used(now),
            waiting=scope.queued(),
            paused_for=max(0.0, scope.paused_until - now),
        )
    return LimiterStats(found, waiting=waiting)
