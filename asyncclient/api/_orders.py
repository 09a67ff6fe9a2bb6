"""The wire parameters of orders (spot or futures) and of batches, checked field by field before anything is sent.

``name`` prefixes argument names in errors, so a bad item of a batch is named (``orders[3].size``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .._errors import InputError
from ..models import (
    Force,
    FuturesOrderRequest,
    OpenEnum,
    OrderType,
    Side,
    SpotOrderRequest,
    StpMode,
)
from . import _validate as check
from ._common import drop_none, optional_amount

__all__ = ["batch_order_params", "cancel_list", "spot_order_params"]

R = TypeVar("R")

#: The most orders one batch call places or cancels.
_MAX_BATCH = 50


def spot_order_params(order: SpotOrderRequest, name: str = "") -> dict[str, Any]:
    """``side, orderType, force, size, price, clientOid, stpMode`` of one spot order."""
    return {
        **_common_params(order, name),
        "clientOid": _optional_client_oid(order.client_oid, f"{name}client_oid"),
        "stpMode": _optional_choice(order.stp_mode, StpMode, f"{name}stp_mode"),
    }


def batch_order_params(
    orders: Sequence[R], kind: type[R], params: Callable[[R, str], dict[str, Any]]
) -> list[dict[str, Any]]:
    """The ``orderList`` of a batch placement: up to 50 orders of ``kind``, each ``params``."""
    items = check.batch(orders, "orders", maximum=_MAX_BATCH)
    order_list = []
    for index, order in enumerate(items):
        if not isinstance(order, kind):
            raise InputError(f"orders[{index}] must be a {kind.__name__}, got {type(order).__name__}")
        order_list.append(drop_none(params(order, f"orders[{index}].")))
    return order_list


def cancel_list(order_ids: Sequence[str], client_oids: Sequence[str]) -> list[dict[str, str]]:
    """The orders of a batch cancel, by order id and/or client order id (at most 50 in all)."""
    order_list: list[dict[str, str]] = [{"orderId": check.order_id(i, "order_ids")} for i in order_ids]
    order_list += [{"clientOid": check.client_oid(c, "client_oids")} for c in client_oids]
    check.batch(order_list, "order_ids and client_oids", maximum=_MAX_BATCH)
    return order_list


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
