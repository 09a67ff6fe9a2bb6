"""Margin orders as typed methods, mixed into ``MarginAPI`` (crossed) and ``IsolatedMarginAPI``.

Placement is exactly-once: every order carries a ``clientOid`` (one is generated), and after a failure whose
outcome is unknown the client looks it up in the open orders, then the history, before sending again (the
exchange de-duplicates a clientOid only while the order is open).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack

from ..models import BatchResult, Force, OrderAck, OrderType, Side
from ..models._margin_order_requests import (
    MarginBatchCancelRequest,
    MarginBatchRequest,
    MarginCancelRequest,
    MarginOrderRequest,
    MarginOrdersQuery,
)
from ..models._margin_orders import MarginFill, MarginOrder
from ._base import CallOptions, Group
from ._cast import one, rows_at, rows_at_first
from ._common import Amount, Time

__all__ = ["MarginOrderItem", "MarginTradeMethods"]

#: One order of a batch: ``side``, ``order_type``, ``size``, and ``price``/``loan_type``/``force``/``client_oid``.
MarginOrderItem = Mapping[str, Any]


class MarginTradeMethods(Group):
    """Place, cancel and list margin orders and fills (under ``_margin_base``: crossed or isolated)."""

    _margin_base: str = "/api/v2/margin/crossed"

    async def place_order(
        self,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        size: Amount,
        *,
        price: Amount | None = None,
        loan_type: str = "normal",
        force: Force | str = Force.GTC,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place a margin order; ``size`` is the base quantity, or for a market buy the quote amount to spend.

        ``loan_type`` autoLoan borrows what the order lacks; autoRepay repays debt with what it brings in.
        """
        request = MarginOrderRequest(
            symbol=symbol,
            side=side,
            order_type=order_type,
            size=size,
            price=price,
            loan_type=loan_type,
            force=force,
            client_oid=client_oid,
        )
        return await self._post(f"{self._margin_base}/place-order", request, one(OrderAck), options)

    async def batch_place_orders(
        self, symbol: str, orders: Sequence[MarginOrderItem], **options: Unpack[CallOptions]
    ) -> BatchResult:
        """Up to 50 orders on ``symbol``; each item as :meth:`place_order`'s arguments."""
        request = MarginBatchRequest(symbol=symbol, orders=orders)
        return await self._post(f"{self._margin_base}/batch-place-order", request, one(BatchResult), options)

    async def cancel_order(
        self,
        symbol: str,
        order_id: str | None = None,
        *,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Cancel one open margin order."""
        request = MarginCancelRequest(symbol=symbol, order_id=order_id, client_oid=client_oid)
        return await self._post(f"{self._margin_base}/cancel-order", request, one(OrderAck), options, urgent=True)

    async def batch_cancel_orders(
        self,
        symbol: str,
        order_ids: Sequence[str] = (),
        *,
        client_oids: Sequence[str] = (),
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Cancel several open margin orders of ``symbol``."""
        request = MarginBatchCancelRequest(symbol=symbol, order_ids=order_ids, client_oids=client_oids)
        path = f"{self._margin_base}/batch-cancel-order"
        return await self._post(path, request, one(BatchResult), options, urgent=True)

    async def open_orders(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginOrder]:
        """Open margin orders of ``symbol``, newest first."""
        query = MarginOrdersQuery(
            symbol=symbol, order_id=order_id, client_oid=client_oid, start=start, end=end, limit=limit
        )
        cast = rows_at_first(("resultList", "orderList"), MarginOrder)
        return await self._get(f"{self._margin_base}/open-orders", query, cast, options)

    async def history_orders(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginOrder]:
        """Filled and cancelled margin orders of ``symbol``, newest first."""
        query = MarginOrdersQuery(
            symbol=symbol, order_id=order_id, client_oid=client_oid, start=start, end=end, limit=limit
        )
        cast = rows_at_first(("orderList", "resultList"), MarginOrder)
        return await self._get(f"{self._margin_base}/history-orders", query, cast, options)

    async def fills(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginFill]:
        """Fills of margin orders on ``symbol``, newest first."""
        query = MarginOrdersQuery(symbol=symbol, order_id=order_id, start=start, end=end, limit=limit)
        return await self._get(f"{self._margin_base}/fills", query, rows_at("fills", MarginFill), options)
