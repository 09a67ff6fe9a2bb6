"""A classic token bucket (rate plus burst), kept as an option beside the strict window.

A bucket of capacity N refilled at N/W per second can send up to 2N inside one window, so a server counting
strict windows may answer 429; use it only where the server counts the same way, or with a small burst.
"""

from __future__ import annotations

import math

__all__ = ["BucketMeter"]


class BucketMeter:
    """Tokens refill continuously at ``rate`` per second up to ``burst``; each send takes one."""

    __slots__ = ("_at", "_tokens", "burst", "rate")

    def __init__(self, rate: float, burst: float, *, now: float | None = None) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError(f"a bucket needs a positive rate and a burst >= 1, got {rate}/s, {burst}")
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._at = now if now is not None else -math.inf

    def _refill(self, now: float) -> None:
        if now > self._at:
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now

    @property
    def limit(self) -> int:
        return math.floor(self.burst)

    def free(self, now: float) -> int:
        self._refill(now)
        return math.floor(self._tokens + 1e-9)

    def room(self, now: float) -> bool:
        """Whether a token may be taken at ``now`` (:meth:`free` > 0)."""
        return self.free(now) > 0

    def used(self, now: float) -> int:
        """Tokens missing from a full bucket (the bucket's notion of fill)."""
        self._refill(now)
        return math.ceil(self.burst - self._tokens - 1e-9)

    def take(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1

    def give_back(self, taken_at: float) -> None:
        self._tokens = min(self.burst, self._tokens + 1)

    def settle(self, taken_at: float, done_at: float) -> None:
        """A bucket counts rates, not windows: when a send reached the server does not matter here."""

    def next_free_at(self, now: float) -> float:
        self._refill(now)
        if self._tokens >= 1 - 1e-9:
            return now
        return now + (1 - self._tokens) / self.rate
