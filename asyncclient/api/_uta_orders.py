"""The wire parameters of unified-account (v3) orders, modifications and cancels, checked before anything is sent.

v3 batch bodies are JSON arrays: each item carries its own ``category`` and ``symbol``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._errors import InputError
from ..models import Force, HoldSide, OrderType, Side, StpMode, UtaModifyRequest, UtaOrderRequest
from . import _validate as check
from ._common import drop_none, optional_amount
from ._uta_common import category, optional_choice, optional_client_oid, uta_client_oid, yes_no

__all__ = ["MAX_BATCH", "cancel_items", "modify_params", "order_list", "order_params"]

#: The most orders one v3 batch call places, modifies or cancels.
MAX_BATCH = 50


def order_params(order: UtaOrderRequest, name: str = "") -> dict[str, Any]:
    """``category, symbol, side, orderType, qty, price, timeInForce, posSide, reduceOnly, clientOid, stpMode``."""
    order_type = check.choice(order.order_type, OrderType, f"{name}order_type")
    price = optional_amount(order.price, f"{name}price")
    if order_type is OrderType.LIMIT and price is None:
        raise InputError(f"{name}price is required for a limit order")
    if order_type is OrderType.MARKET and price is not None:
        raise InputError(f"{name}price must not be given for a market order")
    return {
        "category": category(order.category, f"{name}category"),
        "symbol": check.symbol(order.symbol, f"{name}symbol"),
        "side": check.choice(order.side, Side, f"{name}side").value,
        "orderType": order_type.value,
        "qty": check.amount(order.qty, f"{name}qty"),
        "price": price,
        "timeInForce": optional_choice(order.time_in_force, Force, f"{name}time_in_force"),
        "posSide": optional_choice(order.pos_side, HoldSide, f"{name}pos_side"),
        "reduceOnly": yes_no(order.reduce_only, f"{name}reduce_only"),
        "clientOid": optional_client_oid(order.client_oid, f"{name}client_oid"),
        "stpMode": optional_choice(order.stp_mode, StpMode, f"{name}stp_mode"),
    }


def modify_params(change: UtaModifyRequest, name: str = "") -> dict[str, Any]:
    """One modification: the order by id or clientOid, and a new quantity and/or price."""
    if (change.order_id is None) == (change.client_oid is None):
        raise InputError(f"{name}pass exactly one of order_id and client_oid")
    if change.qty is None and change.price is None:
        raise InputError(f"{name}give a new qty or price (or both)")
    return {
        "category": category(change.category, f"{name}category"),
        "symbol": check.symbol(change.symbol, f"{name}symbol"),
        "orderId": None if change.order_id is None else check.order_id(change.order_id, f"{name}order_id"),
        "clientOid": optional_client_oid(change.client_oid, f"{name}client_oid"),
        "qty": optional_amount(change.qty, f"{name}qty"),
        "price": optional_amount(change.price, f"{name}price"),
        "autoCancel": yes_no(change.auto_cancel, f"{name}auto_cancel"),
    }


def order_list(orders: Sequence[Any], kind: type[Any], params: Any) -> list[dict[str, Any]]:
    """The JSON-array body of a batch: up to 50 items of ``kind``, each checked by ``params``."""
    items = check.batch(orders, "orders", maximum=MAX_BATCH)
    body = []
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InputError(f"orders[{index}] must be a {kind.__name__}, got {type(item).__name__}")
        body.append(drop_none(params(item, f"orders[{index}].")))
    return body


def cancel_items(
    category_value: object, symbol: str, order_ids: Sequence[str], client_oids: Sequence[str]
) -> list[dict[str, str]]:
    """The JSON-array body of a batch cancel on one symbol, by order id and/or clientOid (50 at most)."""
    base = {"category": category(category_value), "symbol": check.symbol(symbol)}
    items = [{**base, "orderId": check.order_id(order_id, "order_ids")} for order_id in order_ids]
    items += [{**base, "clientOid": uta_client_oid(client_oid, "client_oids")} for client_oid in client_oids]
    check.batch(items, "order_ids and client_oids", maximum=MAX_BATCH)
    return items
