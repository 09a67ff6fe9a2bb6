"""The wire parameters of one order (spot or futures), checked field by field before anything is sent.

``name`` prefixes argument names in errors, so a bad item of a batch is named (``orders[3].size``).
"""

from __future__ import annotations

from typing import Any

from .._errors import InputError
from ..models import (
    Force,
    FuturesOrderRequest,
    OpenEnum,
    OrderType,
    Side,
    SpotOrderRequest,
    StpMode,
    TradeSide,
)
from . import _validate as check
from ._common import optional_amount

__all__ = ["futures_order_params", "spot_order_params"]


def spot_order_params(order: SpotOrderRequest, *, name: str = "") -> dict[str, Any]:
    """``side, orderType, force, size, price, clientOid, stpMode`` of one spot order."""
    return {
        **_common_params(order, name),
        "clientOid": _optional_client_oid(order.client_oid, f"{name}client_oid"),
        "stpMode": _optional_choice(order.stp_mode, StpMode, f"{name}stp_mode"),
    }


def futures_order_params(order: FuturesOrderRequest, *, name: str = "") -> dict[str, Any]:
    """The spot fields plus ``tradeSide``, ``reduceOnly`` and the preset take-profit and stop-loss prices."""
    if order.reduce_only is not None and not isinstance(order.reduce_only, bool):
        raise InputError(f"{name}reduce_only must be True, False or None, got {order.reduce_only!r}")
    return {
        **_common_params(order, name),
        "tradeSide": _optional_choice(order.trade_side, TradeSide, f"{name}trade_side"),
        "reduceOnly": None if order.reduce_only is None else ("YES" if order.reduce_only else "NO"),
        "clientOid": _optional_client_oid(order.client_oid, f"{name}client_oid"),
        "presetStopSurplusPrice": optional_amount(
            order.preset_take_profit_price, f"{name}preset_take_profit_price"
        ),
        "presetStopLossPrice": optional_amount(order.preset_stop_loss_price, f"{name}preset_stop_loss_price"),
        "stpMode": _optional_choice(order.stp_mode, StpMode, f"{name}stp_mode"),
    }


def _common_params(order: SpotOrderRequest | FuturesOrderRequest, name: str) -> dict[str, Any]:
    """Side, type, force, size and price; a limit order needs a price, a market order takes none."""
    order_type = check.choice(order.order_type, OrderType, f"{name}order_type")
    price = optional_amount(order.price, f"{name}price")
    if order_type is OrderType.LIMIT and price is None:
        raise InputError(f"{name}price is required for a limit order")
    if order_type is OrderType.MARKET and price is not None:
        raise InputError(f"{name}price must not be given for a market order")
    return {
        "side": check.choice(order.side, Side, f"{name}side").value,
        "orderType": order_type.value,
        "force": check.choice(order.force, Force, f"{name}force").value,
        "size": check.amount(order.size, f"{name}size"),
        "price": price,
    }


def _optional_choice(value: object | None, enum: type[OpenEnum], name: str) -> str | None:
    return None if value is None else check.choice(value, enum, name).value


def _optional_client_oid(value: object | None, name: str) -> str | None:
    return None if value is None else check.client_oid(value, name)
