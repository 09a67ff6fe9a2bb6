"""``client.uta`` market data (public, ``/api/v3/market/...``): one endpoint per kind of data for every category.

Every call takes the shared market budget of 20 requests per second per IP (the safe reading: whether v3 market
data shares v2's budget is not documented), plus its own where the endpoint's is lower.
"""

from __future__ import annotations

from typing import Any, Unpack

from ..models import (
    Candle,
    Category,
    Granularity,
    PositionTier,
    UtaFundingRate,
    UtaFundingRateHistory,
    UtaInstrument,
    UtaOpenInterest,
    UtaOrderBook,
    UtaTicker,
    UtaTrade,
)
from ..models._uta_queries import (
    BookQuery,
    CandlesQuery,
    FundingHistoryQuery,
    FuturesSymbolQuery,
    FuturesSymbolsQuery,
    HistoryCandlesQuery,
    RecentFillsQuery,
    SymbolOnlyQuery,
    SymbolsQuery,
)
from ._base import CallOptions
from ._cast import one, rows, rows_in
from ._common import Time, as_rows
from ._uta_common import UtaGroup

__all__ = ["UtaMarketMethods"]


def _candles(data: Any) -> list[Candle]:
    """A candle answer (rows of strings), oldest first."""
    return sorted((Candle.from_futures_row(row) for row in as_rows(data)), key=lambda candle: candle.open_time_ms)


class UtaMarketMethods(UtaGroup):
    """Instruments, tickers, order book, candles, recent trades, funding, open interest, position tiers."""

    async def instruments(
        self, category: Category | str, symbol: str | None = None, **options: Unpack[CallOptions]
    ) -> list[UtaInstrument]:
        """Instruments of one category and their trading rules (one symbol, or all)."""
        query = SymbolsQuery(category=category, symbol=symbol)
        return await self._get("/api/v3/market/instruments", query, rows(UtaInstrument), options)

    async def tickers(
        self, category: Category | str, symbol: str | None = None, **options: Unpack[CallOptions]
    ) -> list[UtaTicker]:
        """24-hour tickers of one category: one symbol, or every symbol when ``symbol`` is None."""
        query = SymbolsQuery(category=category, symbol=symbol)
        return await self._get("/api/v3/market/tickers", query, rows(UtaTicker), options)

    async def orderbook(
        self, category: Category | str, symbol: str, limit: int = 50, **options: Unpack[CallOptions]
    ) -> UtaOrderBook:
        """Order book to ``limit`` levels a side (at most 200)."""
        query = BookQuery(category=category, symbol=symbol, limit=limit)
        return await self._get("/api/v3/market/orderbook", query, one(UtaOrderBook), options)

    async def candles(
        self,
        category: Category | str,
        symbol: str,
        granularity: Granularity | str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Candle]:
        """Recent candles, oldest first (at most 1000 a call)."""
        query = CandlesQuery(category=category, symbol=symbol, interval=granularity, start=start, end=end, limit=limit)
        return await self._get("/api/v3/market/candles", query, _candles, options)

    async def history_candles(
        self,
        category: Category | str,
        symbol: str,
        granularity: Granularity | str,
        end: Time,
        *,
        start: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Candle]:
        """Older candles up to ``end``, oldest first (at most 100 a call)."""
        query = HistoryCandlesQuery(
            category=category, symbol=symbol, interval=granularity, start=start, end=end, limit=limit
        )
        return await self._get("/api/v3/market/history-candles", query, _candles, options)

    async def fills(
        self, category: Category | str, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]
    ) -> list[UtaTrade]:
        """The most recent public trades, newest first (at most 100)."""
        query = RecentFillsQuery(category=category, symbol=symbol, limit=limit)
        return await self._get("/api/v3/market/fills", query, rows(UtaTrade), options)

    async def funding_rate(self, symbol: str, **options: Unpack[CallOptions]) -> list[UtaFundingRate]:
        """The current funding rate of a perpetual, with its interval and next settlement."""
        query = SymbolOnlyQuery(symbol=symbol)
        return await self._get("/api/v3/market/current-fund-rate", query, rows(UtaFundingRate), options)

    async def funding_rate_history(
        self,
        category: Category | str,
        symbol: str,
        *,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[UtaFundingRateHistory]:
        """Settled funding rates of a perpetual, newest first (at most 100 a call)."""
        query = FundingHistoryQuery(category=category, symbol=symbol, cursor=cursor, limit=limit)
        cast = rows_in("resultList", UtaFundingRateHistory)
        return await self._get("/api/v3/market/history-fund-rate", query, cast, options)

    async def open_interest(
        self, category: Category | str, symbol: str | None = None, **options: Unpack[CallOptions]
    ) -> UtaOpenInterest:
        """Open interest (base coin) of one contract, or of every contract of the category."""
        query = FuturesSymbolsQuery(category=category, symbol=symbol)
        return await self._get("/api/v3/market/open-interest", query, one(UtaOpenInterest), options)

    async def position_tiers(
        self, category: Category | str, symbol: str, **options: Unpack[CallOptions]
    ) -> list[PositionTier]:
        """Risk-limit tiers of a contract: position value ranges, maximum leverage, maintenance margin rates."""
        query = FuturesSymbolQuery(category=category, symbol=symbol)
        return await self._get("/api/v3/market/position-tier", query, rows_in("list", PositionTier), options)
