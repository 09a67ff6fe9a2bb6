"""``client.uta`` market data (public, ``/api/v3/market/...``): one endpoint per kind of data for every category.

Every call takes the shared market budget of 20 requests per second per IP (the safe reading: whether v3 market
data shares v2's budget is not documented), plus its own where the endpoint's is lower.
"""

from __future__ import annotations

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
from . import _validate as check
from ._common import Time, as_rows
from ._uta_common import UtaGroup, category, rows_of

__all__ = ["UtaMarketMethods"]


class UtaMarketMethods(UtaGroup):
    """Instruments, tickers, order book, candles, recent trades, funding, open interest, position tiers."""

    async def instruments(self, category: Category | str, symbol: str | None = None) -> list[UtaInstrument]:
        """Instruments of one category and their trading rules (one symbol, or all)."""
        params = {"category": _category(category), "symbol": _optional_symbol(symbol)}
        return [UtaInstrument.from_wire(row) for row in as_rows(await self._get("/api/v3/market/instruments", params))]

    async def tickers(self, category: Category | str, symbol: str | None = None) -> list[UtaTicker]:
        """24-hour tickers of one category: one symbol, or every symbol when ``symbol`` is None."""
        params = {"category": _category(category), "symbol": _optional_symbol(symbol)}
        return [UtaTicker.from_wire(row) for row in as_rows(await self._get("/api/v3/market/tickers", params))]

    async def orderbook(self, category: Category | str, symbol: str, limit: int = 50) -> UtaOrderBook:
        """Order book to ``limit`` levels a side (at most 200)."""
        params = {
            "category": _category(category),
            "symbol": check.symbol(symbol),
            "limit": check.limit(limit, maximum=200),
        }
        return UtaOrderBook.from_wire(await self._get("/api/v3/market/orderbook", params))

    async def candles(
        self,
        category: Category | str,
        symbol: str,
        granularity: Granularity | str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[Candle]:
        """Recent candles, oldest first (at most 1000 a call)."""
        start_ms, end_ms = check.time_window(start, end)
        params = {
            "category": _category(category),
            "symbol": check.symbol(symbol),
            "interval": check.granularity(granularity, futures=True).futures,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=1000),
        }
        rows = as_rows(await self._get("/api/v3/market/candles", params))
        return sorted((Candle.from_futures_row(row) for row in rows), key=lambda candle: candle.open_time_ms)

    async def history_candles(
        self,
        category: Category | str,
        symbol: str,
        granularity: Granularity | str,
        end: Time,
        *,
        start: Time | None = None,
        limit: int | None = None,
    ) -> list[Candle]:
        """Older candles up to ``end``, oldest first (at most 100 a call)."""
        start_ms, end_ms = check.time_window(start, end)
        params = {
            "category": _category(category),
            "symbol": check.symbol(symbol),
            "interval": check.granularity(granularity, futures=True).futures,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        rows = as_rows(await self._get("/api/v3/market/history-candles", params))
        return sorted((Candle.from_futures_row(row) for row in rows), key=lambda candle: candle.open_time_ms)

    async def fills(self, category: Category | str, symbol: str, limit: int | None = None) -> list[UtaTrade]:
        """The most recent public trades, newest first (at most 100)."""
        params = {
            "category": _category(category),
            "symbol": check.symbol(symbol),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        return [UtaTrade.from_wire(row) for row in as_rows(await self._get("/api/v3/market/fills", params))]

    async def funding_rate(self, symbol: str) -> list[UtaFundingRate]:
        """The current funding rate of a perpetual, with its interval and next settlement."""
        data = await self._get("/api/v3/market/current-fund-rate", {"symbol": check.symbol(symbol)})
        return [UtaFundingRate.from_wire(row) for row in as_rows(data)]

    async def funding_rate_history(
        self, category: Category | str, symbol: str, *, cursor: str | None = None, limit: int | None = None
    ) -> list[UtaFundingRateHistory]:
        """Settled funding rates of a perpetual, newest first (at most 100 a call)."""
        params = {
            "category": category_futures(category),
            "symbol": check.symbol(symbol),
            "cursor": cursor,
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._get("/api/v3/market/history-fund-rate", params)
        rows = data.get("resultList") if isinstance(data, dict) else data
        return [UtaFundingRateHistory.from_wire(row) for row in as_rows(rows)]

    async def open_interest(self, category: Category | str, symbol: str | None = None) -> UtaOpenInterest:
        """Open interest (base coin) of one contract, or of every contract of the category."""
        params = {"category": category_futures(category), "symbol": _optional_symbol(symbol)}
        return UtaOpenInterest.from_wire(await self._get("/api/v3/market/open-interest", params))

    async def position_tiers(self, category: Category | str, symbol: str) -> list[PositionTier]:
        """Risk-limit tiers of a contract: position value ranges, maximum leverage, maintenance margin rates."""
        params = {"category": category_futures(category), "symbol": check.symbol(symbol)}
        return [PositionTier.from_wire(row) for row in rows_of(await self._get("/api/v3/market/position-tier", params))]


def _category(value: Category | str) -> str:
    return category(value)


def category_futures(value: Category | str) -> str:
    return category(value, futures_only=True)


def _optional_symbol(symbol: str | None) -> str | None:
    return None if symbol is None else check.symbol(symbol)
