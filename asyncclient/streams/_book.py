"""A local order book kept from a ``books`` channel: a snapshot, then updates, checked against the checksum.

Levels are keyed by price as a Decimal and keep the exchange's own text, because the checksum is computed over
the text as sent. A size of zero removes a level.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ._checksum import levels_checksum
from ._models import BookLevel, OrderBookView

__all__ = ["LocalBook"]

_ZERO = Decimal(0)
_CHECKED_DEPTH = 25


def _is_zero(size_text: str) -> bool:
    # "0", "0.000", "0E-8": text first (cheap), a Decimal only for the odd spelling.
    return not size_text.strip("0.") or (("E" in size_text or "e" in size_text) and Decimal(size_text) == _ZERO)


def _apply(side: dict[Decimal, tuple[str, str]], levels: Iterable[Sequence[str]]) -> None:
    for level in levels:
        price_text, size_text = level[0], level[1]
        if type(price_text) is not str or type(size_text) is not str:  # numbers where text is documented
            price_text, size_text = str(price_text), str(size_text)
        if _is_zero(size_text):
            side.pop(Decimal(price_text), None)
        else:
            side[Decimal(price_text)] = (price_text, size_text)


class LocalBook:
    """Both sides of one book; :meth:`verify` compares the top 25 levels with the exchange's checksum."""

    __slots__ = ("asks", "bids", "symbol", "ts")

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        self.bids: dict[Decimal, tuple[str, str]] = {}
        self.asks: dict[Decimal, tuple[str, str]] = {}
        self.ts = 0

    def reset(self, bids: Iterable[Sequence[str]], asks: Iterable[Sequence[str]], ts: int) -> None:
        self.bids.clear()
        self.asks.clear()
        self.apply(bids, asks, ts)

    def apply(self, bids: Iterable[Sequence[str]], asks: Iterable[Sequence[str]], ts: int) -> None:
        _apply(self.bids, bids)
        _apply(self.asks, asks)
        self.ts = ts

    def top(self, depth: int | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(bids best first, asks best first) as the exchange's text, ``depth`` levels a side (all if None)."""
        if depth is None:
            bid_prices = sorted(self.bids, reverse=True)
            ask_prices = sorted(self.asks)
        else:
            bid_prices = heapq.nlargest(depth, self.bids)
            ask_prices = heapq.nsmallest(depth, self.asks)
        return [self.bids[p] for p in bid_prices], [self.asks[p] for p in ask_prices]

    def checksum(self) -> int:
        bids, asks = self.top(_CHECKED_DEPTH)
        return levels_checksum(bids, asks)

    def verify(self, expected: int) -> bool:
        return self.checksum() == expected

    def view(self, depth: int | None, checksum: int | None, snapshot: bool) -> OrderBookView:
        if depth is None:
            bid_prices, ask_prices = sorted(self.bids, reverse=True), sorted(self.asks)
        else:
            bid_prices, ask_prices = heapq.nlargest(depth, self.bids), heapq.nsmallest(depth, self.asks)
        bids, asks = self.bids, self.asks
        return OrderBookView(
            symbol=self.symbol,
            bids=tuple(BookLevel(p, Decimal(bids[p][1])) for p in bid_prices),
            asks=tuple(BookLevel(p, Decimal(asks[p][1])) for p in ask_prices),
            ts=self.ts,
            checksum=checksum,
            snapshot=snapshot,
        )
