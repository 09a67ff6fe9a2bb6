"""The futures trigger orders and TP/SL of every account, and their firing on the price walk (no requests here).

A plan's direction is fixed when it is placed (above the price: it fires on the way up). Plans are checked
lazily, against the walk's extremes since the last check, whenever their owner's account catches up, on the
plan's own product line; preset TP/SL wait while their order is open and are cancelled with it.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..._routing import SimError
from ._accounts import Accounts
from ._engine import OPEN_STATUSES, reached
from ._futures import FuturesAccount, FuturesOrderRequest
from ._ids import IdSequence
from ._markets import Markets
from ._spot import SpotAccount
from ._symbols import Contract

__all__ = ["LIVE", "TPSL_TYPES", "FuturesPlan", "FuturesPlans"]

TPSL_TYPES = ("profit_plan", "loss_plan", "moving_plan", "pos_profit", "pos_loss")
LIVE = "live"


@attrs.define
class FuturesPlan:
    order_id: int
    client_oid: str
    spec: Contract
    plan_type: str
    side: str
    trade_side: str | None
    hold_side: str | None
    order_type: str
    trigger_price: Decimal
    trigger_type: str
    execute_price: Decimal | None
    size: Decimal
    margin_mode: str
    rising: bool
    checked_ms: int
    c_time: int
    u_time: int
    status: str = LIVE
    parent_id: int | None = None
    execute_order_id: int | None = None
    callback_ratio: Decimal | None = None
    take_profit: Decimal | None = None
    stop_loss: Decimal | None = None

    @property
    def is_tpsl(self) -> bool:
        return self.plan_type in TPSL_TYPES


class FuturesPlans:
    """Every account's futures plans, in placement order."""

    def __init__(self, markets: Markets, accounts: Accounts, ids: IdSequence) -> None:
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self._plans: dict[str, list[FuturesPlan]] = {}

    def of(self, uid: str) -> list[FuturesPlan]:
        """The plans of ``uid`` (a list the caller may add to)."""
        return self._plans.setdefault(uid, [])

    def new(
        self,
        spec: Contract,
        plan_type: str,
        side: str,
        trigger: Decimal,
        now_ms: int,
        *,
        hold_side: str | None = None,
        size: Decimal,
        client_oid: str | None = None,
    ) -> FuturesPlan:
        price = self._markets.quote(spec.symbol, spec.tick, now_ms).bid
        return FuturesPlan(
            order_id=self._ids.next(),
            client_oid=client_oid or str(self._ids.next()),
            spec=spec,
            plan_type=plan_type,
            side=side,
            trade_side=None,
            hold_side=hold_side,
            order_type="market",
            trigger_price=trigger,
            trigger_type="fill_price",
            execute_price=None,
            size=size,
            margin_mode="crossed",
            rising=trigger > price,
            checked_ms=now_ms,
            c_time=now_ms,
            u_time=now_ms,
        )

    def aim(self, plan: FuturesPlan, trigger: Decimal, now_ms: int) -> None:
        """Move a plan's trigger; it fires from the side of the price it is on now."""
        plan.trigger_price = trigger
        plan.rising = trigger > self._markets.quote(plan.spec.symbol, plan.spec.tick, now_ms).bid

    def fire(self, uid: str, _spot: SpotAccount, now_ms: int) -> None:
        """Run every live plan of ``uid`` the walk reached by ``now_ms`` (resting orders catch up first)."""
        account = self._accounts.existing(uid)
        plans = self._plans.get(uid)
        if account is None or not plans:
            return
        for line in account.lines.values():
            line.catch_up(now_ms)
        for plan in list(plans):
            if plan.status != LIVE or now_ms <= plan.checked_ms:
                continue
            futures = account.line(plan.spec.product_type)
            if plan.parent_id is not None:
                parent = futures.by_id[plan.parent_id]
                if parent.status in OPEN_STATUSES:
                    plan.checked_ms = now_ms  # waits for its order to fill
                    continue
                if parent.base_volume == 0:
                    plan.status, plan.u_time = "cancelled", now_ms
                    continue
            if reached(self._markets.extremes, plan, now_ms):
                self._execute(uid, plan, futures, now_ms)

    def _execute(self, uid: str, plan: FuturesPlan, futures: FuturesAccount, now_ms: int) -> None:
        plan.u_time = now_ms
        hedge = futures.pos_mode == "hedge_mode"
        if plan.is_tpsl:
            assert plan.hold_side is not None
            position = futures.positions.get((plan.spec.symbol, plan.hold_side if hedge else "net"))
            position = position or futures.positions.get((plan.spec.symbol, plan.hold_side))
            if position is None or position.total == 0:
                plan.status = "fail_execute"
                return
            size = position.total if plan.plan_type.startswith("pos_") or plan.size == 0 else plan.size
            closes_long = plan.hold_side == "long"
            side = ("buy" if closes_long else "sell") if hedge else ("sell" if closes_long else "buy")
            request = FuturesOrderRequest(
                plan.spec,
                side,
                "close" if hedge else None,
                "market" if plan.execute_price is None else "limit",
                "gtc",
                plan.execute_price,
                min(size, position.total),
                position.margin_mode,
                not hedge,
                None,
            )
        else:
            order_type = "market" if plan.plan_type == "track_plan" else plan.order_type
            price = None if order_type == "market" else plan.execute_price
            request = FuturesOrderRequest(
                plan.spec,
                plan.side,
                plan.trade_side,
                order_type,
                "gtc",
                price,
                plan.size,
                plan.margin_mode,
                False,
                None,
            )
        try:
            order = futures.place(request, now_ms)
        except SimError:
            plan.status = "fail_execute"
            return
        plan.status, plan.execute_order_id = "executed", order.order_id
        if plan.take_profit is not None or plan.stop_loss is not None:
            self.attach(
                uid, plan.spec, order.order_id, plan.side, plan.trade_side, plan.take_profit, plan.stop_loss, now_ms
            )

    def attach(
        self,
        uid: str,
        spec: Contract,
        parent_id: int,
        side: str,
        trade_side: str | None,
        take_profit: Decimal | None,
        stop_loss: Decimal | None,
        now_ms: int,
    ) -> None:
        """Position TP/SL for the position ``parent_id`` opens, waiting for it to fill."""
        if trade_side == "close":
            return
        hold = "long" if side == "buy" else "short"
        for plan_type, trigger in (("pos_profit", take_profit), ("pos_loss", stop_loss)):
            if trigger is not None:
                plan = self.new(spec, plan_type, side, trigger, now_ms, hold_side=hold, size=Decimal(0))
                plan.parent_id = parent_id
                self.of(uid).append(plan)
