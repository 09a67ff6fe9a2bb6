"""Spot trigger (plan) orders: they wait for the price walk to reach ``triggerPrice``, then place an order.

The direction is fixed at placement, as the exchange does: a trigger above the price fires when the walk rises
to it, one below when it falls to it. Plans are checked lazily, against the walk's extremes since the last
check, whenever the account is used; a fired plan places its limit or market order through the spot account
(status ``triggered``, or ``fail`` when the order is refused, insufficient balance for one). ``planType`` amount
means ``size`` is in the base coin; total means it is in the quote coin (a market buy's amount).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from .._routing import Handler, SimError, SimRequest
from ._accounts import Accounts
from ._ids import IdSequence
from ._markets import Markets, format_decimal
from ._paging import Window, newest_first
from ._params import Params
from ._spot import OrderRequest, SpotAccount
from ._spot_trade import decimal_places
from ._symbols import SpotSymbol

__all__ = ["SpotPlanEndpoints"]

_PENDING = "not_trigger"


@attrs.define
class PlanOrder:
    order_id: int
    client_oid: str
    spec: SpotSymbol
    side: str
    trigger_price: Decimal
    order_type: str
    execute_price: Decimal | None
    size: Decimal
    plan_type: str
    trigger_type: str
    #: True: fires when the walk rises to the trigger; False: when it falls to it.
    rising: bool
    checked_ms: int
    c_time: int
    u_time: int
    status: str = _PENDING
    sub_order_id: int | None = None
    sub_order_error: str | None = None


class SpotPlanEndpoints:
    """Handlers of ``/api/v2/spot/trade/*plan*``; plans fire whenever the owner's account is settled."""

    def __init__(self, markets: Markets, accounts: Accounts, ids: IdSequence) -> None:
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self._plans: dict[str, list[PlanOrder]] = {}
        accounts.settle_hooks.append(self.fire)

    def routes(self) -> dict[tuple[str, str], Handler]:
        """The endpoints this module serves, for the route table."""
        return {
            ("POST", "/api/v2/spot/trade/place-plan-order"): self.place,
            ("POST", "/api/v2/spot/trade/modify-plan-order"): self.modify,
            ("POST", "/api/v2/spot/trade/cancel-plan-order"): self.cancel,
            ("POST", "/api/v2/spot/trade/batch-cancel-plan-order"): self.batch_cancel,
            ("GET", "/api/v2/spot/trade/current-plan-order"): self.current,
            ("GET", "/api/v2/spot/trade/history-plan-order"): self.history,
            ("GET", "/api/v2/spot/trade/plan-sub-order"): self.sub_orders,
        }

    # -- firing ------------------------------------------------------------------------------------------------

    def fire(self, uid: str, spot: SpotAccount, now_ms: int) -> None:
        """Place the order of every pending plan of ``uid`` whose trigger the walk reached by ``now_ms``."""
        for plan in self._plans.get(uid, ()):
            if plan.status != _PENDING or now_ms <= plan.checked_ms:
                continue
            low, high = self._markets.extremes(plan.spec.symbol, plan.checked_ms, now_ms)
            plan.checked_ms = now_ms
            if (high >= plan.trigger_price) if plan.rising else (low <= plan.trigger_price):
                self._execute(plan, spot, now_ms)

    def _execute(self, plan: PlanOrder, spot: SpotAccount, now_ms: int) -> None:
        size = plan.size
        if plan.order_type == "market" and plan.side == "buy" and plan.plan_type == "amount":
            size = (plan.size * plan.trigger_price).quantize(Decimal(1).scaleb(-plan.spec.quote_precision))
        request = OrderRequest(plan.spec, plan.side, plan.order_type, "gtc", plan.execute_price, size, None)
        plan.u_time = now_ms
        try:
            order = spot.place(request, now_ms)
        except SimError as error:
            plan.status, plan.sub_order_error = "fail", error.msg
            return
        plan.status, plan.sub_order_id = "triggered", order.order_id

    # -- handlers ----------------------------------------------------------------------------------------------

    def _account(self, request: SimRequest) -> list[PlanOrder]:
        """The caller's plans, after settling (and firing) them up to the request's instant."""
        self._accounts.spot(request)
        assert request.uid is not None
        return self._plans.setdefault(request.uid, [])

    def place(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        spec = self._markets.spot_symbol(params)
        side = _required_choice(params, "side", ("buy", "sell"))
        order_type = _required_choice(params, "orderType", ("limit", "market"))
        trigger = _price(params, "triggerPrice", spec)
        execute = _price(params, "executePrice", spec) if order_type == "limit" else None
        size = params.positive_decimal("size")
        client_oid = params.text("clientOid")
        if client_oid and any(p.client_oid == client_oid and p.status == _PENDING for p in plans):
            raise SimError("43118", "Duplicate clientOid")
        now = request.now_ms
        price = self._markets.quote(spec.symbol, spec.tick, now).bid
        plan = PlanOrder(
            order_id=self._ids.next(),
            client_oid=client_oid or str(self._ids.next()),
            spec=spec,
            side=side,
            trigger_price=trigger,
            order_type=order_type,
            execute_price=execute,
            size=size,
            plan_type=params.choice("planType", ("amount", "total"), default="amount") or "amount",
            trigger_type=params.choice("triggerType", ("fill_price", "mark_price"), default="fill_price")
            or "fill_price",
            rising=trigger > price,
            checked_ms=now,
            c_time=now,
            u_time=now,
        )
        plans.append(plan)
        return {"orderId": str(plan.order_id), "clientOid": plan.client_oid}

    def modify(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        plan = _locate(plans, params)
        if plan.status != _PENDING:
            raise SimError("43001", "The order does not exist")
        order_type = _required_choice(params, "orderType", ("limit", "market"))
        plan.trigger_price = _price(params, "triggerPrice", plan.spec)
        plan.order_type = order_type
        plan.execute_price = _price(params, "executePrice", plan.spec) if order_type == "limit" else None
        plan.size = params.positive_decimal("size")
        price = self._markets.quote(plan.spec.symbol, plan.spec.tick, request.now_ms).bid
        plan.rising = plan.trigger_price > price
        plan.u_time = request.now_ms
        return {"orderId": str(plan.order_id), "clientOid": plan.client_oid}

    def cancel(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        plans = self._account(request)
        plan = _locate(plans, params)
        if plan.status != _PENDING:
            raise SimError("43001", "The order does not exist")
        plan.status, plan.u_time = "cancelled", request.now_ms
        return {"result": "success"}

    def batch_cancel(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        plans = self._account(request)
        given = request.params.get("symbolList")
        symbols = {str(symbol).upper() for symbol in given} if isinstance(given, list) and given else None
        success = []
        for plan in plans:
            if plan.status == _PENDING and (symbols is None or plan.spec.symbol in symbols):
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
        spec = self._markets.spot_symbol(params)
        window = Window(params, default_limit=20, max_limit=100)
        found = newest_first(
            plans,
            [plan.order_id for plan in plans],
            window,
            lambda plan: plan.c_time,
            lambda plan: plan.spec.symbol == spec.symbol and (plan.status == _PENDING) == pending,
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


def _locate(plans: list[PlanOrder], params: Params) -> PlanOrder:
    order_id, client_oid = params.text("orderId"), params.text("clientOid")
    if order_id is None and client_oid is None:
        raise SimError("40019", "Parameter orderId cannot be empty")
    for plan in reversed(plans):
        if (order_id is not None and str(plan.order_id) == order_id) or (
            order_id is None and plan.client_oid == client_oid
        ):
            return plan
    raise SimError("43001", "The order does not exist")


def _plan_row(plan: PlanOrder) -> dict[str, str]:
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
