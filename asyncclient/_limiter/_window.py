"""A strict sliding window: at most ``limit`` sends in any window of ``window`` seconds, optionally paced.

The exchange counts requests in strict windows, so each slot comes back exactly ``window`` seconds after it
was taken (a sliding log of the last ``limit`` send times), never sooner as with a refilling bucket.

Pacing: a full window released at once reaches the server as a burst that it admits one by one, so the
burst's arrival times spread out, while the next burst, sent exactly one window later, arrives packed: the
server sees less than a window between them and answers 429. With ``burst`` set, at most ``burst`` sends go
back to back and the rest follow one every ``window / limit`` seconds (GCRA), so arrivals keep their spacing.
"""

from __future__ import annotations

import contextlib
import math
from collections import deque

__all__ = ["WindowMeter"]


class WindowMeter:
    """The send times still inside the window; a slot frees when the oldest of them leaves it."""

    __slots__ = ("_due", "_interval", "_sent", "_tolerance", "burst", "limit", "window")

    def __init__(self, limit: int, window: float, *, burst: int | None = None) -> None:
        if limit <= 0 or window <= 0:
            raise ValueError(f"a window needs a positive limit and length, got {limit} per {window} s")
        self.limit = limit
        self.window = window
        self._sent: deque[float] = deque()
        self.burst = limit if burst is None else max(1, min(burst, limit))
        self._interval = window / limit
        self._tolerance = (self.burst - 1) * self._interval
        self._due = -math.inf  # GCRA's theoretical time of the next send at the steady rate

    def _expire(self, now: float) -> None:
        # The same sum as next_free_at(), so a timer set for that instant always finds the slot free.
        sent, window = self._sent, self.window
        while sent and sent[0] + window <= now:
            sent.popleft()

    def free(self, now: float) -> int:
        """Slots that may be taken at ``now``."""
        self._expire(now)
        free = self.limit - len(self._sent)
        if self.burst < self.limit:
            earliest = self._due - self._tolerance
            if now < earliest:
                return 0
            if now < self._due:
                free = min(free, math.floor((now - earliest) / self._interval + 1e-9) + 1)
            else:
                free = min(free, self.burst)
        return free

    def used(self, now: float) -> int:
        """Sends inside the window ending at ``now``."""
        self._expire(now)
        return len(self._sent)

    def take(self, now: float) -> None:
        """Record one send at ``now`` (the caller checked :meth:`free`)."""
        self._sent.append(now)
        self._due = max(self._due, now) + self._interval

    def give_back(self, taken_at: float) -> None:
        """Forget a send recorded at ``taken_at`` that never happened (its waiter was cancelled)."""
        with contextlib.suppress(ValueError):  # already out of the window
            self._sent.remove(taken_at)
        self._due -= self._interval

    def settle(self, taken_at: float, done_at: float) -> None:
        """Count a send taken at ``taken_at`` from ``done_at`` instead: its answer came then, so it reached
        the server no later. Stamps never exceed the present, so ``done_at`` goes at the end."""
        sent = self._sent
        for index in range(len(sent) - 1, -1, -1):
            stamp = sent[index]
            if stamp == taken_at:
                del sent[index]
                sent.append(done_at)
                return
            if stamp < taken_at:
                return  # out of the window already

    def next_free_at(self, now: float) -> float:
        """When the next slot frees: now if one is free, else when the window or the pacing allows one."""
        self._expire(now)
        at = now if len(self._sent) < self.limit else self._sent[0] + self.window
        if self.burst < self.limit:
            at = max(at, self._due - self._tolerance)
        return at
