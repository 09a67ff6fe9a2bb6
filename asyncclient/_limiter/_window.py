"""A strict sliding window: at most ``limit`` sends in any window of ``window`` seconds.

The exchange counts requests in strict windows, so each slot comes back exactly ``window`` seconds after it
was taken (a sliding log of the last ``limit`` send times), never sooner as with a refilling bucket.
"""

from __future__ import annotations

import contextlib
from collections import deque

__all__ = ["WindowMeter"]


class WindowMeter:
    """The send times still inside the window; a slot frees when the oldest of them leaves it."""

    __slots__ = ("_sent", "limit", "window")

    def __init__(self, limit: int, window: float) -> None:
        if limit <= 0 or window <= 0:
            raise ValueError(f"a window needs a positive limit and length, got {limit} per {window} s")
        self.limit = limit
        self.window = window
        self._sent: deque[float] = deque()

    def _expire(self, now: float) -> None:
        # The same sum as next_free_at(), so a timer set for that instant always finds the slot free.
        sent, window = self._sent, self.window
        while sent and sent[0] + window <= now:
            sent.popleft()

    def free(self, now: float) -> int:
        """Slots that may be taken at ``now``."""
        self._expire(now)
        return self.limit - len(self._sent)

    def used(self, now: float) -> int:
        """Sends inside the window ending at ``now``."""
        self._expire(now)
        return len(self._sent)

    def take(self, now: float) -> None:
        """Record one send at ``now`` (the caller checked :meth:`free`)."""
        self._sent.append(now)

    def give_back(self, taken_at: float) -> None:
        """Forget a send recorded at ``taken_at`` that never happened (its waiter was cancelled)."""
        with contextlib.suppress(ValueError):  # already out of the window
            self._sent.remove(taken_at)

    def next_free_at(self, now: float) -> float:
        """When the next slot frees: now if one is free, else when the oldest send leaves the window."""
        self._expire(now)
        if len(self._sent) < self.limit:
            return now
        return self._sent[0] + self.window
