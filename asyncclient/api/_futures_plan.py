"""Futures trigger orders, trailing stops and TP/SL as typed methods, mixed into ``FuturesAPI``.

Placing a plan takes a ``clientOid`` (one is generated), but the catalogue names no lookup for plans yet, so
after a failure whose outcome is unknown the call raises ``OutcomeUnknownError`` rather than sending again:
find the ``client_oid`` with :meth:`FuturesPlanMethods.pending_plan_orders` before retrying.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from .._order_safety import new_client_oid
from ..models import BatchResult, HoldSide, MarginMode, OrderAck, OrderType, Page, Side, TradeSide
from ..models._futures_plan import FuturesPlanOrder, FuturesPlanType, PlanListType, PositionTpslAck
from ..models._futures_plan_requests import (
    PlanCancel,
    PlanModify,
    PlanOrderRequest,
    PlanPage,
    PositionTpslRequest,
    TpslModify,
    TpslRequest,
    TrailingStopRequest,
)
from ..models._plan import TriggerType
from ._base import CallOptions
from ._cast import one, page_at, rows
from ._common import Amount, Time
from ._futures_line import FuturesLine

__all__ = ["FuturesPlanMethods"]


class FuturesPlanMethods(FuturesLine):
    """Orders that wait for a price: trigger orders, trailing stops, take-profits and stop-losses."""

    async def place_plan_order(
        self,
        symbol: str,
        side: Side | str,
        order_type: OrderType | str,
        size: Amount,
        trigger_price: Amount,
        *,
        price: Amount | None = None,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        margin_mode: MarginMode | str = MarginMode.CROSSED,
        margin_coin: str | None = None,
        trade_side: TradeSide | str | None = None,
        reduce_only: bool | None = None,
        take_profit_trigger_price: Amount | None = None,
        stop_loss_trigger_price: Amount | None = None,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Place ``order_type`` (limit at ``price``, or market) when the price reaches ``trigger_price``.

        ``take_profit_trigger_price``/``stop_loss_trigger_price`` attach TP/SL to the position it opens.
        """
        request = PlanOrderRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), margin_mode=margin_mode, side=side,
            trade_side=trade_side, order_type=order_type, size=size, price=price, trigger_price=trigger_price,
            trigger_type=trigger_type, reduce_only=reduce_only, take_profit_trigger_price=take_profit_trigger_price,
            stop_loss_trigger_price=stop_loss_trigger_price, client_oid=_or_new(client_oid),
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/place-plan-order", request, one(OrderAck), options)

    async def place_trailing_stop(
        self,
        symbol: str,
        side: Side | str,
        size: Amount,
        activation_price: Amount,
        callback_ratio: Amount,
        *,
        margin_mode: MarginMode | str = MarginMode.CROSSED,
        margin_coin: str | None = None,
        trade_side: TradeSide | str | None = None,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """A trailing stop (``track_plan``): active from ``activation_price``, trailing by ``callback_ratio`` %."""
        request = TrailingStopRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), margin_mode=margin_mode, side=side,
            trade_side=trade_side, size=size, activation_price=activation_price, callback_ratio=callback_ratio,
            client_oid=_or_new(client_oid),
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/place-plan-order", request, one(OrderAck), options)

    async def modify_plan_order(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        new_trigger_price: Amount | None = None,
        new_size: Amount | None = None,
        new_price: Amount | None = None,
        new_take_profit_trigger_price: Amount | None = None,
        new_stop_loss_trigger_price: Amount | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Change a waiting trigger order or trailing stop."""
        request = PlanModify(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), order_id=order_id, client_oid=client_oid,
            new_trigger_price=new_trigger_price, new_size=new_size, new_price=new_price,
            new_take_profit_trigger_price=new_take_profit_trigger_price,
            new_stop_loss_trigger_price=new_stop_loss_trigger_price,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/modify-plan-order", request, one(OrderAck), options)

    async def place_tpsl_order(
        self,
        symbol: str,
        plan_type: FuturesPlanType | str,
        trigger_price: Amount,
        hold_side: HoldSide | str,
        *,
        size: Amount | None = None,
        execute_price: Amount | None = None,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        margin_coin: str | None = None,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """A take-profit or stop-loss on the ``hold_side`` position (``size`` for a partial one)."""
        request = TpslRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), plan_type=plan_type,
            trigger_price=trigger_price, trigger_type=trigger_type, execute_price=execute_price,
            hold_side=hold_side, size=size, client_oid=_or_new(client_oid),
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/place-tpsl-order", request, one(OrderAck), options)

    async def place_position_tpsl(
        self,
        symbol: str,
        hold_side: HoldSide | str,
        *,
        take_profit_trigger_price: Amount | None = None,
        stop_loss_trigger_price: Amount | None = None,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> list[PositionTpslAck]:
        """Take-profit and/or stop-loss on the whole ``hold_side`` position."""
        request = PositionTpslRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), hold_side=hold_side,
            take_profit_trigger_price=take_profit_trigger_price, stop_loss_trigger_price=stop_loss_trigger_price,
            trigger_type=trigger_type,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/place-pos-tpsl", request, rows(PositionTpslAck), options)

    async def modify_tpsl_order(
        self,
        symbol: str,
        trigger_price: Amount,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        size: Amount | None = None,
        execute_price: Amount | None = None,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Move a waiting take-profit or stop-loss."""
        request = TpslModify(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), order_id=order_id, client_oid=client_oid,
            trigger_price=trigger_price, trigger_type=trigger_type, execute_price=execute_price, size=size,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/modify-tpsl-order", request, one(OrderAck), options)

    async def cancel_plan_orders(
        self,
        symbol: str,
        *,
        order_ids: Sequence[str] = (),
        client_oids: Sequence[str] = (),
        plan_type: PlanListType | FuturesPlanType | str | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> BatchResult:
        """Cancel the named plans, or every waiting plan of ``symbol`` (of ``plan_type``, when given)."""
        request = PlanCancel(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), order_ids=order_ids, client_oids=client_oids,
            plan_type=plan_type,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/cancel-plan-order", request, one(BatchResult), options, urgent=True)

    async def pending_plan_orders(
        self,
        plan_type: PlanListType | str,
        *,
        symbol: str | None = None,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesPlanOrder]:
        """Waiting plans of one kind (trigger orders, trailing stops, or every TP/SL), newest first."""
        query = PlanPage(
            plan_type=plan_type, symbol=symbol, order_id=order_id, client_oid=client_oid, start=start, end=end,
            id_less_than=id_less_than, limit=limit,
        )  # fmt: skip
        return await self._get(
            "/api/v2/mix/order/orders-plan-pending", query, page_at("entrustedList", FuturesPlanOrder), options
        )

    async def history_plan_orders(
        self,
        plan_type: PlanListType | str,
        *,
        symbol: str | None = None,
        order_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesPlanOrder]:
        """Fired, cancelled and failed plans of one kind, newest first."""
        query = PlanPage(
            plan_type=plan_type, symbol=symbol, order_id=order_id, client_oid=client_oid, start=start, end=end,
            id_less_than=id_less_than, limit=limit,
        )  # fmt: skip
        return await self._get(
            "/api/v2/mix/order/orders-plan-history", query, page_at("entrustedList", FuturesPlanOrder), options
        )


def _or_new(client_oid: str | None) -> str:
    """The caller's ``clientOid`` (checked by the request model), or a fresh one."""
    return new_client_oid() if client_oid is None else client_oid
