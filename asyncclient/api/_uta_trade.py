"""``client.uta`` trading (signed, ``/api/v3/trade/...``): place, modify and cancel orders of every category.

Placement is exactly-once: the client gives each order a clientOid when the caller gave none and, after an
ambiguous failure, looks it up (``order-info``) before re-sending (see ``_order_safety``); a batch the same way,
order by order. Batch bodies are JSON arrays: each item carries its own ``category`` and ``symbol``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from ..models import (
    Category,
    Force,
    HoldSide,
    OrderAck,
    OrderType,
    Side,
    StpMode,
    UtaBatchItem,
    UtaModifyRequest,
    UtaOrderRequest,
)
from ..models._uta_batches import UtaCancelBatch, UtaModifyBatch, UtaOrderBatch
from ..models._uta_queries import PositionsQuery, SymbolsQuery
from ..models._uta_requests import UtaCancelRequest, UtaCountdownRequest, UtaPlaceRequest
from ._base import CallOptions
from ._cast import nothing, one, rows_in
from ._common import Amount
from ._uta_common import UtaGroup

__all__ = ["UtaTradeMethods"]

_ITEMS = rows_in("list", UtaBatchItem)


class UtaTradeMethods(UtaGroup):
    """Place, modify and cancel orders of any category; close positions; the dead-man switch."""

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place one order. ``qty`` is in the base coin, except a spot/margin market buy: the quote coin to spend."""
        request = UtaPlaceRequest(
            category, symbol, side, order_type, qty, price, time_in_force, pos_side, reduce_only, client_oid,
            stp_mode, take_profit=take_profit, stop_loss=stop_loss,
        )  # fmt: skip
        return await self._post("/api/v3/trade/place-order", request, one(OrderAck), options)

    async def batch_place_orders(
        self, orders: Sequence[UtaOrderRequest], **options: Unpack[CallOptions]
    ) -> list[UtaBatchItem]:
        """Place up to 50 orders (any categories and symbols); each item says whether it was placed."""
        return await self._post_items("/api/v3/trade/place-batch", UtaOrderBatch(orders), _ITEMS, options)

    async def cancel_order(
        self,
        category: Category | str | None = None,
        symbol: str | None = None,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Cancel one order by ``order_id`` or ``client_oid`` (jumps the queue of the rate limiter)."""
        request = UtaCancelRequest(category=category, symbol=symbol, order_id=order_id, client_oid=client_oid)
        return await self._post("/api/v3/trade/cancel-order", request, one(OrderAck), options, urgent=True)

    async def batch_cancel_orders(
        self,
        category: Category | str,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        **options: Unpack[CallOptions],
    ) -> list[UtaBatchItem]:
        """Cancel up to 50 orders of one symbol; some may fail while others succeed (each item says)."""
        batch = UtaCancelBatch(category=category, symbol=symbol, order_ids=order_ids, client_oids=client_oids)
        return await self._post_items("/api/v3/trade/cancel-batch", batch, _ITEMS, options, urgent=True)

    async def cancel_symbol_orders(
        self, category: Category | str, symbol: str | None = None, **options: Unpack[CallOptions]
    ) -> list[UtaBatchItem]:
        """Cancel every open order of a category (of one symbol, if given)."""
        query = SymbolsQuery(category=category, symbol=symbol)
        return await self._post("/api/v3/trade/cancel-symbol-order", query, _ITEMS, options, urgent=True)

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Change an open order's quantity and/or price (not repeated after an ambiguous failure)."""
        change = UtaModifyRequest(category, symbol, order_id, client_oid, qty, price, auto_cancel)
        return await self._post("/api/v3/trade/modify-order", change, one(OrderAck), options)

    async def batch_modify_orders(
        self, changes: Sequence[UtaModifyRequest], **options: Unpack[CallOptions]
    ) -> list[UtaBatchItem]:
        """Modify up to 50 open orders; each item says whether it was changed."""
        return await self._post_items("/api/v3/trade/batch-modify-order", UtaModifyBatch(changes), _ITEMS, options)

    async def close_positions(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        pos_side: HoldSide | str | None = None,
        **options: Unpack[CallOptions],
    ) -> list[UtaBatchItem]:
        """Close futures positions at market (all of the category, one symbol's, or one side's)."""
        query = PositionsQuery(category=category, symbol=symbol, pos_side=pos_side)
        return await self._post("/api/v3/trade/close-positions", query, _ITEMS, options)

    async def countdown_cancel_all(self, seconds: int, **options: Unpack[CallOptions]) -> None:
        """The dead-man switch: cancel every open order unless called again within ``seconds`` (0 turns it off)."""
        await self._post("/api/v3/trade/countdown-cancel-all", UtaCountdownRequest(seconds=seconds), nothing, options)
