"""Exactly-once batch placement on the unified account (``POST /api/v3/trade/place-batch``).

A v3 batch is a JSON array of orders, and its answer one item per order: ``{orderId, clientOid}``, or with a
``code``/``msg`` for an order that was refused. After an ambiguous failure every order still pending is looked
up by clientOid (``order-info``; 25204 means it is not there) and only those not found are sent again; a
re-sent order refused with 25212 (its clientOid is taken by an open order) landed earlier. The answer is what the
exchange would have given had the batch gone through once, in the caller's order.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ._call_step import AttemptKind, RetryStats, is_retryable
from ._catalogue import Endpoint
from ._errors import Error, OutcomeUnknownError
from ._retry_strategies import is_ambiguous

if TYPE_CHECKING:
    from ._client import PreparedCall

__all__ = ["UTA_DUPLICATE", "UTA_NOT_FOUND", "UtaBatchPlaceStep", "count_v3_cancels_done"]

#: The unified account's "this clientOid belongs to an open order".
UTA_DUPLICATE = "25212"
#: The unified account's "the order does not exist".
UTA_NOT_FOUND = "25204"


class _Client(Protocol):
    def prepare(
        self,
        method: str,
        path: str,
        params: Sequence[Mapping[str, Any]],
        *,
        urgent: bool = False,
        timeout: float | None = None,
    ) -> PreparedCall: ...

    async def send(self, call: PreparedCall) -> Any: ...


#: Finds the order placed with a clientOid: (client, call, clientOid, item) -> ``{orderId, clientOid}`` or None.
Finder = Callable[[Any, "PreparedCall", str, Mapping[str, Any]], Awaitable[Mapping[str, str] | None]]


class UtaBatchPlaceStep:
    """A v3 batch: after an ambiguous failure, look every pending order up and re-send only those not placed."""

    def __init__(self, call: PreparedCall, client: _Client, stats: RetryStats, find: Finder) -> None:
        assert call.items is not None  # chosen only for JSON-array bodies
        self.endpoint: Endpoint = call.endpoint
        self.action = AttemptKind.SEND
        self._call = call
        self._client = client
        self._stats = stats
        self._find = find
        self._order = [str(item["clientOid"]) for item in call.items]
        self._pending: dict[str, Mapping[str, Any]] = {str(item["clientOid"]): item for item in call.items}
        self._answers: dict[str, Mapping[str, Any]] = {}
        self._ambiguous_seen = False
        self._need_lookup = False
        self._unknown = False

    async def attempt(self) -> Any:
        if self._need_lookup:
            self.action = AttemptKind.LOOKUP
            for client_oid, item in list(self._pending.items()):
                self._stats.lookups += 1
                found = await self._find(self._client, self._call, client_oid, item)
                if found is not None:
                    self._stats.already_placed += 1
                    self._answers[client_oid] = found
                    del self._pending[client_oid]
            self._need_lookup = False
            if not self._pending:
                self._unknown = False
                return self._merged()
        self.action = AttemptKind.SEND
        call = self._call
        if len(self._pending) < len(self._order):
            endpoint = call.endpoint
            items = list(self._pending.values())
            call = self._client.prepare(endpoint.method, endpoint.path, items, urgent=call.urgent, timeout=call.timeout)
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
        for entry in data if isinstance(data, list) else ():
            if not isinstance(entry, Mapping):
                continue
            client_oid = str(entry.get("clientOid") or "")
            item = self._pending.pop(client_oid, None)
            code = str(entry.get("code") or "00000")
            if code == UTA_DUPLICATE and self._ambiguous_seen and item is not None:
                # Landed in an earlier attempt after the lookup missed it: the order that holds the clientOid.
                self._stats.already_placed += 1
                found = await self._find(self._client, self._call, client_oid, item)
                self._answers[client_oid] = found or {"orderId": "", "clientOid": client_oid}
            else:
                self._answers[client_oid] = entry

    def _merged(self) -> list[Mapping[str, Any]]:
        """One answer per order, in the caller's order (an order neither answered nor found is left out)."""
        return [self._answers[client_oid] for client_oid in self._order if client_oid in self._answers]

    def accept_retry(self, exc: Error) -> bool:
        if self.action == "send" and is_ambiguous(exc):
            self._ambiguous_seen = self._need_lookup = True
        return is_retryable(exc, self.endpoint)

    def final_error(self, exc: Error) -> Error:
        if not self._unknown:
            return exc
        pending = tuple(self._pending)
        unknown = OutcomeUnknownError(
            f"{self.endpoint.key}: {len(pending)} order(s) may have been placed; look up their clientOids",
            method=self.endpoint.method,
            path=self.endpoint.path,
            client_oids=pending,
        )
        unknown.__cause__ = exc
        return unknown


async def count_v3_cancels_done(
    answers: list[Any], was_cancelled: Callable[[Mapping[str, Any]], Awaitable[bool]], stats: RetryStats
) -> list[Any]:
    """A v3 batch cancel retried after an ambiguous attempt: an item answered "does not exist" (25204) whose order
    now shows as cancelled was cancelled by that attempt, and is reported done; any other item stands."""
    settled: list[Any] = []
    for entry in answers:
        if isinstance(entry, Mapping) and str(entry.get("code") or "") == UTA_NOT_FOUND and await was_cancelled(entry):
            stats.cancels_already_done += 1
            settled.append({"orderId": str(entry.get("orderId") or ""), "clientOid": str(entry.get("clientOid") or "")})
        else:
            settled.append(entry)
    return settled
