"""A strict sliding window: at most ``limit`` requests in any window of ``window`` seconds, optionally paced.

The exchange counts a request when it arrives, which is somewhere between our send and its answer. So a slot
is held from the send until the request is *settled* (answered, or failed after it left), and it leaves the
window ``window`` seconds after the instant it was settled at: the server's own stamp when the client could
map it, else the answer's arrival. A slot taken but never settled is dropped ``max_hold`` seconds after its
send (a caller that forgot its grant must not block the scope for ever).

Pacing: a full window released at once reaches the server as a burst that it admits one by one, so the
burst's arrival times spread out, while the next burst, sent exactly one window later, arrives packed: the
server sees less than a window between them and answers 429. With ``burst`` set, at most ``burst`` sends go
back to back and the rest follow one every ``window / limit`` seconds (GCRA), so arrivals keep their spacing.
"""

from __future__ import annotations

import bisect
import contextlib
import heapq
import itertools
import math
from collections import deque

__all__ = ["DEFAULT_MAX_HOLD", "RATE_MARGIN", "WindowMeter", "counted_window"]

#: Share of a window added to it: the server measures its windows on its own clock, which may run this much
#: slower than the local monotonic one (quartz keeps within 100 ppm; NTP slews a clock by at most 500 ppm).
RATE_MARGIN = 5e-4


def counted_window(window: float, margin: float) -> float:
    """The window a slot is kept for, on the local clock, so the server's clock sees at least ``window`` pass:
    its length grown by :data:`RATE_MARGIN`, plus a fixed ``margin`` (s)."""
    return window * (1.0 + RATE_MARGIN) + margin


#: Seconds a slot stays held without being settled before the meter gives up on it (then it counts as settled
#: at that instant). Longer than any request timeout the client uses, so a live request never loses its slot.
DEFAULT_MAX_HOLD = 120.0


class WindowMeter:
    """Slots in flight (by send time) and settled slots (by the instant they leave the window)."""

    __slots__ = ("_due", "_interval", "_leaving", "_open", "_tolerance", "burst", "limit", "max_hold", "window")

    def __init__(
        self, limit: int, window: float, *, burst: int | None = None, max_hold: float = DEFAULT_MAX_HOLD
    ) -> None:
        if limit <= 0 or window <= 0:
            raise ValueError(f"a window needs a positive limit and length, got {limit} per {window} s")
        if max_hold <= 0:
            raise ValueError(f"max_hold must be positive, got {max_hold}")
        self.limit = limit
        self.window = window
        self.max_hold = max_hold
        self._open: deque[float] = deque()  # send times of slots not settled yet, oldest first
        # Sorted: when each settled slot leaves the window. A deque: the oldest leave from the left, one at a time,
        # and new ones join on the right, without moving the rest (a scope may hold thousands).
        self._leaving: deque[float] = deque()
        self.burst = limit if burst is None else max(1, min(burst, limit))
        self._interval = window / limit
        self._tolerance = (self.burst - 1) * self._interval
        self._due = -math.inf  # GCRA's theoretical time of the next send at the steady rate

    def _expire(self, now: float) -> None:
        # Exactly the instants next_free_at() reports, so a timer set for one always finds the slot free.
        open_, hold = self._open, self.max_hold
        while open_ and open_[0] + hold <= now:
            self._leave_at(open_.popleft() + hold + self.window)  # forgotten: settled at the cut-off
        leaving = self._leaving
        while leaving and leaving[0] <= now:
            leaving.popleft()

    def _leave_at(self, instant: float) -> None:
        """Keep ``instant`` in order among the leaving slots; slots settle mostly in order, so it is an append."""
        leaving = self._leaving
        if not leaving or instant >= leaving[-1]:
            leaving.append(instant)
        else:
            bisect.insort(leaving, instant)

    def free(self, now: float) -> int:
        """Slots that may be taken at ``now``."""
        self._expire(now)
        free = self.limit - len(self._open) - len(self._leaving)
        if self.burst < self.limit:
            earliest = self._due - self._tolerance
            if now < earliest:
                return 0
            if now < self._due:
                free = min(free, math.floor((now - earliest) / self._interval + 1e-9) + 1)
            else:
                free = min(free, self.burst)
        return free

    def room(self, now: float) -> bool:
        """Whether a slot may be taken at ``now``: :meth:`free` > 0, in one pass (the limiter's fast path)."""
        open_, leaving = self._open, self._leaving
        if (open_ and open_[0] + self.max_hold <= now) or (leaving and leaving[0] <= now):
            self._expire(now)
        if len(open_) + len(leaving) >= self.limit:
            return False
        # Paced: free() is positive exactly from the instant the burst tolerance allows the next send.
        return self.burst >= self.limit or now >= self._due - self._tolerance

    def used(self, now: float) -> int:
        """Slots held: in flight, or settled and still inside the window."""
        self._expire(now)
        return len(self._open) + len(self._leaving)

    def in_flight(self, now: float) -> int:
        self._expire(now)
        return len(self._open)

    def take(self, now: float) -> None:
        """Hold one slot from ``now`` (the caller checked :meth:`free`)."""
        self._open.append(now)
        due = self._due
        self._due = (due if due > now else now) + self._interval

    def give_back(self, taken_at: float) -> None:
        """Forget a slot taken at ``taken_at`` whose request was never sent."""
        with contextlib.suppress(ValueError):  # already given up on (max_hold): it ages out as settled
            self._open.remove(taken_at)
            self._due -= self._interval

    def settle(self, taken_at: float, done_at: float) -> None:
        """The request sent at ``taken_at`` reached the server no later than ``done_at``: the slot leaves the
        window ``window`` seconds after that."""
        open_ = self._open
        if open_ and open_[0] == taken_at:
            open_.popleft()  # the oldest in flight: the common case, answers come back mostly in order
        else:
            try:
                open_.remove(taken_at)
            except ValueError:
                return  # given up on already (max_hold), and counted from that cut-off
        self._leave_at((done_at if done_at > taken_at else taken_at) + self.window)

    def next_free_at(self, now: float) -> float:
        """When the next slot frees: now if one is free, else when settled or forgotten slots leave the window,
        or when the pacing allows one. Settling a slot in flight may make it sooner (the limiter looks again)."""
        self._expire(now)
        over = len(self._open) + len(self._leaving) - self.limit
        if over < 0:
            at = now
        else:
            # The (over + 1)-th slot to leave: settled ones by their time, in-flight ones at their cut-off.
            hold, window = self.max_hold, self.window
            cutoffs = (sent + hold + window for sent in self._open)
            at = next(itertools.islice(heapq.merge(self._leaving, cutoffs), over, None))
        if self.burst < self.limit:
            at = max(at, self._due - self._tolerance)
        return at
