"""The unified account's (v3) argument checks, as named functions the request models use as attrs converters.

Each is named after the argument it checks and raises :class:`~asyncclient.InputError` (or
:class:`~asyncclient.InputTypeError`) naming that argument. The ``optional_*`` ones (and those of arguments that
are optional anyway) let None through: the parameter is then left out of the call. Each takes the type a caller
may pass (the request model's constructor gets it) and still checks it at run time.
"""

from __future__ import annotations

import re

from .._errors import InputError, InputTypeError
from . import _checks as checks
from ._enums import Force, HoldSide, OrderType, Side, StpMode
from ._requests import Amount
from ._uta_enums import Category, HoldMode, TriggerBy

__all__ = [
    "any_category",
    "auto_cancel",
    "client_oid",
    "futures_category",
    "hold_mode",
    "optional_any_category",
    "optional_cursor",
    "optional_order_id",
    "optional_price",
    "optional_qty",
    "optional_symbol",
    "order_type",
    "pos_side",
    "qty",
    "reduce_only",
    "side",
    "sl_limit_price",
    "sl_order_type",
    "sl_trigger_by",
    "stop_loss",
    "stp_mode",
    "take_profit",
    "time_in_force",
    "tp_limit_price",
    "tp_order_type",
    "tp_trigger_by",
    "uta_client_oid",
]

#: What the unified account accepts as a clientOid (the place-order page's pattern).
_UTA_CLIENT_OID = re.compile(r"^[\.A-Z\:/a-z0-9_-]{1,32}$")


def any_category(value: Category | str) -> Category:
    """A :class:`Category` (or its value, any case)."""
    return checks.choice(value, Category, "category")


def futures_category(value: Category | str) -> Category:
    """A futures :class:`Category`: SPOT and MARGIN are refused."""
    member = any_category(value)
    if not member.is_futures:
        futures = "USDT-FUTURES, COIN-FUTURES, USDC-FUTURES"
        raise InputError(f"category must be a futures category ({futures}), got {value!r}")
    return member


def optional_any_category(value: Category | str | None) -> Category | None:
    return None if value is None else any_category(value)


def optional_symbol(value: str | None) -> str | None:
    return None if value is None else checks.symbol(value)


def optional_order_id(value: str | None) -> str | None:
    return None if value is None else checks.order_id(value)


def uta_client_oid(value: object, name: str = "client_oid") -> str:
    """A clientOid the unified account accepts: 1-32 of letters, digits and ``.:/_-``."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not _UTA_CLIENT_OID.match(value):
        raise InputError(f"{name} must be 1-32 letters, digits or '.:/_-', got {value!r}")
    return value


def client_oid(value: str | None) -> str | None:
    return None if value is None else uta_client_oid(value)


def optional_cursor(value: str | None) -> str | None:
    """The opaque cursor of a v3 history page (the previous page's ``end_id``)."""
    if value is not None and not isinstance(value, str):
        raise InputTypeError(f"cursor must be a string, got {type(value).__name__}")
    return value


def _yes_no(value: object, name: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InputTypeError(f"{name} must be True, False or None, got {value!r}")
    return value


def reduce_only(value: bool | None) -> bool | None:
    """A flag (True, False or None to leave it out); the wire spells it ``yes``/``no``."""
    return _yes_no(value, "reduce_only")


def auto_cancel(value: bool | None) -> bool | None:
    return _yes_no(value, "auto_cancel")


def _amount(value: object, name: str) -> str | None:
    return None if value is None else checks.amount(value, name)


def qty(value: Amount) -> str:
    return checks.amount(value, "qty")


def optional_qty(value: Amount | None) -> str | None:
    return _amount(value, "qty")


def optional_price(value: Amount | None) -> str | None:
    return _amount(value, "price")


def take_profit(value: Amount | None) -> str | None:
    return _amount(value, "take_profit")


def stop_loss(value: Amount | None) -> str | None:
    return _amount(value, "stop_loss")


def tp_limit_price(value: Amount | None) -> str | None:
    return _amount(value, "tp_limit_price")


def sl_limit_price(value: Amount | None) -> str | None:
    return _amount(value, "sl_limit_price")


def tp_trigger_by(value: TriggerBy | str | None) -> TriggerBy | None:
    return None if value is None else checks.choice(value, TriggerBy, "tp_trigger_by")


def sl_trigger_by(value: TriggerBy | str | None) -> TriggerBy | None:
    return None if value is None else checks.choice(value, TriggerBy, "sl_trigger_by")


def tp_order_type(value: OrderType | str | None) -> OrderType | None:
    return None if value is None else checks.choice(value, OrderType, "tp_order_type")


def sl_order_type(value: OrderType | str | None) -> OrderType | None:
    return None if value is None else checks.choice(value, OrderType, "sl_order_type")


def side(value: Side | str) -> Side:
    return checks.choice(value, Side, "side")


def order_type(value: OrderType | str) -> OrderType:
    return checks.choice(value, OrderType, "order_type")


def hold_mode(value: HoldMode | str) -> HoldMode:
    return checks.choice(value, HoldMode, "hold_mode")


def time_in_force(value: Force | str | None) -> Force | None:
    return None if value is None else checks.choice(value, Force, "time_in_force")


def pos_side(value: HoldSide | str | None) -> HoldSide | None:
    return None if value is None else checks.choice(value, HoldSide, "pos_side")


def stp_mode(value: StpMode | str | None) -> StpMode | None:
    return None if value is None else checks.choice(value, StpMode, "stp_mode")
