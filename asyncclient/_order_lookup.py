"""Asking the exchange about an order the client may have placed or cancelled: by ``clientOid`` or ``orderId``.

The lookup endpoint of a placement or cancel is its catalogue row's (:attr:`Endpoint.lookup`); order safety never
guesses it from the path. Codes come from the one code table in :mod:`._errors`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from ._attempt import Attempts, PreparedCall
from ._catalogue import Endpoint, Repeat
from ._errors import DuplicateClientOidError, OrderNotFoundError, codes_of

__all__ = [
    "DUPLICATE_CODES",
    "NOT_FOUND_CODES",
    "already_cancelled",
    "find_order",
    "lookup_order",
    "lookup_paths",
    "new_client_oid",
    "with_client_oids",
]

#: "This clientOid already exists" and "the order does not exist", as batch items' codes spell them.
DUPLICATE_CODES = codes_of(DuplicateClientOidError)
NOT_FOUND_CODES = codes_of(OrderNotFoundError)

SPOT_ORDER_INFO = "/api/v2/spot/trade/orderInfo"
FUTURES_ORDER_DETAIL = "/api/v2/mix/order/detail"
UTA_ORDER_INFO = "/api/v3/trade/order-info"
#: Until every row names its lookup in the catalogue: path family -> lookup path.
_FAMILY_LOOKUPS: Mapping[str, str] = {
    "/api/v2/spot/": SPOT_ORDER_INFO,
    "/api/v2/mix/": FUTURES_ORDER_DETAIL,
    "/api/v3/trade/": UTA_ORDER_INFO,
}
#: Parameters a lookup path needs besides the ids, copied from the order's item or the call.
_LOOKUP_KEYS: Mapping[str, tuple[str, ...]] = {FUTURES_ORDER_DETAIL: ("symbol", "productType")}


def new_client_oid() -> str:
    """A fresh client order id: 32 hex digits, unique without coordination."""
    return uuid.uuid4().hex


def with_client_oids(endpoint: Endpoint, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """``params`` with a ``clientOid`` on the order (or each batch item) lacking one; None if none lacks."""
    if endpoint.repeat is Repeat.PLACE:
        if params.get("clientOid"):
            return None
        return {**params, "clientOid": new_client_oid()}
    if endpoint.repeat is Repeat.BATCH_PLACE:
        items = params.get("orderList")
        if not isinstance(items, Sequence) or all(
            isinstance(item, Mapping) and item.get("clientOid") for item in items
        ):
            return None
        filled = [
            {**item, "clientOid": new_client_oid()} if isinstance(item, Mapping) and not item.get("clientOid") else item
            for item in items
        ]
        return {**params, "orderList": filled}
    return None


def lookup_paths(endpoint: Endpoint) -> tuple[str, ...]:
    """Where this endpoint's orders are found by ``clientOid`` (empty: nowhere)."""
    found = next((lookup for prefix, lookup in _FAMILY_LOOKUPS.items() if endpoint.path.startswith(prefix)), None)
    return (found,) if found else ()


async def lookup_order(
    attempts: Attempts, call: PreparedCall, ids: Mapping[str, Any], item: Mapping[str, Any] | None = None
) -> Mapping[str, Any] | None:
    """Ask the exchange for one order by its ``orderId`` or ``clientOid`` (from ``ids``); None if it has none."""
    for path in lookup_paths(call.endpoint):
        params: dict[str, Any] = {key: ids[key] for key in ("orderId", "clientOid") if ids.get(key)}
        for key in _LOOKUP_KEYS.get(path, ()):
            value = (item or {}).get(key) or call.params.get(key)
            if value:
                params[key] = value
        lookup = attempts.prepare("GET", path, params, urgent=call.urgent, timeout=call.timeout)
        try:
            data = await attempts.send(lookup)
        except OrderNotFoundError:
            continue
        for order in data if isinstance(data, list) else [data]:
            if isinstance(order, Mapping) and all(
                str(order.get(key)) == str(value) for key, value in ids.items() if value
            ):
                return order
    return None


async def find_order(
    attempts: Attempts, call: PreparedCall, client_oid: str, item: Mapping[str, Any] | None = None
) -> dict[str, str] | None:
    """Ask the exchange for the order placed with ``client_oid``: its ``{orderId, clientOid}``, or None."""
    order = await lookup_order(attempts, call, {"clientOid": client_oid}, item)
    if order is None:
        return None
    return {"orderId": str(order.get("orderId") or ""), "clientOid": client_oid}


def already_cancelled(endpoint: Endpoint, params: Mapping[str, Any]) -> dict[str, Any]:
    """What a cancel endpoint answers for a cancel that succeeded, built from the caller's own ids.

    Single cancels answer ``{orderId, clientOid}`` (the id the caller did not give is ``""``); batch cancels a
    ``successList`` of the items sent; cancel-symbol-order ``{symbol}``; cancel-all an empty result.
    """
    items = params.get("orderList") or params.get("orderIdList")
    if isinstance(items, Sequence) and not isinstance(items, str):
        success = [
            {"orderId": str(item.get("orderId") or ""), "clientOid": str(item.get("clientOid") or "")}
            for item in items
            if isinstance(item, Mapping)
        ]
        return {"successList": success, "failureList": []}
    if "orderId" in params or "clientOid" in params:
        return {"orderId": str(params.get("orderId") or ""), "clientOid": str(params.get("clientOid") or "")}
    if endpoint.path.endswith("cancel-symbol-order"):
        return {"symbol": str(params.get("symbol") or "")}
    return {"successList": [], "failureList": []}
