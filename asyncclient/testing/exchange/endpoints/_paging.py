"""``idLessThan`` paging as the exchange does it: newest first, older than the cursor, within a window."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import TypeVar

from ._params import Params

__all__ = ["PageWindow", "newest_first"]

T = TypeVar("T")


class PageWindow:
    """The cursor, time window and page size of one paged request."""

    __slots__ = ("before", "end_ms", "limit", "start_ms")

    def __init__(self, params: Params, *, default_limit: int, max_limit: int) -> None:
        self.before = params.integer("idLessThan", low=1)
        start = params.integer("startTime", default=0, low=0)
        end = params.integer("endTime", low=0)
        assert start is not None
        self.start_ms: int = start
        self.end_ms: int | None = end
        self.limit = params.limit(default=default_limit, maximum=max_limit)

    def contains(self, t_ms: int) -> bool:
        return self.start_ms <= t_ms and (self.end_ms is None or t_ms <= self.end_ms)


def newest_first(
    items: Sequence[T],
    ids: Sequence[int],
    window: PageWindow,
    time_of: Callable[[T], int],
    accept: Callable[[T], bool] = lambda _item: True,
) -> list[T]:
    """Up to ``window.limit`` accepted items, newest first; ``ids`` ascends in step with ``items``."""
    index = len(ids) if window.before is None else bisect_left(ids, window.before)
    found: list[T] = []
    while index > 0 and len(found) < window.limit:
        index -= 1
        item = items[index]
        if window.contains(time_of(item)) and accept(item):
            found.append(item)
    return found
