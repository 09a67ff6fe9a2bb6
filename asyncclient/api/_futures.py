"""``client.futures``: futures ("mix") market data, account, position and trading endpoints as typed methods.

One :class:`FuturesAPI` serves one product line (``productType``): USDT-M by default;
``client.futures_for(...)`` or :meth:`FuturesAPI.for_product` gives COIN-M or USDC-M. Each method builds its
request model (which checks the arguments), and sends it with the product line's ``productType``.

Orders are here; market data, accounts, plans, position changes and records are mixins, one module each.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, Unpack

from ..models import (
    BatchResult,
    Force,
    FuturesFill,
    FuturesOrder,
    FuturesOrderRequest,
    HoldSide,
    MarginMode,
    OrderAck,
    OrderType,
    Page,
    ProductType,
    Side,
    StpMode,
    TradeSide,
)
from ..models._futures_fields import SymbolPage
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
from ._base import CallOptions
from ._cast import one, page_at
from ._common import Amount, Time
from ._futures_account import FuturesAccountMethods
from ._futures_market import FuturesMarketMethods
from ._futures_plan import FuturesPlanMethods
from ._futures_position import FuturesPositionMethods
from ._futures_records import FuturesRecordsMethods
from ._paging import items_in_range

__all__ = ["FuturesAPI"]

#: Futures orders and fills: one query may span at most three months.
_ACCOUNT_SPAN_MS = 90 * 86_400_000


class FuturesAPI(
    FuturesMarketMethods, FuturesAccountMethods, FuturesPlanMethods, FuturesPositionMethods, FuturesRecordsMethods
):
    """Futures endpoints (``/api/v2/mix/...``) for one product line. Get it as ``client.futures``."""

    def for_product(self, product_type: ProductType | str) -> FuturesAPI:
        """The same endpoints for another product line (COIN-FUTURES, USDC-FUTURES, demo lines)."""
        return FuturesAPI(self._requester, product_type)

    def __repr__(self) -> str:
        return f"FuturesAPI(product_type={self.product_type.value!r})"

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
        return await self._post("/api/v2/mix/order/place-order", request, one(OrderAck), options)

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
        return await self._post("/api/v2/mix/order/batch-place-order", request, _batch(raise_on_failure), options)

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
        return await self._post("/api/v2/mix/order/cancel-order", request, one(OrderAck), options, urgent=True)

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
        path = "/api/v2/mix/order/batch-cancel-orders"
        return await self._post(path, request, _batch(raise_on_failure), options, urgent=True)

    async def cancel_all_orders(
        self, *, margin_coin: str | None = None, raise_on_failure: bool = False, **options: Unpack[CallOptions]
    ) -> BatchResult:
        """Cancel every open order of this product line (optionally of one margin coin)."""
        request = MarginCoinFilter(margin_coin=margin_coin)
        path = "/api/v2/mix/order/cancel-all-orders"
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
        path = "/api/v2/mix/order/close-positions"
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
        return await self._get("/api/v2/mix/order/detail", query, one(FuturesOrder), options)

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
        return await self._get(
            "/api/v2/mix/order/orders-pending", query, page_at("entrustedList", FuturesOrder), options
        )

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
        return await self._get(
            "/api/v2/mix/order/orders-history", query, page_at("entrustedList", FuturesOrder), options
        )

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
        return await self._get("/api/v2/mix/order/fills", query, page_at("fillList", FuturesFill), options)

    # -- paging: every page one call, with the caller's options --
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
