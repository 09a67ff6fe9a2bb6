"""Futures market data as typed methods, mixed into ``FuturesAPI``: contracts, tickers, depth, candles, trades,
funding and open interest of one product line. All public, all reads."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable
from typing import Any, Unpack

from .._errors import ResponseFormatError
from ..models import Candle, Contract, FundingRate, FuturesTicker, Granularity, OpenInterest, OrderBook, Trade
from ..models import _checks as check
from ..models._futures_queries import (
    CandleQuery,
    DepthQuery,
    HistoryCandleQuery,
    TradesQuery,
)
from ..models._request import SymbolFilter, SymbolQuery
from ._base import CallOptions
from ._cast import first, one, parsed_rows, rows
from ._common import Time
from ._futures_line import FuturesLine
from ._paging import HISTORY_CANDLES_PER_CALL, forward_candle_windows

__all__ = ["FuturesMarketMethods"]


class FuturesMarketMethods(FuturesLine):
    """What the market shows: contracts and their rules, prices, depth, candles, trades, funding, interest."""

    async def contracts(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[Contract]:
        """Contracts of this product line and their trading rules."""
        return await self._get("/api/v2/mix/market/contracts", SymbolFilter(symbol=symbol), rows(Contract), options)

    async def ticker(self, symbol: str, **options: Unpack[CallOptions]) -> FuturesTicker:
        """The ticker of one contract."""
        answer = first(FuturesTicker, f"no ticker for {symbol!r} in the answer")
        return await self._get("/api/v2/mix/market/ticker", SymbolQuery(symbol=symbol), answer, options)

    async def tickers(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[FuturesTicker]:
        """Tickers of every contract of this product line (or a list of one, for ``symbol``, as on spot)."""
        if symbol is not None:
            return [await self.ticker(symbol, **options)]
        return await self._get("/api/v2/mix/market/tickers", None, rows(FuturesTicker), options)

    async def orderbook(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> OrderBook:
        """Order book (merged depth) with 1, 5, 15 or 50 levels a side; None, the default, is the deepest kept."""
        query = DepthQuery(symbol=symbol, limit=limit)
        return await self._get("/api/v2/mix/market/merge-depth", query, one(OrderBook), options)

    async def candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Candle]:
        """Recent candles, oldest first (at most 1000 a call; a window spans at most 90 days)."""
        query = CandleQuery(symbol=symbol, granularity=granularity, start=start, end=end, limit=limit)
        return await self._get("/api/v2/mix/market/candles", query, parsed_rows(Candle.from_futures_row), options)

    async def history_candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        end: Time | None = None,
        *,
        start: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Candle]:
        """Older candles opening before ``end`` (and from ``start``), oldest first (at most 200 a call)."""
        query = HistoryCandleQuery(symbol=symbol, granularity=granularity, start=start, end=end, limit=limit)
        return await self._get(
            "/api/v2/mix/market/history-candles", query, parsed_rows(Candle.from_futures_row), options
        )

    async def trades(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> list[Trade]:
        """The most recent public trades, newest first (at most 100)."""
        return await self._get(
            "/api/v2/mix/market/fills", TradesQuery(symbol=symbol, limit=limit), rows(Trade), options
        )

    async def funding_rate(self, symbol: str, **options: Unpack[CallOptions]) -> FundingRate:
        """The current funding rate of a contract."""
        answer = first(FundingRate, f"no funding rate for {symbol!r} in the answer")
        return await self._get("/api/v2/mix/market/current-fund-rate", SymbolQuery(symbol=symbol), answer, options)

    async def open_interest(self, symbol: str, **options: Unpack[CallOptions]) -> OpenInterest:
        """Open interest of a contract."""
        answer = functools.partial(_open_interest, symbol)
        return await self._get("/api/v2/mix/market/open-interest", SymbolQuery(symbol=symbol), answer, options)

    async def iter_history_candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        start: Time,
        end: Time,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[Candle]:
        """Every candle opening in ``[start, end)``, oldest first, 200 a request."""
        member = check.granularity(granularity, futures=True)
        start_ms, end_ms = check.range_ms(start, end)
        symbol = check.symbol(symbol)

        def fetch(end_time: int) -> Awaitable[list[Candle]]:
            return self.history_candles(symbol, member, end=end_time, limit=HISTORY_CANDLES_PER_CALL, **options)

        async for candle in forward_candle_windows(fetch, start_ms=start_ms, end_ms=end_ms, granularity=member):
            yield candle


def _open_interest(symbol: str, data: Any) -> OpenInterest:
    """``{"openInterestList": [...], "ts": ...}``: the first row, stamped with the answer's time."""
    found = data.get("openInterestList") if isinstance(data, dict) else None
    if not isinstance(found, list) or not found or not isinstance(found[0], dict):
        raise ResponseFormatError(f"no open interest for {symbol!r} in the answer")
    return OpenInterest.from_wire({"ts": data.get("ts"), **found[0]})
