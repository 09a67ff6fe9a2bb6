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
from contextvars import ContextVar

import anyio

from .._catalogue import OVERALL_SCOPE, Catalogue, RateLimit, default_catalogue
from ._bucket import BucketMeter
from ._schedule import FairScheduler, Group, Meter, MeterFactory, Waiter
from ._stats import LimiterStats
from ._window import WindowMeter

__all__ = ["DEFAULT_BURST", "DEFAULT_MARGIN", "FairLimiter", "LimitSource", "StrictWindowLimiter", "TokenBucketLimiter"]

logger = logging.getLogger("asyncclient.limiter")

#: Budgets by scope name: a catalogue, a function of the scope name, or None for the shipped catalogue.
LimitSource = Catalogue | Callable[[str], RateLimit] | None

#: Seconds added to every window. The server counts arrival times, not send times. :meth:`FairLimiter.settle`
#: (the client calls it when the answer arrives) bounds each arrival from above, so the margin only covers
#: what is left: the server's millisecond timestamps and jitter for callers that never settle. Absolute, as
#: jitter is.
DEFAULT_MARGIN = 0.010

#: The grant of the request this task is sending (per task: asyncio and trio give each task its own context).
_LAST_GRANT: ContextVar[tuple[FairLimiter, Group, float] | None] = ContextVar("asyncclient_grant", default=None)
#: Share of a scope's limit that may go back to back before sends are paced (see :class:`StrictWindowLimiter`).
DEFAULT_BURST = 0.5


def _limit_function(limits: LimitSource) -> Callable[[str], RateLimit]:
    if limits is None:
        return default_catalogue().scope_limit
    if isinstance(limits, Catalogue):
        return limits.scope_limit
    return limits


class FairLimiter:
    """Waits for one slot in every scope of a request; see :mod:`._schedule` for the order rules.

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
        self._core = FairScheduler(_limit_function(limits), meter_for, max_backoff=max_backoff)
        self._pause_overall = pause_overall
        self._armed: Waiter | None = None

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> None:
        """Return once one slot of every scope is taken for this request; ``urgent`` goes ahead of the queue.

        Returns without yielding when the slots are free and nobody waits. Cancelled while waiting, it takes
        nothing (a slot granted but not yet used is given back).
        """
        now = self._time()
        core = self._core
        group = core.group(scopes, now)
        if core.try_take(group, now):
            _LAST_GRANT.set((self, group, now))
            return
        waiter = core.enqueue(group, urgent, now)
        self._run_pass(now)
        if waiter.granted_at is not None:
            _LAST_GRANT.set((self, group, now))
            return
        waiter.event = anyio.Event()
        try:
            await self._wait(waiter)
        except BaseException:
            core.abandon(waiter)
            self._run_pass(self._time())
            raise
        assert waiter.granted_at is not None
        _LAST_GRANT.set((self, group, waiter.granted_at))
        if logger.isEnabledFor(logging.DEBUG):
            waited = waiter.granted_at - waiter.since
            logger.debug("waited %.3f s for %s", waited, ", ".join(scope.name for scope in waiter.scopes))

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

    def settle(self) -> None:
        """Call when the answer to this task's last acquired request arrives (or it failed): its slot then
        counts from now, not from when it was sent. The server counted the request on arrival, somewhere in
        between; latency and the server's own queue can put that well after the send, beyond any margin."""
        grant = _LAST_GRANT.get()
        if grant is None or grant[0] is not self:
            return
        _LAST_GRANT.set(None)
        self._core.settle(grant[1], grant[2], self._time())

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None:
        """Learn from a 429: pause the request's scopes until ``retry_after`` seconds (or a backoff) pass."""
        now = self._time()
        names = tuple(scopes)
        self._core.count_rate_limited(names, now)
        paused = names if self._pause_overall else tuple(name for name in names if name != OVERALL_SCOPE)
        pause = self._core.pause(paused or names, retry_after, now)
        logger.warning(
            "429 rate limited on %s; pausing for %.2f s (%s)",
            ", ".join(paused or names),
            pause,
            "Retry-After" if retry_after is not None else "backoff",
        )

    @property
    def stats(self) -> LimiterStats:
        """A snapshot per scope: requests sent, waits, 429s seen, current fill, pause."""
        return self._core.snapshot(self._time())

    @property
    def waiting(self) -> int:
        """Tasks waiting for a slot right now."""
        return self._core.queued


class StrictWindowLimiter(FairLimiter):
    """The default: at most N sends in any window of W seconds (plus ``margin``), as the exchange counts them.

    Each slot comes back ``window + margin`` seconds after it was taken, so no burst ever exceeds the budget.
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
    ) -> None:
        if margin < 0:
            raise ValueError(f"margin must be >= 0 seconds, got {margin}")
        if burst is not None and not 0 < burst <= 1:
            raise ValueError(f"burst is a fraction of each limit, 0 < burst <= 1, got {burst}")

        def window_meter(budget: RateLimit, now: float) -> Meter:
            size = None if burst is None else math.ceil(burst * budget.limit)
            return WindowMeter(budget.limit, budget.window + margin, burst=size)

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
