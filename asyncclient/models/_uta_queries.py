"""What a caller asks of the unified account (v3): market data, positions, order and record lists, checked when built.

History lists page with an opaque ``cursor`` (:class:`CursorQuery`): the previous page's ``end_id``.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from . import _checks
from . import _uta_checks as checks
from ._enums import HoldSide
from ._request import optional_coin, optional_end, optional_limit_100, optional_start, param
from ._uta_enums import Category
from ._uta_requests import UtaWireRequest

__all__ = [
    "BookQuery",
    "CandlesQuery",
    "CoinFilter",
    "CursorQuery",
    "FillsQuery",
    "FinancialQuery",
    "FundingHistoryQuery",
    "FuturesHistoryQuery",
    "FuturesSymbolQuery",
    "FuturesSymbolsQuery",
    "HistoryCandlesQuery",
    "OrderHistoryQuery",
    "OrdersQuery",
    "PositionsQuery",
    "RecentFillsQuery",
    "SymbolOnlyQuery",
    "SymbolQuery",
    "SymbolsQuery",
    "TransferRecordsQuery",
]


@attrs.frozen(kw_only=True)
class CoinFilter(UtaWireRequest):
    """One coin, or None for every coin."""

    coin: str | None = attrs.field(default=None, converter=optional_coin)


@attrs.frozen(kw_only=True)
class SymbolOnlyQuery(UtaWireRequest):
    """One symbol (its category implied)."""

    symbol: str = attrs.field(converter=_checks.symbol)


@attrs.frozen(kw_only=True)
class SymbolsQuery(UtaWireRequest):
    """One category: one symbol of it, or all."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)


@attrs.frozen(kw_only=True)
class FuturesSymbolsQuery(UtaWireRequest):
    """One futures category: one symbol of it, or all."""

    category: Category = attrs.field(converter=checks.futures_category)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)


@attrs.frozen(kw_only=True)
class PositionsQuery(FuturesSymbolsQuery):
    """Positions of a futures category (one symbol's, one side's)."""

    pos_side: HoldSide | None = attrs.field(default=None, converter=checks.pos_side)


@attrs.frozen(kw_only=True)
class SymbolQuery(UtaWireRequest):
    """One symbol of one category."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str = attrs.field(converter=_checks.symbol)


@attrs.frozen(kw_only=True)
class FuturesSymbolQuery(UtaWireRequest):
    """One contract of one futures category."""

    category: Category = attrs.field(converter=checks.futures_category)
    symbol: str = attrs.field(converter=_checks.symbol)


@attrs.frozen(kw_only=True)
class RecentFillsQuery(SymbolQuery):
    """The latest public trades of one symbol (at most 100)."""

    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


def _book_limit(value: object) -> int:
    return _checks.limit(value, maximum=200)


@attrs.frozen(kw_only=True)
class BookQuery(SymbolQuery):
    """An order book to ``limit`` levels a side (at most 200)."""

    limit: int = attrs.field(converter=_book_limit)


def _interval(value: object) -> str:
    return _checks.granularity(value, futures=True).futures


def _optional_limit_1000(value: object) -> int | None:
    return None if value is None else _checks.limit(value, maximum=1000)


@attrs.frozen(kw_only=True)
class CandlesQuery(SymbolQuery):
    """Candles of one symbol in a window (at most 1000 a call)."""

    interval: str = attrs.field(converter=_interval)
    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))
    limit: int | None = attrs.field(default=None, converter=_optional_limit_1000)

    def __attrs_post_init__(self) -> None:
        _checks.time_window(self.start, self.end)


@attrs.frozen(kw_only=True)
class HistoryCandlesQuery(CandlesQuery):
    """Older candles (at most 100 a call)."""

    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


@attrs.frozen(kw_only=True)
class FundingHistoryQuery(FuturesSymbolQuery):
    """Settled funding rates of a perpetual, before ``cursor``."""

    cursor: str | None = attrs.field(default=None, converter=checks.optional_cursor)
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


@attrs.frozen(kw_only=True)
class CursorQuery(UtaWireRequest):
    """One page of a v3 history list: a time window, the cursor the previous page gave, a page size (<= 100)."""

    #: The longest window one query may span (None: no limit).
    max_span_ms: ClassVar[int | None] = None

    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))
    cursor: str | None = attrs.field(default=None, converter=checks.optional_cursor)
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)

    def __attrs_post_init__(self) -> None:
        _checks.time_window(self.start, self.end, max_span_ms=self.max_span_ms)


@attrs.frozen(kw_only=True)
class OrdersQuery(CursorQuery):
    """Orders of any category (or of all), one symbol's or all."""

    category: Category | None = attrs.field(default=None, converter=checks.optional_any_category)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)


@attrs.frozen(kw_only=True)
class OrderHistoryQuery(OrdersQuery):
    """Finished orders of one category."""

    category: Category = attrs.field(converter=checks.any_category)


@attrs.frozen(kw_only=True)
class FuturesHistoryQuery(OrdersQuery):
    """Closed positions or finished TP/SL orders of one futures category."""

    category: Category = attrs.field(converter=checks.futures_category)


@attrs.frozen(kw_only=True)
class FillsQuery(CursorQuery):
    """The account's fills: of a category (or all), of one order (or all)."""

    category: Category | None = attrs.field(default=None, converter=checks.optional_any_category)
    order_id: str | None = attrs.field(default=None, converter=checks.optional_order_id)


@attrs.frozen(kw_only=True)
class FinancialQuery(CursorQuery):
    """Money movements of a category (or all), of one coin (or all)."""

    category: Category | None = attrs.field(default=None, converter=checks.optional_any_category)
    coin: str | None = attrs.field(default=None, converter=optional_coin)


@attrs.frozen(kw_only=True)
class TransferRecordsQuery(CursorQuery):
    """Deposits or withdrawals in a window of 30 days at most."""

    max_span_ms: ClassVar[int | None] = 30 * 86_400_000

    coin: str | None = attrs.field(default=None, converter=optional_coin)
