"""Spot trigger (plan) orders as typed methods, mixed into :class:`~asyncclient.api.SpotAPI`.

Placing: the exchange de-duplicates a ``clientOid`` only while the plan waits, and the catalogue names no lookup
for plans yet, so after a failure whose outcome is unknown the call raises ``OutcomeUnknownError`` (never a
blind re-send): look the ``client_oid`` up with :meth:`SpotPlanMethods.current_plan_orders` and
:meth:`SpotPlanMethods.history_plan_orders`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._errors import InputError
from .._order_safety import new_client_oid
from ..models import BatchResult, OrderAck, OrderType, Page, Side
from ..models._plan import PlanSubOrder, SpotPlanOrder, TriggerType
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, optional_amount
from ._protocol import Requester

__all__ = ["SpotPlanMethods"]

#: Plan order lists: one query spans at most 90 days.
_PLAN_SPAN_MS = 90 * 86_400_000


class SpotPlanMethods:
    """Trigger orders: placed when the price reaches ``trigger_price``."""

    _requester: Requester

    async def place_plan_order(
        self,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        size: Amount,
        trigger_price: Amount,
        *,
        execute_price: Amount | None = None,
        size_in_quote: bool = False,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        client_oid: str | None = None,
    ) -> OrderAck:
        """Place ``order_type`` (limit at ``execute_price``, or market) when the price reaches ``trigger_price``.

        ``size`` is in the base coin, or in the quote coin with ``size_in_quote`` (``planType`` total).
        """
        params = {
            "symbol": check.symbol(symbol),
            "side": check.choice(side, Side, "side").value,
            **_plan_fields(order_type, size, trigger_price, execute_price),
            "planType": "total" if size_in_quote else "amount",
            "triggerType": check.choice(trigger_type, TriggerType, "trigger_type").value,
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/spot/trade/place-plan-order", params))

    async def modify_plan_order(
        self,
        order_type: OrderType | str,
        size: Amount,
        trigger_price: Amount,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        execute_price: Amount | None = None,
    ) -> OrderAck:
        """Change a waiting trigger order (named by ``order_id`` or ``client_oid``)."""
        params = {
            **check.one_of_ids(order_id, client_oid),
            **_plan_fields(order_type, size, trigger_price, execute_price),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/spot/trade/modify-plan-order", params))

    async def cancel_plan_order(self, order_id: str | None = None, *, client_oid: str | None = None) -> bool:
        """Cancel a waiting trigger order; True when the exchange confirms."""
        data = await self._plan_post(
            "/api/v2/spot/trade/cancel-plan-order", check.one_of_ids(order_id, client_oid), urgent=True
        )
        return isinstance(data, dict) and data.get("result") == "success"

    async def cancel_plan_orders(self, symbols: Sequence[str] | None = None) -> BatchResult:
        """Cancel every waiting trigger order (of ``symbols`` only, when given)."""
        names = None if symbols is None else [check.symbol(s) for s in check.batch(symbols, "symbols", maximum=50)]
        data = await self._plan_post("/api/v2/spot/trade/batch-cancel-plan-order", {"symbolList": names}, urgent=True)
        return BatchResult.from_wire(data)

    async def current_plan_orders(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[SpotPlanOrder]:
        """Waiting trigger orders of ``symbol``, newest first."""
        return await self._plan_page("/api/v2/spot/trade/current-plan-order", symbol, start, end, id_less_than, limit)

    async def history_plan_orders(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[SpotPlanOrder]:
        """Fired, cancelled and failed trigger orders of ``symbol``, newest first."""
        return await self._plan_page("/api/v2/spot/trade/history-plan-order", symbol, start, end, id_less_than, limit)

    async def plan_sub_orders(self, plan_order_id: str) -> list[PlanSubOrder]:
        """The order(s) a fired trigger order placed."""
        params = {"planOrderId": check.order_id(plan_order_id, "plan_order_id")}
        data = await self._requester.request("GET", "/api/v2/spot/trade/plan-sub-order", params)
        return [PlanSubOrder.from_wire(row) for row in as_rows(data)]

    async def _plan_post(self, path: str, params: dict[str, Any], *, urgent: bool = False) -> Any:
        return await self._requester.request("POST", path, drop_none(params), urgent=urgent)

    async def _plan_page(
        self,
        path: str,
        symbol: str,
        start: Time | None,
        end: Time | None,
        id_less_than: str | None,
        limit: int | None,
    ) -> Page[SpotPlanOrder]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_PLAN_SPAN_MS)
        params = {
            "symbol": check.symbol(symbol),
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._requester.request("GET", path, drop_none(params))
        data = data if isinstance(data, dict) else {}
        rows = as_rows(data.get("orderList"))
        cursor = str(data.get("idLessThan") or "") or None
        return Page(tuple(SpotPlanOrder.from_wire(row) for row in rows), cursor if data.get("nextFlag") else None)


def _plan_fields(
    order_type: OrderType | str, size: Amount, trigger_price: Amount, execute_price: Amount | None
) -> dict[str, Any]:
    kind = check.choice(order_type, OrderType, "order_type")
    if kind is OrderType.LIMIT and execute_price is None:
        raise InputError("execute_price is required for a limit trigger order")
    if kind is OrderType.MARKET and execute_price is not None:
        raise InputError("execute_price applies to limit trigger orders only")
    return {
        "orderType": kind.value,
        "size": check.amount(size, "size"),
        "triggerPrice": check.amount(trigger_price, "trigger_price"),
        "executePrice": optional_amount(execute_price, "execute_price"),
    }
