"""The converters of the futures request models, one named function per argument (so errors name it), and the
bases those models share: one contract of a margin coin, a page of a list in a time window.

The product line's ``productType`` is not a field: the futures group adds it to every call.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from .._errors import InputError
from . import _checks as checks
from ._enums import Force, HoldSide, MarginMode, OrderType, Side, StpMode, TradeSide
from ._one_order import SymbolOrder
from ._plan import TriggerType
from ._request import (
    WindowQuery,
    WireRequest,
    optional_id_less_than,
    optional_limit_100,
    optional_symbol,
    param,
)
from ._requests import Amount

__all__ = [
    "ContractOrder",
    "ContractRequest",
    "OneOrder",
    "SymbolPage",
    "TimeWindow",
    "WindowPage",
    "amount_named",
    "force",
    "hold_side",
    "margin_coin",
    "margin_mode",
    "new_price",
    "new_size",
    "optional_hold_side",
    "optional_margin_coin",
    "optional_price",
    "optional_size",
    "optional_trade_side",
    "order_type",
    "price_rule",
    "reduce_only",
    "side",
    "size",
    "stp_mode",
    "trigger_type",
    "yes_no",
]


def amount_named(value: Amount | None, name: str) -> str | None:
    """An optional positive amount, named ``name`` in errors."""
    return None if value is None else checks.amount(value, name)


def margin_coin(value: str) -> str:
    return checks.coin(value, "margin_coin")


def optional_margin_coin(value: str | None) -> str | None:
    return None if value is None else checks.coin(value, "margin_coin")


def side(value: Side | str) -> Side:
    return checks.choice(value, Side, "side")


def order_type(value: OrderType | str) -> OrderType:
    return checks.choice(value, OrderType, "order_type")


def force(value: Force | str) -> Force:
    return checks.choice(value, Force, "force")


def margin_mode(value: MarginMode | str) -> MarginMode:
    return checks.choice(value, MarginMode, "margin_mode")


def hold_side(value: HoldSide | str) -> HoldSide:
    return checks.choice(value, HoldSide, "hold_side")


def optional_hold_side(value: HoldSide | str | None) -> HoldSide | None:
    return None if value is None else hold_side(value)


def optional_trade_side(value: TradeSide | str | None) -> TradeSide | None:
    return None if value is None else checks.choice(value, TradeSide, "trade_side")


def stp_mode(value: StpMode | str | None) -> StpMode | None:
    return None if value is None else checks.choice(value, StpMode, "stp_mode")


def trigger_type(value: TriggerType | str) -> TriggerType:
    return checks.choice(value, TriggerType, "trigger_type")


def size(value: Amount) -> str:
    return checks.amount(value, "size")


def optional_size(value: Amount | None) -> str | None:
    return amount_named(value, "size")


def optional_price(value: Amount | None) -> str | None:
    return amount_named(value, "price")


def reduce_only(value: bool | None) -> bool | None:
    """True, False or None (the exchange's default); the wire spells it ``YES``/``NO`` (see :func:`yes_no`)."""
    if value is not None and not isinstance(value, bool):
        raise InputError(f"reduce_only must be True, False or None, got {value!r}")
    return value


def new_size(value: Amount | None) -> str | None:
    return amount_named(value, "new_size")


def new_price(value: Amount | None) -> str | None:
    return amount_named(value, "new_price")


def yes_no(value: bool | None) -> str | None:
    """``reduceOnly`` on the wire."""
    return None if value is None else ("YES" if value else "NO")


def price_rule(kind: OrderType, price: object, name: str = "price") -> None:
    """A limit order needs a price, a market order takes none."""
    if kind is OrderType.LIMIT and price is None:
        raise InputError(f"{name} is required for a limit order")
    if kind is OrderType.MARKET and price is not None:
        raise InputError(f"{name} must not be given for a market order")


@attrs.frozen(kw_only=True)
class ContractRequest(WireRequest):
    """A call about one contract of one margin coin (the group resolves the product line's default coin)."""

    symbol: str = attrs.field(converter=checks.symbol)
    margin_coin: str = attrs.field(converter=margin_coin, metadata=param("marginCoin"))


@attrs.frozen(kw_only=True)
class OneOrder(SymbolOrder):
    """An order (or a plan) of a contract by ``order_id`` or ``client_oid``: exactly one of them."""


@attrs.frozen(kw_only=True)
class ContractOrder(OneOrder):
    """One order (or plan) of a contract of a margin coin."""

    margin_coin: str = attrs.field(converter=margin_coin, metadata=param("marginCoin"))


@attrs.frozen(kw_only=True)
class TimeWindow(WindowQuery):
    """A query over a time window of at most three months (the futures lists' and candles' limit)."""

    max_span_ms: ClassVar[int | None] = 90 * 86_400_000


@attrs.frozen(kw_only=True)
class WindowPage(TimeWindow):
    """One page of a list in a time window, before an ``idLessThan`` cursor."""

    id_less_than: str | None = attrs.field(default=None, converter=optional_id_less_than, metadata=param("idLessThan"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


@attrs.frozen(kw_only=True)
class SymbolPage(WindowPage):
    """A page of a list of one contract, or of every one."""

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)
