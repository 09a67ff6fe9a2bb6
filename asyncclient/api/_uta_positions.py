"""``client.uta`` positions (``/api/v3/position/...``) and TP/SL strategy orders (``/api/v3/trade/*strategy*``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from .._errors import InputError
from ..models import (
    Category,
    HoldSide,
    OrderAck,
    OrderType,
    Page,
    TriggerBy,
    UtaPosition,
    UtaPositionRecord,
    UtaStrategyOrder,
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
    optional_choice,
    optional_client_oid,
    rows_of,
)

__all__ = ["UtaPositionMethods"]


class UtaPositionMethods(UtaGroup):
    """Open and closed futures positions; take-profit and stop-loss orders on them."""

    async def positions(
        self, category: Category | str, symbol: str | None = None, *, pos_side: HoldSide | str | None = None
    ) -> list[UtaPosition]:
        """Open positions of a futures category (one symbol's, if given)."""
        params = {
            "category": _futures(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            "posSide": optional_choice(pos_side, HoldSide, "pos_side"),
        }
        return [UtaPosition.from_wire(r) for r in rows_of(await self._get("/api/v3/position/current-position", params))]

    async def position_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaPositionRecord]:
        """One page of closed positions, newest first; ``end_id`` is the next page's cursor."""
        params = {
            "category": _futures(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/position/history-position", params), UtaPositionRecord)

    def iter_position_history(
        self, category: Category | str, symbol: str | None = None, *, page_size: int = 100
    ) -> AsyncIterator[UtaPositionRecord]:
        """Every closed position, newest first, page by page."""
        check.limit(page_size, "page_size", maximum=100)
        return follow_cursor(lambda cursor: self.position_history(category, symbol, cursor=cursor, limit=page_size))

    # -- TP/SL (strategy) orders --

    async def place_strategy_order(
        self,
        category: Category | str,
        symbol: str,
        pos_side: HoldSide | str,
        *,
        qty: Amount | None = None,
        take_profit: Amount | None = None,
        stop_loss: Amount | None = None,
        tp_trigger_by: TriggerBy | str | None = None,
        sl_trigger_by: TriggerBy | str | None = None,
        tp_order_type: OrderType | str | None = None,
        sl_order_type: OrderType | str | None = None,
        tp_limit_price: Amount | None = None,
        sl_limit_price: Amount | None = None,
        client_oid: str | None = None,
    ) -> OrderAck:
        """A take-profit and/or stop-loss on a futures position (not repeated after an ambiguous failure)."""
        if take_profit is None and stop_loss is None:
            raise InputError("give take_profit, stop_loss or both")
        params = {
            "category": _futures(category),
            "symbol": check.symbol(symbol),
            "posSide": optional_choice(pos_side, HoldSide, "pos_side"),
            "qty": optional_amount(qty, "qty"),
            "takeProfit": optional_amount(take_profit, "take_profit"),
            "stopLoss": optional_amount(stop_loss, "stop_loss"),
            "tpTriggerBy": optional_choice(tp_trigger_by, TriggerBy, "tp_trigger_by"),
            "slTriggerBy": optional_choice(sl_trigger_by, TriggerBy, "sl_trigger_by"),
            "tpOrderType": optional_choice(tp_order_type, OrderType, "tp_order_type"),
            "slOrderType": optional_choice(sl_order_type, OrderType, "sl_order_type"),
            "tpLimitPrice": optional_amount(tp_limit_price, "tp_limit_price"),
            "slLimitPrice": optional_amount(sl_limit_price, "sl_limit_price"),
            "clientOid": optional_client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._post("/api/v3/trade/place-strategy-order", params))

    async def modify_strategy_order(
        self,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        qty: Amount | None = None,
        take_profit: Amount | None = None,
        stop_loss: Amount | None = None,
    ) -> OrderAck:
        """Change a TP/SL order's quantity or trigger prices."""
        params = {
            **ids(order_id, client_oid),
            "qty": optional_amount(qty, "qty"),
            "takeProfit": optional_amount(take_profit, "take_profit"),
            "stopLoss": optional_amount(stop_loss, "stop_loss"),
        }
        return OrderAck.from_wire(await self._post("/api/v3/trade/modify-strategy-order", params))

    async def cancel_strategy_order(self, order_id: str | None = None, *, client_oid: str | None = None) -> None:
        """Cancel a TP/SL order by ``order_id`` or ``client_oid``."""
        await self._post("/api/v3/trade/cancel-strategy-order", ids(order_id, client_oid), urgent=True)

    async def open_strategy_orders(self, category: Category | str, symbol: str | None = None) -> list[UtaStrategyOrder]:
        """TP/SL orders still waiting for their trigger."""
        params = {"category": _futures(category), "symbol": None if symbol is None else check.symbol(symbol)}
        data = await self._get("/api/v3/trade/unfilled-strategy-orders", params)
        return [UtaStrategyOrder.from_wire(row) for row in rows_of(data)]

    async def strategy_order_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaStrategyOrder]:
        """One page of triggered or cancelled TP/SL orders, newest first."""
        params = {
            "category": _futures(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/trade/history-strategy-orders", params), UtaStrategyOrder)


def _futures(value: Category | str) -> str:
    return category(value, futures_only=True)
