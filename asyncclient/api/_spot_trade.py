"""Spot trading (place, batch, cancel, look up orders and fills) as typed methods, mixed into ``SpotAPI``.

Placements go through the client's exactly-once machinery (it knows them by path, from the catalogue): an order
gets a ``clientOid`` when it has none and is looked up, never placed twice, after a failure whose outcome is
unknown. Cancels jump the queue of the rate limiter (``urgent``), unless the caller says ``urgent=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Unpack

from .._errors import OrderNotFoundError
from ..models import BatchResult, Force, OrderAck, OrderType, Page, Side, SpotFill, SpotOrder, StpMode
from ..models._spot_queries import FillsQuery, SpotRecordsQuery
from ..models._spot_requests import (
    OneOrder,
    SpotBatchCancelRequest,
    SpotBatchPlaceRequest,
    SpotCancelRequest,
    SpotOrderRequest,
    SpotPlaceRequest,
    SymbolQuery,
)
from ._base import CallOptions, Group
from ._cast import id_cursor_page, one
from ._common import Amount, Time

__all__ = ["SpotTradeMethods"]

_ORDER_INFO = "/api/v2/spot/trade/orderInfo"


def _batch(raise_on_failure: bool) -> Callable[[Any], BatchResult]:
    """A batch answer; with ``raise_on_failure``, a :class:`BatchError` if any item failed."""

    def cast(data: Any) -> BatchResult:
        result = BatchResult.from_wire(data)
        return result.raise_for_failures() if raise_on_failure else result

    return cast


def _symbol_of(symbol: str) -> Callable[[Any], str]:
    """The symbol the exchange names in its answer (``symbol`` when it names none)."""

    def cast(data: Any) -> str:
        return str(data.get("symbol", symbol)) if isinstance(data, dict) else symbol

    return cast


def _found(ids: OneOrder) -> Callable[[Any], SpotOrder]:
    """The first order of the answer; :class:`OrderNotFoundError` when it holds none."""

    def cast(data: Any) -> SpotOrder:
        if not isinstance(data, list) or not data:
            raise OrderNotFoundError(
                f"no order {ids.order_id or ids.client_oid}", http_status=200, code=None, method="GET", path=_ORDER_INFO
            )
        return SpotOrder.from_wire(data[0])

    return cast


#: How the list answers are read: built once, each row's id is the next page's ``idLessThan``.
_OPEN_ORDERS_PAGE = id_cursor_page(SpotOrder.from_unfilled_wire, lambda order: order.order_id)
_ORDERS_PAGE = id_cursor_page(SpotOrder.from_wire, lambda order: order.order_id)
_FILLS_PAGE = id_cursor_page(SpotFill.from_wire, lambda fill: fill.trade_id)


class SpotTradeMethods(Group):
    """Orders on the spot book."""

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place one order. ``size`` is the base quantity; for a market buy, the quote amount to spend."""
        request = SpotPlaceRequest(
            symbol=symbol,
            order=SpotOrderRequest(side, order_type, size, price, force, client_oid, stp_mode),
            preset_take_profit_price=preset_take_profit_price,
            preset_stop_loss_price=preset_stop_loss_price,
        )
        return await self._post("/api/v2/spot/trade/place-order", request, one(OrderAck), options)

    async def batch_place_orders(
        self,
        symbol: str,
        orders: Sequence[SpotOrderRequest],
        *,
        raise_on_failure: bool = False,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Place up to 50 orders on one symbol. Refused items come back in ``failed`` (or raise, if asked)."""
        request = SpotBatchPlaceRequest(symbol=symbol, orders=orders)
        return await self._post("/api/v2/spot/trade/batch-orders", request, _batch(raise_on_failure), options)

    async def cancel_order(
        self,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        request = SpotCancelRequest(symbol=symbol, order_id=order_id, client_oid=client_oid)
        return await self._post("/api/v2/spot/trade/cancel-order", request, one(OrderAck), options, urgent=True)

    async def batch_cancel_orders(
        self,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        raise_on_failure: bool = False,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Cancel up to 50 orders of one symbol by order id and/or client order id."""
        request = SpotBatchCancelRequest(symbol=symbol, order_ids=order_ids, client_oids=client_oids)
        path = "/api/v2/spot/trade/batch-cancel-order"
        return await self._post(path, request, _batch(raise_on_failure), options, urgent=True)

    async def cancel_symbol_orders(self, symbol: str, **options: Unpack[CallOptions]) -> str:
        """Cancel every open order of ``symbol`` (the exchange does it asynchronously); returns the symbol."""
        request = SymbolQuery(symbol=symbol)
        path = "/api/v2/spot/trade/cancel-symbol-order"
        return await self._post(path, request, _symbol_of(request.symbol), options, urgent=True)

    async def order(
        self, order_id: str | None = None, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> SpotOrder:
        """One order by ``order_id`` or ``client_oid``; :class:`OrderNotFoundError` if there is none."""
        request = OneOrder(order_id=order_id, client_oid=client_oid)
        return await self._get(_ORDER_INFO, request, _found(request), options)

    async def open_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[SpotOrder]:
        """Orders still on the book, newest first (at most 100 a page; ``end_id`` pages further back)."""
        query = SpotRecordsQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get("/api/v2/spot/trade/unfilled-orders", query, _OPEN_ORDERS_PAGE, options)

    async def history_orders(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[SpotOrder]:
        """Filled and cancelled orders of the last 90 days, newest first (a window spans at most 90 days)."""
        query = SpotRecordsQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get("/api/v2/spot/trade/history-orders", query, _ORDERS_PAGE, options)

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
    ) -> Page[SpotFill]:
        """The account's fills, newest first (a window spans at most 90 days)."""
        query = FillsQuery(
            symbol=symbol, order_id=order_id, start=start, end=end, id_less_than=id_less_than, limit=limit
        )
        return await self._get("/api/v2/spot/trade/fills", query, _FILLS_PAGE, options)
