"""What a limiter has done, per scope: sends, waits, 429s, fill and pauses — for users, not only for tests."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

__all__ = ["LimiterStats", "ScopeCounters", "ScopeStats"]


@attrs.define
class ScopeCounters:
    """Running totals for one scope (mutable, owned by the limiter)."""

    sent: int = 0
    waited: int = 0
    total_wait: float = 0.0
    max_wait: float = 0.0
    rate_limited: int = 0

    def record_send(self, wait: float) -> None:
        self.sent += 1
        if wait > 0:
            self.waited += 1
            self.total_wait += wait
            self.max_wait = max(self.max_wait, wait)


@attrs.frozen
class ScopeStats:
    """One scope at the moment of the snapshot."""

    scope: str
    limit: int
    window: float
    #: Requests let through.
    sent: int
    #: How many of them had to wait, and for how long in total and at most (seconds).
    waited: int
    total_wait: float
    max_wait: float
    #: 429 answers reported through ``penalize``.
    rate_limited: int
    #: Sends inside the current window (a bucket: tokens missing), and the waiters queued on this scope.
    in_window: int
    waiting: int
    #: Seconds until a pause after a 429 ends (0 when not paused).
    paused_for: float

    @property
    def avg_wait(self) -> float:
        """Mean wait over every request sent (those that did not wait count as 0)."""
        return self.total_wait / self.sent if self.sent else 0.0

    @property
    def fill(self) -> float:
        """Fraction of the budget used in the current window, 0 to 1."""
        return self.in_window / self.limit


@attrs.frozen
class LimiterStats(Mapping[str, ScopeStats]):
    """A snapshot of every scope the limiter has seen, by scope name."""

    scopes: Mapping[str, ScopeStats]
    #: Tasks waiting right now (each counted once, whatever its scopes).
    waiting: int = 0

    def __getitem__(self, scope: str) -> ScopeStats:
        return self.scopes[scope]

    def __iter__(self) -> Iterator[str]:
        return iter(self.scopes)

    def __len__(self) -> int:
        return len(self.scopes)

    @property
    def rate_limited(self) -> int:
        """429s reported on any scope (a 429 reported on several scopes counts once per scope)."""
        return sum(stats.rate_limited for stats in self.scopes.values())
