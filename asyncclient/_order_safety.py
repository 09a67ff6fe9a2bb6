"""Making order placement safe to retry, and cancels safe to repeat.

Placement: every order carries a ``clientOid`` (one is generated when the caller gave none). After an
ambiguous failure (a 5xx, an unreadable answer, a dropped connection: the order may have landed) the exchange
is asked for that ``clientOid`` before anything is sent again; an order found is the answer. "Not found" permits
a re-send only once the unanswered attempt can no longer be processed, and an order found counts only if it
was created by this call (both judged by :class:`~asyncclient._resend_guard.ResendGuard`). A re-send that
hears "duplicate clientOid" (43118) means the first one landed after all, and that order is returned. Batches
are handled item by item: only the items that did not land are sent again, and the lists are merged.

Cancels: when a retry of a cancel hears "order not found" after an ambiguous first attempt, the first attempt
cancelled it; the call returns what the exchange would have answered (the ids the caller gave).
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._catalogue import Endpoint, Repeat
from ._errors import DuplicateClientOidError, Error, OrderNotFoundError, OutcomeUnknownError
from ._resend_guard import ClockReading, ResendGuard, look_until_resend
from ._retry import CallStep, ResendStep, RetryPolicy, RetryStats, failure_reason, is_ambiguous, is_retryable
from ._uta_batch_safety import UtaBatchPlaceStep, count_v3_cancels_done

if TYPE_CHECKING:
    from ._client import Clock, PreparedCall
    from ._clock import ClockStats

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
#: Where an order placed through a family of v3 paths is looked up by clientOid: path prefix -> lookup path
#: (v2 rows name their lookup in the catalogue's ``lookup`` column).
ORDER_LOOKUPS: Mapping[str, str] = {
    "/api/v3/trade/": UTA_ORDER_INFO,
}
#: The codes a batch's ``failureList`` uses for "this clientOid already exists".
_DUPLICATE_CODES = frozenset({"43118", "40708", "45034", "25212"})
_NOT_FOUND_CODES = frozenset({"43001", "40768", "40109", "22001", "25204"})
#: Cancels of orders the family's lookup never shows (v3 order-info lists plain orders only, no TP/SL strategy
#: or reality orders): after an ambiguous attempt their "not found" is trusted, as for a cancel without a lookup.
_CANCELS_WITHOUT_LOOKUP = frozenset({"/api/v3/trade/cancel-strategy-order", "/api/v3/trade/cancel-reality-order"})


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

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def clock_stats(self) -> ClockStats | None: ...


def clock_reading(client: CallClient) -> ClockReading:
    """Reads the clock that signs ``client``'s requests, with its uncertainty (None when it cannot tell its own)."""
    clock = client.clock

    def read() -> tuple[int, float | None]:
        stats = client.clock_stats
        known = stats is not None and stats.enabled and stats.synced and math.isfinite(stats.uncertainty_ms)
        return clock.now_ms(), stats.uncertainty_ms if known and stats is not None else None

    return read


def new_guard(client: CallClient, policy: RetryPolicy | None) -> ResendGuard:
    """The re-send and ownership judge of one placement, under ``policy``'s horizon."""
    policy = policy or RetryPolicy()
    return ResendGuard(clock_reading(client), resend_after=policy.resend_after, lookup_interval=policy.lookup_interval)


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
    """The catalogue's ``lookup`` column: where this endpoint's orders are found by ``clientOid``.

    The v3 table has no such column: its rows are looked up by path prefix (:data:`ORDER_LOOKUPS`).
    """
    if endpoint.lookup is not None:
        return endpoint.lookup
    return next((lookup for prefix, lookup in ORDER_LOOKUPS.items() if endpoint.path.startswith(prefix)), None)


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
    client: CallClient,
    call: PreparedCall,
    ids: Mapping[str, Any],
    item: Mapping[str, Any] | None = None,
    accept: Callable[[Mapping[str, Any]], bool] | None = None,
) -> Mapping[str, Any] | None:
    """Ask the exchange for one order by its ``orderId`` or ``clientOid`` (from ``ids``); None if it has none.

    A lookup column naming several paths (``a|b``: pending plans, then their history) asks each in turn.
    With ``accept``, only an order it accepts counts (another with the same ids is passed over).
    """
    lookup_paths = _lookup_path(call.endpoint)
    assert lookup_paths is not None  # steps with a lookup exist only for endpoints that have one
    for lookup_path in lookup_paths.split("|"):
        params = _lookup_params(lookup_path, ids, (item or {}, call.params))
        lookup = client.prepare("GET", lookup_path, params, urgent=call.urgent, timeout=call.timeout)
        try:
            data = await client.send(lookup)
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
    client: CallClient,
    call: PreparedCall,
    client_oid: str,
    item: Mapping[str, Any] | None = None,
    accept: Callable[[Mapping[str, Any]], bool] | None = None,
) -> dict[str, str] | None:
    """Ask the exchange for the order placed with ``client_oid``: its ``{orderId, clientOid}``, or None.

    ``accept`` passes over orders that are not this call's (an older one that reused the clientOid).
    """
    order = await lookup_order(client, call, {"clientOid": client_oid}, item, accept)
    if order is None:
        return None
    if order.get("transferId"):  # a wallet transfer answers with its transferId
        return {"transferId": str(order["transferId"]), "clientOid": client_oid}
    return {"orderId": str(order.get("orderId") or ""), "clientOid": client_oid}


async def holder_of(
    client: CallClient, call: PreparedCall, client_oid: str, item: Mapping[str, Any] | None, guard: ResendGuard
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
        found = await find_order(client, call, client_oid, item, accept=ours)
    except Error:
        return {"orderId": "", "clientOid": client_oid}
    if found is None and seen:
        return None
    return found or {"orderId": "", "clientOid": client_oid}


class PlaceStep:
    """One order: send; after an ambiguous failure, look the ``clientOid`` up before sending again.

    Not found, it is looked up again (``guard.lookup_interval`` apart) until the guard says the unanswered
    attempt can no longer land; the call's deadline may come first (then :class:`OutcomeUnknownError`).
    """

    def __init__(self, call: PreparedCall, client: CallClient, stats: RetryStats, guard: ResendGuard) -> None:
        self.endpoint: Endpoint = call.endpoint
        self.action = "send"
        self._call = call
        self._client = client
        self._stats = stats
        self._guard = guard
        self._client_oid = str(call.params["clientOid"])
        self._ambiguous_seen = False
        self._need_lookup = False
        self._found: dict[str, str] | None = None
        #: True while an attempt that may have placed the order has not been resolved.
        self._unknown = False

    async def attempt(self) -> Any:
        if self._need_lookup:
            self.action = "lookup"
            await look_until_resend(self._guard, self._look)
            self._need_lookup = False
            if self._found is not None:
                self._stats.already_placed += 1
                self._unknown = False
                return self._found
        self.action = "send"
        try:
            # Unknown from the moment it is handed to the transport, not before: a call that dies waiting for the
            # clock or the limiter (its deadline, say) never left and placed nothing.
            result = await self._client.send(self._call, on_send=self._sending)
        except DuplicateClientOidError as refusal:
            if not self._ambiguous_seen:
                self._unknown = False
                raise  # the caller's own clientOid was taken before this call
            return await self._already_placed(refusal)
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

    async def _look(self) -> bool:
        """Look the order up once (an older order with its clientOid is not this call's); True if found."""
        self._stats.lookups += 1
        self._found = await find_order(self._client, self._call, self._client_oid, accept=self._guard.is_ours)
        return self._found is not None

    def _sending(self) -> None:
        self._unknown = True
        self._guard.sent()

    @property
    def maybe_sent(self) -> bool:
        """Whether an attempt that may have placed the order is unresolved (for a deadline's error)."""
        return self._unknown

    async def _last_look(self) -> dict[str, str] | None:
        self._stats.lookups += 1
        try:
            found = await find_order(self._client, self._call, self._client_oid, accept=self._guard.is_ours)
        except Error:
            self._unknown = True  # cannot tell: the caller gets OutcomeUnknownError
            return None
        if found is not None:
            self._stats.already_placed += 1
        return found

    async def _already_placed(self, refusal: DuplicateClientOidError) -> dict[str, str]:
        """The earlier attempt landed (the exchange says the clientOid exists): fetch the order's id.

        If the open order holding the clientOid is older than this call, it is the caller's, and the refusal stands.
        """
        self._unknown = False
        holder = await holder_of(self._client, self._call, self._client_oid, None, self._guard)
        if holder is None:
            raise refusal
        self._stats.already_placed += 1
        return holder

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

    def __init__(self, call: PreparedCall, client: CallClient, stats: RetryStats, guard: ResendGuard) -> None:
        self.endpoint: Endpoint = call.endpoint
        self.action = "send"
        self._call = call
        self._client = client
        self._stats = stats
        self._guard = guard
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
            self.action = "lookup"
            await look_until_resend(self._guard, self._look)
            self._need_lookup = False
            if not self._pending:
                self._unknown = False
                return self._merged()
        self.action = "send"
        call = self._call
        if len(self._pending) < len(self._order):
            params = {**self._call.params, "orderList": list(self._pending.values())}
            call = self._client.prepare(
                call.endpoint.method, call.endpoint.path, params, urgent=call.urgent, timeout=call.timeout
            )
        try:
            data = await self._client.send(call, on_send=self._sending)
        except Error as exc:
            if not is_ambiguous(exc):
                self._unknown = False
            raise
        self._unknown = False
        await self._absorb(data)
        return self._merged()

    async def _look(self) -> bool:
        """Look every pending item up once; True when none is left pending."""
        for client_oid, item in list(self._pending.items()):
            self._stats.lookups += 1
            found = await find_order(self._client, self._call, client_oid, item, accept=self._guard.is_ours)
            if found is not None:
                self._stats.already_placed += 1
                self._placed[client_oid] = found
                del self._pending[client_oid]
        return not self._pending

    def _sending(self) -> None:
        self._unknown = True
        self._guard.sent()

    @property
    def maybe_sent(self) -> bool:
        return self._unknown

    async def _absorb(self, data: Any) -> None:
        data = data if isinstance(data, Mapping) else {}
        for entry in data.get("successList") or ():
            client_oid = str(entry.get("clientOid") or "")
            self._placed[client_oid] = {"orderId": str(entry.get("orderId") or ""), "clientOid": client_oid}
            self._pending.pop(client_oid, None)
        for entry in data.get("failureList") or ():
            client_oid = str(entry.get("clientOid") or "")
            holder = None
            if self._ambiguous_seen and client_oid in self._pending and _is_duplicate(entry):
                holder = await self._holder(entry, self._pending[client_oid])
            if holder is not None:
                # Landed in an earlier attempt after the lookup missed it.
                self._stats.already_placed += 1
                del self._pending[client_oid]
                self._placed[client_oid] = holder
            else:
                self._pending.pop(client_oid, None)
                self._failed.append(entry)

    async def _holder(self, entry: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, str] | None:
        client_oid = str(entry.get("clientOid") or "")
        if entry.get("orderId"):
            return {"orderId": str(entry["orderId"]), "clientOid": client_oid}
        return await holder_of(self._client, self._call, client_oid, item, self._guard)

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
        super().__init__(call, client.send, tracks_sending=True)
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
        if _lookup_path(self.endpoint) is None or self.endpoint.path in _CANCELS_WITHOUT_LOOKUP:
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


def step_for(call: PreparedCall, client: CallClient, stats: RetryStats, policy: RetryPolicy | None = None) -> CallStep:
    """The retry behaviour of ``call``, from its catalogue row; placements get their ``clientOid`` here.

    ``policy`` (the call's) sets how long a placement waits before re-sending an order it could not find.
    """
    repeat = call.endpoint.repeat
    if repeat is Repeat.BATCH_PLACE and call.items is not None and _lookup_path(call.endpoint) is not None:
        # A v3 batch: the body is a JSON array of orders, each given a clientOid here when it has none.
        endpoint, items = call.endpoint, [dict(item) for item in call.items]
        if not all(item.get("clientOid") for item in items):
            items = [item if item.get("clientOid") else {**item, "clientOid": new_client_oid()} for item in items]
            call = client.prepare(endpoint.method, endpoint.path, items, urgent=call.urgent, timeout=call.timeout)
        if _distinct_items(items):
            return UtaBatchPlaceStep(call, client, stats, find_order, new_guard(client, policy))
    if repeat in (Repeat.PLACE, Repeat.BATCH_PLACE) and _lookup_path(call.endpoint) is not None:
        params = with_client_oids(call.endpoint, call.params)
        if params is not None:
            endpoint = call.endpoint
            call = client.prepare(endpoint.method, endpoint.path, params, urgent=call.urgent, timeout=call.timeout)
        if repeat is Repeat.PLACE:
            return PlaceStep(call, client, stats, new_guard(client, policy))
        if _distinct_items(call.params.get("orderList")):
            return BatchPlaceStep(call, client, stats, new_guard(client, policy))
    if repeat is Repeat.CANCEL:
        return CancelStep(call, client, stats)
    return ResendStep(call, client.send, tracks_sending=True)
