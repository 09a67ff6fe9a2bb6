"""Spot trigger (plan) orders as typed methods, mixed into :class:`~asyncclient.api.SpotAPI`.

Placing: the exchange de-duplicates a ``clientOid`` only while the plan waits, and the catalogue names no lookup
for plans yet, so after a failure whose outcome is unknown the call raises ``OutcomeUnknownError`` (never a
blind re-send): look the ``client_oid`` up with :meth:`SpotPlanMethods.current_plan_orders` and
:meth:`SpotPlanMethods.history_plan_orders`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Unpack

import attrs

from .._errors import InputError
from .._order_safety import new_client_oid
from ..models import BatchResult, OrderAck, OrderType, Page, Side
from ..models import _checks as checks
from ..models._plan import PlanSubOrder, SpotPlanOrder, TriggerType
from ..models._request import WireRequest, param
from ..models._spot_queries import SpotRecordsQuery
from ..models._spot_requests import (
    OneOrder,
    checked_order_type,
    checked_side,
    checked_size,
    exactly_one_id,
    optional_client_oid,
    optional_order_id,
)
from ._base import CallOptions, Group
from ._cast import one, rows
from ._common import Amount, Time

__all__ = ["SpotPlanMethods"]


def _trigger_price(value: object) -> Decimal:
    return Decimal(checks.amount(value, "trigger_price"))


def _execute_price(value: object) -> Decimal | None:
    return None if value is None else Decimal(checks.amount(value, "execute_price"))


def _trigger_type(value: object) -> TriggerType:
    return checks.choice(value, TriggerType, "trigger_type")


@attrs.frozen(kw_only=True)
class PlanFields(WireRequest):
    """What a trigger order places: a limit order at ``execute_price``, or a market order (no price)."""

    order_type: OrderType = attrs.field(converter=checked_order_type, metadata=param("orderType"))
    size: Decimal = attrs.field(converter=checked_size)
    trigger_price: Decimal = attrs.field(converter=_trigger_price, metadata=param("triggerPrice"))
    execute_price: Decimal | None = attrs.field(default=None, converter=_execute_price, metadata=param("executePrice"))

    def __attrs_post_init__(self) -> None:
        if self.order_type is OrderType.LIMIT and self.execute_price is None:
            raise InputError("execute_price is required for a limit trigger order")
        if self.order_type is OrderType.MARKET and self.execute_price is not None:
            raise InputError("execute_price applies to limit trigger orders only")


@attrs.frozen(kw_only=True)
class PlanPlaceRequest(PlanFields):
    """``place-plan-order``: ``planType`` says whether ``size`` is in the base coin or the quote coin."""

    symbol: str = attrs.field(converter=checks.symbol)
    side: Side = attrs.field(converter=checked_side)
    plan_type: str = attrs.field(metadata=param("planType"))
    trigger_type: TriggerType = attrs.field(converter=_trigger_type, metadata=param("triggerType"))
    client_oid: str = attrs.field(converter=checks.client_oid, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class PlanModifyRequest(PlanFields):
    """``modify-plan-order``: a waiting trigger order, named by exactly one id, and what it places now."""

    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))

    def __attrs_post_init__(self) -> None:
        exactly_one_id(self.order_id, self.client_oid)
        super().__attrs_post_init__()


def _symbols(values: object) -> list[str] | None:
    return None if values is None else [checks.symbol(s) for s in checks.batch(values, "symbols", maximum=50)]


@attrs.frozen(kw_only=True)
class SymbolsFilter(WireRequest):
    """Up to 50 symbols, or None for every symbol."""

    symbols: list[str] | None = attrs.field(default=None, converter=_symbols, metadata=param("symbolList"))


@attrs.frozen(kw_only=True)
class PlanPageQuery(SpotRecordsQuery):
    """Trigger orders of one symbol (required) in a window of at most 90 days."""

    symbol: str = attrs.field(converter=checks.symbol)


def _plan_order_id(value: object) -> str:
    return checks.order_id(value, "plan_order_id")


@attrs.frozen(kw_only=True)
class PlanSubOrderQuery(WireRequest):
    """The orders one fired trigger order placed."""

    plan_order_id: str = attrs.field(converter=_plan_order_id, metadata=param("planOrderId"))


def _plan_page(data: Any) -> Page[SpotPlanOrder]:
    """``{"orderList": [...], "idLessThan": ..., "nextFlag": ...}``; the cursor only while ``nextFlag`` says more."""
    data = data if isinstance(data, dict) else {}
    found = rows(SpotPlanOrder)(data.get("orderList"))
    cursor = str(data.get("idLessThan") or "") or None
    return Page(tuple(found), cursor if data.get("nextFlag") else None)


def _succeeded(data: Any) -> bool:
    return isinstance(data, dict) and data.get("result") == "success"


class SpotPlanMethods(Group):
    """Trigger orders: placed when the price reaches ``trigger_price``."""

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
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place ``order_type`` (limit at ``execute_price``, or market) when the price reaches ``trigger_price``.

        ``size`` is in the base coin, or in the quote coin with ``size_in_quote`` (``planType`` total).
        """
        request = PlanPlaceRequest(
            symbol=symbol,
            side=side,
            order_type=order_type,
            size=size,
            trigger_price=trigger_price,
            execute_price=execute_price,
            plan_type="total" if size_in_quote else "amount",
            trigger_type=trigger_type,
            client_oid=new_client_oid() if client_oid is None else client_oid,
        )
        return await self._post("/api/v2/spot/trade/place-plan-order", request, one(OrderAck), options)

    async def modify_plan_order(
        self,
        order_type: OrderType | str,
        size: Amount,
        trigger_price: Amount,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        execute_price: Amount | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Change a waiting trigger order (named by ``order_id`` or ``client_oid``)."""
        request = PlanModifyRequest(
            order_id=order_id,
            client_oid=client_oid,
            order_type=order_type,
            size=size,
            trigger_price=trigger_price,
            execute_price=execute_price,
        )
        return await self._post("/api/v2/spot/trade/modify-plan-order", request, one(OrderAck), options)

    async def cancel_plan_order(
        self, order_id: str | None = None, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> bool:
        """Cancel a waiting trigger order; True when the exchange confirms."""
        request = OneOrder(order_id=order_id, client_oid=client_oid)
        return await self._post("/api/v2/spot/trade/cancel-plan-order", request, _succeeded, options, urgent=True)

    async def cancel_plan_orders(
        self, symbols: Sequence[str] | None = None, **options: Unpack[CallOptions]
    ) -> BatchResult:
        """Cancel every waiting trigger order (of ``symbols`` only, when given)."""
        path = "/api/v2/spot/trade/batch-cancel-plan-order"
        return await self._post(path, SymbolsFilter(symbols=symbols), one(BatchResult), options, urgent=True)

    async def current_plan_orders(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[SpotPlanOrder]:
        """Waiting trigger orders of ``symbol``, newest first."""
        query = PlanPageQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get("/api/v2/spot/trade/current-plan-order", query, _plan_page, options)

    async def history_plan_orders(
        self,
        symbol: str,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[SpotPlanOrder]:
        """Fired, cancelled and failed trigger orders of ``symbol``, newest first."""
        query = PlanPageQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._get("/api/v2/spot/trade/history-plan-order", query, _plan_page, options)

    async def plan_sub_orders(self, plan_order_id: str, **options: Unpack[CallOptions]) -> list[PlanSubOrder]:
        """The order(s) a fired trigger order placed."""
        query = PlanSubOrderQuery(plan_order_id=plan_order_id)
        return await self._get("/api/v2/spot/trade/plan-sub-order", query, rows(PlanSubOrder), options)
