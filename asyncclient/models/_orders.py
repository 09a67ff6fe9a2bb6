"""Orders and fills (spot and futures), order acknowledgements, and pages of results."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

import attrs

from ._convert import as_mapping, ms_to_datetime, ms_to_optional_datetime, to_decimal, to_str
from ._enums import (
    Force,
    HoldSide,
    MarginMode,
    OrderStatus,
    OrderType,
    PositionMode,
    Side,
    TradeScope,
    TradeSide,
)
from ._wire import WireModel, wire

__all__ = [
    "FeeDetail",
    "FuturesFill",
    "FuturesOrder",
    "OrderAck",
    "OrderFee",
    "Page",
    "SpotFill",
    "SpotOrder",
]


T = TypeVar("T")


@attrs.frozen
class Page(Sequence[T], Generic[T]):
    """One page of a list endpoint; ``end_id`` is the cursor for the next (older) page, None at the end."""

    items: tuple[T, ...]
    end_id: str | None = None

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)


@attrs.frozen(kw_only=True)
class OrderAck(WireModel):
    """The exchange's acknowledgement of a placed or cancelled order."""

    order_id: str | None = attrs.field(default=None, metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))


@attrs.frozen(kw_only=True)
class OrderFee(WireModel):
    """The fee charged on a spot order in one coin (read from the order's ``feeDetail`` JSON)."""

    coin: str = attrs.field(metadata=wire("feeCoinCode"))
    total_fee: Decimal = attrs.field(metadata=wire("totalFee"))
    deduction: bool | None = attrs.field(default=None, metadata=wire("deduction"))
    total_deduction_fee: Decimal | None = attrs.field(default=None, metadata=wire("totalDeductionFee"))


def _order_fees(raw: Any) -> tuple[OrderFee, ...]:
    # feeDetail is JSON inside a string: {"newFees": {summary}, "<COIN>": {"feeCoinCode": .., "totalFee": ..}}
    detail = as_mapping(raw)
    return tuple(
        OrderFee.from_wire(value)
        for key, value in detail.items()
        if key != "newFees" and isinstance(value, Mapping) and "totalFee" in value
    )


def _dump_order_fees(fees: tuple[OrderFee, ...]) -> str:
    return json.dumps({fee.coin: fee.to_wire() for fee in fees})


@attrs.frozen(kw_only=True)
class SpotOrder(WireModel):
    """A spot order as the exchange reports it."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType = attrs.field(metadata=wire("orderType"))
    status: OrderStatus = attrs.field(metadata=wire("status"))
    #: Limit price (None or 0 for a market order).
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    #: Base quantity; for a market buy, the quote amount to spend.
    size: Decimal = attrs.field(metadata=wire("size"))
    price_avg: Decimal | None = attrs.field(default=None, metadata=wire("priceAvg"))
    #: Filled quantity in the base coin and its value in the quote coin.
    base_volume: Decimal | None = attrs.field(default=None, metadata=wire("baseVolume"))
    quote_volume: Decimal | None = attrs.field(default=None, metadata=wire("quoteVolume"))
    force: Force | None = attrs.field(default=None, metadata=wire("force"))
    fees: tuple[OrderFee, ...] = attrs.field(
        default=(), metadata=wire("feeDetail", parse=_order_fees, dump=_dump_order_fees)
    )
    user_id: str | None = attrs.field(default=None, metadata=wire("userId"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    order_source: str | None = attrs.field(default=None, metadata=wire("orderSource"))
    tpsl_type: str | None = attrs.field(default=None, metadata=wire("tpslType"))
    trigger_price: Decimal | None = attrs.field(default=None, metadata=wire("triggerPrice"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @classmethod
    def from_unfilled_wire(cls, payload: Mapping[str, Any]) -> SpotOrder:
        """An order from unfilled-orders, which sends the limit price as ``priceAvg`` (and no ``price``)."""
        if payload.get("price") in (None, "") and "priceAvg" in payload:
            payload = {**payload, "price": payload["priceAvg"], "priceAvg": ""}
        return cls.from_wire(payload)

    @property
    def created_at(self) -> datetime | None:
        return ms_to_optional_datetime(self.created_ms)

    @property
    def updated_at(self) -> datetime | None:
        return ms_to_optional_datetime(self.updated_ms)


@attrs.frozen(kw_only=True)
class FeeDetail(WireModel):
    """The fee of one fill: negative ``total_fee`` is a charge."""

    fee_coin: str = attrs.field(metadata=wire("feeCoin"))
    total_fee: Decimal = attrs.field(metadata=wire("totalFee"))
    deduction: bool | None = attrs.field(default=None, metadata=wire("deduction"))
    total_deduction_fee: Decimal | None = attrs.field(default=None, metadata=wire("totalDeductionFee"))


@attrs.frozen(kw_only=True)
class SpotFill(WireModel):
    """One of the account's spot fills."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    trade_id: str = attrs.field(metadata=wire("tradeId"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType | None = attrs.field(default=None, metadata=wire("orderType"))
    price: Decimal = attrs.field(metadata=wire("priceAvg", "price"))
    size: Decimal = attrs.field(metadata=wire("size"))
    #: Value in the quote coin.
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    fee: FeeDetail | None = attrs.field(default=None, metadata=wire("feeDetail"))
    trade_scope: TradeScope | None = attrs.field(default=None, metadata=wire("tradeScope"))
    user_id: str | None = attrs.field(default=None, metadata=wire("userId"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @property
    def created_at(self) -> datetime:
        return ms_to_datetime(self.created_ms)


def _yes_no(raw: Any) -> bool:
    return to_str(raw).strip().lower() in ("yes", "true", "1")


@attrs.frozen(kw_only=True)
class FuturesOrder(WireModel):
    """A futures order as the exchange reports it."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType = attrs.field(metadata=wire("orderType"))
    #: Order detail calls it ``state``, the lists call it ``status``.
    status: OrderStatus = attrs.field(metadata=wire("status", "state"))
    size: Decimal = attrs.field(metadata=wire("size"))
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    price_avg: Decimal | None = attrs.field(default=None, metadata=wire("priceAvg"))
    base_volume: Decimal | None = attrs.field(default=None, metadata=wire("baseVolume"))
    quote_volume: Decimal | None = attrs.field(default=None, metadata=wire("quoteVolume"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    force: Force | None = attrs.field(default=None, metadata=wire("force"))
    total_profits: Decimal | None = attrs.field(default=None, metadata=wire("totalProfits"))
    pos_side: HoldSide | None = attrs.field(default=None, metadata=wire("posSide"))
    trade_side: TradeSide | None = attrs.field(default=None, metadata=wire("tradeSide"))
    margin_coin: str | None = attrs.field(default=None, metadata=wire("marginCoin"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    position_mode: PositionMode | None = attrs.field(default=None, metadata=wire("posMode"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))
    reduce_only: bool | None = attrs.field(default=None, metadata=wire("reduceOnly", parse=_yes_no))
    preset_take_profit_price: Decimal | None = attrs.field(default=None, metadata=wire("presetStopSurplusPrice"))
    preset_stop_loss_price: Decimal | None = attrs.field(default=None, metadata=wire("presetStopLossPrice"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    order_source: str | None = attrs.field(default=None, metadata=wire("orderSource"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @property
    def created_at(self) -> datetime | None:
        return ms_to_optional_datetime(self.created_ms)

    @property
    def updated_at(self) -> datetime | None:
        return ms_to_optional_datetime(self.updated_ms)


@attrs.frozen(kw_only=True)
class FuturesFill(WireModel):
    """One of the account's futures fills."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    trade_id: str = attrs.field(metadata=wire("tradeId"))
    side: Side = attrs.field(metadata=wire("side"))
    price: Decimal = attrs.field(metadata=wire("price"))
    base_volume: Decimal = attrs.field(metadata=wire("baseVolume"))
    quote_volume: Decimal | None = attrs.field(default=None, metadata=wire("quoteVolume"))
    #: Realised profit of a closing fill.
    profit: Decimal | None = attrs.field(default=None, metadata=wire("profit"))
    fees: tuple[FeeDetail, ...] = attrs.field(metadata=wire("feeDetail"))
    trade_side: TradeSide | None = attrs.field(default=None, metadata=wire("tradeSide"))
    position_mode: PositionMode | None = attrs.field(default=None, metadata=wire("posMode"))
    trade_scope: TradeScope | None = attrs.field(default=None, metadata=wire("tradeScope"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    created_ms: int = attrs.field(metadata=wire("cTime"))

    @property
    def created_at(self) -> datetime:
        return ms_to_datetime(self.created_ms)

    @property
    def total_fee(self) -> Decimal:
        """The sum of the fill's fees in all coins (negative is a charge)."""
        return sum((to_decimal(fee.total_fee) for fee in self.fees), Decimal(0))
