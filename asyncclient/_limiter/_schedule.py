"""The limiter's core, free of I/O and of any event loop: which waiter may send now, and when to look again.

Every call takes ``now`` from the caller, so tests drive it on a virtual clock. The rules:

- A waiter takes one slot from every scope it needs at the same instant, or from none (no slot is held in one
  scope while waiting on another).
- Waiters are served in order (urgent ones first, then first come first served). A later waiter may go ahead
  of an earlier one only when the earlier one is blocked by a scope the later one does not need; the earliest
  blocked waiter of each scope holds back one slot there, so later waiters cannot starve it.
- Waiters with the same scopes form one queue; a pass merges the queues' heads, so its cost grows with the
  number of distinct scope sets and of grants, not with the number of waiters.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .._catalogue import RateLimit
from ._stats import ScopeCounters

__all__ = ["FairScheduler", "Group", "Meter", "MeterFactory", "Scope", "Waiter"]


class Meter(Protocol):
    """One scope's budget: how many sends may go now, and when the next slot frees."""

    @property
    def limit(self) -> int: ...

    def free(self, now: float) -> int: ...

    def room(self, now: float) -> bool:
        """``free(now) > 0``, as cheaply as the meter can tell."""
        ...

    def used(self, now: float) -> int: ...

    def take(self, now: float) -> None: ...

    def give_back(self, taken_at: float) -> None: ...

    def settle(self, taken_at: float, done_at: float) -> None: ...

    def next_free_at(self, now: float) -> float: ...


#: Builds the meter of a scope from its budget, at the time it is first used.
MeterFactory = Callable[[RateLimit, float], Meter]


class Scope:
    """One budget: its meter, a pause after a 429, and its counters."""

    __slots__ = ("budget", "counters", "held", "meter", "name", "paused_until", "penalties", "waiting")

    def __init__(self, name: str, budget: RateLimit, meter: Meter) -> None:
        self.name = name
        self.budget = budget
        self.meter = meter
        self.paused_until = -math.inf
        self.penalties = 0  # 429s in a row without a quiet window between them
        self.counters = ScopeCounters()
        self.waiting = 0
        self.held = 0  # slots held back in the current pass for its earliest blocked waiter

    @property
    def limit(self) -> int:
        return self.meter.limit

    @property
    def window(self) -> float:
        return self.budget.window

    @property
    def lockout(self) -> float | None:
        return self.budget.lockout

    def used(self, now: float) -> int:
        return self.meter.used(now)

    def queued(self) -> int:
        return self.waiting

    def available(self, now: float) -> int:
        if self.paused_until > now:
            return 0
        return self.meter.free(now) - self.held

    def blocked_until(self, now: float) -> float | None:
        """When this scope next changes by itself (a pause ends, a slot frees); None if it has a slot now."""
        if self.paused_until > now:
            return self.paused_until
        if self.meter.free(now) <= 0:
            return self.meter.next_free_at(now)
        return None


class Waiter:
    """One acquire that could not go at once. ``event`` and ``timer`` belong to the async layer."""

    __slots__ = ("event", "granted_at", "group", "live", "parked", "rank", "since", "timer", "wake_at")

    def __init__(self, group: Group, urgent: bool, since: float, seq: int) -> None:
        self.group = group
        self.rank = (0 if urgent else 1, seq)
        self.since = since
        self.granted_at: float | None = None
        self.live = True  # False once granted or abandoned
        self.wake_at = math.inf
        self.event: Any = None
        self.timer: Any = None
        self.parked = False

    @property
    def scopes(self) -> tuple[Scope, ...]:
        return self.group.scopes


class Group:
    """The queue of waiters that need exactly the same scopes (cancelled ones leave lazily from the front)."""

    __slots__ = ("count", "normal", "scopes", "shortest_window", "urgent")

    def __init__(self, scopes: tuple[Scope, ...]) -> None:
        self.scopes = scopes
        self.shortest_window = min((scope.budget.window for scope in scopes), default=0.0)
        self.urgent: deque[Waiter] = deque()
        self.normal: deque[Waiter] = deque()
        self.count = 0

    def head(self) -> Waiter | None:
        for queue in (self.urgent, self.normal):
            while queue and not queue[0].live:
                queue.popleft()
            if queue:
                return queue[0]
        return None


class FairScheduler:
    """Scopes, their queues and the grant pass; see the module docstring for the rules."""

    def __init__(
        self,
        limit_for: Callable[[str], RateLimit],
        meter_for: MeterFactory,
    ) -> None:
        self._limit_for = limit_for
        self._meter_for = meter_for
        self._scopes: dict[str, Scope] = {}
        self._groups: dict[tuple[str, ...], Group] = {}
        self._active: dict[Group, None] = {}  # groups with live waiters
        self._seq = itertools.count()
        self.queued = 0
        #: The earliest waiter still queued after the last pass, and when it should run the next pass.
        self.keeper: Waiter | None = None
        self.wake_at = math.inf

    # -- scopes ----------------------------------------------------------------------------------------------

    def scope(self, name: str, now: float) -> Scope:
        found = self._scopes.get(name)
        if found is None:
            budget = self._limit_for(name)
            found = self._scopes[name] = Scope(name, budget, self._meter_for(budget, now))
        return found

    def group(self, names: Sequence[str], now: float) -> Group:
        key = names if isinstance(names, tuple) else tuple(names)
        found = self._groups.get(key)
        if found is None:
            unique = tuple(dict.fromkeys(key))
            found = self._groups[key] = Group(tuple(self.scope(name, now) for name in unique))
        return found

    # -- acquiring -------------------------------------------------------------------------------------------

    def try_take(self, group: Group, now: float) -> bool:
        """Take at once when nobody waits and every scope has a slot (the cheap, common path)."""
        if self.queued:
            return False
        for scope in group.scopes:
            if scope.paused_until > now or not scope.meter.room(now):
                return False
        for scope in group.scopes:
            scope.meter.take(now)
            scope.counters.sent += 1  # record_send(0.0), without the call: nobody waited
        return True

    def enqueue(self, group: Group, urgent: bool, now: float) -> Waiter:
        waiter = Waiter(group, urgent, now, next(self._seq))
        (group.urgent if urgent else group.normal).append(waiter)
        group.count += 1
        self._active[group] = None
        for scope in group.scopes:
            scope.waiting += 1
        self.queued += 1
        return waiter

    def _leave(self, waiter: Waiter) -> None:
        waiter.live = False
        group = waiter.group
        group.count -= 1
        if not group.count:
            del self._active[group]
        for scope in group.scopes:
            scope.waiting -= 1
        self.queued -= 1

    def abandon(self, waiter: Waiter) -> None:
        """A waiter was cancelled: it leaves the queue, and gives back what it was granted but never used."""
        if waiter.live:
            self._leave(waiter)
        elif waiter.granted_at is not None:
            for scope in waiter.scopes:
                scope.meter.give_back(waiter.granted_at)
                scope.counters.sent -= 1
            waiter.granted_at = None
        if self.keeper is waiter:
            self.keeper = None

    def give_back(self, group: Group, taken_at: float) -> None:
        """The request granted at ``taken_at`` was never sent: its slots go back."""
        for scope in group.scopes:
            scope.meter.give_back(taken_at)
            scope.counters.sent -= 1

    def settle(self, group: Group, taken_at: float, done_at: float) -> None:
        """The request granted at ``taken_at`` reached the server no later than ``done_at``."""
        for scope in group.scopes:
            scope.meter.settle(taken_at, done_at)

    def dispatch(self, now: float) -> list[Waiter]:
        """Grant every waiter that may go at ``now``, in order; then name the keeper and its wake time."""
        granted: list[Waiter] = []
        busy = {scope: None for group in self._active for scope in group.scopes}
        for scope in busy:
            scope.held = 0
        heads: list[tuple[tuple[int, int], Group]] = []
        for group in self._active:
            head = group.head()
            assert head is not None  # an active group has a live waiter
            heads.append((head.rank, group))
        heapq.heapify(heads)
        keeper: Waiter | None = None
        while heads:
            _, group = heapq.heappop(heads)
            waiter = group.head()
            assert waiter is not None
            scopes = group.scopes
            if all(scope.available(now) > 0 for scope in scopes):
                self._grant(waiter, now)
                granted.append(waiter)
                following = group.head()
                if following is not None:
                    heapq.heappush(heads, (following.rank, group))
                continue
            if keeper is None:
                keeper = waiter
            for scope in scopes:
                if not scope.held and scope.available(now) > 0:
                    scope.held = 1  # the earliest blocked waiter of this scope keeps one slot
        for scope in busy:
            scope.held = 0
        self.keeper = keeper
        if keeper is None:
            self.wake_at = math.inf
        else:
            still_busy = {scope: None for group in self._active for scope in group.scopes}
            times = [t for t in (scope.blocked_until(now) for scope in still_busy) if t is not None]
            # By construction some busy scope is full or paused; the fallback only guards against a stall.
            self.wake_at = min(times) if times else now + min(scope.budget.window for scope in still_busy)
        return granted

    def _grant(self, waiter: Waiter, now: float) -> None:
        self._leave(waiter)
        waiter.granted_at = now
        wait = now - waiter.since
        for scope in waiter.scopes:
            scope.meter.take(now)
            scope.counters.record_send(wait)

    @property
    def scopes(self) -> list[Scope]:
        return list(self._scopes.values())
