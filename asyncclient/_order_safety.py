"""Making order placement safe to retry, and cancels safe to repeat.

Placement: every order carries a ``clientOid`` (one is generated when the caller gave none). After an
ambiguous failure (a 5xx, an unreadable answer, a dropped connection: the order may have landed) the exchange
is asked for that ``clientOid`` before anything is sent again; an order found is the answer. A re-send that
hears "duplicate clientOid" (43118) means the first one landed after all, and that order is returned. Batches
are handled item by item: only the items that did not land are sent again, and the lists are merged.

Cancels: when a retry of a cancel hears "order not found" after an ambiguous first attempt, the first attempt
cancelled it; the call returns what the exchange would have answered (the ids the caller gave).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._call_step import AttemptKind, CallStep, ResendStep, RetryStats, is_retryable
from ._catalogue import Endpoint, Repeat
from ._errors import DuplicateClientOidError, Error, OrderNotFoundError, OutcomeUnknownError
from ._retry_strategies import failure_reason, is_ambiguous
from ._uta_batch_safety import UtaBatchPlaceStep, count_v3_cancels_done

if TYPE_CHECKING:
    from ._client import PreparedCall

__all__ = [
    "BatchPlaceStep",
    "CallClient",
    "CancelStep",
    "PlaceStep",
    "new_client_oid",
    "step_for",
    "with_client_oids",
]

SPOT_ORDER_INFO = "/api/v2/spot/trade/orderInfo"
FUTURES_ORDER_DETAIL = "/api/v2/mix/order/detail"
#: The unified account's order lookup: by orderId or clientOid, any category; 25204 when there is none.
UTA_ORDER_INFO = "/api/v3/trade/order-info"
#: Where an order placed through a family of paths is looked up by clientOid: path prefix -> lookup path.
ORDER_LOOKUPS: Mapping[str, str] = {
    "/api/v2/spot/": SPOT_ORDER_INFO,
    "/api/v2/mix/": FUTURES_ORDER_DETAIL,
    "/api/v3/trade/": UTA_ORDER_INFO,
}
#: The codes a batch's ``failureList`` uses for "this clientOid already exists".
_DUPLICATE_CODES = frozenset({"43118", "40708", "45034", "25212"})
_NOT_FOUND_CODES = frozenset({"43001", "40768", "40109", "22001", "25204"})


class CallClient(Protocol):
    """What the steps need of the client: build a call, and send it once."""

    def prepare(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
    ) -> PreparedCall: ...

    async def send(self, call: PreparedCall) -> Any: ...


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


def _lookup_path(endpoint: Endpoint) -> str | None:
    return next((lookup for prefix, lookup in ORDER_LOOKUPS.items() if endpoint.path.startswith(prefix)), None)


async def lookup_order(
    client: CallClient, call: PreparedCall, ids: Mapping[str, Any], item: Mapping[str, Any] | None = None
) -> Mapping[str, Any] | None:
    """Ask the exchange for one order by its ``orderId`` or ``clientOid`` (from ``ids``); None if it has none."""
    lookup_path = _lookup_path(call.endpoint)
    assert lookup_path is not None  # steps with a lookup exist only for endpoints that have one
    params: dict[str, Any] = {key: ids[key] for key in ("orderId", "clientOid") if ids.get(key)}
    if lookup_path == FUTURES_ORDER_DETAIL:
        for key in ("symbol", "productType"):
            value = (item or {}).get(key) or call.params.get(key)
            if value:
                params[key] = value
    lookup = client.prepare("GET", lookup_path, params, urgent=call.urgent, timeout=call.timeout)
    try:
        data = await client.send(lookup)
    except OrderNotFoundError:
        return None
    orders = data if isinstance(data, list) else [data]
    for order in orders:
        if isinstance(order, Mapping) and all(str(order.get(key)) == str(value) for key, value in ids.items() if value):
            return order
    return None


async def find_order(
    client: CallClient, call: PreparedCall, client_oid: str, item: Mapping[str, Any] | None = None
) -> dict[str, str] | None:
    """Ask the exchange for the order placed with ``client_oid``: its ``{orderId, clientOid}``, or None."""
    order = await lookup_order(client, call, {"clientOid": client_oid}, item)
    if order is None:
        return None
    return {"orderId": str(order.get("orderId") or ""), "clientOid": client_oid}


class PlaceStep:
    """One order: send; after an ambiguous failure, look the ``clientOid`` up before sending again."""

    def __init__(self, call: PreparedCall, client: CallClient, stats: RetryStats) -> None:
        self.endpoint: Endpoint = call.endpoint
        self.action = AttemptKind.SEND
        self._call = call
        self._client = client
        self._stats = stats
        self._client_oid = str(call.params["clientOid"])
        self._ambiguous_seen = False
        self._need_lookup = False
        #: True while an attempt that may have placed the order has not been resolved.
        self._unknown = False

    async def attempt(self) -> Any:
        if self._need_lookup:
            self.action = AttemptKind.LOOKUP
            self._stats.lookups += 1
            found = await find_order(self._client, self._call, self._client_oid)
            self._need_lookup = False
            if found is not None:
                self._stats.already_placed += 1
                self._unknown = False
                return found
        self.action = AttemptKind.SEND
        self._unknown = True
        try:
            result = await self._client.send(self._call)
        except DuplicateClientOidError:
            if not self._ambiguous_seen:
                self._unknown = False
                raise  # the caller's own clientOid was taken before this call
            return await self._already_placed()
        except Error as exc:
            if is_ambiguous(exc):
                raise
            self._unknown = False  # a clear answer: this attempt placed nothing
            if self._ambiguous_seen and not is_retryable(exc, self.endpoint):
                # A refusal of the re-send (insufficient funds, say) can be caused by the earlier attempt having
                # landed after all: one last look before believing it.
                found = await self._last_look()
                if found is not None:
                    return found
            raise
        self._unknown = False
        return result

    async def _last_look(self) -> dict[str, str] | None:
        self._stats.lookups += 1
        try:
            found = await find_order(self._client, self._call, self._client_oid)
        except Error:
            self._unknown = True  # cannot tell: the caller gets OutcomeUnknownError
            return None
        if found is not None:
            self._stats.already_placed += 1
        return found

    async def _already_placed(self) -> dict[str, str]:
        """The earlier attempt landed (the exchange says the clientOid exists): fetch the order's id."""
        self._unknown = False
        self._stats.already_placed += 1
        try:
            found = await find_order(self._client, self._call, self._client_oid)
        except Error:
            found = None
        return found or {"orderId": "", "clientOid": self._client_oid}

    def accept_retry(self, exc: Error) -> bool:
        if self.action == "send" and is_ambiguous(exc):
            self._ambiguous_seen = self._need_lookup = True
        return is_retryable(exc, self.endpoint)

    def final_error(self, exc: Error) -> Error:
        if not self._unknown:
            return exc
        unknown = OutcomeUnknownError(
            f"{self.endpoint.key}: the order may have been placed; look up clientOid {self._client_oid}",
            method=self.endpoint.method,
            path=self.endpoint.path,
            client_oids=(self._client_oid,),
        )
        unknown.__cause__ = exc
        return unknown


def _is_duplicate(item: Mapping[str, Any]) -> bool:
    code = str(item.get("errorCode") or "")
    return code in _DUPLICATE_CODES or "duplicate" in str(item.get("errorMsg") or "").lower()


class BatchPlaceStep:
    """A batch of orders: after an ambiguous failure, look every item up and re-send only those not placed."""

    def __init__(self, call: PreparedCall, client: CallClient, stats: RetryStats) -> None:
        self.endpoint: Endpoint = call.endpoint
        self.action = AttemptKind.SEND
        self._call = call
        self._client = client
        self._stats = stats
        items = [dict(item) for item in call.params["orderList"]]
        self._order = [str(item["clientOid"]) for item in items]
        self._pending: dict[str, dict[str, Any]] = {str(item["clientOid"]): item for item in items}
        self._placed: dict[str, dict[str, str]] = {}
        self._failed: list[Any] = []
        self._ambiguous_seen = False
        self._need_lookup = False
        self._unknown = False

    async def attempt(self) -> Any:
        if self._need_lookup:
            self.action = AttemptKind.LOOKUP
            for client_oid, item in list(self._pending.items()):
                self._stats.lookups += 1
                found = await find_order(self._client, self._call, client_oid, item)
                if found is not None:
                    self._stats.already_placed += 1
                    self._placed[client_oid] = found
                    del self._pending[client_oid]
            self._need_lookup = False
            if not self._pending:
                self._unknown = False
                return self._merged()
        self.action = AttemptKind.SEND
        call = self._call
        if len(self._pending) < len(self._order):
            params = {**self._call.params, "orderList": list(self._pending.values())}
            call = self._client.prepare(
                call.endpoint.method, call.endpoint.path, params, urgent=call.urgent, timeout=call.timeout
            )
        self._unknown = True
        try:
            data = await self._client.send(call)
        except Error as exc:
            if not is_ambiguous(exc):
                self._unknown = False
            raise
        self._unknown = False
        await self._absorb(data)
        return self._merged()

    async def _absorb(self, data: Any) -> None:
        data = data if isinstance(data, Mapping) else {}
        for entry in data.get("successList") or ():
            client_oid = str(entry.get("clientOid") or "")
            self._placed[client_oid] = {"orderId": str(entry.get("orderId") or ""), "clientOid": client_oid}
            self._pending.pop(client_oid, None)
        for entry in data.get("failureList") or ():
            client_oid = str(entry.get("clientOid") or "")
            if self._ambiguous_seen and client_oid in self._pending and _is_duplicate(entry):
                # Landed in an earlier attempt after the lookup missed it.
                self._stats.already_placed += 1
                item = self._pending.pop(client_oid)
                found = None if entry.get("orderId") else await find_order(self._client, self._call, client_oid, item)
                self._placed[client_oid] = found or {
                    "orderId": str(entry.get("orderId") or ""),
                    "clientOid": client_oid,
                }
            else:
                self._pending.pop(client_oid, None)
                self._failed.append(entry)

    def _merged(self) -> dict[str, Any]:
        """The answer the exchange would have given had the batch gone through once, in the caller's order."""
        success = [self._placed[oid] for oid in self._order if oid in self._placed]
        return {"successList": success, "failureList": self._failed}

    def accept_retry(self, exc: Error) -> bool:
        if self.action == "send" and is_ambiguous(exc):
            self._ambiguous_seen = self._need_lookup = True
        return is_retryable(exc, self.endpoint)

    def final_error(self, exc: Error) -> Error:
        if not self._unknown:
            return exc
        pending = tuple(self._pending)
        placed = ", ".join(self._placed)
        unknown = OutcomeUnknownError(
            f"{self.endpoint.key}: {len(pending)} order(s) may have been placed; look up their clientOids"
            + (f" ({len(self._placed)} confirmed placed: {placed})" if self._placed else ""),
            method=self.endpoint.method,
            path=self.endpoint.path,
            client_oids=pending,
        )
        unknown.__cause__ = exc
        return unknown


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


#: Order states that mean a cancel took effect (the exchange spells it both ways).
_CANCELLED_STATES = frozenset({"cancelled", "canceled"})


class CancelStep(ResendStep):
    """A cancel: repeat freely. After an ambiguous attempt, "order not found" on a retry is checked: if the order
    now shows as cancelled, the first attempt worked and the cancel is reported as done; if it filled, the
    exchange's "not found" stands (the order could not be cancelled)."""

    def __init__(self, call: PreparedCall, client: CallClient, stats: RetryStats) -> None:
        super().__init__(call, client.send)
        self._client = client
        self._stats = stats
        self._ambiguous_seen = False
        #: The last attempt's lookup failed transiently: the cancel is repeated (and the order looked up again).
        self._lookup_failed = False

    async def attempt(self) -> Any:
        try:
            data = await super().attempt()
        except OrderNotFoundError as exc:
            if not self._ambiguous_seen:
                raise
            params = self._call.params
            if (params.get("orderId") or params.get("clientOid")) and not await self._was_cancelled(params):
                raise exc from None
            self._stats.cancels_already_done += 1
            return already_cancelled(self.endpoint, params)
        if self._ambiguous_seen and isinstance(data, Mapping) and data.get("failureList"):
            data = await self._count_cancelled_as_done(data)
        if self._ambiguous_seen and isinstance(data, list) and self._call.items is not None:
            data = await count_v3_cancels_done(data, self._was_cancelled, self._stats)  # a v3 batch cancel
        return data

    async def _was_cancelled(self, ids: Mapping[str, Any]) -> bool:
        """Whether the order named by ``ids`` now shows as cancelled; OutcomeUnknownError if that cannot be told."""
        if _lookup_path(self.endpoint) is None:
            return True  # nothing to ask: trust the exchange's "not found" after our own ambiguous cancel
        self._stats.lookups += 1
        wanted = {key: ids[key] for key in ("orderId", "clientOid") if ids.get(key)}
        self._lookup_failed = False
        try:
            order = await lookup_order(self._client, self._call, wanted, ids)
        except Error as exc:
            if failure_reason(exc) is not None:
                # A 500, a 429 or a lost answer of the lookup says nothing about the cancel: let the retry loop
                # repeat the cancel (safe) and look again; only when retries run out is the outcome unknown.
                self._lookup_failed = True
                raise
            unknown = OutcomeUnknownError(
                f"{self.endpoint.key}: the cancel may have worked; the order could not be looked up",
                method=self.endpoint.method,
                path=self.endpoint.path,
                client_oids=(str(ids["clientOid"]),) if ids.get("clientOid") else (),
            )
            raise unknown from exc
        found = order or {}
        state = str(found.get("status") or found.get("state") or found.get("orderStatus") or "").lower()
        return state in _CANCELLED_STATES

    async def _count_cancelled_as_done(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Batch cancels: "not found" items that now show as cancelled were cancelled by the ambiguous attempt."""
        done = [
            item
            for item in data["failureList"]
            if str(item.get("errorCode") or "") in _NOT_FOUND_CODES and await self._was_cancelled(item)
        ]
        if not done:
            return dict(data)
        self._stats.cancels_already_done += len(done)
        success = list(data.get("successList") or ()) + [
            {"orderId": str(item.get("orderId") or ""), "clientOid": str(item.get("clientOid") or "")} for item in done
        ]
        rest = [item for item in data["failureList"] if item not in done]
        return {**data, "successList": success, "failureList": rest}

    def accept_retry(self, exc: Error) -> bool:
        if is_ambiguous(exc) and not self._lookup_failed:
            self._ambiguous_seen = True
        return super().accept_retry(exc)

    def final_error(self, exc: Error) -> Error:
        if not self._lookup_failed:
            return super().final_error(exc)
        unknown = OutcomeUnknownError(
            f"{self.endpoint.key}: the cancel may have worked; the order could not be looked up",
            method=self.endpoint.method,
            path=self.endpoint.path,
            client_oids=(str(self._call.params["clientOid"]),) if self._call.params.get("clientOid") else (),
        )
        unknown.__cause__ = exc
        return unknown


def _distinct_items(items: object) -> bool:
    """Whether ``items`` is a list of orders with distinct clientOids (what item-by-item recovery needs)."""
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        return False
    if not all(isinstance(item, Mapping) and item.get("clientOid") for item in items):
        return False
    return len({str(item["clientOid"]) for item in items}) == len(items)


def step_for(call: PreparedCall, client: CallClient, stats: RetryStats) -> CallStep:
    """The retry behaviour of ``call``, from its catalogue row; placements get their ``clientOid`` here."""
    repeat = call.endpoint.repeat
    if repeat is Repeat.BATCH_PLACE and call.items is not None and _lookup_path(call.endpoint) is not None:
        # A v3 batch: the body is a JSON array of orders, each given a clientOid here when it has none.
        endpoint, items = call.endpoint, [dict(item) for item in call.items]
        if not all(item.get("clientOid") for item in items):
            items = [item if item.get("clientOid") else {**item, "clientOid": new_client_oid()} for item in items]
            call = client.prepare(endpoint.method, endpoint.path, items, urgent=call.urgent, timeout=call.timeout)
        if _distinct_items(items):
            return UtaBatchPlaceStep(call, client, stats, find_order)
    if repeat in (Repeat.PLACE, Repeat.BATCH_PLACE) and _lookup_path(call.endpoint) is not None:
        params = with_client_oids(call.endpoint, call.params)
        if params is not None:
            endpoint = call.endpoint
            call = client.prepare(endpoint.method, endpoint.path, params, urgent=call.urgent, timeout=call.timeout)
        if repeat is Repeat.PLACE:
            return PlaceStep(call, client, stats)
        if _distinct_items(call.params.get("orderList")):
            return BatchPlaceStep(call, client, stats)
    if repeat is Repeat.CANCEL:
        return CancelStep(call, client, stats)
    return ResendStep(call, client.send)
