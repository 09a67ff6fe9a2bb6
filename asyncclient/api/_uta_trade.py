"""``client.uta`` trading (signed, ``/api/v3/trade/...``): one set of endpoints for every category.

Placement is exactly-once: the client gives each order a clientOid when the caller gave none and, after an
ambiguous failure, looks it up (``order-info``) before re-sending (see ``_order_safety``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from ..models import (
    Category,
    Force,
    HoldSide,
    OrderAck,
    OrderType,
    Page,
    Side,
    StpMode,
    UtaBatchItem,
    UtaFill,
    UtaModifyRequest,
    UtaOrder,
    UtaOrderRequest,
)
from . import _validate as check
from ._common import Amount, Time, optional_amount
from ._uta_common import (
    UtaGroup,
    category,
    cursor_page,
    follow_cursor,
    history_query,
    ids,
    optional_category,
    optional_choice,
    rows_of,
)
from ._uta_orders import cancel_items, modify_params, order_list, order_params

__all__ = ["UtaTradeMethods"]


class UtaTradeMethods(UtaGroup):
    """Place, modify, cancel and query orders of any category."""

    async def place_order(
        self,
        category: Category | str,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        qty: Amount,
        *,
        price: Amount | None = None,
        time_in_force: Force | str | None = None,
        pos_side: HoldSide | str | None = None,
        reduce_only: bool | None = None,
        client_oid: str | None = None,
        stp_mode: StpMode | str | None = None,
        take_profit: Amount | None = None,
        stop_loss: Amount | None = None,
    ) -> OrderAck:
        """Place one order. ``qty`` is in the base coin, except a spot/margin market buy: the quote coin to spend."""
        order = UtaOrderRequest(
            category, symbol, side, order_type, qty, price, time_in_force, pos_side, reduce_only, client_oid, stp_mode
        )
        params = {
            **order_params(order),
            "takeProfit": optional_amount(take_profit, "take_profit"),
            "stopLoss": optional_amount(stop_loss, "stop_loss"),
        }
        return OrderAck.from_wire(await self._post("/api/v3/trade/place-order", params))

    async def batch_place_orders(self, orders: Sequence[UtaOrderRequest]) -> list[UtaBatchItem]:
        """Place up to 50 orders (any categories and symbols); each item says whether it was placed."""
        data = await self._post("/api/v3/trade/place-batch", order_list(orders, UtaOrderRequest, order_params))
        return [UtaBatchItem.from_wire(row) for row in rows_of(data)]

    async def cancel_order(
        self,
        category: Category | str | None = None,
        symbol: str | None = None,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        params = {
            "category": optional_category(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            **ids(order_id, client_oid),
        }
        return OrderAck.from_wire(await self._post("/api/v3/trade/cancel-order", params, urgent=True))

    async def batch_cancel_orders(
        self,
        category: Category | str,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
    ) -> list[UtaBatchItem]:
        """Cancel up to 50 orders of one symbol; some may fail while others succeed (each item says)."""
        items = cancel_items(category, symbol, order_ids, client_oids)
        data = await self._post("/api/v3/trade/cancel-batch", items, urgent=True)
        return [UtaBatchItem.from_wire(row) for row in rows_of(data)]

    async def cancel_symbol_orders(self, category: Category | str, symbol: str | None = None) -> list[UtaBatchItem]:
        """Cancel every open order of a category (of one symbol, if given)."""
        params = {"category": _category(category), "symbol": None if symbol is None else check.symbol(symbol)}
        data = await self._post("/api/v3/trade/cancel-symbol-order", params, urgent=True)
        return [UtaBatchItem.from_wire(row) for row in rows_of(data)]

    async def modify_order(
        self,
        category: Category | str,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        qty: Amount | None = None,
        price: Amount | None = None,
        auto_cancel: bool | None = None,
    ) -> OrderAck:
        """Change an open order's quantity and/or price (not repeated after an ambiguous failure)."""
        change = UtaModifyRequest(category, symbol, order_id, client_oid, qty, price, auto_cancel)
        return OrderAck.from_wire(await self._post("/api/v3/trade/modify-order", modify_params(change)))

    async def batch_modify_orders(self, changes: Sequence[UtaModifyRequest]) -> list[UtaBatchItem]:
        """Modify up to 50 open orders; each item says whether it was changed."""
        body = order_list(changes, UtaModifyRequest, modify_params)
        return [
            UtaBatchItem.from_wire(row) for row in rows_of(await self._post("/api/v3/trade/batch-modify-order", body))
        ]

    async def order_info(self, order_id: str | None = None, *, client_oid: str | None = None) -> UtaOrder:
        """One order of any category, by ``order_id`` or ``client_oid``; 25204 (OrderNotFoundError) if none."""
        return UtaOrder.from_wire(await self._get("/api/v3/trade/order-info", ids(order_id, client_oid)))

    async def open_orders(
        self,
        category: Category | str | None = None,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaOrder]:
        """One page of open orders, newest first; ``end_id`` is the next page's cursor."""
        params = {
            "category": optional_category(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/trade/unfilled-orders", params), UtaOrder)

    async def order_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaOrder]:
        """One page of finished orders (filled or cancelled), newest first; ``end_id`` is the next cursor."""
        params = {
            "category": _category(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/trade/history-orders", params), UtaOrder)

    def iter_order_history(
        self, category: Category | str, symbol: str | None = None, *, page_size: int = 100
    ) -> AsyncIterator[UtaOrder]:
        """Every finished order, newest first, page by page."""
        check.limit(page_size, "page_size", maximum=100)
        return follow_cursor(lambda cursor: self.order_history(category, symbol, cursor=cursor, limit=page_size))

    async def trade_fills(
        self,
        category: Category | str | None = None,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaFill]:
        """One page of the account's fills, newest first; ``end_id`` is the next page's cursor."""
        params = {
            "category": optional_category(category),
            "orderId": None if order_id is None else check.order_id(order_id),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/trade/fills", params), UtaFill)

    def iter_trade_fills(
        self, category: Category | str | None = None, *, page_size: int = 100
    ) -> AsyncIterator[UtaFill]:
        """Every fill, newest first, page by page."""
        check.limit(page_size, "page_size", maximum=100)
        return follow_cursor(lambda cursor: self.trade_fills(category, cursor=cursor, limit=page_size))

    async def close_positions(
        self, category: Category | str, symbol: str | None = None, *, pos_side: HoldSide | str | None = None
    ) -> list[UtaBatchItem]:
        """Close futures positions at market (all of the category, one symbol's, or one side's)."""
        params = {
            "category": _futures_category(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            "posSide": optional_choice(pos_side, HoldSide, "pos_side"),
        }
        return [
            UtaBatchItem.from_wire(row) for row in rows_of(await self._post("/api/v3/trade/close-positions", params))
        ]

    async def countdown_cancel_all(self, seconds: int) -> None:
        """The dead-man switch: cancel every open order unless called again within ``seconds`` (0 turns it off)."""
        count = check.limit(seconds, "seconds", minimum=0, maximum=600)
        await self._post("/api/v3/trade/countdown-cancel-all", {"countdown": str(count)})


def _category(value: Category | str) -> str:
    return category(value)


def _futures_category(value: Category | str) -> str:
    return category(value, futures_only=True)
