"""Ids as the exchange writes them: large numeric strings that only grow."""

from __future__ import annotations

import itertools

__all__ = ["IdSequence"]

#: Where ids start: 19 digits, like the exchange's own order and trade ids.
_FIRST_ID = 1_200_000_000_000_000_001


class IdSequence:
    """One counter for every order, trade and bill id of an exchange, so ids are unique and monotonic."""

    __slots__ = ("_counter",)

    def __init__(self) -> None:
        self._counter = itertools.count(_FIRST_ID)

    def next(self) -> int:
        return next(self._counter)
