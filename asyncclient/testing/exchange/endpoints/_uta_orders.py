"""Reading a v3 order from a request: the fields of place-order, and the order an ``orderId``/``clientOid`` names.

The order of the checks is the exchange's: category, then a repeated clientOid (25212), then the fields.
"""

from __future__ import annotations

from collections.abc import Callable

from ..._routing import SimError, SimRequest
from ..state._uta_book import UtaBook, UtaOrder, UtaOrderRequest
from ._lookup import contract, spot_symbol
from ._params import Params
from ._uta_public import SERVED

__all__ = ["BookOf", "find_uta_order", "parse_uta_order"]

#: The caller's v3 orders, caught up to the request (what the v3 endpoint modules are given).
BookOf = Callable[[SimRequest], UtaBook]

_FORCES = ("gtc", "post_only", "fok", "ioc")


def find_uta_order(book: UtaBook, params: Params) -> UtaOrder:
    """The order named by ``orderId`` or ``clientOid`` (the latest with it); neither -> 40019, none -> 25204."""
    order_id, client_oid = params.text("orderId"), params.text("clientOid")
    if order_id is None and client_oid is None:
        raise SimError("40019", "Parameter orderId or clientOid cannot be empty")
    return book.lookup(order_id, client_oid)


def parse_uta_order(book: UtaBook, params: Params) -> UtaOrderRequest:
    """One order of place-order or place-batch, or the exchange's error for its first bad field."""
    category = params.choice("category", (*SERVED, "MARGIN", "COIN-FUTURES", "USDC-FUTURES"), required=True)
    if category not in SERVED:
        raise SimError("40034", f"Parameter {params.text('symbol')} does not exist")
    client_oid = params.text("clientOid")
    book.check_client_oid(client_oid)
    side = params.choice("side", ("buy", "sell"), required=True)
    order_type = params.choice("orderType", ("limit", "market"), required=True)
    force = params.choice("timeInForce", _FORCES, default="gtc")
    qty = params.positive_decimal("qty")
    price = params.decimal("price")
    if order_type == "limit" and price is None:
        raise SimError("40019", "Parameter price cannot be empty")
    assert category is not None and side is not None and order_type is not None and force is not None
    price = price if order_type == "limit" else None
    if category == "SPOT":
        return UtaOrderRequest(category, spot_symbol(params), side, order_type, force, price, qty, client_oid)
    spec = contract(params)
    reduce_only = (params.choice("reduceOnly", ("yes", "no"), default="no") or "no") == "yes"
    pos_side = params.choice("posSide", ("long", "short"))
    return UtaOrderRequest(category, spec, side, order_type, force, price, qty, client_oid, reduce_only, pos_side)
