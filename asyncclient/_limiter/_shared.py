"""A strict-window limiter whose windows live in a shared backend (Redis), for many processes on one budget.

Each process queues its own callers first come first served, one queue per set of scopes (so a cancel never
waits behind market polls); the head of each queue asks the backend, which takes atomically from every scope
or answers how long to wait, and sleeps exactly that long. Across processes there is no global order, only the
guarantee: at most N sends in any window of W (+ margin) seconds, as counted by the backend's clock.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time as _time
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar

import anyio
import anyio.lowlevel

from .._catalogue import OVERALL_SCOPE
from ._backend import SharedBackend, WindowSpec
from ._limiter import DEFAULT_BURST, DEFAULT_MARGIN, LimitSource, _limit_function
from ._stats import LimiterStats, ScopeCounters, ScopeStats
from ._window import WindowMeter

__all__ = ["SharedWindowLimiter"]

logger = logging.getLogger("asyncclient.limiter")

#: The take of the request this task is sending: (limiter, scopes, token).
_LAST_TAKE: ContextVar[tuple[SharedWindowLimiter, tuple[str, ...], str] | None] = ContextVar(
    "asyncclient_shared_take", default=None
)


class _SharedScope:
    __slots__ = ("counters", "local", "paused_until", "penalties", "spec")

    def __init__(self, spec: WindowSpec) -> None:
        self.spec = spec
        self.counters = ScopeCounters()
        self.local = WindowMeter(spec.limit * 1_000_000, spec.window)  # this process's sends, for the stats
        self.paused_until = -float("inf")
        self.penalties = 0


class SharedWindowLimiter:
    """Strict windows kept in ``backend`` (e.g. :class:`RedisBackend`); the in-process limiter's contract.

    ``penalize`` is synchronous: it pauses the scopes here at once and in the backend on the next ``acquire``.
    Close it (or use ``async with``) to close the backend's connection.
    """

    def __init__(
        self,
        backend: SharedBackend,
        limits: LimitSource = None,
        *,
        margin: float = DEFAULT_MARGIN,
        burst: float | None = DEFAULT_BURST,
        time: Callable[[], float] = _time.monotonic,
        max_backoff: float = 60.0,
        pause_overall: bool = False,
    ) -> None:
        self.backend = backend
        self._limit_for = _limit_function(limits)
        self.margin = margin
        self.burst = burst
        self._time = time
        self._max_backoff = max_backoff
        self._pause_overall = pause_overall
        self._scopes: dict[str, _SharedScope] = {}
        self._queues: dict[tuple[str, ...], anyio.Lock] = {}
        self._pending_pauses: dict[str, float] = {}  # scope -> pause end (local clock) not yet in the backend
        self._pending_settles: list[tuple[tuple[str, ...], str]] = []  # answered takes not yet moved
        self._waiting = 0

    async def __aenter__(self) -> SharedWindowLimiter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.backend.aclose()

    def _scope(self, name: str) -> _SharedScope:
        found = self._scopes.get(name)
        if found is None:
            budget = self._limit_for(name)
            size = None if self.burst is None else math.ceil(self.burst * budget.limit)
            spec = WindowSpec(name, budget.limit, budget.window + self.margin, size)
            found = self._scopes[name] = _SharedScope(spec)
        return found

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> None:
        """Wait until the backend grants one slot of every scope; ``urgent`` skips this process's queue."""
        names = tuple(dict.fromkeys(scopes))
        if not names:
            return
        entries = [self._scope(name) for name in names]
        windows = [entry.spec for entry in entries]
        since = self._time()
        self._waiting += 1
        try:
            queue = self._queues.get(names)
            if queue is None:
                queue = self._queues[names] = anyio.Lock()
            behind_others = queue.locked() and not urgent
            async with contextlib.nullcontext() if urgent else queue:
                slept, token = await self._take(names, windows)
            _LAST_TAKE.set((self, names, token))
        finally:
            self._waiting -= 1
        now = self._time()
        waited = now - since if slept or behind_others else 0.0
        for entry in entries:
            entry.counters.record_send(waited)
            entry.local.take(now)
        if waited and logger.isEnabledFor(logging.DEBUG):
            logger.debug("waited %.3f s for %s", now - since, ", ".join(names))

    async def _take(self, names: tuple[str, ...], windows: list[WindowSpec]) -> tuple[bool, str]:
        """Take from the backend, sleeping as long as it says; whether it had to sleep, and the token."""
        slept = False
        while True:
            if self._pending_pauses:
                await self._flush_pauses()
            if self._pending_settles:
                settles, self._pending_settles = self._pending_settles, []
                await self.backend.settle(settles)
            token = uuid.uuid4().hex
            wait = await self.backend.take(windows, token)
            if wait <= 0:
                break
            slept = True
            await anyio.sleep(wait)
        try:
            await anyio.lowlevel.checkpoint_if_cancelled()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self.backend.give_back(names, token)  # cancelled after the take: the slot goes back
            raise
        return slept, token

    def settle(self) -> None:
        """The answer to this task's last acquired request arrived: its sends count from then (moved in the
        backend, at its own time, before this process's next take). See :meth:`FairLimiter.settle`."""
        taken = _LAST_TAKE.get()
        if taken is None or taken[0] is not self:
            return
        _LAST_TAKE.set(None)
        self._pending_settles.append((taken[1], taken[2]))

    async def _flush_pauses(self) -> None:
        pauses, self._pending_pauses = self._pending_pauses, {}
        now = self._time()
        for name, until in pauses.items():
            if until > now:
                await self.backend.pause((name,), until - now)

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None:
        """Learn from a 429: pause the request's scopes (here now, in the backend on the next acquire)."""
        now = self._time()
        names = tuple(dict.fromkeys(scopes))
        for name in names:
            self._scope(name).counters.rate_limited += 1
        paused = names if self._pause_overall else tuple(name for name in names if name != OVERALL_SCOPE)
        longest = 0.0
        for name in paused or names:
            entry = self._scope(name)
            if now > entry.paused_until + entry.spec.window:
                entry.penalties = 0
            if retry_after is not None:
                delay = max(0.0, retry_after)
            else:
                delay = min(self._max_backoff, entry.spec.window * 2.0**entry.penalties)
            entry.penalties += 1
            entry.paused_until = max(entry.paused_until, now + delay)
            self._pending_pauses[name] = entry.paused_until
            longest = max(longest, delay)
        logger.warning("429 rate limited on %s; pausing for %.2f s", ", ".join(paused or names), longest)

    @property
    def waiting(self) -> int:
        return self._waiting

    @property
    def stats(self) -> LimiterStats:
        """This process's figures per scope (``in_window`` counts this process's sends only)."""
        now = self._time()
        scopes = {}
        for name, entry in self._scopes.items():
            counters = entry.counters
            scopes[name] = ScopeStats(
                scope=name,
                limit=entry.spec.limit,
                window=entry.spec.window - self.margin,
                sent=counters.sent,
                waited=counters.waited,
                total_wait=counters.total_wait,
                max_wait=counters.max_wait,
                rate_limited=counters.rate_limited,
                in_window=entry.local.used(now),
                waiting=0,
                paused_for=max(0.0, entry.paused_until - now),
            )
        return LimiterStats(scopes, waiting=self._waiting)
