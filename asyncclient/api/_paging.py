"""Async iterators that follow the exchange's cursors: ``idLessThan``/``endId`` pages and time windows.

Every page is one ordinary ``request()``, so paging waits on the rate limiter like any other call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TypeVar

from ..models import Candle, Page

__all__ = ["follow_id_cursor", "forward_candle_windows", "windows_newest_first"]

T = TypeVar("T")


#: A page fetcher: (window start ms, window end ms, idLessThan cursor) -> one page.
PageFetcher = Callable[[int | None, int | None, str | None], Awaitable[Page[T]]]


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
    step_ms: int,
) -> AsyncIterator[Candle]:
    """Yield candles opening in ``[start_ms, end_ms)``, oldest first, one ``endTime`` window per call.

    ``fetch(end_time)`` returns the candles before ``end_time``; each window's end is the next window's start,
    and a candle already yielded is never yielded twice, whether or not the server includes ``end_time``.
    """
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
