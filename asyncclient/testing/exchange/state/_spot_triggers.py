"""The spot trigger (plan) orders of every account, and their firing on the price walk (no requests here).

The direction is fixed at placement, as the exchange does: a trigger above the price fires when the walk rises
to it, one below when it falls to it. A fired plan places its limit or market order through the spot account
(status ``triggered``, or ``fail`` when the order is refused, insufficient balance for one).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..._routing import SimError
from ._engine import reached
from ._ids import IdSequence
from ._markets import Markets
from ._spot import OrderRequest, SpotAccount
from ._symbols import SpotSymbol

__all__ = ["PENDING", "SpotPlan", "SpotPlans"]

PENDING = "not_trigger"


@attrs.define
class SpotPlan:
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
    status: str = PENDING
    sub_order_id: int | None = None
    sub_order_error: str | None = None


class SpotPlans:
    """Every account's spot plans, in placement order."""

    def __init__(self, markets: Markets, ids: IdSequence) -> None:
        self._markets = markets
        self._ids = ids
        self._plans: dict[str, list[SpotPlan]] = {}

    def of(self, uid: str) -> list[SpotPlan]:
        """The plans of ``uid`` (a list the caller may add to)."""
        return self._plans.setdefault(uid, [])

    def next_id(self) -> int:
        return self._ids.next()

    def aim(self, plan: SpotPlan, trigger: Decimal, now_ms: int) -> None:
        """Set a plan's trigger; it fires from the side of the price it is on now."""
        plan.trigger_price = trigger
        plan.rising = trigger > self._markets.quote(plan.spec.symbol, plan.spec.tick, now_ms).bid

    def fire(self, uid: str, spot: SpotAccount, now_ms: int) -> None:
        """Place the order of every pending plan of ``uid`` whose trigger the walk reached by ``now_ms``."""
        for plan in self._plans.get(uid, ()):
            if plan.status != PENDING or now_ms <= plan.checked_ms:
                continue
            if reached(self._markets.extremes, plan, now_ms):
                self._execute(plan, spot, now_ms)

    def _execute(self, plan: SpotPlan, spot: SpotAccount, now_ms: int) -> None:
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
