"""The queries of ``client.spot``'s read methods (market data, orders, fills, bills), checked when built."""

from __future__ import annotations

import time
from typing import ClassVar

import attrs

from . import _checks as checks
from ._request import (
    CoinRecordsQuery,
    WireRequest,
    optional_end,
    optional_limit_100,
    optional_limit_500,
    optional_start,
    param,
)
from ._spot_requests import SymbolQuery, optional_order_id

__all__ = [
    "BookQuery",
    "CandleQuery",
    "FillsQuery",
    "HistoryCandleQuery",
    "SpotBillsQuery",
    "SpotRecordsQuery",
    "SymbolFilter",
    "TradesHistoryQuery",
    "TradesQuery",
]

_DAY_MS = 86_400_000
#: Spot orders, fills and bills: one query may span at most 90 days.
ACCOUNT_SPAN_MS = 90 * _DAY_MS
#: Public trade history: one query may span at most 7 days.
TRADES_SPAN_MS = 7 * _DAY_MS
#: The deepest order book the spot endpoint serves (the default depth).
MAX_DEPTH = 150


def optional_symbol(value: object) -> str | None:
    """A symbol, or None for every symbol."""
    return None if value is None else checks.symbol(value)


def _depth(value: object) -> int:
    return MAX_DEPTH if value is None else checks.limit(value, maximum=MAX_DEPTH)


def _optional_limit_200(value: object) -> int | None:
    return None if value is None else checks.limit(value, maximum=200)


def _optional_limit_1000(value: object) -> int | None:
    return None if value is None else checks.limit(value, maximum=1000)


def _spot_granularity(value: object) -> str:
    return checks.granularity(value, futures=False).spot


def _end_or_now(value: object) -> int:
    """The end of a history query; None is now (this machine's clock: a skew of seconds is harmless)."""
    return int(time.time() * 1000) if value is None else checks.time_ms(value, "end")


def _id_less_than(value: object) -> str | None:
    return None if value is None else checks.order_id(value, "id_less_than")


def _optional_text(value: object, name: str) -> str | None:
    return None if value is None else checks.text(value, name, max_length=64)


def _group_type(value: object) -> str | None:
    return _optional_text(value, "group_type")


def _business_type(value: object) -> str | None:
    return _optional_text(value, "business_type")


@attrs.frozen(kw_only=True)
class SymbolFilter(WireRequest):
    """One symbol, or None for every symbol."""

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)


@attrs.frozen(kw_only=True)
class BookQuery(SymbolQuery):
    """An order book to ``limit`` levels a side (None: the deepest served)."""

    fixed: ClassVar[dict[str, object]] = {"type": "step0"}

    limit: int = attrs.field(default=None, converter=_depth)


@attrs.frozen(kw_only=True)
class CandleQuery(SymbolQuery):
    """Recent candles in an optional window (at most 1000)."""

    granularity: str = attrs.field(converter=_spot_granularity)
    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))
    limit: int | None = attrs.field(default=None, converter=_optional_limit_1000)

    def __attrs_post_init__(self) -> None:
        checks.time_window(self.start, self.end)


@attrs.frozen(kw_only=True)
class HistoryCandleQuery(SymbolQuery):
    """Older candles opening before ``end`` (None: now), at most 200."""

    granularity: str = attrs.field(converter=_spot_granularity)
    end: int = attrs.field(default=None, converter=_end_or_now, metadata=param("endTime"))
    limit: int | None = attrs.field(default=None, converter=_optional_limit_200)


@attrs.frozen(kw_only=True)
class TradesQuery(SymbolQuery):
    """The most recent public trades (at most 500)."""

    limit: int | None = attrs.field(default=None, converter=optional_limit_500)


@attrs.frozen(kw_only=True)
class SpotRecordsQuery(WireRequest):
    """Orders of one symbol (or every symbol) in a window of at most 90 days, before an ``idLessThan`` cursor."""

    #: The longest window one query may span.
    max_span_ms: ClassVar[int] = ACCOUNT_SPAN_MS

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)
    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))
    id_less_than: str | None = attrs.field(default=None, converter=_id_less_than, metadata=param("idLessThan"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)

    def __attrs_post_init__(self) -> None:
        checks.time_window(self.start, self.end, max_span_ms=self.max_span_ms)


@attrs.frozen(kw_only=True)
class FillsQuery(SpotRecordsQuery):
    """The account's fills, of one order when ``order_id`` is given."""

    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))


@attrs.frozen(kw_only=True)
class TradesHistoryQuery(SpotRecordsQuery):
    """Older public trades of one symbol: a window of at most 7 days, up to 1000 a page."""

    max_span_ms: ClassVar[int] = TRADES_SPAN_MS

    symbol: str = attrs.field(converter=checks.symbol)
    limit: int | None = attrs.field(default=None, converter=_optional_limit_1000)


@attrs.frozen(kw_only=True)
class SpotBillsQuery(CoinRecordsQuery):
    """Ledger entries: a window of at most 90 days, up to 500 a page, before an ``idLessThan`` cursor."""

    max_span_ms: ClassVar[int | None] = ACCOUNT_SPAN_MS

    group_type: str | None = attrs.field(default=None, converter=_group_type, metadata=param("groupType"))
    business_type: str | None = attrs.field(default=None, converter=_business_type, metadata=param("businessType"))
    id_less_than: str | None = attrs.field(default=None, converter=_id_less_than, metadata=param("idLessThan"))
