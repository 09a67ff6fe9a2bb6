"""A subscription: an async iterator over one channel's messages, with a bounded buffer and a stated policy.

What a consumer that reads slower than the exchange pushes gets (``Policy``):

- ``LATEST`` (tickers, book views): only the newest value waits; older ones are replaced (counted in
  ``replaced``). A book view is always the whole current book, so a slow reader never sees a stale book.
- ``LATEST_BY_KEY`` (candles by start, balances by coin): the newest value per key waits.
- ``DROP_OLDEST`` (public trades): up to ``maxsize`` wait; beyond that the oldest are dropped, counted in
  ``lost`` and recorded as a :class:`Gap` with reason ``slow_consumer``.
- ``RECOVER`` (orders, fills): up to ``maxsize`` wait; beyond that nothing more is queued, and once the reader
  has emptied the queue the missed stretch is fetched over REST (``recover``) before anything newer, recorded
  as a ``slow_consumer`` gap. Private events are never dropped silently.

``accept`` filters what is offered (the streams' "nothing twice" rule); it is applied only to what is queued,
so an event dropped while full can still be recovered.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, Self, TypeVar

import anyio

from ._models import Gap

__all__ = ["Policy", "Subscription"]

T = TypeVar("T")


class Policy(enum.Enum):
    LATEST = "latest"
    LATEST_BY_KEY = "latest_by_key"
    DROP_OLDEST = "drop_oldest"
    RECOVER = "recover"


class Subscription(Generic[T]):
    """Iterate with ``async for``; ``async with`` (or :meth:`close`) ends it and unsubscribes when last."""

    def __init__(
        self,
        channel: str,
        policy: Policy,
        *,
        maxsize: int = 1000,
        key: Callable[[T], Hashable] | None = None,
        accept: Callable[[T], bool] | None = None,
        recover: Callable[[int], Awaitable[list[T]]] | None = None,
        on_close: Callable[[Subscription[T]], None] | None = None,
        depth: int | None = None,
        server_ms: Callable[[], int] | None = None,
    ) -> None:
        self.channel = channel
        self.policy = policy
        self.maxsize = maxsize
        self.depth = depth
        self._key = key
        self._accept = accept
        self._recover = recover
        self._on_close = on_close
        self._server_ms = server_ms
        self._queue: deque[T] = deque()
        self._latest: dict[Hashable, T] = {}
        self._ready = anyio.Event()
        self._error: BaseException | None = None
        self._closed = False
        self._overflow_since: int | None = None
        #: Values replaced by newer ones (latest-only policies), trades dropped, gaps recorded.
        self.replaced = 0
        self.lost = 0
        self.delivered = 0
        self.gaps: list[Gap] = []

    # -- the producer's side (the connection task) --------------------------------------------------------------

    def offer(self, item: T, ts_ms: int) -> None:
        if self._closed:
            return
        policy = self.policy
        if policy is Policy.LATEST or policy is Policy.LATEST_BY_KEY:
            key = self._key(item) if self._key is not None else None
            if key in self._latest:
                self.replaced += 1
                del self._latest[key]  # re-inserted last: values leave in the order their keys last changed
            self._latest[key] = item
        elif len(self._queue) >= self.maxsize:
            if policy is Policy.DROP_OLDEST:
                if self._accept is not None and not self._accept(item):
                    return
                self._queue.popleft()
                self._queue.append(item)
                self.lost += 1
                self._note_loss(ts_ms)
            elif self._overflow_since is None:
                self._overflow_since = ts_ms
            return
        elif self._overflow_since is not None:
            return  # queued only after the stretch missed is recovered, to keep the order
        else:
            if self._accept is not None and not self._accept(item):
                return
            self._queue.append(item)
        self._ready.set()

    def _note_loss(self, ts_ms: int) -> None:
        last = self.gaps[-1] if self.gaps else None
        if last is not None and last.reason == "slow_consumer" and last.end_ms >= ts_ms - 1000:
            self.gaps[-1] = Gap(self.channel, "slow_consumer", last.start_ms, ts_ms, lost=last.lost + 1)
        else:
            self.gaps.append(Gap(self.channel, "slow_consumer", ts_ms, ts_ms, lost=1))

    def add_gap(self, gap: Gap) -> None:
        self.gaps.append(gap)

    def fail(self, error: BaseException) -> None:
        """End the iteration with ``error`` once what is queued has been read."""
        self._error = error
        self._ready.set()

    # -- the consumer's side -----------------------------------------------------------------------------------

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> T:
        while True:
            if self._queue:
                self.delivered += 1
                return self._queue.popleft()
            if self._latest:
                key = next(iter(self._latest))
                self.delivered += 1
                return self._latest.pop(key)
            if self._overflow_since is not None and self._recover is not None:
                await self._catch_up(self._overflow_since)
                continue
            if self._error is not None:
                raise self._error
            if self._closed:
                raise StopAsyncIteration
            self._ready = anyio.Event()
            await self._ready.wait()

    async def _catch_up(self, since_ms: int) -> None:
        assert self._recover is not None
        items = await self._recover(since_ms)
        self._overflow_since = None
        recovered = 0
        for item in items:
            if self._accept is None or self._accept(item):
                self._queue.append(item)
                recovered += 1
        end_ms = self._server_ms() if self._server_ms is not None else since_ms
        self.gaps.append(Gap(self.channel, "slow_consumer", since_ms, end_ms, recovered=recovered))

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._ready.set()
            if self._on_close is not None:
                self._on_close(self)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()

    def end(self, error: BaseException | None = None) -> None:
        """The streams are closing: the reader gets what is queued, then stops (or raises ``error``)."""
        if error is not None:
            self._error = error
        self._closed = True
        self._ready.set()

    @property
    def pending(self) -> int:
        """Messages waiting to be read."""
        return len(self._queue) + len(self._latest)
