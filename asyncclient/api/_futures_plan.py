"""Futures trigger orders, trailing stops and TP/SL as typed methods, mixed into ``FuturesAPI``.

Placing a plan takes a ``clientOid`` (one is generated), but the catalogue names no lookup for plans yet, so
after a failure whose outcome is unknown the call raises ``OutcomeUnknownError`` rather than sending again:
find the ``client_oid`` with :meth:`FuturesPlanMethods.pending_plan_orders` before retrying.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._errors import InputError
from .._order_safety import new_client_oid
from ..models import BatchResult, HoldSide, MarginMode, OrderAck, OrderType, Page, ProductType, Side, TradeSide
from ..models._futures_plan import FuturesPlanOrder, FuturesPlanType, PlanListType, PositionTpslAck
from ..models._plan import TriggerType
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, optional_amount
from ._orders import cancel_list
from ._protocol import Requester

__all__ = ["FuturesPlanMethods"]

_TPSL_TYPES = frozenset(
    {
        FuturesPlanType.PROFIT_PLAN,
        FuturesPlanType.LOSS_PLAN,
        FuturesPlanType.MOVING_PLAN,
        FuturesPlanType.POS_PROFIT,
        FuturesPlanType.POS_LOSS,
    }
)
_PLAN_SPAN_MS = 90 * 86_400_000


class FuturesPlanMethods:
    """Orders that wait for a price: trigger orders, trailing stops, take-profits and stop-losses."""

    _requester: Requester
    product_type: ProductType

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
    ) -> OrderAck:
        """Place ``order_type`` (limit at ``price``, or market) when the price reaches ``trigger_price``.

        ``take_profit_trigger_price``/``stop_loss_trigger_price`` attach TP/SL to the position it opens.
        """
        kind = check.choice(order_type, OrderType, "order_type")
        if (kind is OrderType.LIMIT) != (price is not None):
            raise InputError("price is required for a limit trigger order and refused for a market one")
        params = {
            **self._plan_base(symbol, margin_coin),
            "planType": FuturesPlanType.NORMAL_PLAN.value,
            "marginMode": check.choice(margin_mode, MarginMode, "margin_mode").value,
            "side": check.choice(side, Side, "side").value,
            "tradeSide": None if trade_side is None else check.choice(trade_side, TradeSide, "trade_side").value,
            "orderType": kind.value,
            "size": check.amount(size, "size"),
            "price": optional_amount(price, "price"),
            "triggerPrice": check.amount(trigger_price, "trigger_price"),
            "triggerType": check.choice(trigger_type, TriggerType, "trigger_type").value,
            "reduceOnly": None if reduce_only is None else ("YES" if reduce_only else "NO"),
            "stopSurplusTriggerPrice": optional_amount(take_profit_trigger_price, "take_profit_trigger_price"),
            "stopLossTriggerPrice": optional_amount(stop_loss_trigger_price, "stop_loss_trigger_price"),
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/mix/order/place-plan-order", params))

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
    ) -> OrderAck:
        """A trailing stop (``track_plan``): active from ``activation_price``, trailing by ``callback_ratio`` %."""
        ratio = check.amount(callback_ratio, "callback_ratio")
        if not 0 < float(ratio) <= 10:
            raise InputError(f"callback_ratio must be above 0 and at most 10 (percent), got {callback_ratio!r}")
        params = {
            **self._plan_base(symbol, margin_coin),
            "planType": FuturesPlanType.TRACK_PLAN.value,
            "marginMode": check.choice(margin_mode, MarginMode, "margin_mode").value,
            "side": check.choice(side, Side, "side").value,
            "tradeSide": None if trade_side is None else check.choice(trade_side, TradeSide, "trade_side").value,
            "orderType": OrderType.MARKET.value,
            "size": check.amount(size, "size"),
            "triggerPrice": check.amount(activation_price, "activation_price"),
            "triggerType": TriggerType.MARK_PRICE.value,
            "callbackRatio": ratio,
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/mix/order/place-plan-order", params))

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
    ) -> OrderAck:
        """Change a waiting trigger order or trailing stop."""
        params = {
            **self._plan_base(symbol, margin_coin),
            **check.one_of_ids(order_id, client_oid),
            "newTriggerPrice": optional_amount(new_trigger_price, "new_trigger_price"),
            "newSize": optional_amount(new_size, "new_size"),
            "newPrice": optional_amount(new_price, "new_price"),
            "newStopSurplusTriggerPrice": optional_amount(new_take_profit_trigger_price, "new_take_profit"),
            "newStopLossTriggerPrice": optional_amount(new_stop_loss_trigger_price, "new_stop_loss"),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/mix/order/modify-plan-order", params))

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
    ) -> OrderAck:
        """A take-profit or stop-loss on the ``hold_side`` position (``size`` for a partial one)."""
        kind = check.choice(plan_type, FuturesPlanType, "plan_type")
        if kind not in _TPSL_TYPES:
            raise InputError(f"plan_type must be a TP/SL type ({', '.join(sorted(t.value for t in _TPSL_TYPES))})")
        params = {
            **self._plan_base(symbol, margin_coin),
            "planType": kind.value,
            "triggerPrice": check.amount(trigger_price, "trigger_price"),
            "triggerType": check.choice(trigger_type, TriggerType, "trigger_type").value,
            "executePrice": optional_amount(execute_price, "execute_price"),
            "holdSide": check.choice(hold_side, HoldSide, "hold_side").value,
            "size": optional_amount(size, "size"),
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/mix/order/place-tpsl-order", params))

    async def place_position_tpsl(
        self,
        symbol: str,
        hold_side: HoldSide | str,
        *,
        take_profit_trigger_price: Amount | None = None,
        stop_loss_trigger_price: Amount | None = None,
        trigger_type: TriggerType | str = TriggerType.FILL_PRICE,
        margin_coin: str | None = None,
    ) -> list[PositionTpslAck]:
        """Take-profit and/or stop-loss on the whole ``hold_side`` position."""
        if take_profit_trigger_price is None and stop_loss_trigger_price is None:
            raise InputError("give take_profit_trigger_price, stop_loss_trigger_price or both")
        kind = check.choice(trigger_type, TriggerType, "trigger_type").value
        params = {
            **self._plan_base(symbol, margin_coin),
            "holdSide": check.choice(hold_side, HoldSide, "hold_side").value,
            "stopSurplusTriggerPrice": optional_amount(take_profit_trigger_price, "take_profit_trigger_price"),
            "stopSurplusTriggerType": None if take_profit_trigger_price is None else kind,
            "stopLossTriggerPrice": optional_amount(stop_loss_trigger_price, "stop_loss_trigger_price"),
            "stopLossTriggerType": None if stop_loss_trigger_price is None else kind,
        }
        data = await self._plan_post("/api/v2/mix/order/place-pos-tpsl", params)
        return [PositionTpslAck.from_wire(row) for row in as_rows(data)]

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
    ) -> OrderAck:
        """Move a waiting take-profit or stop-loss."""
        params = {
            **self._plan_base(symbol, margin_coin),
            **check.one_of_ids(order_id, client_oid),
            "triggerPrice": check.amount(trigger_price, "trigger_price"),
            "triggerType": check.choice(trigger_type, TriggerType, "trigger_type").value,
            "executePrice": optional_amount(execute_price, "execute_price"),
            "size": optional_amount(size, "size"),
        }
        return OrderAck.from_wire(await self._plan_post("/api/v2/mix/order/modify-tpsl-order", params))

    async def cancel_plan_orders(
        self,
        symbol: str,
        *,
        order_ids: Sequence[str] = (),
        client_oids: Sequence[str] = (),
        plan_type: PlanListType | FuturesPlanType | str | None = None,
        margin_coin: str | None = None,
    ) -> BatchResult:
        """Cancel the named plans, or every waiting plan of ``symbol`` (of ``plan_type``, when given)."""
        ids = cancel_list(order_ids, client_oids) if (order_ids or client_oids) else None
        kind = None if plan_type is None else str(getattr(plan_type, "value", plan_type))
        params = {**self._plan_base(symbol, margin_coin), "orderIdList": ids, "planType": kind}
        data = await self._plan_post("/api/v2/mix/order/cancel-plan-order", params, urgent=True)
        return BatchResult.from_wire(data)

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
    ) -> Page[FuturesPlanOrder]:
        """Waiting plans of one kind (trigger orders, trailing stops, or every TP/SL), newest first."""
        return await self._plan_page(
            "/api/v2/mix/order/orders-plan-pending", plan_type, symbol, order_id, client_oid, start, end,
            id_less_than, limit,
        )  # fmt: skip

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
    ) -> Page[FuturesPlanOrder]:
        """Fired, cancelled and failed plans of one kind, newest first."""
        return await self._plan_page(
            "/api/v2/mix/order/orders-plan-history", plan_type, symbol, order_id, client_oid, start, end,
            id_less_than, limit,
        )  # fmt: skip

    def _plan_base(self, symbol: str, margin_coin: str | None) -> dict[str, Any]:
        coin = self.product_type.default_margin_coin if margin_coin is None else check.coin(margin_coin, "margin_coin")
        if coin is None:
            raise InputError(f"margin_coin is required for {self.product_type.value} (e.g. 'BTC')")
        return {"symbol": check.symbol(symbol), "productType": self.product_type.value, "marginCoin": coin}

    async def _plan_post(self, path: str, params: dict[str, Any], *, urgent: bool = False) -> Any:
        return await self._requester.request("POST", path, drop_none(params), urgent=urgent)

    async def _plan_page(
        self,
        path: str,
        plan_type: PlanListType | str,
        symbol: str | None,
        order_id: str | None,
        client_oid: str | None,
        start: Time | None,
        end: Time | None,
        id_less_than: str | None,
        limit: int | None,
    ) -> Page[FuturesPlanOrder]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_PLAN_SPAN_MS)
        params = {
            "productType": self.product_type.value,
            "planType": check.choice(plan_type, PlanListType, "plan_type").value,
            "symbol": None if symbol is None else check.symbol(symbol),
            "orderId": None if order_id is None else check.order_id(order_id),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._requester.request("GET", path, drop_none(params))
        data = data if isinstance(data, dict) else {}
        rows = tuple(FuturesPlanOrder.from_wire(row) for row in as_rows(data.get("entrustedList")))
        end_id = data.get("endId")
        return Page(rows, str(end_id) if end_id not in (None, "") else None)
