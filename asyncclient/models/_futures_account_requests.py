"""Futures position adjustments, estimates and records as request models (``client.futures`` builds them; the
group adds ``productType`` and generates a ``clientOid`` where the caller gave none)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs

from .._errors import InputError
from . import _checks as checks
from . import _futures_fields as conv
from ._enums import HoldSide, OrderType, Side
from ._futures_fields import ContractOrder, ContractRequest, WindowPage
from ._request import optional_coin, param
from ._requests import Amount

__all__ = ["BillPage", "Estimate", "LiquidationEstimate", "MarginAdjust", "OrderModify", "PositionReverse"]


def _new_client_oid(value: str) -> str:
    return checks.client_oid(value, "new_client_oid")


def _new_take_profit(value: Amount | None) -> str | None:
    return conv.amount_named(value, "new_take_profit_price")


def _new_stop_loss(value: Amount | None) -> str | None:
    return conv.amount_named(value, "new_stop_loss_price")


@attrs.frozen(kw_only=True)
class OrderModify(ContractOrder):
    """A new size, price or preset TP/SL for an open order, replaced under ``new_client_oid``."""

    new_client_oid: str = attrs.field(converter=_new_client_oid, metadata=param("newClientOid"))
    new_size: str | None = attrs.field(default=None, converter=conv.new_size, metadata=param("newSize"))
    new_price: str | None = attrs.field(default=None, converter=conv.new_price, metadata=param("newPrice"))
    new_take_profit_price: str | None = attrs.field(
        default=None, converter=_new_take_profit, metadata=param("newPresetStopSurplusPrice")
    )
    new_stop_loss_price: str | None = attrs.field(
        default=None, converter=_new_stop_loss, metadata=param("newPresetStopLossPrice")
    )

    def __attrs_post_init__(self) -> None:
        changes = (self.new_size, self.new_price, self.new_take_profit_price, self.new_stop_loss_price)
        if all(change is None for change in changes):
            raise InputError("give at least one of new_size, new_price, new_take_profit_price, new_stop_loss_price")
        super().__attrs_post_init__()


@attrs.frozen(kw_only=True)
class PositionReverse(ContractRequest):
    """Close the ``side`` position at market and open the same size the other way."""

    side: Side = attrs.field(converter=conv.side)
    size: str | None = attrs.field(default=None, converter=conv.optional_size)
    client_oid: str = attrs.field(converter=checks.client_oid, metadata=param("clientOid"))


def signed_amount(value: Amount) -> str:
    """A non-zero amount that may be negative (margin removal); floats are refused like everywhere."""
    if isinstance(value, str) and value.strip().startswith("-"):
        return "-" + checks.amount(value.strip()[1:], "amount")
    if isinstance(value, Decimal | int) and not isinstance(value, bool) and value < 0:
        return "-" + checks.amount(-value, "amount")
    return checks.amount(value, "amount")


@attrs.frozen(kw_only=True)
class MarginAdjust(ContractRequest):
    """Margin added to (``amount`` > 0) or removed from (< 0) an isolated position."""

    hold_side: HoldSide = attrs.field(converter=conv.hold_side, metadata=param("holdSide"))
    amount: str = attrs.field(converter=signed_amount)


def _pos_side(value: HoldSide | str) -> HoldSide:
    return checks.choice(value, HoldSide, "pos_side")


def _open_price(value: Amount | None) -> str | None:
    return conv.amount_named(value, "open_price")


def _open_amount(value: Amount) -> str:
    return checks.amount(value, "open_amount")


@attrs.frozen(kw_only=True)
class Estimate(ContractRequest):
    """A position the account might open: side, order type and (for a limit) price."""

    pos_side: HoldSide = attrs.field(converter=_pos_side, metadata=param("posSide"))
    order_type: OrderType = attrs.field(converter=conv.order_type, metadata=param("orderType"))
    open_price: str | None = attrs.field(default=None, converter=_open_price, metadata=param("openPrice"))

    def __attrs_post_init__(self) -> None:
        if self.order_type is OrderType.LIMIT and self.open_price is None:
            raise InputError("open_price is required for a limit order")


@attrs.frozen(kw_only=True)
class LiquidationEstimate(Estimate):
    """An estimate for a position of ``open_amount``."""

    open_amount: str = attrs.field(converter=_open_amount, metadata=param("openAmount"))


def _business_type(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InputError("business_type must be a non-empty string such as 'open_long'")
    return value


@attrs.frozen(kw_only=True)
class BillPage(WindowPage):
    """A page of account bills of one coin (or every one) and business type, in a window of at most 30 days."""

    max_span_ms: ClassVar[int | None] = 30 * 86_400_000

    coin: str | None = attrs.field(default=None, converter=optional_coin)
    business_type: str | None = attrs.field(default=None, converter=_business_type, metadata=param("businessType"))
