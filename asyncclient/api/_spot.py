"""``client.spot``: spot market data, trading and account endpoints as typed methods.

Each method validates its arguments, builds the exchange's parameters, calls ``request()`` and converts the
answer to a model; nothing else happens here. Each path's budget and retry rule come from the endpoint
catalogue, which the client reads.

(Over 300 lines: one group's thin typed methods; the plan and replace mixins are apart already, and the shared-
helper conversion (issue 16, item 4) will shrink it.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from .._errors import OrderNotFoundError
from ..models import (
    AccountInfo,
    BatchResult,
    Candle,
    Coin,
    Force,
    Granularity,
    OrderAck,
    OrderBook,
    OrderType,
    Page,
    ResponseFormatError,
    Side,
    SpotAsset,
    SpotBill,
    SpotFill,
    SpotOrder,
    SpotOrderRequest,
    SpotSymbol,
    SpotTicker,
    StpMode,
    Trade,
)
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, now_ms, optional_amount, symbol_list_query
from ._orders import batch_order_params, cancel_list, spot_order_params
from ._paging import HISTORY_CANDLES_PER_CALL, forward_candle_windows, items_in_range
from ._protocol import Requester
from ._spot_plan import SpotPlanMethods
from ._spot_replace import SpotReplaceMethods

__all__ = ["SpotAPI"]


_DAY_MS = 86_400_000
#: Spot orders, fills and bills: one query may span at most 90 days.
_ACCOUNT_SPAN_MS = 90 * _DAY_MS
#: The deepest order book the spot endpoint serves (the default depth).
_MAX_DEPTH = 150
#: Public trade history: one query may span at most 7 days.
_TRADES_SPAN_MS = 7 * _DAY_MS


class SpotAPI(SpotPlanMethods, SpotReplaceMethods):
    """Spot endpoints (``/api/v2/spot/...``). Get it as ``client.spot``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self._requester.request("GET", path, drop_none(params or {}))

    async def _post(self, path: str, params: dict[str, Any], *, urgent: bool = False) -> Any:
        return await self._requester.request("POST", path, drop_none(params), urgent=urgent)

    # -- market data (public) --

    async def symbols(self, symbol: str | None = None) -> list[SpotSymbol]:
        """Trading pairs and their rules (precision, minimum size, status)."""
        params = {"symbol": None if symbol is None else check.symbol(symbol)}
        return [SpotSymbol.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/public/symbols", params))]

    async def coins(self, coin: str | None = None) -> list[Coin]:
        """Coins and their chains (deposit and withdrawal rules)."""
        params = {"coin": None if coin is None else check.coin(coin)}
        return [Coin.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/public/coins", params))]

    async def ticker(self, symbol: str) -> SpotTicker:
        """The 24-hour ticker of one symbol (as ``client.futures.ticker`` for a contract)."""
        symbol = check.symbol(symbol)
        rows = as_rows(await self._get("/api/v2/spot/market/tickers", {"symbol": symbol}))
        match = [row for row in rows if isinstance(row, dict) and row.get("symbol") == symbol] or rows
        if not match:
            raise ResponseFormatError(f"no ticker for {symbol!r} in the answer")
        return SpotTicker.from_wire(match[0])

    async def tickers(self, symbol: str | None = None) -> list[SpotTicker]:
        """24-hour tickers of every symbol (or a list of one, for ``symbol``; :meth:`ticker` returns it bare)."""
        params = {"symbol": None if symbol is None else check.symbol(symbol)}
        return [SpotTicker.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/market/tickers", params))]

    async def orderbook(self, symbol: str, limit: int | None = None) -> OrderBook:
        """Order book to ``limit`` levels a side (1 to 150); None, the default, is the deepest served (150)."""
        depth = _MAX_DEPTH if limit is None else check.limit(limit, maximum=_MAX_DEPTH)
        params = {"symbol": check.symbol(symbol), "type": "step0", "limit": depth}
        return OrderBook.from_wire(await self._get("/api/v2/spot/market/orderbook", params))

    async def candles(
        self,
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
            "symbol": check.symbol(symbol),
            "granularity": check.granularity(granularity, futures=False).spot,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=1000),
        }
        rows = as_rows(await self._get("/api/v2/spot/market/candles", params))
        return [Candle.from_spot_row(row) for row in rows]

    async def history_candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        end: Time | None = None,
        *,
        start: Time | None = None,
        limit: int | None = None,
    ) -> list[Candle]:
        """Older candles opening before ``end`` (default: now), oldest first (at most 200 a call).

        ``start`` drops candles opening before it (the spot endpoint takes only ``end``; futures takes both).
        """
        end_ms = now_ms() if end is None else check.time_ms(end, "end")
        start_ms = None if start is None else check.time_ms(start, "start")
        params = {
            "symbol": check.symbol(symbol),
            "granularity": check.granularity(granularity, futures=False).spot,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=200),
        }
        rows = as_rows(await self._get("/api/v2/spot/market/history-candles", params))
        candles = [Candle.from_spot_row(row) for row in rows]
        return candles if start_ms is None else [candle for candle in candles if candle.open_time_ms >= start_ms]

    async def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """The most recent public trades, newest first (at most 500)."""
        params = {
            "symbol": check.symbol(symbol),
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        return [Trade.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/market/fills", params))]

    async def trades_history(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[Trade]:
        """Older public trades, newest first; a window spans at most 7 days; ``end_id`` pages further back."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_TRADES_SPAN_MS)
        params = {
            "symbol": check.symbol(symbol),
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=1000),
        }
        trades = [Trade.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/market/fills-history", params))]
        return Page(tuple(trades), trades[-1].trade_id if trades else None)

    # -- trading (signed) --

    async def place_order(
        self,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        size: Amount,
        *,
        price: Amount | None = None,
        force: Force | str = Force.GTC,
        client_oid: str | None = None,
        stp_mode: StpMode | str | None = None,
        preset_take_profit_price: Amount | None = None,
        preset_stop_loss_price: Amount | None = None,
    ) -> OrderAck:
        """Place one order. ``size`` is the base quantity; for a market buy, the quote amount to spend."""
        order = SpotOrderRequest(side, order_type, size, price, force, client_oid, stp_mode)
        params = {
            "symbol": check.symbol(symbol),
            **spot_order_params(order),
            "presetTakeProfitPrice": optional_amount(preset_take_profit_price, "preset_take_profit_price"),
            "presetStopLossPrice": optional_amount(preset_stop_loss_price, "preset_stop_loss_price"),
        }
        return OrderAck.from_wire(await self._post("/api/v2/spot/trade/place-order", params))

    async def batch_place_orders(
        self, symbol: str, orders: Sequence[SpotOrderRequest], *, raise_on_failure: bool = False
    ) -> BatchResult:
        """Place up to 50 orders on one symbol. Refused items come back in ``failed`` (or raise, if asked)."""
        order_list = batch_order_params(orders, SpotOrderRequest, spot_order_params)
        params = {"symbol": check.symbol(symbol), "batchMode": "single", "orderList": order_list}
        result = BatchResult.from_wire(await self._post("/api/v2/spot/trade/batch-orders", params))
        return result.raise_for_failures() if raise_on_failure else result

    async def cancel_order(
        self, symbol: str, order_id: str | None = None, *, client_oid: str | None = None
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        params = {"symbol": check.symbol(symbol), **check.one_of_ids(order_id, client_oid)}
        return OrderAck.from_wire(await self._post("/api/v2/spot/trade/cancel-order", params, urgent=True))

    async def batch_cancel_orders(
        self,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        raise_on_failure: bool = False,
    ) -> BatchResult:
        """Cancel up to 50 orders of one symbol by order id and/or client order id."""
        order_list = cancel_list(order_ids, client_oids)
        params = {"symbol": check.symbol(symbol), "batchMode": "single", "orderList": order_list}
        data = await self._post("/api/v2/spot/trade/batch-cancel-order", params, urgent=True)
        result = BatchResult.from_wire(data)
        return result.raise_for_failures() if raise_on_failure else result

    async def cancel_symbol_orders(self, symbol: str) -> str:
        """Cancel every open order of ``symbol`` (the exchange does it asynchronously); returns the symbol."""
        data = await self._post("/api/v2/spot/trade/cancel-symbol-order", {"symbol": check.symbol(symbol)}, urgent=True)
        return str(data.get("symbol", symbol)) if isinstance(data, dict) else check.symbol(symbol)

    async def order(self, order_id: str | None = None, *, client_oid: str | None = None) -> SpotOrder:
        """One order by ``order_id`` or ``client_oid``; :class:`OrderNotFoundError` if there is none."""
        path = "/api/v2/spot/trade/orderInfo"
        rows = as_rows(await self._get(path, check.one_of_ids(order_id, client_oid)))
        if not rows:
            raise OrderNotFoundError(
                f"no order {order_id or client_oid}", http_status=200, code=None, method="GET", path=path
            )
        return SpotOrder.from_wire(rows[0])

    async def open_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[SpotOrder]:
        """Orders still on the book, newest first (at most 100 a page; ``end_id`` pages further back)."""
        params = _account_query(symbol, start, end, id_less_than, limit)
        rows = as_rows(await self._get("/api/v2/spot/trade/unfilled-orders", params))
        orders = [SpotOrder.from_unfilled_wire(row) for row in rows]
        return Page(tuple(orders), orders[-1].order_id if orders else None)

    async def history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[SpotOrder]:
        """Filled and cancelled orders of the last 90 days, newest first (a window spans at most 90 days)."""
        params = _account_query(symbol, start, end, id_less_than, limit)
        orders = [
            SpotOrder.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/trade/history-orders", params))
        ]
        return Page(tuple(orders), orders[-1].order_id if orders else None)

    async def fills(
        self,
        symbol: str | None = None,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[SpotFill]:
        """The account's fills, newest first (a window spans at most 90 days)."""
        params = _account_query(symbol, start, end, id_less_than, limit)
        params["orderId"] = None if order_id is None else check.order_id(order_id)
        fills = [SpotFill.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/trade/fills", params))]
        return Page(tuple(fills), fills[-1].trade_id if fills else None)

    # -- account (signed) --

    async def account_info(self) -> AccountInfo:
        """The API key's account: user id, permissions, whitelisted IPs."""
        return AccountInfo.from_wire(await self._get("/api/v2/spot/account/info"))

    async def assets(self, coin: str | None = None) -> list[SpotAsset]:
        """Spot balances: one coin, or every coin held."""
        params = {"coin": None if coin is None else check.coin(coin)}
        return [SpotAsset.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/account/assets", params))]

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
    ) -> Page[SpotBill]:
        """Ledger entries, newest first (at most 500 a page; a window spans at most 90 days)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_ACCOUNT_SPAN_MS)
        params = {
            "coin": None if coin is None else check.coin(coin),
            "groupType": group_type,
            "businessType": business_type,
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        bills = [SpotBill.from_wire(row) for row in as_rows(await self._get("/api/v2/spot/account/bills", params))]
        return Page(tuple(bills), bills[-1].bill_id if bills else None)

    # -- paging --

    async def iter_history_candles(
        self, symbol: str, granularity: Granularity | str, start: Time, end: Time
    ) -> AsyncIterator[Candle]:
        """Every candle opening in ``[start, end)``, oldest first, 200 a request."""
        member = check.granularity(granularity, futures=False)
        start_ms, end_ms = check.range_ms(start, end)
        symbol = check.symbol(symbol)

        async def fetch(end_time: int) -> list[Candle]:
            return await self.history_candles(symbol, member, end_time, limit=HISTORY_CANDLES_PER_CALL)

        async for candle in forward_candle_windows(fetch, start_ms=start_ms, end_ms=end_ms, granularity=member):
            yield candle

    async def iter_history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[SpotOrder]:
        """Every order in the window (default: the last 90 days), newest first, following ``idLessThan``."""
        orders = items_in_range(
            self.history_orders, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=_ACCOUNT_SPAN_MS
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
    ) -> AsyncIterator[SpotFill]:
        """Every fill in the window (default: the last 90 days), newest first, following ``idLessThan``."""
        fills = items_in_range(
            self.fills, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=_ACCOUNT_SPAN_MS
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
    ) -> AsyncIterator[Trade]:
        """Every public trade in the window, newest first: 7-day windows, each followed by ``idLessThan``.

        Without both ``start`` and ``end`` it follows ``idLessThan`` back as far as the exchange serves.
        """
        symbol = check.symbol(symbol)
        trades = items_in_range(
            self.trades_history, symbol, start, end, page_size=page_size, max_page_size=1000, span_ms=_TRADES_SPAN_MS
        )
        async for trade in trades:
            yield trade


def _account_query(
    symbol: str | None, start: Time | None, end: Time | None, id_less_than: str | None, limit: int | None
) -> dict[str, Any]:
    return symbol_list_query(symbol, start, end, id_less_than, limit, max_span_ms=_ACCOUNT_SPAN_MS, max_limit=100)
