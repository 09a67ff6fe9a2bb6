"""Resting limit orders of one symbol, and which of them a price range crosses.

Orders are filled lazily: on each request the exchange asks which resting orders the price walk crossed since
the last check (a buy fills once the price fell to its limit, a sell once it rose to it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from decimal import Decimal

__all__ = ["Extremes", "RestingBooks", "RestingOrders"]

#: The lowest and highest price of a symbol between two instants (ms): ``extremes(symbol, since, until)``.
Extremes = Callable[[str, int, int], tuple[Decimal, Decimal]]

_ABOVE_EVERY_KEY = 1 << 127


class RestingOrders:
    """Open limit orders on one symbol, kept sorted by price, and the instant crossings were last checked."""

    __slots__ = ("buys", "checked_ms", "sells")

    def __init__(self, checked_ms: int) -> None:
        self.buys: list[tuple[Decimal, int]] = []
        self.sells: list[tuple[Decimal, int]] = []
        self.checked_ms = checked_ms

    def __len__(self) -> int:
        return len(self.buys) + len(self.sells)

    def add(self, is_buy: bool, price: Decimal, key: int) -> None:
        insort(self.buys if is_buy else self.sells, (price, key))

    def remove(self, is_buy: bool, price: Decimal, key: int) -> None:
        side = self.buys if is_buy else self.sells
        index = bisect_left(side, (price, key))
        if index < len(side) and side[index] == (price, key):
            del side[index]

    def take_crossed(self, low: Decimal, high: Decimal) -> list[int]:
        """Remove and return (oldest first) the orders a price range [low, high] reaches."""
        first_buy = bisect_left(self.buys, (low, -1))
        crossed = [key for _, key in self.buys[first_buy:]]
        del self.buys[first_buy:]
        last_sell = bisect_right(self.sells, (high, _ABOVE_EVERY_KEY))
        crossed.extend(key for _, key in self.sells[:last_sell])
        del self.sells[:last_sell]
        crossed.sort()
        return crossed


class RestingBooks:
    """Resting limit orders of every symbol of one account kind (spot or futures)."""

    __slots__ = ("_books",)

    def __init__(self) -> None:
        self._books: dict[str, RestingOrders] = {}

    def add(self, symbol: str, is_buy: bool, price: Decimal, key: int, now_ms: int) -> None:
        book = self._books.get(symbol)
        if book is None:
            book = self._books[symbol] = RestingOrders(now_ms)
        book.add(is_buy, price, key)

    def remove(self, symbol: str, is_buy: bool, price: Decimal, key: int) -> None:
        book = self._books.get(symbol)
        if book is not None:
            book.remove(is_buy, price, key)

    def take_crossed(self, extremes: Extremes, now_ms: int) -> list[int]:
        """Remove and return the orders the price walk reached since each book was last checked."""
        crossed: list[int] = []
        for symbol, book in self._books.items():
            if not book or now_ms <= book.checked_ms:
                continue
            low, high = extremes(symbol, book.checked_ms, now_ms)
            book.checked_ms = now_ms
            crossed.extend(book.take_crossed(low, high))
        return crossed
