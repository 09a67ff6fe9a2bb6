"""Futures trigger orders and TP/SL: plans that fire on the price walk, attached to orders and positions.

- ``normal_plan`` (place-plan-order): places its limit or market order when the walk reaches ``triggerPrice``;
  its own ``stopSurplus*``/``stopLoss*`` fields become position TP/SL once it fires.
- ``track_plan`` (trailing stop): simplified: fires as a market order when the walk reaches its activation price.
- TP/SL (place-tpsl-order, place-pos-tpsl, and ``presetStopSurplusPrice``/``presetStopLossPrice`` on
  place-order): close ``size`` (or the whole position for ``pos_*``) of the ``holdSide`` position when reached.
  Preset TP/SL wait while their order is open and are cancelled with it.
The plans themselves, and their firing on the walk, are the state's (``_futures_triggers``); here the requests are
read and the answers shaped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Handler, Mount, SimError, SimRequest, get, post
from ..state._futures import FuturesAccount
from ..state._futures_triggers import LIVE, TPSL_TYPES, FuturesPlan, FuturesPlans
from ..state._markets import Markets, format_decimal
from ..state._symbols import Contract
from ._callers import Callers
from ._lookup import contract, require_product_type
from ._params import Params

__all__ = ["MixPlanEndpoints"]

_TRIGGER_TYPES = ("fill_price", "mark_price")


class MixPlanEndpoints:
    """Handlers of the futures plan and TP/SL endpoints, and place-order with preset TP/SL."""

    def __init__(self, markets: Markets, accounts: Callers, plans: FuturesPlans, place_order: Handler) -> None:
        self._markets = markets
        self._accounts = accounts
        self._plans = plans
        self._place_order = place_order

    def routes(self) -> Mount:
        """The endpoints this module serves (place-order is wrapped for preset TP/SL)."""
        return Mount(
            "/api/v2/mix/order",
            [
                post("/place-order", self.place_order),
                post("/place-plan-order", self.place_plan),
                post("/modify-plan-order", self.modify_plan),
                post("/place-tpsl-order", self.place_tpsl),
                post("/place-pos-tpsl", self.place_pos_tpsl),
                post("/modify-tpsl-order", self.modify_tpsl),
                post("/cancel-plan-order", self.cancel_plan),
                get("/orders-plan-pending", self.pending),
                get("/orders-plan-history", self.history),
            ],
        )

    def rows(self, uid: str) -> list[dict[str, Any]]:
        """Every plan of ``uid`` as the plan-order lists write it."""
        account = self._accounts.existing(uid)
        if account is None:
            return []
        return [_plan_row(plan, account.futures) for plan in self._plans.of(uid)]

    def _target(self, request: SimRequest) -> tuple[Params, Contract, FuturesAccount, list[FuturesPlan]]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        futures = self._accounts.futures(request)  # caught up (plans fired) to now
        assert request.uid is not None
        return params, spec, futures, self._plans.of(request.uid)

    def place_order(self, request: SimRequest) -> Any:
        answer = self._place_order(request)
        params = Params(request.params)
        if params.text("presetStopSurplusPrice") or params.text("presetStopLossPrice"):
            assert request.uid is not None
            spec = contract(params)
            side = params.required("side").lower()
            trade_side = (params.text("tradeSide") or "").lower() or None
            order_id = int(answer["orderId"])
            take_profit, stop_loss = params.decimal("presetStopSurplusPrice"), params.decimal("presetStopLossPrice")
            self._plans.attach(request.uid, spec, order_id, side, trade_side, take_profit, stop_loss, request.now_ms)
        return answer

    def place_plan(self, request: SimRequest) -> dict[str, str]:
        params, spec, _, plans = self._target(request)
        plan_type = _choice(params, "planType", ("normal_plan", "track_plan"))
        side = _choice(params, "side", ("buy", "sell"))
        order_type = _choice(params, "orderType", ("limit", "market"))
        client_oid = params.text("clientOid")
        if client_oid and any(p.client_oid == client_oid and p.status == LIVE for p in plans):
            raise SimError("40757", "Duplicate clientOid")
        plan = self._plans.new(
            spec, plan_type, side, params.positive_decimal("triggerPrice"), request.now_ms,
            size=params.positive_decimal("size"), client_oid=client_oid,
        )  # fmt: skip
        plan.trade_side = (params.text("tradeSide") or "").lower() or None
        plan.order_type = order_type
        plan.execute_price = params.positive_decimal("price") if order_type == "limit" else None
        plan.trigger_type = params.choice("triggerType", _TRIGGER_TYPES, default="fill_price") or "fill_price"
        plan.margin_mode = params.choice("marginMode", ("isolated", "crossed"), default="crossed") or "crossed"
        plan.callback_ratio = params.decimal("callbackRatio")
        plan.take_profit = params.decimal("stopSurplusTriggerPrice")
        plan.stop_loss = params.decimal("stopLossTriggerPrice")
        plans.append(plan)
        return _ids(plan)

    def modify_plan(self, request: SimRequest) -> dict[str, str]:
        params, _, _, plans = self._target(request)
        plan = _locate(plans, params)
        if params.decimal("newTriggerPrice") is not None:
            self._plans.aim(plan, params.positive_decimal("newTriggerPrice"), request.now_ms)
        if params.decimal("newSize") is not None:
            plan.size = params.positive_decimal("newSize")
        if params.decimal("newPrice") is not None:
            plan.execute_price = params.positive_decimal("newPrice")
        plan.take_profit = params.decimal("newStopSurplusTriggerPrice") or plan.take_profit
        plan.stop_loss = params.decimal("newStopLossTriggerPrice") or plan.stop_loss
        plan.u_time = request.now_ms
        return _ids(plan)

    def place_tpsl(self, request: SimRequest) -> dict[str, str]:
        params, spec, futures, plans = self._target(request)
        plan_type = _choice(params, "planType", TPSL_TYPES)
        hold = _hold_side(params, futures)
        size = params.decimal("size") or Decimal(0)
        plan = self._plans.new(
            spec, plan_type, "buy" if hold == "long" else "sell", params.positive_decimal("triggerPrice"),
            request.now_ms, hold_side=hold, size=size, client_oid=params.text("clientOid"),
        )  # fmt: skip
        plan.execute_price = params.decimal("executePrice") or None
        plan.trigger_type = params.choice("triggerType", _TRIGGER_TYPES, default="fill_price") or "fill_price"
        plans.append(plan)
        return _ids(plan)

    def place_pos_tpsl(self, request: SimRequest) -> list[dict[str, str]]:
        params, spec, futures, plans = self._target(request)
        hold = _hold_side(params, futures)
        placed: list[FuturesPlan] = []
        for plan_type, key in (("pos_profit", "stopSurplusTriggerPrice"), ("pos_loss", "stopLossTriggerPrice")):
            trigger = params.decimal(key)
            if trigger is not None:
                side = "buy" if hold == "long" else "sell"
                plan = self._plans.new(spec, plan_type, side, trigger, request.now_ms, hold_side=hold, size=Decimal(0))
                plans.append(plan)
                placed.append(plan)
        if not placed:
            raise SimError("40019", "Parameter stopSurplusTriggerPrice cannot be empty")
        ids = {plan.plan_type: plan.client_oid for plan in placed}
        return [
            {
                "orderId": str(plan.order_id),
                "stopSurplusClientOid": ids.get("pos_profit", ""),
                "stopLossClientOid": ids.get("pos_loss", ""),
            }
            for plan in placed
        ]

    def modify_tpsl(self, request: SimRequest) -> dict[str, str]:
        params, _, _, plans = self._target(request)
        plan = _locate(plans, params)
        self._plans.aim(plan, params.positive_decimal("triggerPrice"), request.now_ms)
        plan.execute_price = params.decimal("executePrice") or None
        plan.size = params.decimal("size") or plan.size
        plan.u_time = request.now_ms
        return _ids(plan)

    def cancel_plan(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params, spec, _, plans = self._target(request)
        wanted = request.params.get("orderIdList")
        success: list[dict[str, str]] = []
        failure: list[dict[str, str]] = []
        if isinstance(wanted, list) and wanted:
            for item in wanted:
                fields = Params(item if isinstance(item, dict) else {})
                try:
                    plan = _locate(plans, fields)
                except SimError as error:
                    row = {"orderId": fields.text("orderId") or "", "clientOid": fields.text("clientOid") or ""}
                    failure.append({**row, "errorMsg": error.msg, "errorCode": error.code})
                else:
                    plan.status, plan.u_time = "cancelled", request.now_ms
                    success.append(_ids(plan))
            return {"successList": success, "failureList": failure}
        plan_type = params.text("planType")
        for plan in plans:
            if plan.status == LIVE and plan.spec.symbol == spec.symbol and _of_kind(plan, plan_type):
                plan.status, plan.u_time = "cancelled", request.now_ms
                success.append(_ids(plan))
        return {"successList": success, "failureList": failure}

    def pending(self, request: SimRequest) -> dict[str, Any]:
        return self._list(request, live=True)

    def history(self, request: SimRequest) -> dict[str, Any]:
        return self._list(request, live=False)

    def _list(self, request: SimRequest, *, live: bool) -> dict[str, Any]:
        params = Params(request.params)
        line = require_product_type(params)
        kind = _choice(params, "planType", ("normal_plan", "track_plan", "profit_loss"))
        symbol = (params.text("symbol") or "").upper() or None
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        futures = self._accounts.futures(request)
        assert request.uid is not None
        limit = params.limit(default=100, maximum=100)
        rows = [
            _plan_row(plan, futures)
            for plan in reversed(self._plans.of(request.uid))
            if (plan.status == LIVE) == live
            and _of_kind(plan, kind)
            and plan.spec.product_type == line
            and symbol in (None, plan.spec.symbol)
            and order_id in (None, str(plan.order_id))
            and client_oid in (None, plan.client_oid)
        ][:limit]
        return {"entrustedList": rows, "endId": rows[-1]["orderId"] if rows else ""}


def _choice(params: Params, name: str, choices: tuple[str, ...]) -> str:
    value = params.choice(name, choices, required=True)
    assert value is not None
    return value


def _hold_side(params: Params, futures: FuturesAccount) -> str:
    hold = params.choice("holdSide", ("long", "short", "buy", "sell"), required=True)
    del futures
    return {"buy": "long", "sell": "short"}.get(hold or "", hold or "long")


def _of_kind(plan: FuturesPlan, kind: str | None) -> bool:
    if kind is None:
        return True
    return plan.is_tpsl if kind == "profit_loss" else plan.plan_type == kind


def _locate(plans: list[FuturesPlan], params: Params) -> FuturesPlan:
    order_id, client_oid = params.text("orderId"), params.text("clientOid")
    if order_id is None and client_oid is None:
        raise SimError("40017", "Order id must not be blank")
    for plan in reversed(plans):
        if plan.status == LIVE and (
            str(plan.order_id) == order_id or (order_id is None and plan.client_oid == client_oid)
        ):
            return plan
    raise SimError("40768", "Order does not exist")


def _ids(plan: FuturesPlan) -> dict[str, str]:
    return {"orderId": str(plan.order_id), "clientOid": plan.client_oid}


def _text(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


def _plan_row(plan: FuturesPlan, futures: FuturesAccount) -> dict[str, Any]:
    hedge = futures.pos_mode == "hedge_mode"
    pos_side = plan.hold_side or (("long" if plan.side == "buy" else "short") if hedge else "net")
    status = {"live": "live", "executed": "executed", "cancelled": "cancelled"}.get(plan.status, plan.status)
    if plan.status == LIVE and not plan.is_tpsl:
        status = "not_trigger"
    return {
        "planType": plan.plan_type,
        "symbol": plan.spec.symbol,
        "size": format_decimal(plan.size),
        "orderId": str(plan.order_id),
        "clientOid": plan.client_oid,
        "price": _text(plan.execute_price),
        "executePrice": _text(plan.execute_price),
        "executeOrderId": "" if plan.execute_order_id is None else str(plan.execute_order_id),
        "callbackRatio": _text(plan.callback_ratio),
        "triggerPrice": format_decimal(plan.trigger_price),
        "triggerType": plan.trigger_type,
        "planStatus": status,
        "side": plan.side,
        "posSide": pos_side,
        "marginCoin": plan.spec.margin_coin,
        "marginMode": plan.margin_mode,
        "enterPointSource": "API",
        "tradeSide": "close" if plan.is_tpsl else (plan.trade_side or ("open" if hedge else "")),
        "posMode": futures.pos_mode,
        "orderType": "market" if plan.execute_price is None else "limit",
        "orderSource": "normal",
        "cTime": str(plan.c_time),
        "uTime": str(plan.u_time),
        "presetStopSurplusPrice": _text(plan.take_profit),
        "stopSurplusTriggerPrice": _text(plan.take_profit),
        "stopSurplusTriggerType": "fill_price" if plan.take_profit is not None else "",
        "presetStopLossPrice": _text(plan.stop_loss),
        "stopLossTriggerPrice": _text(plan.stop_loss),
        "stopLossTriggerType": "fill_price" if plan.stop_loss is not None else "",
    }
