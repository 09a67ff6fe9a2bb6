"""``client.futures``: futures ("mix") market data, account, position and trading endpoints as typed methods.

One :class:`FuturesAPI` serves one product line (``productType``): USDT-M by default;
``client.futures_for(...)`` or :meth:`FuturesAPI.for_product` gives COIN-M or USDC-M. Each method builds its
request model (which checks the arguments), and sends it with the product line's ``productType``.

(Over 300 lines: one group's thin declarations (market data, account, positions, orders, paging); plans,
position changes and records are mixins apart.)
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Unpack

from .._errors import ResponseFormatError
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
    Side,
    StpMode,
    Trade,
    TradeSide,
)
from ..models._futures_fields import ContractRequest, SymbolPage
from ..models._futures_queries import (
    CandleQuery,
    DepthQuery,
    HistoryCandleQuery,
    LeverageRequest,
    MarginModeRequest,
    PositionModeRequest,
    SymbolFilter,
    SymbolQuery,
    TradesQuery,
)
from ..models._futures_requests import (
    FuturesBatchCancel,
    FuturesBatchPlacement,
    FuturesCancel,
    FuturesFillPage,
    FuturesOrderQuery,
    FuturesPlacement,
    MarginCoinFilter,
    PositionsClose,
)
from . import _validate as check
from ._base import CallOptions
from ._cast import first, one, page_at, rows, rows_by
from ._common import Amount, Time
from ._futures_plan import FuturesPlanMethods
from ._futures_position import FuturesPositionMethods
from ._futures_records import FuturesRecordsMethods
from ._paging import HISTORY_CANDLES_PER_CALL, forward_candle_windows, items_in_range

__all__ = ["FuturesAPI"]

_MIX = "/api/v2/mix"
#: Futures orders and fills: one query may span at most three months.
_ACCOUNT_SPAN_MS = 90 * 86_400_000


class FuturesAPI(FuturesPlanMethods, FuturesPositionMethods, FuturesRecordsMethods):
    """Futures endpoints (``/api/v2/mix/...``) for one product line. Get it as ``client.futures``."""

    def for_product(self, product_type: ProductType | str) -> FuturesAPI:
        """The same endpoints for another product line (COIN-FUTURES, USDC-FUTURES, demo lines)."""
        return FuturesAPI(self._requester, product_type)

    def __repr__(self) -> str:
        return f"FuturesAPI(product_type={self.product_type.value!r})"

    # -- market data (public) --

    async def contracts(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[Contract]:
        """Contracts of this product line and their trading rules."""
        return await self._get(f"{_MIX}/market/contracts", SymbolFilter(symbol=symbol), rows(Contract), options)

    async def ticker(self, symbol: str, **options: Unpack[CallOptions]) -> FuturesTicker:
        """The ticker of one contract."""
        answer = first(FuturesTicker, f"no ticker for {symbol!r} in the answer")
        return await self._get(f"{_MIX}/market/ticker", SymbolQuery(symbol=symbol), answer, options)

    async def tickers(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[FuturesTicker]:
        """Tickers of every contract of this product line (or a list of one, for ``symbol``, as on spot)."""
        if symbol is not None:
            return [await self.ticker(symbol, **options)]
        return await self._get(f"{_MIX}/market/tickers", None, rows(FuturesTicker), options)

    async def orderbook(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> OrderBook:
        """Order book (merged depth) with 1, 5, 15 or 50 levels a side; None, the default, is the deepest kept."""
        query = DepthQuery(symbol=symbol, limit=limit)
        return await self._get(f"{_MIX}/market/merge-depth", query, one(OrderBook), options)

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
        return await self._get(f"{_MIX}/market/candles", query, rows_by(Candle.from_futures_row), options)

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
        return await self._get(f"{_MIX}/market/history-candles", query, rows_by(Candle.from_futures_row), options)

    async def trades(self, symbol: str, limit: int | None = None, **options: Unpack[CallOptions]) -> list[Trade]:
        """The most recent public trades, newest first (at most 100)."""
        return await self._get(f"{_MIX}/market/fills", TradesQuery(symbol=symbol, limit=limit), rows(Trade), options)

    async def funding_rate(self, symbol: str, **options: Unpack[CallOptions]) -> FundingRate:
        """The current funding rate of a contract."""
        answer = first(FundingRate, f"no funding rate for {symbol!r} in the answer")
        return await self._get(f"{_MIX}/market/current-fund-rate", SymbolQuery(symbol=symbol), answer, options)

    async def open_interest(self, symbol: str, **options: Unpack[CallOptions]) -> OpenInterest:
        """Open interest of a contract."""
        answer = functools.partial(_open_interest, symbol)
        return await self._get(f"{_MIX}/market/open-interest", SymbolQuery(symbol=symbol), answer, options)

    # -- account and positions (signed) --

    async def account(
        self, symbol: str, margin_coin: str | None = None, **options: Unpack[CallOptions]
    ) -> FuturesAccount:
        """The account of one margin coin, with the leverage and modes set for ``symbol``."""
        query = ContractRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin))
        return await self._get(f"{_MIX}/account/account", query, one(FuturesAccount), options)

    async def accounts(self, **options: Unpack[CallOptions]) -> list[FuturesAccount]:
        """Every margin coin's account in this product line."""
        return await self._get(f"{_MIX}/account/accounts", None, rows(FuturesAccount), options)

    async def positions(self, margin_coin: str | None = None, **options: Unpack[CallOptions]) -> list[Position]:
        """Every open position."""
        query = MarginCoinFilter(margin_coin=margin_coin)
        return await self._get(f"{_MIX}/position/all-position", query, rows(Position), options)

    async def position(
        self, symbol: str, margin_coin: str | None = None, **options: Unpack[CallOptions]
    ) -> list[Position]:
        """The positions of one contract (two in hedge mode: long and short; none when flat)."""
        query = ContractRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin))
        return await self._get(f"{_MIX}/position/single-position", query, rows(Position), options)

    async def set_leverage(
        self,
        symbol: str,
        leverage: int,
        *,
        margin_coin: str | None = None,
        hold_side: HoldSide | str | None = None,
        **options: Unpack[CallOptions],
    ) -> LeverageSettings:
        """Set the leverage of a contract (``hold_side`` for one side in isolated hedge mode)."""
        request = LeverageRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), leverage=leverage, hold_side=hold_side
        )
        return await self._post(f"{_MIX}/account/set-leverage", request, one(LeverageSettings), options)

    async def set_margin_mode(
        self,
        symbol: str,
        margin_mode: MarginMode | str,
        *,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> LeverageSettings:
        """Switch a contract between isolated and crossed margin (only while it has no position or order)."""
        request = MarginModeRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin), margin_mode=margin_mode)
        return await self._post(f"{_MIX}/account/set-margin-mode", request, one(LeverageSettings), options)

    async def set_position_mode(
        self, position_mode: PositionMode | str, **options: Unpack[CallOptions]
    ) -> PositionMode:
        """Switch the product line between one-way and hedge mode; returns the mode now in force."""
        request = PositionModeRequest(position_mode=position_mode)
        answer = functools.partial(_position_mode, request.position_mode)
        return await self._post(f"{_MIX}/account/set-position-mode", request, answer, options)

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place one order; ``size`` is in the base coin. ``trade_side`` opens or closes in hedge mode."""
        order = FuturesOrderRequest(
            side, order_type, size, price, force, trade_side, reduce_only, client_oid,
            preset_take_profit_price, preset_stop_loss_price, stp_mode,
        )  # fmt: skip
        request = FuturesPlacement(
            symbol=symbol, margin_mode=margin_mode, margin_coin=self._margin_coin(margin_coin), order=order
        )
        return await self._post(f"{_MIX}/order/place-order", request, one(OrderAck), options)

    async def batch_place_orders(
        self,
        symbol: str,
        orders: Sequence[FuturesOrderRequest],
        *,
        margin_mode: MarginMode | str = MarginMode.CROSSED,
        margin_coin: str | None = None,
        raise_on_failure: bool = False,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Place up to 50 orders on one contract; refused items come back in ``failed`` (or raise)."""
        request = FuturesBatchPlacement(
            symbol=symbol, margin_mode=margin_mode, margin_coin=self._margin_coin(margin_coin), orders=orders
        )
        return await self._post(f"{_MIX}/order/batch-place-order", request, _batch(raise_on_failure), options)

    async def cancel_order(
        self,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        request = FuturesCancel(symbol=symbol, order_id=order_id, client_oid=client_oid, margin_coin=margin_coin)
        return await self._post(f"{_MIX}/order/cancel-order", request, one(OrderAck), options, urgent=True)

    async def batch_cancel_orders(
        self,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        margin_coin: str | None = None,
        raise_on_failure: bool = False,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Cancel up to 50 orders of one contract by order id and/or client order id."""
        request = FuturesBatchCancel(
            symbol=symbol, margin_coin=margin_coin, order_ids=order_ids, client_oids=client_oids
        )
        path = f"{_MIX}/order/batch-cancel-orders"
        return await self._post(path, request, _batch(raise_on_failure), options, urgent=True)

    async def cancel_all_orders(
        self, *, margin_coin: str | None = None, raise_on_failure: bool = False, **options: Unpack[CallOptions]
    ) -> BatchResult:
        """Cancel every open order of this product line (optionally of one margin coin)."""
        request = MarginCoinFilter(margin_coin=margin_coin)
        path = f"{_MIX}/order/cancel-all-orders"
        return await self._post(path, request, _batch(raise_on_failure), options, urgent=True)

    async def close_positions(
        self,
        symbol: str | None = None,
        *,
        hold_side: HoldSide | str | None = None,
        raise_on_failure: bool = False,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Flash close: positions at market, one contract's (one side in hedge mode), or every one when None."""
        request = PositionsClose(symbol=symbol, hold_side=hold_side)
        path = f"{_MIX}/order/close-positions"
        return await self._post(path, request, _batch(raise_on_failure), options, urgent=True)

    async def order(
        self,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> FuturesOrder:
        """One order by ``order_id`` or ``client_oid``."""
        query = FuturesOrderQuery(symbol=symbol, order_id=order_id, client_oid=client_oid)
        return await self._get(f"{_MIX}/order/detail", query, one(FuturesOrder), options)

    async def open_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesOrder]:
        """Orders still on the book, newest first (at most 100 a page; ``end_id`` pages further back)."""
        query = SymbolPage(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get(f"{_MIX}/order/orders-pending", query, page_at("entrustedList", FuturesOrder), options)

    async def history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesOrder]:
        """Filled and cancelled orders, newest first (a window spans at most 90 days)."""
        query = SymbolPage(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get(f"{_MIX}/order/orders-history", query, page_at("entrustedList", FuturesOrder), options)

    async def fills(
        self,
        symbol: str | None = None,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesFill]:
        """The account's fills, newest first (a window spans at most 90 days)."""
        query = FuturesFillPage(
            symbol=symbol, order_id=order_id, start=start, end=end, id_less_than=id_less_than, limit=limit
        )
        return await self._get(f"{_MIX}/order/fills", query, page_at("fillList", FuturesFill), options)

    # -- paging: every page one call, with the caller's options --

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

    async def iter_history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[FuturesOrder]:
        """Every order in the window, newest first, following ``endId``."""
        pages = functools.partial(self.history_orders, **options)
        orders = items_in_range(
            pages, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=_ACCOUNT_SPAN_MS
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
    ) -> AsyncIterator[FuturesFill]:
        """Every fill in the window, newest first, following ``endId``."""
        pages = functools.partial(self.fills, **options)
        fills = items_in_range(
            pages, symbol, start, end, page_size=page_size, max_page_size=100, span_ms=_ACCOUNT_SPAN_MS
        )
        async for fill in fills:
            yield fill


def _batch(raise_on_failure: bool) -> Callable[[Any], BatchResult]:
    """A batch answer; with ``raise_on_failure`` a refused item raises :class:`BatchError`."""

    def cast(data: Any) -> BatchResult:
        result = BatchResult.from_wire(data)
        return result.raise_for_failures() if raise_on_failure else result

    return cast


def _open_interest(symbol: str, data: Any) -> OpenInterest:
    """``{"openInterestList": [...], "ts": ...}``: the first row, stamped with the answer's time."""
    found = data.get("openInterestList") if isinstance(data, dict) else None
    if not isinstance(found, list) or not found:
        raise ResponseFormatError(f"no open interest for {symbol!r} in the answer")
    return OpenInterest.from_wire({"ts": data.get("ts"), **found[0]})


def _position_mode(asked: PositionMode, data: Any) -> PositionMode:
    """The mode the answer says is in force (the one asked for when it says nothing)."""
    return PositionMode(str(data.get("posMode", asked.value))) if isinstance(data, dict) else asked
