"""``client.futures``: futures ("mix") market data, account, position and trading endpoints as typed methods.

One :class:`FuturesAPI` serves one product line (``productType``): USDT-M by default;
``client.futures_for(...)`` or :meth:`FuturesAPI.for_product` gives COIN-M or USDC-M. Methods validate, build
parameters, call ``request()`` and convert the answer to a model.

(Over 300 lines: one group's thin typed methods (market data, account, positions, orders); the plan and position
mixins are apart already, and the shared-helper conversion (issue 16, item 4) will shrink it.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

from .._errors import InputError
from ..models import (
    BatchResult,
    Candle,
    Contract,
    Force,
    FundingRate,
    FuturesAccount,
    FuturesFill,
    FuturesOrder,
    FuturesOrderRequest,
    FuturesTicker,
    Granularity,
    HoldSide,
    LeverageSettings,
    MarginMode,
    OpenInterest,
    OrderAck,
    OrderBook,
    OrderType,
    Page,
    Position,
    PositionMode,
    ProductType,
    ResponseFormatError,
    Side,
    StpMode,
    Trade,
    TradeSide,
)
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, symbol_list_query
from ._futures_plan import FuturesPlanMethods
from ._futures_position import FuturesPositionMethods
from ._futures_records import FuturesRecordsMethods
from ._orders import batch_order_params, cancel_list, futures_order_params
from ._paging import HISTORY_CANDLES_PER_CALL, forward_candle_windows, items_in_range
from ._protocol import Requester

__all__ = ["FuturesAPI"]

T = TypeVar("T")

_DAY_MS = 86_400_000
#: Futures orders and fills: one query may span at most three months.
_ACCOUNT_SPAN_MS = 90 * _DAY_MS
#: merge-depth accepts these level counts ("max" is the deepest the exchange keeps).
_DEPTH_LIMITS = {1: "1", 5: "5", 15: "15", 50: "50"}


class FuturesAPI(FuturesPlanMethods, FuturesPositionMethods, FuturesRecordsMethods):
    """Futures endpoints (``/api/v2/mix/...``) for one product line. Get it as ``client.futures``."""

    def __init__(self, requester: Requester, product_type: ProductType | str = ProductType.USDT_FUTURES) -> None:
        self._requester = requester
        self.product_type = check.choice(product_type, ProductType, "product_type")

    def for_product(self, product_type: ProductType | str) -> FuturesAPI:
        """The same endpoints for another product line (COIN-FUTURES, USDC-FUTURES, demo lines)."""
        return FuturesAPI(self._requester, product_type)

    def __repr__(self) -> str:
        return f"FuturesAPI(product_type={self.product_type.value!r})"

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        query = {"productType": self.product_type.value, **(params or {})}
        return await self._requester.request("GET", path, drop_none(query))

    async def _post(self, path: str, params: dict[str, Any], *, urgent: bool = False) -> Any:
        body = {"productType": self.product_type.value, **params}
        return await self._requester.request("POST", path, drop_none(body), urgent=urgent)

    def _margin_coin(self, margin_coin: str | None) -> str:
        if margin_coin is not None:
            return check.coin(margin_coin, "margin_coin")
        default = self.product_type.default_margin_coin
        if default is None:
            raise InputError(f"margin_coin is required for {self.product_type.value} (e.g. 'BTC')")
        return default

    # -- market data (public) --

    async def contracts(self, symbol: str | None = None) -> list[Contract]:
        """Contracts of this product line and their trading rules."""
        params = {"symbol": None if symbol is None else check.symbol(symbol)}
        return [Contract.from_wire(row) for row in as_rows(await self._get("/api/v2/mix/market/contracts", params))]

    async def ticker(self, symbol: str) -> FuturesTicker:
        """The ticker of one contract."""
        rows = as_rows(await self._get("/api/v2/mix/market/ticker", {"symbol": check.symbol(symbol)}))
        if not rows:
            raise ResponseFormatError(f"no ticker for {symbol!r} in the answer")
        return FuturesTicker.from_wire(rows[0])

    async def tickers(self, symbol: str | None = None) -> list[FuturesTicker]:
        """Tickers of every contract of this product line (or a list of one, for ``symbol``, as on spot)."""
        if symbol is not None:
            return [await self.ticker(symbol)]
        return [FuturesTicker.from_wire(row) for row in as_rows(await self._get("/api/v2/mix/market/tickers"))]

    async def orderbook(self, symbol: str, limit: int | None = None) -> OrderBook:
        """Order book (merged depth) with 1, 5, 15 or 50 levels a side; None, the default, is the deepest kept."""
        if limit is not None and limit not in _DEPTH_LIMITS:
            raise InputError(f"limit must be one of 1, 5, 15, 50 or None (the deepest), got {limit!r}")
        params = {"symbol": check.symbol(symbol), "limit": "max" if limit is None else _DEPTH_LIMITS[limit]}
        return OrderBook.from_wire(await self._get("/api/v2/mix/market/merge-depth", params))

    async def candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[Candle]:
        """Recent candles, oldest first (at most 1000 a call; a window spans at most 90 days)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_ACCOUNT_SPAN_MS)
        params = {
            "symbol": check.symbol(symbol),
            "granularity": check.granularity(granularity, futures=True).futures,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=1000),
        }
        rows = as_rows(await self._get("/api/v2/mix/market/candles", params))
        return [Candle.from_futures_row(row) for row in rows]

    async def history_candles(
        self,
        symbol: str,
        granularity: Granularity | str,
        end: Time | None = None,
        *,
        start: Time | None = None,
        limit: int | None = None,
    ) -> list[Candle]:
        """Older candles opening before ``end`` (and from ``start``), oldest first (at most 200 a call)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_ACCOUNT_SPAN_MS)
        params = {
            "symbol": check.symbol(symbol),
            "granularity": check.granularity(granularity, futures=True).futures,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=200),
        }
        rows = as_rows(await self._get("/api/v2/mix/market/history-candles", params))
        return [Candle.from_futures_row(row) for row in rows]

    async def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """The most recent public trades, newest first (at most 100)."""
        params = {
            "symbol": check.symbol(symbol),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        return [Trade.from_wire(row) for row in as_rows(await self._get("/api/v2/mix/market/fills", params))]

    async def funding_rate(self, symbol: str) -> FundingRate:
        """The current funding rate of a contract."""
        rows = as_rows(await self._get("/api/v2/mix/market/current-fund-rate", {"symbol": check.symbol(symbol)}))
        if not rows:
            raise ResponseFormatError(f"no funding rate for {symbol!r} in the answer")
        return FundingRate.from_wire(rows[0])

    async def open_interest(self, symbol: str) -> OpenInterest:
        """Open interest of a contract."""
        data = await self._get("/api/v2/mix/market/open-interest", {"symbol": check.symbol(symbol)})
        rows = as_rows(data.get("openInterestList")) if isinstance(data, dict) else []
        if not rows:
            raise ResponseFormatError(f"no open interest for {symbol!r} in the answer")
        return OpenInterest.from_wire({"ts": data.get("ts"), **rows[0]})

    # -- account and positions (signed) --

    async def account(self, symbol: str, margin_coin: str | None = None) -> FuturesAccount:
        """The account of one margin coin, with the leverage and modes set for ``symbol``."""
        params = {"symbol": check.symbol(symbol), "marginCoin": self._margin_coin(margin_coin)}
        return FuturesAccount.from_wire(await self._get("/api/v2/mix/account/account", params))

    async def accounts(self) -> list[FuturesAccount]:
        """Every margin coin's account in this product line."""
        return [FuturesAccount.from_wire(row) for row in as_rows(await self._get("/api/v2/mix/account/accounts"))]

    async def positions(self, margin_coin: str | None = None) -> list[Position]:
        """Every open position."""
        params = {"marginCoin": None if margin_coin is None else check.coin(margin_coin, "margin_coin")}
        return [
            Position.from_wire(row) for row in as_rows(await self._get("/api/v2/mix/position/all-position", params))
        ]

    async def position(self, symbol: str, margin_coin: str | None = None) -> list[Position]:
        """The positions of one contract (two in hedge mode: long and short; none when flat)."""
        params = {"symbol": check.symbol(symbol), "marginCoin": self._margin_coin(margin_coin)}
        rows = as_rows(await self._get("/api/v2/mix/position/single-position", params))
        return [Position.from_wire(row) for row in rows]

    async def set_leverage(
        self,
        symbol: str,
        leverage: int,
        *,
        margin_coin: str | None = None,
        hold_side: HoldSide | str | None = None,
    ) -> LeverageSettings:
        """Set the leverage of a contract (``hold_side`` for one side in isolated hedge mode)."""
        params = {
            "symbol": check.symbol(symbol),
            "marginCoin": self._margin_coin(margin_coin),
            "leverage": str(check.limit(leverage, "leverage", maximum=500)),
            "holdSide": None if hold_side is None else check.choice(hold_side, HoldSide, "hold_side").value,
        }
        return LeverageSettings.from_wire(await self._post("/api/v2/mix/account/set-leverage", params))

    async def set_margin_mode(
        self, symbol: str, margin_mode: MarginMode | str, *, margin_coin: str | None = None
    ) -> LeverageSettings:
        """Switch a contract between isolated and crossed margin (only while it has no position or order)."""
        params = {
            "symbol": check.symbol(symbol),
            "marginCoin": self._margin_coin(margin_coin),
            "marginMode": check.choice(margin_mode, MarginMode, "margin_mode").value,
        }
        return LeverageSettings.from_wire(await self._post("/api/v2/mix/account/set-margin-mode", params))

    async def set_position_mode(self, position_mode: PositionMode | str) -> PositionMode:
        """Switch the product line between one-way and hedge mode; returns the mode now in force."""
        mode = check.choice(position_mode, PositionMode, "position_mode")
        data = await self._post("/api/v2/mix/account/set-position-mode", {"posMode": mode.value})
        return PositionMode(str(data.get("posMode", mode.value))) if isinstance(data, dict) else mode

    # -- trading (signed) --

    async def place_order(
        self,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        size: Amount,
        *,
        price: Amount | None = None,
        margin_mode: MarginMode | str = MarginMode.CROSSED,
        margin_coin: str | None = None,
        force: Force | str = Force.GTC,
        trade_side: TradeSide | str | None = None,
        reduce_only: bool | None = None,
        client_oid: str | None = None,
        preset_take_profit_price: Amount | None = None,
        preset_stop_loss_price: Amount | None = None,
        stp_mode: StpMode | str | None = None,
    ) -> OrderAck:
        """Place one order; ``size`` is in the base coin. ``trade_side`` opens or closes in hedge mode."""
        order = FuturesOrderRequest(
            side,
            order_type,
            size,
            price,
            force,
            trade_side,
            reduce_only,
            client_oid,
            preset_take_profit_price,
            preset_stop_loss_price,
            stp_mode,
        )
        params = {
            "symbol": check.symbol(symbol),
            "marginMode": check.choice(margin_mode, MarginMode, "margin_mode").value,
            "marginCoin": self._margin_coin(margin_coin),
            **futures_order_params(order),
        }
        return OrderAck.from_wire(await self._post("/api/v2/mix/order/place-order", params))

    async def batch_place_orders(
        self,
        symbol: str,
        orders: Sequence[FuturesOrderRequest],
        *,
        margin_mode: MarginMode | str = MarginMode.CROSSED,
        margin_coin: str | None = None,
        raise_on_failure: bool = False,
    ) -> BatchResult:
        """Place up to 50 orders on one contract; refused items come back in ``failed`` (or raise)."""
        order_list = batch_order_params(orders, FuturesOrderRequest, futures_order_params)
        params = {
            "symbol": check.symbol(symbol),
            "marginMode": check.choice(margin_mode, MarginMode, "margin_mode").value,
            "marginCoin": self._margin_coin(margin_coin),
            "orderList": order_list,
        }
        result = BatchResult.from_wire(await self._post("/api/v2/mix/order/batch-place-order", params))
        return result.raise_for_failures() if raise_on_failure else result

    async def cancel_order(
        self,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        margin_coin: str | None = None,
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        params = {
            "symbol": check.symbol(symbol),
            "marginCoin": None if margin_coin is None else check.coin(margin_coin, "margin_coin"),
            **check.one_of_ids(order_id, client_oid),
        }
        return OrderAck.from_wire(await self._post("/api/v2/mix/order/cancel-order", params, urgent=True))

    async def batch_cancel_orders(
        self,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        margin_coin: str | None = None,
        raise_on_failure: bool = False,
    ) -> BatchResult:
        """Cancel up to 50 orders of one contract by order id and/or client order id."""
        order_list = cancel_list(order_ids, client_oids)
        params = {
            "symbol": check.symbol(symbol),
            "marginCoin": None if margin_coin is None else check.coin(margin_coin, "margin_coin"),
            "orderIdList": order_list,
        }
        data = await self._post("/api/v2/mix/order/batch-cancel-orders", params, urgent=True)
        result = BatchResult.from_wire(data)
        return result.raise_for_failures() if raise_on_failure else result

    async def cancel_all_orders(self, *, margin_coin: str | None = None, raise_on_failure: bool = False) -> BatchResult:
        """Cancel every open order of this product line (optionally of one margin coin)."""
        params = {"marginCoin": None if margin_coin is None else check.coin(margin_coin, "margin_coin")}
        result = BatchResult.from_wire(await self._post("/api/v2/mix/order/cancel-all-orders", params, urgent=True))
        return result.raise_for_failures() if raise_on_failure else result

    async def close_positions(
        self,
        symbol: str | None = None,
        *,
        hold_side: HoldSide | str | None = None,
        raise_on_failure: bool = False,
    ) -> BatchResult:
        """Flash close: positions at market, one contract's (one side in hedge mode), or every one when None."""
        params = {
            "symbol": None if symbol is None else check.symbol(symbol),
            "holdSide": None if hold_side is None else check.choice(hold_side, HoldSide, "hold_side").value,
        }
        result = BatchResult.from_wire(await self._post("/api/v2/mix/order/close-positions", params, urgent=True))
        return result.raise_for_failures() if raise_on_failure else result

    async def order(self, symbol: str, order_id: str | None = None, *, client_oid: str | None = None) -> FuturesOrder:
        """One order by ``order_id`` or ``client_oid``."""
        params = {"symbol": check.symbol(symbol), **check.one_of_ids(order_id, client_oid)}
        return FuturesOrder.from_wire(await self._get("/api/v2/mix/order/detail", params))

    async def open_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[FuturesOrder]:
        """Orders still on the book, newest first (at most 100 a page; ``end_id`` pages further back)."""
        data = await self._get("/api/v2/mix/order/orders-pending", _query(symbol, start, end, id_less_than, limit))
        return _page(data, "entrustedList", FuturesOrder.from_wire)

    async def history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[FuturesOrder]:
        """Filled and cancelled orders, newest first (a window spans at most 90 days)."""
        data = await self._get("/api/v2/mix/order/orders-history", _query(symbol, start, end, id_less_than, limit))
        return _page(data, "entrustedList", FuturesOrder.from_wire)

    async def fills(
        self,
        symbol: str | None = None,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[FuturesFill]:
        """The account's fills, newest first (a window spans at most 90 days)."""
        params = _query(symbol, start, end, id_less_than, limit)
        params["orderId"] = None if order_id is None else check.order_id(order_id)
        data = await self._get("/api/v2/mix/order/fills", params)
        return _page(data, "fillList", FuturesFill.from_wire)

    # -- paging --

    async def iter_history_candles(
        self, symbol: str, granularity: Granularity | str, start: Time, end: Time
    ) -> AsyncIterator[Candle]:
        """Every candle opening in ``[start, end)``, oldest first, 200 a request."""
        member = check.granularity(granularity, futures=True)
        start_ms, end_ms = check.range_ms(start, end)
        symbol = check.symbol(symbol)

        def fetch(end_time: int) -> Awaitable[list[Candle]]:
            return self.history_candles(symbol, member, end=end_time, limit=HISTORY_CANDLES_PER_CALL)

        async for candle in forward_candle_windows(fetch, start_ms=start_ms, end_ms=end_ms, granularity=member):
            yield candle

    async def iter_history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[FuturesOrder]:
        """Every order in the window, newest first, following ``endId``."""
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
    ) -> AsyncIterator[FuturesFill]:
        """Every fill in the window, newest first, following ``endId``."""
        fills = items_in_range(
            self.fills, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=_ACCOUNT_SPAN_MS
        )
        async for fill in fills:
            yield fill


def _query(
    symbol: str | None, start: Time | None, end: Time | None, id_less_than: str | None, limit: int | None
) -> dict[str, Any]:
    return symbol_list_query(symbol, start, end, id_less_than, limit, max_span_ms=_ACCOUNT_SPAN_MS, max_limit=100)


def _page(data: Any, key: str, parse: Callable[[Any], T]) -> Page[T]:
    """``{key: [...], "endId": "..."}`` (the list may be null when empty)."""
    if not isinstance(data, dict):
        return Page(())
    items = tuple(parse(row) for row in as_rows(data.get(key)))
    end_id = data.get("endId")
    return Page(items, str(end_id) if end_id not in (None, "") else None)
