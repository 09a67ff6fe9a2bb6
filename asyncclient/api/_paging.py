"""Async iterators that follow the exchange's cursors: ``idLessThan``/``endId`` pages and time windows.

Every page is one ordinary ``request()``, so paging waits on the rate limiter like any other call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from ..models import Candle, Granularity, Page
from ..models import _checks as check
from ._common import Time

__all__ = [
    "HISTORY_CANDLES_PER_CALL",
    "ListPage",
    "follow_id_cursor",
    "forward_candle_windows",
    "items_in_range",
    "query_windows",
    "windows_newest_first",
]

S = TypeVar("S")
T = TypeVar("T")
S_contra = TypeVar("S_contra", contravariant=True)

#: The most candles one history-candles call returns.
HISTORY_CANDLES_PER_CALL = 200

#: A page fetcher: (window start ms, window end ms, idLessThan cursor) -> one page.
PageFetcher = Callable[[int | None, int | None, str | None], Awaitable[Page[T]]]


class ListPage(Protocol[S_contra, T]):
    """A typed group's list method: one page of a symbol's (or coin's) items in a window, before a cursor."""

    def __call__(
        self, symbol: S_contra, /, *, start: int | None, end: int | None, id_less_than: str | None, limit: int
    ) -> Awaitable[Page[T]]: ...


async def items_in_range(
    list_page: ListPage[S, T],
    symbol: S,
    start: Time | None,
    end: Time | None,
    *,
    page_size: int,
    max_page_size: int,
    span_ms: int,
) -> AsyncIterator[T]:
    """Every item ``list_page`` serves for ``symbol`` in ``[start, end]``, newest first, ``page_size`` a page.

    A range longer than ``span_ms`` (the most one query may span) is cut into windows, newest first; each
    window is followed by its ``idLessThan`` cursor. Without both ends there is one open window.
    """
    check.limit(page_size, "page_size", maximum=max_page_size)

    def fetch(window_start: int | None, window_end: int | None, cursor: str | None) -> Awaitable[Page[T]]:
        return list_page(symbol, start=window_start, end=window_end, id_less_than=cursor, limit=page_size)

    async for item in follow_id_cursor(fetch, page_size=page_size, windows=query_windows(start, end, span_ms)):
        yield item


async def follow_id_cursor(
    fetch: PageFetcher[T],
    *,
    page_size: int,
    windows: Iterable[tuple[int | None, int | None]] = ((None, None),),
) -> AsyncIterator[T]:
    """Yield every item of every page of every window, newest first, passing each page's ``end_id`` as the
    next ``idLessThan``.

    A window ends at an empty or short page, a page without a cursor, or a cursor that did not move (so a
    misbehaving server cannot loop us forever).
    """
    for window_start, window_end in windows:
        cursor: str | None = None
        while True:
            page = await fetch(window_start, window_end, cursor)
            for item in page:
                yield item
            if len(page) < page_size or page.end_id is None or page.end_id == cursor:
                break
            cursor = page.end_id


def query_windows(start: Time | None, end: Time | None, span_ms: int) -> list[tuple[int | None, int | None]]:
    """The query windows of an iterator: the exchange's span limit applies to each; one when open-ended."""
    start_ms, end_ms = check.time_window(start, end)
    if start_ms is None or end_ms is None:
        return [(start_ms, end_ms)]
    return list(windows_newest_first(start_ms, end_ms, span_ms))


def windows_newest_first(start_ms: int, end_ms: int, span_ms: int) -> Iterator[tuple[int, int]]:
    """Cut ``[start_ms, end_ms]`` into windows of at most ``span_ms``, newest first (as pages come)."""
    upper = end_ms
    while upper > start_ms:
        lower = max(start_ms, upper - span_ms)
        yield lower, upper
        upper = lower
    if start_ms == end_ms:
        yield start_ms, end_ms


async def forward_candle_windows(
    fetch: Callable[[int], Awaitable[list[Candle]]],
    *,
    start_ms: int,
    end_ms: int,
    granularity: Granularity,
) -> AsyncIterator[Candle]:
    """Yield candles opening in ``[start_ms, end_ms)``, oldest first, one ``endTime`` window per call.

    ``fetch(end_time)`` returns up to :data:`HISTORY_CANDLES_PER_CALL` candles before ``end_time``; each window's
    end is the next window's start, and a candle already yielded is never yielded twice, whether or not the
    server includes ``end_time``.
    """
    # One candle fewer than a call returns: a spare row, whether or not the server counts the candle at endTime.
    step_ms = (HISTORY_CANDLES_PER_CALL - 1) * granularity.milliseconds
    window_start = start_ms
    last_yielded = start_ms - 1
    while window_start < end_ms:
        window_end = min(window_start + step_ms, end_ms)
        candles = await fetch(window_end)
        for candle in sorted(candles, key=lambda c: c.open_time_ms):
            if last_yielded < candle.open_time_ms < end_ms and candle.open_time_ms >= start_ms:
                last_yielded = candle.open_time_ms
                yield candle
        window_start = window_end
