"""The boundaries between the layers, as protocols as narrow as httpx's ``handle_async_request``.

A :class:`Sender` moves bytes (the transport), a :class:`Clock` tells the server's time and keeps itself in sync,
a :class:`RateLimiter` waits for budget and reports its figures. The one-attempt pipeline and the client see only
these; tests and users may pass their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self, runtime_checkable

if TYPE_CHECKING:
    from anyio.abc import TaskStatus

    from ._clock_stats import ClockStats
    from ._limiter import Grant, LimiterStats

__all__ = [
    "BasicClock",
    "BasicLimiter",
    "Clock",
    "ClockReading",
    "InstantClock",
    "InstantLimiter",
    "RateLimiter",
    "ReadingClock",
    "Sender",
    "clock_reading",
    "full_clock",
    "measured_limiter",
]


class Sender(Protocol):
    """Sends one request and reads its whole answer: ``(status, headers, body)``; owns the connection pool.

    Raises :class:`~asyncclient.TransportError` below HTTP, saying whether the request may have been sent.
    """

    async def send(
        self,
        method: str,
        path: str,
        query: str,
        *,
        headers: Mapping[str, str],
        content: str | None,
        timeout: float | None,
    ) -> tuple[int, Mapping[str, str], bytes]: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def aclose(self) -> None: ...


class BasicClock(Protocol):
    """The least a clock passed as ``Client(clock=...)`` must do: the server's time in ms, and a resync."""

    async def ready(self) -> None: ...

    def now_ms(self) -> int: ...

    async def resync(self) -> None: ...


@runtime_checkable
class Clock(BasicClock, Protocol):
    """The server's time for signing, a resync after a rejected timestamp, a background run and its figures."""

    def stamp_ms(self) -> int:
        """:meth:`now_ms` for a request about to be signed (a clock may remember which sync timed it)."""
        ...

    async def sync(self) -> ClockStats | None:
        """Sync now; the figures after it (None for a clock without figures)."""
        ...

    @property
    def stats(self) -> ClockStats | None: ...

    @property
    def runs_in_background(self) -> bool:
        """Whether :meth:`run` has work to do (the client then starts it in its task group)."""
        ...

    @property
    def synced(self) -> bool:
        """Whether a sync has succeeded (so server stamps can be mapped to local time)."""
        ...

    def local_instant(self, server_ms: int) -> tuple[float, float] | None:
        """When, on the local monotonic clock, the server's clock read ``server_ms``, and how far off that may be
        (s); None when the clock cannot tell."""
        ...

    async def run(self, *, task_status: TaskStatus[None]) -> None:
        """Keep in sync until cancelled; ``task_status.started()`` once running."""
        ...


class BasicLimiter(Protocol):
    """The least a limiter passed as ``Client(limiter=...)`` must do: wait for every scope's budget, hear a 429."""

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> Grant | None:
        """Wait for every scope's budget; the :class:`~asyncclient._limiter.Grant` is settled when the request is
        over, or given back if it never left (None: nothing to settle)."""
        ...

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None: ...


@runtime_checkable
class RateLimiter(BasicLimiter, Protocol):
    """A limiter that also reports its figures (None: it keeps none): what the pipeline holds."""

    @property
    def stats(self) -> LimiterStats | None: ...

    @property
    def waiting(self) -> int:
        """Tasks waiting for budget right now."""
        ...


@runtime_checkable
class InstantClock(Protocol):
    """A clock that can tell, without waiting, that :meth:`~BasicClock.ready` would not wait (optional)."""

    def ready_now(self) -> bool:
        """True when ``ready()`` would return at once; False when it may have to sync first."""
        ...


@runtime_checkable
class InstantLimiter(Protocol):
    """A limiter that can take its slots without waiting when they are free (optional; the common case)."""

    def try_acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> Grant | None:
        """The grant, taken now, when every scope has a slot and nobody waits; else None (then ``acquire``)."""
        ...


@runtime_checkable
class ReadingClock(Protocol):
    """A clock that reads its time and its own uncertainty in one go (optional; order safety reads it per order)."""

    def reading(self) -> tuple[int, float | None]:
        """The server's time now (ms) and how far off it may be (ms), None when the clock cannot tell."""
        ...


#: Reads a clock: (the server's time now in ms, its uncertainty in ms or None if unknown).
ClockReading = Callable[[], tuple[int, float | None]]


def clock_reading(clock: Clock) -> ClockReading:
    """How to read ``clock`` with its uncertainty: its own :class:`ReadingClock` method, else from what every
    :class:`Clock` tells (the reading, and where :meth:`~Clock.local_instant` maps it back, with what error)."""
    if isinstance(clock, ReadingClock):
        return clock.reading

    def read() -> tuple[int, float | None]:
        now_ms = clock.now_ms()
        mapped = clock.local_instant(now_ms)
        if mapped is None or not math.isfinite(mapped[1]):
            return now_ms, None
        # Less the half millisecond local_instant adds for a stamp truncated to the ms.
        return now_ms, max(0.0, mapped[1] * 1000.0 - 0.5)

    return read


class _PlainClock:
    """A :class:`BasicClock` seen as a :class:`Clock`: no figures, no background work."""

    def __init__(self, clock: BasicClock) -> None:
        self._clock = clock
        self.ready = clock.ready
        self.now_ms = self.stamp_ms = clock.now_ms
        self.resync = clock.resync

    async def sync(self) -> ClockStats | None:
        await self._clock.resync()
        return None

    stats = None
    runs_in_background = False
    synced = False

    def local_instant(self, server_ms: int) -> tuple[float, float] | None:
        return None

    async def run(self, *, task_status: TaskStatus[None]) -> None:
        task_status.started()


class _UnmeasuredLimiter:
    """A :class:`BasicLimiter` seen as a :class:`RateLimiter` that keeps no figures."""

    stats = None
    waiting = 0

    def __init__(self, limiter: BasicLimiter) -> None:
        self.acquire = limiter.acquire
        self.penalize = limiter.penalize


def full_clock(clock: BasicClock) -> Clock:
    """``clock`` itself when it is a whole :class:`Clock`, else adapted (the one place that asks)."""
    return clock if isinstance(clock, Clock) else _PlainClock(clock)


def measured_limiter(limiter: BasicLimiter) -> RateLimiter:
    """``limiter`` itself when it reports figures, else adapted (the one place that asks)."""
    return limiter if isinstance(limiter, RateLimiter) else _UnmeasuredLimiter(limiter)
