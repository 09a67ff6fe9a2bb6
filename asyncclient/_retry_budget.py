"""The retry budget: a token bucket for retries, shared by every call of one client.

Retries multiply load exactly when the exchange can least take it. Each call deposits a fraction of a token
and time adds a small reserve; each retry withdraws a whole token. While the exchange is healthy the bucket
stays full; when it is down, the bucket empties and further calls fail after their first attempt instead of
adding ``max_attempts`` times the load. Over any period the retries sent are at most
``capacity + deposit_per_call * calls + refill_per_second * seconds``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["RetryBudget"]


class RetryBudget:
    """Tokens for retries: ``deposit_per_call`` a call, ``refill_per_second`` over time, ``capacity`` at most.

    ``clock`` returns seconds from any monotonic origin (tests pass a virtual one). The bucket starts full. No
    method awaits, so on one event loop every operation is atomic.
    """

    def __init__(
        self,
        *,
        capacity: float = 100.0,
        deposit_per_call: float = 0.5,
        refill_per_second: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1 token, got {capacity}")
        if deposit_per_call < 0 or refill_per_second < 0:
            raise ValueError("deposit_per_call and refill_per_second must not be negative")
        self.capacity = float(capacity)
        self.deposit_per_call = float(deposit_per_call)
        self.refill_per_second = float(refill_per_second)
        self._clock = clock
        self._tokens = self.capacity
        self._updated = clock()
        #: How many retries were refused because the bucket was empty.
        self.exhausted = 0

    def __repr__(self) -> str:
        return (
            f"RetryBudget(tokens={self.tokens:.1f}/{self.capacity:g}, "
            f"deposit_per_call={self.deposit_per_call:g}, refill_per_second={self.refill_per_second:g})"
        )

    @property
    def tokens(self) -> float:
        """Tokens available now."""
        self._refill()
        return self._tokens

    def record_call(self) -> None:
        """A new call started: it earns the bucket ``deposit_per_call`` tokens."""
        if self._tokens >= self.capacity:
            return  # full already (the common case): the refill since can only be capped away too
        self._refill()
        self._tokens = min(self.capacity, self._tokens + self.deposit_per_call)

    def try_withdraw(self) -> bool:
        """Take one token for a retry; False (and the retry must not happen) when less than one is left."""
        self._refill()
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        self.exhausted += 1
        return False

    def _refill(self) -> None:
        now = self._clock()
        elapsed = now - self._updated
        self._updated = now
        if elapsed > 0:
            self._tokens = min(self.capacity, self._tokens + elapsed * self.refill_per_second)
