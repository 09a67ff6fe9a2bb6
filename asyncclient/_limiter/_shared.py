"""A strict-window limiter whose windows live in a shared backend (Redis), for many processes on one budget.

Each process queues its own callers first come first served, one queue per set of scopes (so a cancel never
waits behind market polls); the head of each queue asks the backend, which takes atomically from every scope
or answers how long to wait, and sleeps that long (or until a request of this process settles). Across processes
there is no global order, only the guarantee: at most N requests in any window of W (+ the margins) seconds, as
counted by the backend's clock, each slot held until its request is settled.

When the backend is unreachable, ``on_unavailable`` decides: ``"fail"`` raises
:class:`SharedBackendUnavailableError`; ``"local"`` limits in this process at ``fallback_share`` of every
budget (give each process its share: 1 / processes) and tries the backend again after ``retry_backend_after``.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time as _time
import uuid
from collections.abc import Callable, Sequence
from typing import Literal

import anyio
import anyio.lowlevel

from .._catalogue import OVERALL_SCOPE, RateLimit
from ._backend import SharedBackend, SharedBackendUnavailableError, Taken, WindowSpec
from ._grant import NO_GRANT, Grant
from ._limiter import DEFAULT_BURST, DEFAULT_MARGIN, LimitSource, StrictWindowLimiter, _limit_function
from ._policy import PausePolicy, snapshot
from ._stats import LimiterStats, ScopeCounters
from ._window import DEFAULT_MAX_HOLD, WindowMeter, counted_window

__all__ = ["SharedGrant", "SharedWindowLimiter"]

logger = logging.getLogger("asyncclient.limiter")


class _SharedScope:
    """One scope as this process sees it: its spec, counters, pause, and its own sends (for the stats)."""

    __slots__ = ("budget", "counters", "local", "name", "paused_until", "penalties", "spec")

    def __init__(self, name: str, budget: RateLimit, spec: WindowSpec) -> None:
        self.name = name
        self.budget = budget
        self.spec = spec
        self.counters = ScopeCounters()
        self.local = WindowMeter(spec.limit * 1_000_000, spec.window)  # this process's sends, for the stats
        self.paused_until = -math.inf
        self.penalties = 0

    @property
    def limit(self) -> int:
        return self.spec.limit

    @property
    def window(self) -> float:
        return self.budget.window

    @property
    def lockout(self) -> float | None:
        return self.budget.lockout

    def used(self, now: float) -> int:
        return self.local.used(now)

    def queued(self) -> int:
        return 0


class SharedGrant:
    """The slots one :meth:`SharedWindowLimiter.acquire` took in the backend; see :class:`~._grant.Grant`."""

    __slots__ = ("_limiter", "_names", "_taken_at", "_token")

    def __init__(self, limiter: SharedWindowLimiter, names: tuple[str, ...], token: str, taken_at: float) -> None:
        self._limiter: SharedWindowLimiter | None = limiter
        self._names = names
        self._token = token
        self._taken_at = taken_at

    def settle(self, ago: float = 0.0) -> None:
        limiter, self._limiter = self._limiter, None
        if limiter is not None:
            limiter._settle(self._names, self._token, self._taken_at, ago)

    def give_back(self) -> None:
        limiter, self._limiter = self._limiter, None
        if limiter is not None:
            limiter._give_back(self._names, self._token, self._taken_at)


class SharedWindowLimiter:
    """Strict windows kept in ``backend`` (e.g. :class:`RedisBackend`); the in-process limiter's contract.

    Settles, give-backs and pauses are synchronous here and reach the backend before this process's next take.
    Close it (or use ``async with``) to close the backend's connections.
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
        max_hold: float = DEFAULT_MAX_HOLD,
        on_unavailable: Literal["fail", "local"] = "fail",
        fallback_share: float = 0.5,
        retry_backend_after: float = 5.0,
    ) -> None:
        if on_unavailable not in ("fail", "local"):
            raise ValueError(f"on_unavailable is 'fail' or 'local', got {on_unavailable!r}")
        if not 0 < fallback_share <= 1:
            raise ValueError(f"fallback_share is a fraction of each budget, 0 < share <= 1, got {fallback_share}")
        self.backend = backend
        self._limit_for = _limit_function(limits)
        self.margin = margin
        self.burst = burst
        self.max_hold = max_hold
        self.on_unavailable = on_unavailable
        self.fallback_share = fallback_share
        self.retry_backend_after = retry_backend_after
        self._time = time
        self._policy = PausePolicy(max_backoff=max_backoff, pause_overall=pause_overall, broad=OVERALL_SCOPE)
        self._scopes: dict[str, _SharedScope] = {}
        self._queues: dict[tuple[str, ...], anyio.Lock] = {}
        self._pending_pauses: dict[str, float] = {}  # scope -> pause end (local clock) not yet in the backend
        self._pending_settles: list[tuple[tuple[str, ...], str, float]] = []  # (scopes, token, counted at)
        self._pending_returns: list[tuple[tuple[str, ...], str]] = []
        self._settled: anyio.Event | None = None
        self._waiting = 0
        self._fallback: StrictWindowLimiter | None = None
        self._backend_down_until = -math.inf

    async def __aenter__(self) -> SharedWindowLimiter:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        with contextlib.suppress(SharedBackendUnavailableError):
            await self._flush()
        await self.backend.aclose()

    def _scope(self, name: str) -> _SharedScope:
        found = self._scopes.get(name)
        if found is None:
            budget = self._limit_for(name)
            size = None if self.burst is None else math.ceil(self.burst * budget.limit)
            spec = WindowSpec(name, budget.limit, counted_window(budget.window, self.margin), size)
            found = self._scopes[name] = _SharedScope(name, budget, spec)
        return found

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> Grant:
        """Wait until the backend grants one slot of every scope; ``urgent`` skips this process's queue."""
        names = tuple(dict.fromkeys(scopes))
        if not names:
            return NO_GRANT
        entries = [self._scope(name) for name in names]
        since = self._time()
        if since < self._backend_down_until:
            return await self._acquire_locally(names, urgent)
        self._waiting += 1
        try:
            queue = self._queues.get(names)
            if queue is None:
                queue = self._queues[names] = anyio.Lock()
            behind_others = queue.locked() and not urgent
            async with contextlib.nullcontext() if urgent else queue:
                slept, token = await self._take(names, [entry.spec for entry in entries])
        except SharedBackendUnavailableError as exc:
            if self.on_unavailable == "fail":
                raise
            self._backend_down_until = self._time() + self.retry_backend_after
            logger.warning(
                "the shared limiter's backend is unreachable (%s): limiting in this process at %.0f%% of each "
                "budget for %.0f s",
                exc,
                self.fallback_share * 100,
                self.retry_backend_after,
            )
            return await self._acquire_locally(names, urgent)
        finally:
            self._waiting -= 1
        now = self._time()
        waited = now - since if slept or behind_others else 0.0
        for entry in entries:
            entry.counters.record_send(waited)
            entry.local.take(now)
        if waited and logger.isEnabledFor(logging.DEBUG):
            logger.debug("waited %.3f s for %s", now - since, ", ".join(names))
        return SharedGrant(self, names, token, now)

    async def _acquire_locally(self, names: tuple[str, ...], urgent: bool) -> Grant:
        if self._fallback is None:
            share = self.fallback_share

            def reduced(scope: str) -> RateLimit:
                budget = self._limit_for(scope)
                return RateLimit(max(1, math.floor(budget.limit * share)), budget.window, lockout=budget.lockout)

            self._fallback = StrictWindowLimiter(reduced, margin=self.margin, burst=self.burst, time=self._time)
        return await self._fallback.acquire(names, urgent=urgent)

    async def _flush(self) -> None:
        """Send what this process learnt since its last take: settles, give-backs, pauses."""
        if self._pending_returns:
            returns, self._pending_returns = self._pending_returns, []
            for names, token in returns:
                await self.backend.give_back(names, token)
        if self._pending_settles:
            settles, self._pending_settles = self._pending_settles, []
            now = self._time()
            await self.backend.settle([Taken(names, token, max(0.0, now - at)) for names, token, at in settles])
        if self._pending_pauses:
            pauses, self._pending_pauses = self._pending_pauses, {}
            now = self._time()
            for name, until in pauses.items():
                if until > now:
                    await self.backend.pause((name,), until - now)

    async def _take(self, names: tuple[str, ...], windows: list[WindowSpec]) -> tuple[bool, str]:
        """Take from the backend, sleeping as long as it says; whether it had to sleep, and the token."""
        slept = False
        poll = min((spec.window / spec.limit for spec in windows), default=0.05)
        while True:
            await self._flush()
            token = uuid.uuid4().hex
            # Shielded: a take cancelled mid-command may have happened in Redis unseen, and would then hold a
            # slot for max_hold; finished, a cancelled take is given back below.
            with anyio.CancelScope(shield=True):
                wait = await self.backend.take(windows, token, hold=self.max_hold, poll=max(0.005, poll))
            if wait <= 0:
                break
            slept = True
            self._settled = self._settled or anyio.Event()
            with anyio.move_on_after(wait):
                await self._settled.wait()  # a settle here may free the slot before the wait is over
        try:
            await anyio.lowlevel.checkpoint_if_cancelled()
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self.backend.give_back(names, token)  # cancelled after the take: the slot goes back
            raise
        return slept, token

    def _wake(self) -> None:
        settled, self._settled = self._settled, None
        if settled is not None:
            settled.set()

    def _settle(self, names: tuple[str, ...], token: str, taken_at: float, ago: float) -> None:
        now = self._time()
        counted = max(now - ago, taken_at) if ago > 0 else now
        self._pending_settles.append((names, token, counted))
        for name in names:
            self._scope(name).local.settle(taken_at, counted)
        self._wake()

    def _give_back(self, names: tuple[str, ...], token: str, taken_at: float) -> None:
        self._pending_returns.append((names, token))
        for name in names:
            entry = self._scope(name)
            entry.local.give_back(taken_at)
            entry.counters.sent -= 1
        self._wake()

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None:
        """Learn from a 429: pause the request's scopes (here now, in the backend on the next acquire)."""
        now = self._time()
        entries = [self._scope(name) for name in dict.fromkeys(scopes)]
        for entry in self._policy.apply(entries, retry_after, now):
            self._pending_pauses[entry.name] = entry.paused_until
        if self._fallback is not None:
            self._fallback.penalize(scopes, retry_after)

    @property
    def waiting(self) -> int:
        return self._waiting

    @property
    def stats(self) -> LimiterStats:
        """This process's figures per scope (``in_window`` counts this process's requests only)."""
        return snapshot(self._scopes.values(), self._time(), self._waiting)
