"""Trigger (plan) orders: orders that wait for a price before they are placed."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import OpenEnum, OrderType, Side
from ._wire import WireModel, wire

__all__ = ["PlanStatus", "PlanSubOrder", "SpotPlanOrder", "TriggerType"]


class PlanStatus(OpenEnum):
    """Where a trigger order is: waiting, fired, cancelled, or fired but its order was refused."""

    NOT_TRIGGER = "not_trigger"
    TRIGGERED = "triggered"
    CANCELLED = "cancelled"
    FAIL = "fail"


class TriggerType(OpenEnum):
    """Which price fires a trigger order."""

    FILL_PRICE = "fill_price"
    MARK_PRICE = "mark_price"


@attrs.frozen(kw_only=True)
class SpotPlanOrder(WireModel):
    """A spot trigger order (``current-plan-order``, ``history-plan-order``)."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType = attrs.field(metadata=wire("orderType"))
    #: Base quantity (``plan_type`` amount) or quote amount (``total``).
    size: Decimal = attrs.field(metadata=wire("size"))
    trigger_price: Decimal = attrs.field(metadata=wire("triggerPrice"))
    #: The limit price of the order placed on trigger (None for a market order).
    execute_price: Decimal | None = attrs.field(default=None, metadata=wire("executePrice"))
    status: PlanStatus = attrs.field(metadata=wire("status"))
    plan_type: str | None = attrs.field(default=None, metadata=wire("planType"))
    trigger_type: TriggerType | None = attrs.field(default=None, metadata=wire("triggerType"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class PlanSubOrder(WireModel):
    """The order a fired trigger order placed."""

    order_id: str | None = attrs.field(default=None, metadata=wire("orderId"))
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    type: str | None = attrs.field(default=None, metadata=wire("type"))
    status: str = attrs.field(metadata=wire("status"))
