"""Futures trigger orders, trailing stops and TP/SL orders, as the plan endpoints report them."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import HoldSide, OpenEnum, OrderType, Side
from ._wire import WireModel, wire

__all__ = ["FuturesPlanOrder", "FuturesPlanType", "PlanListType", "PositionTpslAck"]


class FuturesPlanType(OpenEnum):
    """What a futures plan does: a trigger order, a trailing stop, or one kind of TP/SL."""

    NORMAL_PLAN = "normal_plan"
    TRACK_PLAN = "track_plan"
    PROFIT_PLAN = "profit_plan"
    LOSS_PLAN = "loss_plan"
    MOVING_PLAN = "moving_plan"
    POS_PROFIT = "pos_profit"
    POS_LOSS = "pos_loss"


class PlanListType(OpenEnum):
    """Which plans a pending/history query lists: trigger orders, trailing stops, or every TP/SL."""

    NORMAL_PLAN = "normal_plan"
    TRACK_PLAN = "track_plan"
    PROFIT_LOSS = "profit_loss"


@attrs.frozen(kw_only=True)
class FuturesPlanOrder(WireModel):
    """One futures plan (``orders-plan-pending``, ``orders-plan-history``)."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    plan_type: FuturesPlanType = attrs.field(metadata=wire("planType"))
    #: ``not_trigger``/``live`` while waiting; ``executed``, ``cancelled``, ``fail_execute`` after.
    plan_status: str = attrs.field(metadata=wire("planStatus"))
    side: Side | None = attrs.field(default=None, metadata=wire("side"))
    pos_side: HoldSide | None = attrs.field(default=None, metadata=wire("posSide"))
    trade_side: str | None = attrs.field(default=None, metadata=wire("tradeSide"))
    order_type: OrderType | None = attrs.field(default=None, metadata=wire("orderType"))
    size: Decimal | None = attrs.field(default=None, metadata=wire("size"))
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    execute_price: Decimal | None = attrs.field(default=None, metadata=wire("executePrice"))
    trigger_price: Decimal = attrs.field(metadata=wire("triggerPrice"))
    trigger_type: str | None = attrs.field(default=None, metadata=wire("triggerType"))
    callback_ratio: Decimal | None = attrs.field(default=None, metadata=wire("callbackRatio"))
    execute_order_id: str | None = attrs.field(default=None, metadata=wire("executeOrderId"))
    price_avg: Decimal | None = attrs.field(default=None, metadata=wire("priceAvg"))
    base_volume: Decimal | None = attrs.field(default=None, metadata=wire("baseVolume"))
    margin_coin: str | None = attrs.field(default=None, metadata=wire("marginCoin"))
    margin_mode: str | None = attrs.field(default=None, metadata=wire("marginMode"))
    pos_mode: str | None = attrs.field(default=None, metadata=wire("posMode"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    order_source: str | None = attrs.field(default=None, metadata=wire("orderSource"))
    preset_take_profit_price: Decimal | None = attrs.field(default=None, metadata=wire("presetStopSurplusPrice"))
    take_profit_trigger_price: Decimal | None = attrs.field(default=None, metadata=wire("stopSurplusTriggerPrice"))
    take_profit_execute_price: Decimal | None = attrs.field(default=None, metadata=wire("stopSurplusExecutePrice"))
    take_profit_trigger_type: str | None = attrs.field(default=None, metadata=wire("stopSurplusTriggerType"))
    preset_stop_loss_price: Decimal | None = attrs.field(default=None, metadata=wire("presetStopLossPrice"))
    stop_loss_trigger_price: Decimal | None = attrs.field(default=None, metadata=wire("stopLossTriggerPrice"))
    stop_loss_execute_price: Decimal | None = attrs.field(default=None, metadata=wire("stopLossExecutePrice"))
    stop_loss_trigger_type: str | None = attrs.field(default=None, metadata=wire("stopLossTriggerType"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class PositionTpslAck(WireModel):
    """One plan placed by ``place-pos-tpsl``, with the clientOids of its take-profit and stop-loss."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    take_profit_client_oid: str | None = attrs.field(default=None, metadata=wire("stopSurplusClientOid"))
    stop_loss_client_oid: str | None = attrs.field(default=None, metadata=wire("stopLossClientOid"))
