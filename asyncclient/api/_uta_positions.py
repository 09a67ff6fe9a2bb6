"""``client.uta`` positions (``/api/v3/position/...``) and TP/SL strategy orders (``/api/v3/trade/*strategy*``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Unpack

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
from ..models._uta_queries import FuturesHistoryQuery, FuturesSymbolsQuery, PositionsQuery
from ..models._uta_requests import UtaOrderIds, UtaStrategyModifyRequest, UtaStrategyRequest
from ._base import CallOptions
from ._cast import cursor_page, nothing, one, rows_in
from ._common import Amount, Time
from ._uta_common import UtaGroup, page_limit

__all__ = ["UtaPositionMethods"]


class UtaPositionMethods(UtaGroup):
    """Open and closed futures positions; take-profit and stop-loss orders on them."""

    async def positions(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        pos_side: HoldSide | str | None = None,
        **options: Unpack[CallOptions],
    ) -> list[UtaPosition]:
        """Open positions of a futures category (one symbol's, if given)."""
        query = PositionsQuery(category=category, symbol=symbol, pos_side=pos_side)
        return await self._get("/api/v3/position/current-position", query, rows_in("list", UtaPosition), options)

    async def position_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaPositionRecord]:
        """One page of closed positions, newest first; ``end_id`` is the next page's cursor."""
        query = FuturesHistoryQuery(category=category, symbol=symbol, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/position/history-position", query, cursor_page(UtaPositionRecord), options)

    async def iter_position_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[UtaPositionRecord]:
        """Every closed position, newest first, page by page (each page with ``options``)."""
        query = FuturesHistoryQuery(category=category, symbol=symbol, limit=page_limit(page_size))
        async for record in self._pages("/api/v3/position/history-position", query, UtaPositionRecord, options):
            yield record

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """A take-profit and/or stop-loss on a futures position (not repeated after an ambiguous failure)."""
        request = UtaStrategyRequest(
            category=category, symbol=symbol, pos_side=pos_side, qty=qty, take_profit=take_profit,
            stop_loss=stop_loss, tp_trigger_by=tp_trigger_by, sl_trigger_by=sl_trigger_by,
            tp_order_type=tp_order_type, sl_order_type=sl_order_type, tp_limit_price=tp_limit_price,
            sl_limit_price=sl_limit_price, client_oid=client_oid,
        )  # fmt: skip
        return await self._post("/api/v3/trade/place-strategy-order", request, one(OrderAck), options)

    async def modify_strategy_order(
        self,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        qty: Amount | None = None,
        take_profit: Amount | None = None,
        stop_loss: Amount | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Change a TP/SL order's quantity or trigger prices."""
        request = UtaStrategyModifyRequest(
            order_id=order_id, client_oid=client_oid, qty=qty, take_profit=take_profit, stop_loss=stop_loss
        )
        return await self._post("/api/v3/trade/modify-strategy-order", request, one(OrderAck), options)

    async def cancel_strategy_order(
        self, order_id: str | None = None, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> None:
        """Cancel a TP/SL order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        request = UtaOrderIds(order_id=order_id, client_oid=client_oid)
        await self._post("/api/v3/trade/cancel-strategy-order", request, nothing, options, urgent=True)

    async def open_strategy_orders(
        self, category: Category | str, symbol: str | None = None, **options: Unpack[CallOptions]
    ) -> list[UtaStrategyOrder]:
        """TP/SL orders still waiting for their trigger."""
        query = FuturesSymbolsQuery(category=category, symbol=symbol)
        return await self._get(
            "/api/v3/trade/unfilled-strategy-orders", query, rows_in("list", UtaStrategyOrder), options
        )

    async def strategy_order_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaStrategyOrder]:
        """One page of triggered or cancelled TP/SL orders, newest first."""
        query = FuturesHistoryQuery(category=category, symbol=symbol, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/trade/history-strategy-orders", query, cursor_page(UtaStrategyOrder), options)
