"""Exactly-once placement: one state machine for a single order, a v2 batch and a v3 (JSON-array) batch.

Every order carries a ``clientOid``. A placement moves through explicit :class:`Phase` s: it is sent; a clear
answer settles it; an ambiguous failure (5xx, unreadable answer, dropped connection: it may have landed) puts it
in doubt, and the next attempt looks the pending ``clientOid`` s up before sending anything again; what is found
is placed, what is not is sent again, and on that re-send "duplicate clientOid" means the earlier attempt landed.
Batches do this item by item and answer as if the batch had gone through once. The three shapes differ only in
how the pending orders are sent and how an answer is read (:meth:`_Placement._send_pending`,
:meth:`_Placement._answered`).

(Slightly over 300 lines: the machine and its three shapes stay in one module so that every transition, and so
the exactly-once argument, can be read in one place.)
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Awaitable, Mapping
from typing import Any

from ._attempt import Attempts, PreparedCall
from ._call_step import AttemptKind, RetryStats, is_retryable
from ._catalogue import Endpoint
from ._errors import DuplicateClientOidError, Error, OutcomeUnknownError
from ._order_lookup import DUPLICATE_CODES, find_order, holder_of
from ._resend_guard import ResendGuard, look_until_resend
from ._retry_strategies import is_ambiguous

__all__ = ["BatchPlaceStep", "Phase", "PlaceStep", "UtaBatchPlaceStep"]


class Phase(enum.Enum):
    """Where a placement stands between attempts."""

    #: Nothing in doubt: the next attempt sends; "duplicate clientOid" is the caller's own clash.
    READY = "ready"
    #: A send in flight from READY.
    SENDING = "sending"
    #: A send may have landed: the next attempt looks the pending orders up first.
    IN_DOUBT = "in_doubt"
    #: Lookups in flight.
    LOOKING_UP = "looking_up"
    #: Looked up and not found (or refused clearly since): the next attempt sends again, and a duplicate means
    #: an earlier attempt landed.
    CLEARED = "cleared"
    #: A send in flight from CLEARED.
    RESENDING = "resending"


#: Phases in which an order may have been placed without the client knowing: the caller's error says so.
_UNRESOLVED = frozenset({Phase.SENDING, Phase.IN_DOUBT, Phase.LOOKING_UP, Phase.RESENDING})


class _Placement(abc.ABC):
    """The phases every placement goes through; subclasses send the pending orders and read the answer."""

    def __init__(
        self,
        call: PreparedCall,
        attempts: Attempts,
        stats: RetryStats,
        guard: ResendGuard,
        items: list[Mapping[str, Any]],
    ) -> None:
        self.endpoint: Endpoint = call.endpoint
        #: What the last attempt did, for the attempt history.
        self.action = AttemptKind.SEND
        self._call = call
        self._attempts = attempts
        self._stats = stats
        #: Judges when "not found" permits a re-send, and which found orders are this call's.
        self._guard = guard
        self._phase = Phase.READY
        self._in_flight = Phase.SENDING
        # A loop, not two comprehensions: one order is the common case, and each comprehension is a call.
        self._order: list[str] = []
        self._pending: dict[str, Mapping[str, Any]] = {}
        for item in items:
            client_oid = str(item["clientOid"])
            self._order.append(client_oid)
            self._pending[client_oid] = item
        #: The answer per clientOid: found by a lookup, or the exchange's own item.
        self._answers: dict[str, Mapping[str, Any]] = {}

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def maybe_sent(self) -> bool:
        """Whether an attempt that may have placed an order is unresolved (for a deadline's error)."""
        return self._phase in _UNRESOLVED

    async def attempt(self) -> Any:
        """Look the pending orders up first if the last send is in doubt; then send what is still pending."""
        if self._phase is Phase.IN_DOUBT:
            await self._look_up_pending()
            if not self._pending:
                return self._merged()
        resending = self._phase is Phase.CLEARED
        settled = Phase.CLEARED if resending else Phase.READY
        self.action = AttemptKind.SEND
        # In flight from the moment it is handed to the transport, not before: a call that dies waiting for the
        # clock or the limiter (its deadline, say) never left and placed nothing.
        self._in_flight = Phase.RESENDING if resending else Phase.SENDING
        try:
            data = await self._send_pending()
        except Error as exc:
            if is_ambiguous(exc) and self._phase is self._in_flight:
                self._phase = Phase.IN_DOUBT
                raise
            self._phase = settled  # a clear answer, or it never left: this attempt placed nothing
            if is_ambiguous(exc):
                raise
            return await self._refused(exc, resending)
        self._phase = settled
        await self._answered(data, resending)
        return self._merged()

    async def _look_up_pending(self) -> None:
        self.action = AttemptKind.LOOKUP
        self._phase = Phase.LOOKING_UP
        try:
            # Not found is looked up again until the guard says the unanswered attempt can no longer land.
            await look_until_resend(self._guard, self._look_once)
        except BaseException:
            self._phase = Phase.IN_DOUBT  # cannot tell yet: look again next time
            raise
        self._phase = Phase.CLEARED

    async def _look_once(self) -> bool:
        """Look every pending order up once; True when none is left pending."""
        for client_oid, item in list(self._pending.items()):
            found = await self._find(client_oid, item)
            if found is not None:
                self._stats.already_placed += 1
                self._answers[client_oid] = found
                del self._pending[client_oid]
        return not self._pending

    async def _find(self, client_oid: str, item: Mapping[str, Any]) -> dict[str, str] | None:
        """This call's order placed with ``client_oid`` (an older one reusing it is passed over), or None."""
        self._stats.lookups += 1
        return await find_order(self._attempts, self._call, client_oid, item, accept=self._guard.is_ours)

    def _sending(self) -> None:
        self._phase = self._in_flight
        self._guard.sent()

    @abc.abstractmethod
    def _send_pending(self) -> Awaitable[Any]:
        """The send of the orders still pending, once (passing ``on_send=self._sending``), to be awaited."""

    @abc.abstractmethod
    async def _answered(self, data: Any, resending: bool) -> None:
        """Read a successful answer into ``_placed`` (and failures the subclass keeps)."""

    @abc.abstractmethod
    def _merged(self) -> Any:
        """The answer the exchange would have given had the placement gone through once."""

    async def _refused(self, exc: Error, resending: bool) -> Any:
        """A clear refusal of a send: raise it (a subclass may know better)."""
        raise exc

    def accept_retry(self, exc: Error) -> bool:
        return is_retryable(exc, self.endpoint)

    def final_error(self, exc: Error) -> Error:
        if self._phase not in _UNRESOLVED:
            return exc
        pending = tuple(self._pending)
        unknown = OutcomeUnknownError(
            self._unknown_message(pending), method=self.endpoint.method, path=self.endpoint.path, client_oids=pending
        )
        unknown.__cause__ = exc
        return unknown

    def _unknown_message(self, pending: tuple[str, ...]) -> str:
        placed = ", ".join(self._answers)
        return f"{self.endpoint.key}: {len(pending)} order(s) may have been placed; look up their clientOids" + (
            f" ({len(self._answers)} confirmed placed: {placed})" if self._answers else ""
        )


class PlaceStep(_Placement):
    """One order: send; after an ambiguous failure, look the ``clientOid`` up before sending again."""

    def __init__(self, call: PreparedCall, attempts: Attempts, stats: RetryStats, guard: ResendGuard) -> None:
        super().__init__(call, attempts, stats, guard, [call.params])
        self._client_oid = self._order[0]
        self._result: Any = None

    def _send_pending(self) -> Awaitable[Any]:
        return self._attempts.send(self._call, on_send=self._sending)

    async def _answered(self, data: Any, resending: bool) -> None:
        self._result = data

    def _merged(self) -> Any:
        return self._answers.get(self._client_oid, self._result)

    async def _refused(self, exc: Error, resending: bool) -> Any:
        if not resending:
            raise exc  # before any doubt a duplicate is the caller's own clientOid, taken before this call
        if isinstance(exc, DuplicateClientOidError):
            # The earlier attempt landed (the exchange says the clientOid exists): fetch the order's id. If the
            # open order holding the clientOid is older than this call, it is the caller's, and the refusal stands.
            holder = await holder_of(self._attempts, self._call, self._client_oid, None, self._guard)
            if holder is None:
                raise exc
            self._stats.already_placed += 1
            return holder
        if not is_retryable(exc, self.endpoint):
            # A refusal of the re-send (insufficient funds, say) can be caused by the earlier attempt having
            # landed after all: one last look before believing it.
            try:
                found = await self._find(self._client_oid, self._call.params)
            except Error:
                self._phase = Phase.IN_DOUBT  # cannot tell: the caller gets OutcomeUnknownError
                raise exc from None
            if found is not None:
                self._stats.already_placed += 1
                return found
        raise exc

    def _unknown_message(self, pending: tuple[str, ...]) -> str:
        return f"{self.endpoint.key}: the order may have been placed; look up clientOid {self._client_oid}"


class BatchPlaceStep(_Placement):
    """A v2 batch (``orderList``): only the orders not placed are sent again; the lists are merged."""

    def __init__(self, call: PreparedCall, attempts: Attempts, stats: RetryStats, guard: ResendGuard) -> None:
        super().__init__(call, attempts, stats, guard, [dict(item) for item in call.params["orderList"]])
        self._failed: list[Any] = []

    def _send_pending(self) -> Awaitable[Any]:
        call = self._call
        if len(self._pending) < len(self._order):
            params = {**call.params, "orderList": list(self._pending.values())}
            endpoint = call.endpoint
            call = self._attempts.prepare(
                endpoint.method, endpoint.path, params, urgent=call.urgent, timeout=call.timeout
            )
        return self._attempts.send(call, on_send=self._sending)

    async def _answered(self, data: Any, resending: bool) -> None:
        data = data if isinstance(data, Mapping) else {}
        for entry in data.get("successList") or ():
            client_oid = str(entry.get("clientOid") or "")
            self._answers[client_oid] = {"orderId": str(entry.get("orderId") or ""), "clientOid": client_oid}
            self._pending.pop(client_oid, None)
        for entry in data.get("failureList") or ():
            client_oid = str(entry.get("clientOid") or "")
            item = self._pending.pop(client_oid, None)
            holder = None
            if resending and item is not None and _is_duplicate(entry):
                holder = await self._holder(entry, item)
            if holder is not None:
                # Landed in an earlier attempt after the lookup missed it.
                self._stats.already_placed += 1
                self._answers[client_oid] = holder
            else:
                self._failed.append(entry)

    async def _holder(self, entry: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, str] | None:
        client_oid = str(entry.get("clientOid") or "")
        if entry.get("orderId"):
            return {"orderId": str(entry["orderId"]), "clientOid": client_oid}
        return await holder_of(self._attempts, self._call, client_oid, item, self._guard)

    def _merged(self) -> dict[str, Any]:
        success = [self._answers[oid] for oid in self._order if oid in self._answers]
        return {"successList": success, "failureList": self._failed}


def _is_duplicate(item: Mapping[str, Any]) -> bool:
    code = str(item.get("errorCode") or item.get("code") or "")
    return code in DUPLICATE_CODES or "duplicate" in str(item.get("errorMsg") or "").lower()


class UtaBatchPlaceStep(_Placement):
    """A v3 batch: the body is a JSON array of orders and the answer one item per order (``code`` on a refusal)."""

    def __init__(self, call: PreparedCall, attempts: Attempts, stats: RetryStats, guard: ResendGuard) -> None:
        assert call.items is not None  # chosen only for JSON-array bodies
        super().__init__(call, attempts, stats, guard, [dict(item) for item in call.items])

    def _send_pending(self) -> Awaitable[Any]:
        call = self._call
        if len(self._pending) < len(self._order):
            endpoint = call.endpoint
            items = list(self._pending.values())
            call = self._attempts.prepare(
                endpoint.method, endpoint.path, items, urgent=call.urgent, timeout=call.timeout
            )
        return self._attempts.send(call, on_send=self._sending)

    async def _answered(self, data: Any, resending: bool) -> None:
        for entry in data if isinstance(data, list) else ():
            if not isinstance(entry, Mapping):
                continue
            client_oid = str(entry.get("clientOid") or "")
            item = self._pending.pop(client_oid, None)
            holder = None
            if resending and item is not None and str(entry.get("code") or "00000") in DUPLICATE_CODES:
                holder = await holder_of(self._attempts, self._call, client_oid, item, self._guard)
            if holder is not None:
                # Landed in an earlier attempt after the lookup missed it: this call's order holding the clientOid.
                self._stats.already_placed += 1
                self._answers[client_oid] = holder
            else:
                self._answers[client_oid] = entry

    def _merged(self) -> list[Mapping[str, Any]]:
        """One answer per order, in the caller's order (an order neither answered nor found is left out)."""
        return [self._answers[client_oid] for client_oid in self._order if client_oid in self._answers]

    def _unknown_message(self, pending: tuple[str, ...]) -> str:
        return f"{self.endpoint.key}: {len(pending)} order(s) may have been placed; look up their clientOids"
