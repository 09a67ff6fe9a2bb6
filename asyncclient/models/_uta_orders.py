"""Unified-account (v3) orders, fills, batch results, positions and TP/SL (strategy) orders."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._convert import ms_to_datetime
from ._enums import Force, HoldSide, MarginMode, OrderStatus, OrderType, Side, TradeScope, TradeSide
from ._uta_enums import Category, HoldMode, TriggerBy
from ._wire import WireModel, wire

__all__ = [
    "UtaBatchItem",
    "UtaFee",
    "UtaFill",
    "UtaOrder",
    "UtaPosition",
    "UtaPositionRecord",
    "UtaStrategyOrder",
]


@attrs.frozen(kw_only=True)
class UtaFee(WireModel):
    """A fee in one coin (``feeDetail`` items; both may be null on an order that has not traded)."""

    coin: str | None = attrs.field(default=None, metadata=wire("feeCoin"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))


@attrs.frozen(kw_only=True)
class UtaOrder(WireModel):
    """An order of any category as order-info, unfilled-orders and history-orders report it."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    order_type: OrderType = attrs.field(metadata=wire("orderType"))
    side: Side = attrs.field(metadata=wire("side"))
    #: Limit price (0 for a market order).
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    #: Quantity in the base coin (0 for a spot market buy, which gives ``amount`` in the quote coin instead).
    qty: Decimal | None = attrs.field(default=None, metadata=wire("qty"))
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    filled_qty: Decimal | None = attrs.field(default=None, metadata=wire("cumExecQty"))
    filled_value: Decimal | None = attrs.field(default=None, metadata=wire("cumExecValue"))
    avg_price: Decimal | None = attrs.field(default=None, metadata=wire("avgPrice"))
    time_in_force: Force | None = attrs.field(default=None, metadata=wire("timeInForce"))
    status: OrderStatus = attrs.field(metadata=wire("orderStatus"))
    pos_side: HoldSide | None = attrs.field(default=None, metadata=wire("posSide"))
    hold_mode: HoldMode | None = attrs.field(default=None, metadata=wire("holdMode"))
    trade_side: TradeSide | None = attrs.field(default=None, metadata=wire("tradeSide"))
    reduce_only: bool | None = attrs.field(default=None, metadata=wire("reduceOnly"))
    fees: tuple[UtaFee, ...] = attrs.field(metadata=wire("feeDetail"))
    cancel_reason: str | None = attrs.field(default=None, metadata=wire("cancelReason"))
    exec_type: str | None = attrs.field(default=None, metadata=wire("execType"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))

    @property
    def created(self) -> datetime:
        return ms_to_datetime(self.created_ms)

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@attrs.frozen(kw_only=True)
class UtaFill(WireModel):
    """One execution of one of the account's orders."""

    exec_id: str = attrs.field(metadata=wire("execId"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    order_type: OrderType | None = attrs.field(default=None, metadata=wire("orderType"))
    side: Side = attrs.field(metadata=wire("side"))
    price: Decimal = attrs.field(metadata=wire("execPrice"))
    qty: Decimal = attrs.field(metadata=wire("execQty"))
    value: Decimal | None = attrs.field(default=None, metadata=wire("execValue"))
    trade_scope: TradeScope | None = attrs.field(default=None, metadata=wire("tradeScope"))
    trade_side: TradeSide | None = attrs.field(default=None, metadata=wire("tradeSide"))
    fees: tuple[UtaFee, ...] = attrs.field(metadata=wire("feeDetail"))
    #: Realised profit of a closing fill (futures).
    pnl: Decimal | None = attrs.field(default=None, metadata=wire("execPnl"))
    exec_link_id: str | None = attrs.field(default=None, metadata=wire("execLinkId"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))


@attrs.frozen(kw_only=True)
class UtaBatchItem(WireModel):
    """One item of a batch answer (place, cancel, modify, cancel-by-symbol, close-positions).

    ``code`` is absent or ``"00000"`` for an item that succeeded; otherwise it and ``message`` say why not.
    """

    order_id: str | None = attrs.field(default=None, metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    code: str | None = attrs.field(default=None, metadata=wire("code"))
    message: str | None = attrs.field(default=None, metadata=wire("msg"))

    @property
    def ok(self) -> bool:
        return self.code in (None, "00000")


@attrs.frozen(kw_only=True)
class UtaPosition(WireModel):
    """An open futures position of the unified account."""

    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_coin: str | None = attrs.field(default=None, metadata=wire("marginCoin"))
    hold_mode: HoldMode | None = attrs.field(default=None, metadata=wire("holdMode"))
    pos_side: HoldSide = attrs.field(metadata=wire("posSide"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    position_balance: Decimal | None = attrs.field(default=None, metadata=wire("positionBalance"))
    available: Decimal | None = attrs.field(default=None, metadata=wire("available"))
    frozen: Decimal | None = attrs.field(default=None, metadata=wire("frozen"))
    #: Position size in the base coin.
    total: Decimal = attrs.field(metadata=wire("total"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))
    realised_pnl: Decimal | None = attrs.field(default=None, metadata=wire("curRealisedPnl"))
    avg_price: Decimal | None = attrs.field(default=None, metadata=wire("avgPrice"))
    status: str | None = attrs.field(default=None, metadata=wire("positionStatus"))
    unrealised_pnl: Decimal | None = attrs.field(default=None, metadata=wire("unrealisedPnl"))
    #: Unrealised PnL over the position's margin.
    profit_rate: Decimal | None = attrs.field(default=None, metadata=wire("profitRate"))
    liquidation_price: Decimal | None = attrs.field(default=None, metadata=wire("liquidationPrice"))
    maintenance_margin_rate: Decimal | None = attrs.field(default=None, metadata=wire("mmr"))
    mark_price: Decimal | None = attrs.field(default=None, metadata=wire("markPrice"))
    break_even_price: Decimal | None = attrs.field(default=None, metadata=wire("breakEvenPrice"))
    total_funding: Decimal | None = attrs.field(default=None, metadata=wire("totalFunding"))
    open_fee_total: Decimal | None = attrs.field(default=None, metadata=wire("openFeeTotal"))
    close_fee_total: Decimal | None = attrs.field(default=None, metadata=wire("closeFeeTotal"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))


@attrs.frozen(kw_only=True)
class UtaPositionRecord(WireModel):
    """A closed position (position history)."""

    position_id: str = attrs.field(metadata=wire("positionId"))
    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_coin: str | None = attrs.field(default=None, metadata=wire("marginCoin"))
    hold_mode: HoldMode | None = attrs.field(default=None, metadata=wire("holdMode"))
    pos_side: HoldSide = attrs.field(metadata=wire("posSide"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    open_avg_price: Decimal | None = attrs.field(default=None, metadata=wire("openPriceAvg"))
    close_avg_price: Decimal | None = attrs.field(default=None, metadata=wire("closePriceAvg"))
    open_total: Decimal | None = attrs.field(default=None, metadata=wire("openTotalPos"))
    close_total: Decimal | None = attrs.field(default=None, metadata=wire("closeTotalPos"))
    realised_pnl: Decimal | None = attrs.field(default=None, metadata=wire("cumRealisedPnl"))
    net_profit: Decimal | None = attrs.field(default=None, metadata=wire("netProfit"))
    total_funding: Decimal | None = attrs.field(default=None, metadata=wire("totalFunding"))
    open_fee_total: Decimal | None = attrs.field(default=None, metadata=wire("openFeeTotal"))
    close_fee_total: Decimal | None = attrs.field(default=None, metadata=wire("closeFeeTotal"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))


@attrs.frozen(kw_only=True)
class UtaStrategyOrder(WireModel):
    """A take-profit / stop-loss (strategy) order on a position."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    qty: Decimal | None = attrs.field(default=None, metadata=wire("qty"))
    pos_side: HoldSide | None = attrs.field(default=None, metadata=wire("posSide"))
    tp_trigger_by: TriggerBy | None = attrs.field(default=None, metadata=wire("tpTriggerBy"))
    sl_trigger_by: TriggerBy | None = attrs.field(default=None, metadata=wire("slTriggerBy"))
    take_profit: Decimal | None = attrs.field(default=None, metadata=wire("takeProfit"))
    stop_loss: Decimal | None = attrs.field(default=None, metadata=wire("stopLoss"))
    tp_order_type: OrderType | None = attrs.field(default=None, metadata=wire("tpOrderType"))
    sl_order_type: OrderType | None = attrs.field(default=None, metadata=wire("slOrderType"))
    tp_limit_price: Decimal | None = attrs.field(default=None, metadata=wire("tpLimitPrice"))
    sl_limit_price: Decimal | None = attrs.field(default=None, metadata=wire("slLimitPrice"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))
