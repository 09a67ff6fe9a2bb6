"""``client.spot``: spot market data, trading and account endpoints as typed methods.

Each method declares its path, its request model (which checked the arguments when it was built) and what to make
of the answer; each path's budget and retry rule come from the endpoint catalogue, which the client reads.
Trading, trigger orders and cancel-replace are mixins of their own modules.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import Any, Unpack

from ..models import (
    AccountInfo,
    Candle,
    Coin,
    Granularity,
    OrderBook,
    Page,
    ResponseFormatError,
    SpotAsset,
    SpotBill,
    SpotFill,
    SpotOrder,
    SpotSymbol,
    SpotTicker,
    Trade,
)
from ..models import _checks as checks
from ..models._request import CoinFilter, optional_start
from ..models._spot_queries import (
    ACCOUNT_SPAN_MS,
    TRADES_SPAN_MS,
    BookQuery,
    CandleQuery,
    HistoryCandleQuery,
    SpotBillsQuery,
    SymbolFilter,
    TradesHistoryQuery,
    TradesQuery,
)
from ..models._spot_requests import SymbolQuery
from ._base import CallOptions
from ._cast import id_cursor_page, one, parsed_rows, rows
from ._common import Time
from ._paging import HISTORY_CANDLES_PER_CALL, forward_candle_windows, items_in_range
from ._spot_plan import SpotPlanMethods
from ._spot_replace import SpotReplaceMethods
from ._spot_trade import SpotTradeMethods

__all__ = ["SpotAPI"]

_TICKERS = "/api/v2/spot/market/tickers"


def _ticker_of(symbol: str) -> Callable[[Any], SpotTicker]:
    """The ticker of ``symbol`` in a list answer (the first row, if none names it)."""

    def cast(data: Any) -> SpotTicker:
        found = data if isinstance(data, list) else []
        match = [row for row in found if isinstance(row, dict) and row.get("symbol") == symbol] or found
        if not match:
            raise ResponseFormatError(f"no ticker for {symbol!r} in the answer")
        return SpotTicker.from_wire(match[0])

    return cast


#: How the list answers are read: built once, each row's id is the next page's ``idLessThan``.
_TRADES_PAGE = id_cursor_page(Trade.from_wire, lambda trade: trade.trade_id)
_BILLS_PAGE = id_cursor_page(SpotBill.from_wire, lambda bill: bill.bill_id)


class SpotAPI(SpotTradeMethods, SpotPlanMethods, SpotReplaceMethods):
    """Spot endpoints (``/api/v2/spot/...``). Get it as ``client.spot``."""

    # -- market data (public) --

    async def symbols(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[SpotSymbol]:
        """Trading pairs and their rules (precision, minimum size, status)."""
        return await self._get("/api/v2/spot/public/symbols", SymbolFilter(symbol=symbol), rows(SpotSymbol), options)

    async def coins(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[Coin]:
        """Coins and their chains (deposit and withdrawal rules)."""
        return await self._get("/api/v2/spot/public/coins", CoinFilter(coin=coin), rows(Coin), options)

    async def ticker(self, symbol: str, **options: Unpack[CallOptions]) -> SpotTicker:
        """The 24-hour ticker of one symbol (as ``client.futures.ticker`` for a contract)."""
        query = SymbolQuery(symbol=symbol)
        return await self._get(_TICKERS, query, _ticker_of(query.symbol), options)

    async def tickers(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[SpotTicker]:
        """24-hour tickers of every symbol (or a list of one, for ``symbol``; :meth:`ticker` returns it bare)."""
        return await self._get(_TICKERS, SymbolFilter(symbol=symbol), rows(SpotTicker), options)

    async def orderbook(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> OrderBook:
        """Order book to ``limit`` levels a side (1 to 150); None, the default, is the deepest served (150)."""
        query = BookQuery(symbol=symbol, limit=limit)
        return await self._get("/api/v2/spot/market/orderbook", query, one(OrderBook), options)

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
        """Recent candles, oldest first (at most 1000 a call)."""
        query = CandleQuery(symbol=symbol, granularity=granularity, start=start, end=end, limit=limit)
        return await self._get("/api/v2/spot/market/candles", query, parsed_rows(Candle.from_spot_row), options)

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
        """Older candles opening before ``end`` (default: now), oldest first (at most 200 a call).

        ``start`` drops candles opening before it (the spot endpoint takes only ``end``; futures takes both).
        """
        query = HistoryCandleQuery(symbol=symbol, granularity=granularity, end=end, limit=limit)
        start_ms = optional_start(start)
        path = "/api/v2/spot/market/history-candles"
        candles = await self._get(path, query, parsed_rows(Candle.from_spot_row), options)
        return candles if start_ms is None else [candle for candle in candles if candle.open_time_ms >= start_ms]

    async def trades(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> list[Trade]:
        """The most recent public trades, newest first (at most 500)."""
        return await self._get(
            "/api/v2/spot/market/fills", TradesQuery(symbol=symbol, limit=limit), rows(Trade), options
        )

    async def trades_history(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[Trade]:
        """Older public trades, newest first; a window spans at most 7 days; ``end_id`` pages further back."""
        query = TradesHistoryQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get("/api/v2/spot/market/fills-history", query, _TRADES_PAGE, options)

    # -- account (signed) --

    async def account_info(self, **options: Unpack[CallOptions]) -> AccountInfo:
        """The API key's account: user id, permissions, whitelisted IPs."""
        return await self._get("/api/v2/spot/account/info", None, one(AccountInfo), options)

    async def assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[SpotAsset]:
        """Spot balances: one coin, or every coin held."""
        return await self._get("/api/v2/spot/account/assets", CoinFilter(coin=coin), rows(SpotAsset), options)

    async def bills(
        self,
        coin: str | None = None,
        *,
        group_type: str | None = None,
        business_type: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[SpotBill]:
        """Ledger entries, newest first (at most 500 a page; a window spans at most 90 days)."""
        query = SpotBillsQuery(
            coin=coin,
            group_type=group_type,
            business_type=business_type,
            start=start,
            end=end,
            id_less_than=id_less_than,
            limit=limit,
        )
        return await self._get("/api/v2/spot/account/bills", query, _BILLS_PAGE, options)

    # -- paging: every page is one call with the caller's options --

    async def iter_history_candles(
        self, symbol: str, granularity: Granularity | str, start: Time, end: Time, **options: Unpack[CallOptions]
    ) -> AsyncIterator[Candle]:
        """Every candle opening in ``[start, end)``, oldest first, 200 a request."""
        member = checks.granularity(granularity, futures=False)
        start_ms, end_ms = checks.range_ms(start, end)
        symbol = checks.symbol(symbol)

        async def fetch(end_time: int) -> list[Candle]:
            return await self.history_candles(symbol, member, end_time, limit=HISTORY_CANDLES_PER_CALL, **options)

        async for candle in forward_candle_windows(fetch, start_ms=start_ms, end_ms=end_ms, granularity=member):
            yield candle

    async def iter_history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[SpotOrder]:
        """Every order in the window (default: the last 90 days), newest first, following ``idLessThan``."""
        pages = functools.partial(self.history_orders, **options)
        orders = items_in_range(
            pages, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=ACCOUNT_SPAN_MS
        )
        async for order in orders:
            yield order

    async def iter_fills(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[SpotFill]:
        """Every fill in the window (default: the last 90 days), newest first, following ``idLessThan``."""
        pages = functools.partial(self.fills, **options)
        fills = items_in_range(
            pages, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=ACCOUNT_SPAN_MS
        )
        async for fill in fills:
            yield fill

    async def iter_trades_history(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 1000,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[Trade]:
        """Every public trade in the window, newest first: 7-day windows, each followed by ``idLessThan``.

        Without both ``start`` and ``end`` it follows ``idLessThan`` back as far as the exchange serves.
        """
        pages = functools.partial(self.trades_history, **options)
        trades = items_in_range(
            pages, checks.symbol(symbol), start, end, page_size=page_size, max_page_size=1000, span_ms=TRADES_SPAN_MS
        )
        async for trade in trades:
            yield trade
