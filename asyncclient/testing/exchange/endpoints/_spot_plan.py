"""Spot trigger (plan) orders: they wait for the price walk to reach ``triggerPrice``, then place an order.

Plans are checked lazily, against the walk's extremes since the last check, whenever the account is used (the
plans and their firing are the state's, ``_spot_triggers``). ``planType`` amount means ``size`` is in the base coin;
total means it is in the quote coin (a market buy's amount).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._markets import Markets, format_decimal
from ..state._spot_triggers import PENDING, SpotPlan, SpotPlans
from ..state._symbols import SpotSymbol
from ._callers import Callers
from ._lookup import spot_symbol
from ._paging import PageWindow, newest_first
from ._params import Params
from ._spot_trade import decimal_places

__all__ = ["SpotPlanEndpoints"]


class SpotPlanEndpoints:
    """Handlers of ``/api/v2/spot/trade/*plan*``; plans fire whenever the owner's account catches up."""

    def __init__(self, markets: Markets, accounts: Callers, plans: SpotPlans) -> None:
        self._markets = markets
        self._accounts = accounts
        self._plans = plans

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot/trade",
            [
                post("/place-plan-order", self.place),
                post("/modify-plan-order", self.modify),
                post("/cancel-plan-order", self.cancel),
                post("/batch-cancel-plan-order", self.batch_cancel),
                get("/current-plan-order", self.current),
                get("/history-plan-order", self.history),
                get("/plan-sub-order", self.sub_orders),
            ],
        )

    def rows(self, uid: str) -> list[dict[str, str]]:
        """Every plan of ``uid`` as the plan-order lists write it."""
        return [_plan_row(plan) for plan in self._plans.of(uid)]

    def _account(self, request: SimRequest) -> list[SpotPlan]:
        """The caller's plans, caught up (and fired) to the request's instant."""
        self._accounts.spot(request)
        assert request.uid is not None
        return self._plans.of(request.uid)

    def place(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        spec = spot_symbol(params)
        side = _required_choice(params, "side", ("buy", "sell"))
        order_type = _required_choice(params, "orderType", ("limit", "market"))
        trigger = _price(params, "triggerPrice", spec)
        execute = _price(params, "executePrice", spec) if order_type == "limit" else None
        size = params.positive_decimal("size")
        client_oid = params.text("clientOid")
        if client_oid and any(p.client_oid == client_oid and p.status == PENDING for p in plans):
            raise SimError("43118", "Duplicate clientOid")
        now = request.now_ms
        plan = SpotPlan(
            order_id=self._plans.next_id(),
            client_oid=client_oid or str(self._plans.next_id()),
            spec=spec,
            side=side,
            trigger_price=trigger,
            order_type=order_type,
            execute_price=execute,
            size=size,
            plan_type=params.choice("planType", ("amount", "total"), default="amount") or "amount",
            trigger_type=params.choice("triggerType", ("fill_price", "mark_price"), default="fill_price")
            or "fill_price",
            rising=False,
            checked_ms=now,
            c_time=now,
            u_time=now,
        )
        self._plans.aim(plan, trigger, now)
        plans.append(plan)
        return {"orderId": str(plan.order_id), "clientOid": plan.client_oid}

    def modify(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        plan = _locate(plans, params)
        if plan.status != PENDING:
            raise SimError("43001", "The order does not exist")
        order_type = _required_choice(params, "orderType", ("limit", "market"))
        trigger = _price(params, "triggerPrice", plan.spec)
        plan.order_type = order_type
        plan.execute_price = _price(params, "executePrice", plan.spec) if order_type == "limit" else None
        plan.size = params.positive_decimal("size")
        self._plans.aim(plan, trigger, request.now_ms)
        plan.u_time = request.now_ms
        return {"orderId": str(plan.order_id), "clientOid": plan.client_oid}

    def cancel(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        plan = _locate(plans, params)
        if plan.status != PENDING:
            raise SimError("43001", "The order does not exist")
        plan.status, plan.u_time = "cancelled", request.now_ms
        return {"result": "success"}

    def batch_cancel(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        plans = self._account(request)
        given = request.params.get("symbolList")
        symbols = {str(symbol).upper() for symbol in given} if isinstance(given, list) and given else None
        success = []
        for plan in plans:
            if plan.status == PENDING and (symbols is None or plan.spec.symbol in symbols):
                plan.status, plan.u_time = "cancelled", request.now_ms
                success.append({"orderId": str(plan.order_id), "clientOid": plan.client_oid})
        return {"successList": success, "failureList": []}

    def current(self, request: SimRequest) -> dict[str, Any]:
        return self._list(request, pending=True)

    def history(self, request: SimRequest) -> dict[str, Any]:
        return self._list(request, pending=False)

    def _list(self, request: SimRequest, *, pending: bool) -> dict[str, Any]:
        params = Params(request.params)
        plans = self._account(request)
        spec = spot_symbol(params)
        window = PageWindow(params, default_limit=20, max_limit=100)
        found = newest_first(
            plans,
            [plan.order_id for plan in plans],
            window,
            lambda plan: plan.c_time,
            lambda plan: plan.spec.symbol == spec.symbol and (plan.status == PENDING) == pending,
        )
        return {
            "nextFlag": len(found) == window.limit,
            "idLessThan": str(found[-1].order_id) if found else "",
            "orderList": [_plan_row(plan) for plan in found],
        }

    def sub_orders(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        plans = self._account(request)
        wanted = params.required("planOrderId")
        plan = next((p for p in plans if str(p.order_id) == wanted), None)
        if plan is None:
            raise SimError("43001", "The order does not exist")
        if plan.status == "triggered":
            price = format_decimal(plan.execute_price) if plan.execute_price is not None else ""
            return [{"orderId": str(plan.sub_order_id), "price": price, "type": plan.order_type, "status": "success"}]
        if plan.status == "fail":
            return [{"orderId": "", "price": "", "type": plan.order_type, "status": "fail"}]
        return []


def _required_choice(params: Params, name: str, choices: tuple[str, ...]) -> str:
    value = params.choice(name, choices, required=True)
    assert value is not None
    return value


def _price(params: Params, name: str, spec: SpotSymbol) -> Decimal:
    value = params.positive_decimal(name)
    if decimal_places(value) > spec.price_precision:
        raise SimError("41103", f"param {name} scale error error")
    return value


def _locate(plans: list[SpotPlan], params: Params) -> SpotPlan:
    order_id, client_oid = params.text("orderId"), params.text("clientOid")
    if order_id is None and client_oid is None:
        raise SimError("40019", "Parameter orderId cannot be empty")
    for plan in reversed(plans):
        if (order_id is not None and str(plan.order_id) == order_id) or (
            order_id is None and plan.client_oid == client_oid
        ):
            return plan
    raise SimError("43001", "The order does not exist")


def _plan_row(plan: SpotPlan) -> dict[str, str]:
    return {
        "orderId": str(plan.order_id),
        "clientOid": plan.client_oid,
        "symbol": plan.spec.symbol,
        "size": format_decimal(plan.size),
        "executePrice": "" if plan.execute_price is None else format_decimal(plan.execute_price),
        "triggerPrice": format_decimal(plan.trigger_price),
        "status": plan.status,
        "orderType": plan.order_type,
        "side": plan.side,
        "planType": plan.plan_type,
        "triggerType": plan.trigger_type,
        "enterPointSource": "API",
        "uTime": str(plan.u_time),
        "cTime": str(plan.c_time),
    }
