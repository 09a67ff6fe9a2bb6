"""Margin orders and fills, as the crossed and isolated margin endpoints report them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ._enums import Force, OrderStatus, OrderType, Side
from ._wire import WireModel, wire

__all__ = ["MarginFill", "MarginOrder"]


@attrs.frozen(kw_only=True)
class MarginOrder(WireModel):
    """A margin order (open or history)."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType = attrs.field(metadata=wire("orderType"))
    status: OrderStatus = attrs.field(metadata=wire("status"))
    #: normal, autoLoan, autoRepay or autoLoanAndRepay.
    loan_type: str | None = attrs.field(default=None, metadata=wire("loanType"))
    force: Force | None = attrs.field(default=None, metadata=wire("force"))
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    base_size: Decimal | None = attrs.field(default=None, metadata=wire("baseSize"))
    quote_size: Decimal | None = attrs.field(default=None, metadata=wire("quoteSize"))
    price_avg: Decimal | None = attrs.field(default=None, metadata=wire("priceAvg"))
    #: Filled base quantity and its quote value.
    size: Decimal | None = attrs.field(default=None, metadata=wire("size"))
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    enter_point_source: str | None = attrs.field(default=None, metadata=wire("enterPointSource"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


def _fee_detail(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


@attrs.frozen(kw_only=True)
class MarginFill(WireModel):
    """One fill of a margin order."""

    trade_id: str = attrs.field(metadata=wire("tradeId"))
    order_id: str = attrs.field(metadata=wire("orderId"))
    side: Side = attrs.field(metadata=wire("side"))
    order_type: OrderType | None = attrs.field(default=None, metadata=wire("orderType"))
    price_avg: Decimal = attrs.field(metadata=wire("priceAvg"))
    size: Decimal = attrs.field(metadata=wire("size"))
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    trade_scope: str | None = attrs.field(default=None, metadata=wire("tradeScope"))
    #: The exchange's fee document: ``feeCoin``, ``totalFee`` (negative), ``deduction``, ``totalDeductionFee``.
    fee_detail: dict[str, Any] = attrs.field(factory=dict, metadata=wire("feeDetail", parse=_fee_detail, dump=dict))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @property
    def total_fee(self) -> Decimal | None:
        """The fee (negative), from ``fee_detail``."""
        value = self.fee_detail.get("totalFee")
        return None if value in (None, "") else Decimal(str(value))
