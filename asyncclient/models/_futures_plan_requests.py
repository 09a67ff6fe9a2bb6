"""Futures trigger orders, trailing stops and TP/SL as request models (``client.futures`` builds them; the group
adds ``productType`` and generates a ``clientOid`` where the caller gave none)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .._errors import InputError
from . import _checks as checks
from . import _futures_fields as conv
from ._enums import HoldSide, MarginMode, OrderType, Side, TradeSide
from ._futures_fields import ContractOrder, ContractRequest, SymbolPage
from ._futures_plan import FuturesPlanType, PlanListType
from ._futures_requests import client_oid_tuple, id_list, order_id_tuple
from ._plan import TriggerType
from ._request import optional_client_oid, optional_order_id, param
from ._requests import Amount

__all__ = [
    "PlanCancel",
    "PlanModify",
    "PlanOrderRequest",
    "PlanPage",
    "PositionTpslRequest",
    "TpslModify",
    "TpslRequest",
    "TrailingStopRequest",
]

_TPSL_TYPES = frozenset(
    {
        FuturesPlanType.PROFIT_PLAN,
        FuturesPlanType.LOSS_PLAN,
        FuturesPlanType.MOVING_PLAN,
        FuturesPlanType.POS_PROFIT,
        FuturesPlanType.POS_LOSS,
    }
)


def _trigger_price(value: Amount) -> str:
    return checks.amount(value, "trigger_price")


def _take_profit_trigger(value: Amount | None) -> str | None:
    return conv.amount_named(value, "take_profit_trigger_price")


def _stop_loss_trigger(value: Amount | None) -> str | None:
    return conv.amount_named(value, "stop_loss_trigger_price")


def _execute_price(value: Amount | None) -> str | None:
    return conv.amount_named(value, "execute_price")


@attrs.frozen(kw_only=True)
class _PlacedPlan(ContractRequest):
    """A plan that opens or closes a position: margin mode, side, size, and the caller's (or a fresh) id."""

    margin_mode: MarginMode = attrs.field(converter=conv.margin_mode, metadata=param("marginMode"))
    side: Side = attrs.field(converter=conv.side)
    trade_side: TradeSide | None = attrs.field(
        default=None, converter=conv.optional_trade_side, metadata=param("tradeSide")
    )
    size: str = attrs.field(converter=conv.size)
    client_oid: str = attrs.field(converter=checks.client_oid, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class PlanOrderRequest(_PlacedPlan):
    """A limit (at ``price``) or market order placed when the price reaches ``trigger_price``."""

    fixed: ClassVar[dict[str, object]] = {"planType": FuturesPlanType.NORMAL_PLAN.value}

    order_type: OrderType = attrs.field(converter=conv.order_type, metadata=param("orderType"))
    price: str | None = attrs.field(default=None, converter=conv.optional_price)
    trigger_price: str = attrs.field(converter=_trigger_price, metadata=param("triggerPrice"))
    trigger_type: TriggerType = attrs.field(converter=conv.trigger_type, metadata=param("triggerType"))
    reduce_only: bool | None = attrs.field(default=None, converter=conv.reduce_only, metadata=param("reduceOnly"))
    take_profit_trigger_price: str | None = attrs.field(
        default=None, converter=_take_profit_trigger, metadata=param("stopSurplusTriggerPrice")
    )
    stop_loss_trigger_price: str | None = attrs.field(
        default=None, converter=_stop_loss_trigger, metadata=param("stopLossTriggerPrice")
    )

    def __attrs_post_init__(self) -> None:
        if (self.order_type is OrderType.LIMIT) != (self.price is not None):
            raise InputError("price is required for a limit trigger order and refused for a market one")

    def to_wire(self) -> dict[str, Any]:
        params = super().to_wire()
        if self.reduce_only is not None:
            params["reduceOnly"] = conv.yes_no(self.reduce_only)
        return params


def _activation_price(value: Amount) -> str:
    return checks.amount(value, "activation_price")


def _callback_ratio(value: Amount) -> str:
    ratio = checks.amount(value, "callback_ratio")
    if not 0 < Decimal(ratio) <= 10:
        raise InputError(f"callback_ratio must be above 0 and at most 10 (percent), got {value!r}")
    return ratio


@attrs.frozen(kw_only=True)
class TrailingStopRequest(_PlacedPlan):
    """A trailing stop (``track_plan``): active from the activation price, trailing by ``callback_ratio`` %."""

    fixed: ClassVar[dict[str, object]] = {
        "planType": FuturesPlanType.TRACK_PLAN.value,
        "orderType": OrderType.MARKET.value,
        "triggerType": TriggerType.MARK_PRICE.value,
    }

    activation_price: str = attrs.field(converter=_activation_price, metadata=param("triggerPrice"))
    callback_ratio: str = attrs.field(converter=_callback_ratio, metadata=param("callbackRatio"))


def _new_trigger_price(value: Amount | None) -> str | None:
    return conv.amount_named(value, "new_trigger_price")


def _new_take_profit(value: Amount | None) -> str | None:
    return conv.amount_named(value, "new_take_profit_trigger_price")


def _new_stop_loss(value: Amount | None) -> str | None:
    return conv.amount_named(value, "new_stop_loss_trigger_price")


@attrs.frozen(kw_only=True)
class PlanModify(ContractOrder):
    """New trigger, size, price or TP/SL triggers of a waiting trigger order or trailing stop."""

    new_trigger_price: str | None = attrs.field(
        default=None, converter=_new_trigger_price, metadata=param("newTriggerPrice")
    )
    new_size: str | None = attrs.field(default=None, converter=conv.new_size, metadata=param("newSize"))
    new_price: str | None = attrs.field(default=None, converter=conv.new_price, metadata=param("newPrice"))
    new_take_profit_trigger_price: str | None = attrs.field(
        default=None, converter=_new_take_profit, metadata=param("newStopSurplusTriggerPrice")
    )
    new_stop_loss_trigger_price: str | None = attrs.field(
        default=None, converter=_new_stop_loss, metadata=param("newStopLossTriggerPrice")
    )


def _tpsl_type(value: FuturesPlanType | str) -> FuturesPlanType:
    kind = checks.choice(value, FuturesPlanType, "plan_type")
    if kind not in _TPSL_TYPES:
        raise InputError(f"plan_type must be a TP/SL type ({', '.join(sorted(t.value for t in _TPSL_TYPES))})")
    return kind


@attrs.frozen(kw_only=True)
class TpslRequest(ContractRequest):
    """A take-profit or stop-loss on the ``hold_side`` position (``size`` for a partial one)."""

    plan_type: FuturesPlanType = attrs.field(converter=_tpsl_type, metadata=param("planType"))
    trigger_price: str = attrs.field(converter=_trigger_price, metadata=param("triggerPrice"))
    trigger_type: TriggerType = attrs.field(converter=conv.trigger_type, metadata=param("triggerType"))
    execute_price: str | None = attrs.field(default=None, converter=_execute_price, metadata=param("executePrice"))
    hold_side: HoldSide = attrs.field(converter=conv.hold_side, metadata=param("holdSide"))
    size: str | None = attrs.field(default=None, converter=conv.optional_size)
    client_oid: str = attrs.field(converter=checks.client_oid, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class TpslModify(ContractOrder):
    """A waiting take-profit or stop-loss moved."""

    trigger_price: str = attrs.field(converter=_trigger_price, metadata=param("triggerPrice"))
    trigger_type: TriggerType = attrs.field(converter=conv.trigger_type, metadata=param("triggerType"))
    execute_price: str | None = attrs.field(default=None, converter=_execute_price, metadata=param("executePrice"))
    size: str | None = attrs.field(default=None, converter=conv.optional_size)


@attrs.frozen(kw_only=True)
class PositionTpslRequest(ContractRequest):
    """Take-profit and/or stop-loss on the whole ``hold_side`` position, both triggered by ``trigger_type``."""

    hold_side: HoldSide = attrs.field(converter=conv.hold_side, metadata=param("holdSide"))
    take_profit_trigger_price: str | None = attrs.field(
        default=None, converter=_take_profit_trigger, metadata=param("stopSurplusTriggerPrice")
    )
    stop_loss_trigger_price: str | None = attrs.field(
        default=None, converter=_stop_loss_trigger, metadata=param("stopLossTriggerPrice")
    )
    trigger_type: TriggerType = attrs.field(converter=conv.trigger_type)

    def __attrs_post_init__(self) -> None:
        if self.take_profit_trigger_price is None and self.stop_loss_trigger_price is None:
            raise InputError("give take_profit_trigger_price, stop_loss_trigger_price or both")

    def to_wire(self) -> dict[str, Any]:
        """One trigger type per leg given (``stopSurplusTriggerType``, ``stopLossTriggerType``)."""
        params = super().to_wire()
        kind = params.pop("trigger_type")
        if self.take_profit_trigger_price is not None:
            params["stopSurplusTriggerType"] = kind
        if self.stop_loss_trigger_price is not None:
            params["stopLossTriggerType"] = kind
        return params


def _plan_kind(value: object) -> str | None:
    """A plan type to cancel (any spelling the exchange knows: sent as given)."""
    return None if value is None else str(getattr(value, "value", value))


@attrs.frozen(kw_only=True)
class PlanCancel(ContractRequest):
    """The named plans of a contract, or every waiting one (of ``plan_type``, when given)."""

    order_ids: tuple[str, ...] = attrs.field(default=(), converter=order_id_tuple)
    client_oids: tuple[str, ...] = attrs.field(default=(), converter=client_oid_tuple)
    plan_type: str | None = attrs.field(default=None, converter=_plan_kind, metadata=param("planType"))

    def __attrs_post_init__(self) -> None:
        if self.order_ids or self.client_oids:
            id_list(self.order_ids, self.client_oids)

    def to_wire(self) -> dict[str, Any]:
        params = super().to_wire()
        del params["order_ids"], params["client_oids"]
        if self.order_ids or self.client_oids:
            params["orderIdList"] = id_list(self.order_ids, self.client_oids)
        return params


def _plan_list_type(value: PlanListType | str) -> PlanListType:
    return checks.choice(value, PlanListType, "plan_type")


@attrs.frozen(kw_only=True)
class PlanPage(SymbolPage):
    """A page of plans of one kind, optionally one by ``order_id`` or ``client_oid``."""

    plan_type: PlanListType = attrs.field(converter=_plan_list_type, metadata=param("planType"))
    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))
