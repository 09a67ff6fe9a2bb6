"""The in-process limiters: wait for a slot in every scope of a request, fairly, cheaply, on asyncio or trio.

:class:`StrictWindowLimiter` is the default (it holds the budget as the exchange counts it);
:class:`TokenBucketLimiter` is the classic rate-plus-burst option. Both share :class:`FairLimiter`, the async
shell around :class:`~._schedule.FairScheduler`: an acquire that can go at once returns without yielding; one
that must wait parks on an event, and only the earliest waiter keeps a timer, set to the instant the next slot
frees (no polling).
"""

from __future__ import annotations

import logging
import math
import time as _time
from collections.abc import Callable, Sequence

import anyio

from .._catalogue import OVERALL_SCOPE, Catalogue, RateLimit, default_catalogue
from ._bucket import BucketMeter
from ._policy import PausePolicy, snapshot
from ._schedule import FairScheduler, Group, Meter, MeterFactory, Waiter
from ._stats import LimiterStats
from ._window import DEFAULT_MAX_HOLD, WindowMeter, counted_window

__all__ = [
    "DEFAULT_BURST",
    "DEFAULT_MARGIN",
    "FairLimiter",
    "LimitSource",
    "StrictWindowLimiter",
    "TokenBucketLimiter",
    "WindowGrant",
]

logger = logging.getLogger("asyncclient.limiter")

#: Budgets by scope name: a catalogue, a function of the scope name, or None for the shipped catalogue.
LimitSource = Catalogue | Callable[[str], RateLimit] | None

#: Seconds added to every window, on top of :data:`~._window.RATE_MARGIN` of its length. A slot is held until
#: its request is settled, at an instant that bounds the server's count from above (the server's stamp mapped to
#: the local clock and moved later by the clock's uncertainty, or the answer), so the margin covers only what no
#: local measurement bounds: the server stamping a request a little before counting it (see docs/rules.md).
DEFAULT_MARGIN = 0.005
#: Share of a scope's limit that may go back to back before sends are paced (see :class:`StrictWindowLimiter`).
DEFAULT_BURST = 0.5


def _limit_function(limits: LimitSource) -> Callable[[str], RateLimit]:
    if limits is None:
        return default_catalogue().scope_limit
    if isinstance(limits, Catalogue):
        return limits.scope_limit
    return limits


class WindowGrant:
    """The slots one :meth:`FairLimiter.acquire` took; see :class:`~._grant.Grant`."""

    __slots__ = ("_group", "_limiter", "_taken_at")

    def __init__(self, limiter: FairLimiter, group: Group, taken_at: float) -> None:
        self._limiter: FairLimiter | None = limiter
        self._group = group
        self._taken_at = taken_at

    def settle(self, ago: float = 0.0) -> None:
        limiter, self._limiter = self._limiter, None
        if limiter is not None:
            limiter._settle(self._group, self._taken_at, ago)

    def give_back(self) -> None:
        limiter, self._limiter = self._limiter, None
        if limiter is not None:
            limiter._give_back(self._group, self._taken_at)

    def __repr__(self) -> str:
        state = "open" if self._limiter is not None else "closed"
        return f"WindowGrant({', '.join(scope.name for scope in self._group.scopes)}; {state})"


class FairLimiter:
    """Waits for one slot in every scope of a request; see :mod:`._schedule` for the order rules.

    :meth:`acquire` returns a :class:`WindowGrant`; its slots are held until it is settled or given back.

    ``time`` is the monotonic clock that stamps sends; it must advance like real time (waits are real sleeps).
    A 429 pauses the request's own scopes; the overall per-IP scope too only with ``pause_overall=True``,
    since one endpoint's 429 rarely means the whole IP budget is spent.
    """

    def __init__(
        self,
        limits: LimitSource,
        meter_for: MeterFactory,
        *,
        time: Callable[[], float] = _time.monotonic,
        max_backoff: float = 60.0,
        pause_overall: bool = False,
    ) -> None:
        self._time = time
        self._core = FairScheduler(_limit_function(limits), meter_for)
        self._policy = PausePolicy(max_backoff=max_backoff, pause_overall=pause_overall, broad=OVERALL_SCOPE)
        self._armed: Waiter | None = None

    def try_acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> WindowGrant | None:
        """The grant, at once, when every scope has a slot and nobody waits; None otherwise (then :meth:`acquire`)."""
        now = self._time()
        core = self._core
        group = core.group(scopes, now)
        return WindowGrant(self, group, now) if core.try_take(group, now) else None

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> WindowGrant:
        """Return a grant once one slot of every scope is held for this request; ``urgent`` goes ahead of the
        queue. Settle the grant when the request is over (or give it back if it was never sent).

        Returns without yielding when the slots are free and nobody waits. Cancelled while waiting, it takes
        nothing (a slot granted but not yet used is given back).
        """
        now = self._time()
        core = self._core
        group = core.group(scopes, now)
        if core.try_take(group, now):
            return WindowGrant(self, group, now)
        waiter = core.enqueue(group, urgent, now)
        self._run_pass(now)
        if waiter.granted_at is not None:
            return WindowGrant(self, group, now)
        waiter.event = anyio.Event()
        try:
            await self._wait(waiter)
        except BaseException:
            core.abandon(waiter)
            self._run_pass(self._time())
            raise
        assert waiter.granted_at is not None
        if logger.isEnabledFor(logging.DEBUG):
            waited = waiter.granted_at - waiter.since
            logger.debug("waited %.3f s for %s", waited, ", ".join(scope.name for scope in waiter.scopes))
        return WindowGrant(self, group, waiter.granted_at)

    async def _wait(self, waiter: Waiter) -> None:
        # Only the keeper sleeps with a timer (a cancel scope costs memory; 10,000 waiters must stay cheap).
        while True:
            waiter.parked = True
            try:
                if waiter.wake_at < math.inf:
                    with anyio.CancelScope() as timer:
                        waiter.timer = timer
                        timer.deadline = anyio.current_time() + max(0.0, waiter.wake_at - self._time())
                        await waiter.event.wait()
                    waiter.timer = None
                else:
                    await waiter.event.wait()
            finally:
                waiter.parked = False
            if waiter.granted_at is not None:
                return
            # The timer fired (a slot should be free now), or this waiter was woken to become the keeper.
            waiter.event = anyio.Event()
            self._run_pass(self._time())
            if waiter.granted_at is not None:
                return

    def _run_pass(self, now: float) -> None:
        core = self._core
        for waiter in core.dispatch(now):
            if waiter.event is not None:
                waiter.event.set()
        keeper, previous = core.keeper, self._armed
        if previous is not None and previous is not keeper:
            previous.wake_at = math.inf
            if previous.timer is not None:
                previous.timer.deadline = math.inf
        self._armed = keeper
        if keeper is not None and keeper.wake_at != core.wake_at:
            keeper.wake_at = core.wake_at
            if keeper.timer is not None:
                keeper.timer.deadline = anyio.current_time() + max(0.0, core.wake_at - now)
            elif keeper.parked:
                keeper.event.set()  # parked without a timer: wake it to sleep again with one

    def _settle(self, group: Group, taken_at: float, ago: float) -> None:
        now = self._time()
        core = self._core
        done_at = now - ago if ago > 0 else now
        core.settle(group, taken_at, done_at)
        # The slot may now leave before the keeper's timer fires (or the keeper had no timer: every slot was in
        # flight); look again only then, so a settle costs a pass only when it can change something.
        if core.queued and done_at + group.shortest_window < core.wake_at:
            self._run_pass(now)

    def _give_back(self, group: Group, taken_at: float) -> None:
        self._core.give_back(group, taken_at)
        if self._core.queued:
            self._run_pass(self._time())

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None:
        """Learn from a 429: pause the request's scopes until ``retry_after`` seconds (or a backoff) pass; a
        scope with a lockout (the per-IP cap) for the whole lockout when the 429 points at it."""
        now = self._time()
        core = self._core
        self._policy.apply([core.scope(name, now) for name in dict.fromkeys(scopes)], retry_after, now)
        if core.queued:
            self._run_pass(now)

    @property
    def stats(self) -> LimiterStats:
        """A snapshot per scope: requests sent, waits, 429s seen, current fill, pause."""
        return snapshot(self._core.scopes, self._time(), self._core.queued)

    @property
    def waiting(self) -> int:
        """Tasks waiting for a slot right now."""
        return self._core.queued


class StrictWindowLimiter(FairLimiter):
    """The default: at most N requests in any window of W seconds (plus ``margin``), as the exchange counts them.

    A slot is held from the send until its grant is settled, and comes back ``window * (1 + RATE_MARGIN) +
    margin`` seconds after the instant it was settled at (the server's stamp, or the answer), so however long a
    request travels or queues, no window at the server ever holds more than N. ``RATE_MARGIN`` (500 ppm) covers
    the server's clock running slower than ours over one window; ``margin`` (2 ms) the server's own stamping.
    A grant never settled is dropped after ``max_hold`` seconds.
    ``burst`` (a fraction of each scope's limit) caps how many go back to back; the rest are paced one every
    W/N seconds, so the server, admitting a burst one request at a time, never sees the next window's sends
    arrive less than a window after this one's. ``burst=None`` releases whole windows at once.
    """

    def __init__(
        self,
        limits: LimitSource = None,
        *,
        margin: float = DEFAULT_MARGIN,
        burst: float | None = DEFAULT_BURST,
        time: Callable[[], float] = _time.monotonic,
        max_backoff: float = 60.0,
        pause_overall: bool = False,
        max_hold: float = DEFAULT_MAX_HOLD,
    ) -> None:
        if margin < 0:
            raise ValueError(f"margin must be >= 0 seconds, got {margin}")
        if burst is not None and not 0 < burst <= 1:
            raise ValueError(f"burst is a fraction of each limit, 0 < burst <= 1, got {burst}")

        def window_meter(budget: RateLimit, now: float) -> Meter:
            size = None if burst is None else math.ceil(burst * budget.limit)
            return WindowMeter(budget.limit, counted_window(budget.window, margin), burst=size, max_hold=max_hold)

        super().__init__(limits, window_meter, time=time, max_backoff=max_backoff, pause_overall=pause_overall)
        self.margin = margin


class TokenBucketLimiter(FairLimiter):
    """A classic token bucket per scope: refills at limit/window per second, holds up to ``burst`` tokens.

    ``burst`` defaults to the scope's limit; a fraction (0 < burst < 1) is taken of the limit. A full bucket
    can send up to twice the limit within one window, so expect 429s from a server that counts strict windows.
    """

    def __init__(
        self,
        limits: LimitSource = None,
        *,
        burst: float | None = None,
        time: Callable[[], float] = _time.monotonic,
        max_backoff: float = 60.0,
        pause_overall: bool = False,
    ) -> None:
        def bucket_meter(budget: RateLimit, now: float) -> Meter:
            if burst is None:
                size = float(budget.limit)
            elif burst < 1:
                size = max(1.0, burst * budget.limit)
            else:
                size = burst
            return BucketMeter(budget.limit / budget.window, size, now=now)

        super().__init__(limits, bucket_meter, time=time, max_backoff=max_backoff, pause_overall=pause_overall)
