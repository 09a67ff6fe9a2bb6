"""Asking the exchange about an order the client may have placed or cancelled: by ``clientOid`` or ``orderId``.

The lookup endpoint of a placement or cancel is its catalogue row's ``lookup`` column (:attr:`Endpoint.lookup`, v2
and v3 alike); order safety never guesses it from the path. Codes come from the one code table in :mod:`._errors`.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._attempt import Attempts, PreparedCall
from ._catalogue import Endpoint, Repeat
from ._errors import DuplicateClientOidError, Error, OrderNotFoundError, codes_of
from ._resend_guard import ResendGuard

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
#: Parameters a lookup path needs besides the ids, copied from the item or the call (the rest need none).
_LOOKUP_KEYS: Mapping[str, tuple[str, ...]] = {
    FUTURES_ORDER_DETAIL: ("symbol", "productType"),
    "/api/v2/mix/order/orders-plan-pending": ("symbol", "productType", "planType"),
    "/api/v2/mix/order/orders-plan-history": ("symbol", "productType", "planType"),
    "/api/v2/spot/trade/current-plan-order": ("symbol",),
    "/api/v2/spot/trade/history-plan-order": ("symbol",),
    "/api/v2/spot/account/transferRecords": ("coin", "fromType"),
    "/api/v2/margin/crossed/open-orders": ("symbol",),
    "/api/v2/margin/crossed/history-orders": ("symbol",),
    "/api/v2/margin/isolated/open-orders": ("symbol",),
    "/api/v2/margin/isolated/history-orders": ("symbol",),
}
#: Lookups whose query needs a ``startTime``: the search starts a day back (an order being recovered is minutes old,
#: so the local clock's error does not matter).
_NEEDS_START = frozenset(path for path in _LOOKUP_KEYS if path.startswith("/api/v2/margin/"))
_LOOKUP_SPAN_MS = 86_400_000
#: Futures TP/SL plans are listed under one ``planType``.
_TPSL_PLAN_TYPES = frozenset({"profit_plan", "loss_plan", "moving_plan", "pos_profit", "pos_loss"})
#: Where list answers keep their rows.
_LIST_KEYS = ("orderList", "entrustedList", "resultList")


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
    """The catalogue's ``lookup`` column: where this endpoint's orders are found (in turn), or nowhere."""
    return _split_lookup(endpoint.lookup) if endpoint.lookup else ()


@functools.cache
def _split_lookup(column: str) -> tuple[str, ...]:
    return tuple(column.split("|"))  # a handful of distinct columns: split once each, not per placement


def _lookup_params(path: str, ids: Mapping[str, Any], sources: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    params: dict[str, Any] = {key: ids[key] for key in ("orderId", "clientOid") if ids.get(key)}
    for key in _LOOKUP_KEYS.get(path, ()):
        value = next((source[key] for source in sources if source.get(key)), None)
        if key == "planType" and value in _TPSL_PLAN_TYPES:
            value = "profit_loss"
        if value:
            params[key] = value
    if path in _NEEDS_START:
        params["startTime"] = str(int(time.time() * 1000) - _LOOKUP_SPAN_MS)
    return params


def _rows(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                return list(data[key])
    return [data]


async def lookup_order(
    attempts: Attempts,
    call: PreparedCall,
    ids: Mapping[str, Any],
    item: Mapping[str, Any] | None = None,
    accept: Callable[[Mapping[str, Any]], bool] | None = None,
) -> Mapping[str, Any] | None:
    """Ask the exchange for one order by its ``orderId`` or ``clientOid`` (from ``ids``); None if it has none.

    A lookup column naming several paths (``a|b``: pending plans, then their history) asks each in turn. With
    ``accept``, only an order it accepts counts (another with the same ids is passed over).
    """
    for path in lookup_paths(call.endpoint):
        params = _lookup_params(path, ids, (item or {}, call.params))
        lookup = attempts.prepare("GET", path, params, urgent=call.urgent, timeout=call.timeout)
        try:
            data = await attempts.send(lookup)
        except OrderNotFoundError:
            continue
        for order in _rows(data):
            if (
                isinstance(order, Mapping)
                and all(str(order.get(key)) == str(value) for key, value in ids.items() if value)
                and (accept is None or accept(order))
            ):
                return order
    return None


async def find_order(
    attempts: Attempts,
    call: PreparedCall,
    client_oid: str,
    item: Mapping[str, Any] | None = None,
    accept: Callable[[Mapping[str, Any]], bool] | None = None,
) -> dict[str, str] | None:
    """Ask the exchange for the order placed with ``client_oid``: its ``{orderId, clientOid}``, or None.

    ``accept`` passes over orders that are not this call's (an older one that reused the clientOid).
    """
    order = await lookup_order(attempts, call, {"clientOid": client_oid}, item, accept)
    if order is None:
        return None
    if order.get("transferId"):  # a wallet transfer answers with its transferId
        return {"transferId": str(order["transferId"]), "clientOid": client_oid}
    return {"orderId": str(order.get("orderId") or ""), "clientOid": client_oid}


async def holder_of(
    attempts: Attempts, call: PreparedCall, client_oid: str, item: Mapping[str, Any] | None, guard: ResendGuard
) -> dict[str, str] | None:
    """After "duplicate clientOid" following an unanswered attempt: this call's order that holds the clientOid.

    None when the holder is older than the call (the caller's own order: the refusal stands). When the lookup
    fails or shows nothing, the attempt is taken to have landed and its ``orderId`` is left empty.
    """
    seen: list[Mapping[str, Any]] = []

    def ours(order: Mapping[str, Any]) -> bool:
        seen.append(order)
        return guard.is_ours(order)

    try:
        found = await find_order(attempts, call, client_oid, item, accept=ours)
    except Error:
        return {"orderId": "", "clientOid": client_oid}
    if found is None and seen:
        return None
    return found or {"orderId": "", "clientOid": client_oid}


def new_guard(attempts: Attempts, resend_after: float | None, lookup_interval: float) -> ResendGuard:
    """The re-send and ownership judge of one placement, under the call's horizon."""
    return ResendGuard(attempts.clock_reading, resend_after=resend_after, lookup_interval=lookup_interval)


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
