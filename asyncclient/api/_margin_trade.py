"""Margin orders as typed methods, mixed into ``MarginAPI`` (crossed) and ``IsolatedMarginAPI``.

Placement is exactly-once: every order carries a ``clientOid`` (one is generated), and after a failure whose
outcome is unknown the client looks it up in the open orders, then the history, before sending again (the
exchange de-duplicates a clientOid only while the order is open).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._errors import InputError, InputTypeError
from ..models import BatchResult, Force, OrderAck, OrderType, Side
from ..models._margin_orders import MarginFill, MarginOrder
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none
from ._orders import cancel_list
from ._protocol import Requester

__all__ = ["MarginOrderItem", "MarginTradeMethods"]

_LOAN_TYPES = ("normal", "autoLoan", "autoRepay", "autoLoanAndRepay")
_SPAN_MS = 90 * 86_400_000
#: One order of a batch: ``side``, ``order_type``, ``size``, and ``price``/``loan_type``/``force``/``client_oid``.
MarginOrderItem = Mapping[str, Any]


class MarginTradeMethods:
    """Place, cancel and list margin orders and fills (under ``_margin_base``: crossed or isolated)."""

    _requester: Requester
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
    ) -> OrderAck:
        """Place a margin order; ``size`` is the base quantity, or for a market buy the quote amount to spend.

        ``loan_type`` autoLoan borrows what the order lacks; autoRepay repays debt with what it brings in.
        """
        params = {"symbol": check.symbol(symbol), **_order_params(side, order_type, size, price, loan_type, force)}
        params["clientOid"] = None if client_oid is None else check.client_oid(client_oid)
        data = await self._requester.request("POST", f"{self._margin_base}/place-order", drop_none(params))
        return OrderAck.from_wire(data)

    async def batch_place_orders(self, symbol: str, orders: Sequence[MarginOrderItem]) -> BatchResult:
        """Up to 50 orders on ``symbol``; each item as :meth:`place_order`'s arguments."""
        items = []
        for item in check.batch(orders, "orders", maximum=50):
            if not isinstance(item, Mapping):
                raise InputTypeError("each order must be a mapping with side, order_type and size")
            fields = _order_params(
                item.get("side"),
                item.get("order_type"),
                item.get("size"),
                item.get("price"),
                item.get("loan_type", "normal"),
                item.get("force", Force.GTC),
            )
            oid = item.get("client_oid")
            items.append(drop_none({**fields, "clientOid": None if oid is None else check.client_oid(oid)}))
        params = {"symbol": check.symbol(symbol), "orderList": items}
        data = await self._requester.request("POST", f"{self._margin_base}/batch-place-order", params)
        return BatchResult.from_wire(data)

    async def cancel_order(
        self, symbol: str, order_id: str | None = None, *, client_oid: str | None = None
    ) -> OrderAck:
        """Cancel one open margin order."""
        params = {"symbol": check.symbol(symbol), **check.one_of_ids(order_id, client_oid)}
        data = await self._requester.request("POST", f"{self._margin_base}/cancel-order", params, urgent=True)
        return OrderAck.from_wire(data)

    async def batch_cancel_orders(
        self, symbol: str, order_ids: Sequence[str] = (), *, client_oids: Sequence[str] = ()
    ) -> BatchResult:
        """Cancel several open margin orders of ``symbol``."""
        params = {"symbol": check.symbol(symbol), "orderIdList": cancel_list(order_ids, client_oids)}
        data = await self._requester.request("POST", f"{self._margin_base}/batch-cancel-order", params, urgent=True)
        return BatchResult.from_wire(data)

    async def open_orders(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[MarginOrder]:
        """Open margin orders of ``symbol``, newest first."""
        data = await self._margin_list(
            f"{self._margin_base}/open-orders", symbol, order_id, client_oid, start, end, limit
        )
        return [MarginOrder.from_wire(row) for row in as_rows(data.get("resultList") or data.get("orderList"))]

    async def history_orders(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[MarginOrder]:
        """Filled and cancelled margin orders of ``symbol``, newest first."""
        data = await self._margin_list(
            f"{self._margin_base}/history-orders", symbol, order_id, client_oid, start, end, limit
        )
        return [MarginOrder.from_wire(row) for row in as_rows(data.get("orderList") or data.get("resultList"))]

    async def fills(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[MarginFill]:
        """Fills of margin orders on ``symbol``, newest first."""
        data = await self._margin_list(f"{self._margin_base}/fills", symbol, order_id, None, start, end, limit)
        return [MarginFill.from_wire(row) for row in as_rows(data.get("fills"))]

    async def _margin_list(
        self,
        path: str,
        symbol: str,
        order_id: str | None,
        client_oid: str | None,
        start: Time | None,
        end: Time | None,
        limit: int | None,
    ) -> dict[str, Any]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_SPAN_MS)
        params = {
            "symbol": check.symbol(symbol),
            "orderId": None if order_id is None else check.order_id(order_id),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        data = await self._requester.request("GET", path, drop_none(params))
        return data if isinstance(data, dict) else {}


def _order_params(
    side: object, order_type: object, size: object, price: object, loan_type: object, force: object
) -> dict[str, Any]:
    kind = check.choice(order_type, OrderType, "order_type")
    direction = check.choice(side, Side, "side")
    if loan_type not in _LOAN_TYPES:
        raise InputError(f"loan_type must be one of {', '.join(_LOAN_TYPES)}, got {loan_type!r}")
    if (kind is OrderType.LIMIT) != (price is not None):
        raise InputError("price is required for a limit order and refused for a market one")
    amount = check.amount(size, "size")
    quote = kind is OrderType.MARKET and direction is Side.BUY
    return {
        "side": direction.value,
        "orderType": kind.value,
        "loanType": loan_type,
        "force": check.choice(force, Force, "force").value,
        "price": None if price is None else check.amount(price, "price"),
        "quoteSize" if quote else "baseSize": amount,
    }
