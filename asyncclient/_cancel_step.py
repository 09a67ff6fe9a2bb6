"""Cancels, safe to repeat: after an ambiguous attempt, "order not found" on a retry is checked.

If the order now shows as cancelled, the earlier attempt worked and the cancel is reported as done (with what
the exchange would have answered: the caller's own ids); if it filled, the exchange's "not found" stands.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from ._attempt import Attempts, PreparedCall
from ._call_step import ResendStep, RetryStats
from ._errors import Error, OrderNotFoundError, OutcomeUnknownError
from ._order_lookup import NOT_FOUND_CODES, already_cancelled, lookup_order, lookup_paths
from ._retry_strategies import failure_reason, is_ambiguous

__all__ = ["CancelPhase", "CancelStep"]

#: Order states that mean a cancel took effect (the exchange spells it three ways).
_CANCELLED_STATES = frozenset({"cancelled", "canceled"})


class CancelPhase(enum.Enum):
    """Where a cancel stands between attempts."""

    #: No attempt was ambiguous: "order not found" is the exchange's answer.
    CLEAR = "clear"
    #: An attempt may have cancelled the order: "not found" on a retry is checked by a lookup.
    IN_DOUBT = "in_doubt"
    #: That lookup failed transiently: the cancel is repeated, and if retries run out the outcome is unknown.
    LOOKUP_FAILED = "lookup_failed"


class CancelStep(ResendStep):
    """A cancel: repeated freely; "not found" after an ambiguous attempt is checked before it is believed."""

    def __init__(self, call: PreparedCall, attempts: Attempts, stats: RetryStats) -> None:
        super().__init__(call, attempts.send, tracks_sending=True)
        self._attempts = attempts
        self._stats = stats
        self._phase = CancelPhase.CLEAR

    async def attempt(self) -> Any:
        try:
            data = await super().attempt()
        except OrderNotFoundError as exc:
            if self._phase is CancelPhase.CLEAR:
                raise
            params = self._call.params
            if (params.get("orderId") or params.get("clientOid")) and not await self._was_cancelled(params):
                raise exc from None
            self._stats.cancels_already_done += 1
            return already_cancelled(self.endpoint, params)
        except Error as exc:
            if is_ambiguous(exc) and self._phase is CancelPhase.CLEAR:
                self._phase = CancelPhase.IN_DOUBT
            raise
        if self._phase is not CancelPhase.CLEAR:
            if isinstance(data, Mapping) and data.get("failureList"):
                return await self._count_cancelled_as_done(data)
            if isinstance(data, list) and self._call.items is not None:
                return await self._count_v3_cancelled_as_done(data)
        return data

    async def _was_cancelled(self, ids: Mapping[str, Any]) -> bool:
        """Whether the order named by ``ids`` now shows as cancelled; OutcomeUnknownError if that cannot be told."""
        if not lookup_paths(self.endpoint):
            return True  # nothing to ask: trust the exchange's "not found" after our own ambiguous cancel
        self._stats.lookups += 1
        wanted = {key: ids[key] for key in ("orderId", "clientOid") if ids.get(key)}
        self._phase = CancelPhase.IN_DOUBT
        try:
            order = await lookup_order(self._attempts, self._call, wanted, ids)
        except Error as exc:
            if failure_reason(exc) is not None:
                # A 500, a 429 or a lost answer of the lookup says nothing about the cancel: let the retry loop
                # repeat the cancel (safe) and look again; only when retries run out is the outcome unknown.
                self._phase = CancelPhase.LOOKUP_FAILED
                raise
            raise self._unknown(ids) from exc
        found = order or {}
        state = str(found.get("status") or found.get("state") or found.get("orderStatus") or "").lower()
        return state in _CANCELLED_STATES

    async def _count_cancelled_as_done(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """v2 batch cancels: "not found" items that now show as cancelled were cancelled by the ambiguous attempt."""
        done = [
            item
            for item in data["failureList"]
            if str(item.get("errorCode") or "") in NOT_FOUND_CODES and await self._was_cancelled(item)
        ]
        if not done:
            return dict(data)
        self._stats.cancels_already_done += len(done)
        success = list(data.get("successList") or ()) + [_ids(item) for item in done]
        rest = [item for item in data["failureList"] if item not in done]
        return {**data, "successList": success, "failureList": rest}

    async def _count_v3_cancelled_as_done(self, answers: list[Any]) -> list[Any]:
        """v3 batch cancels (one answer per item): the same check for items answered "does not exist"."""
        settled: list[Any] = []
        for entry in answers:
            if (
                isinstance(entry, Mapping)
                and str(entry.get("code") or "") in NOT_FOUND_CODES
                and await self._was_cancelled(entry)
            ):
                self._stats.cancels_already_done += 1
                settled.append(_ids(entry))
            else:
                settled.append(entry)
        return settled

    def _unknown(self, ids: Mapping[str, Any]) -> OutcomeUnknownError:
        return OutcomeUnknownError(
            f"{self.endpoint.key}: the cancel may have worked; the order could not be looked up",
            method=self.endpoint.method,
            path=self.endpoint.path,
            client_oids=(str(ids["clientOid"]),) if ids.get("clientOid") else (),
        )

    def final_error(self, exc: Error) -> Error:
        if self._phase is not CancelPhase.LOOKUP_FAILED:
            return super().final_error(exc)
        unknown = self._unknown(self._call.params)
        unknown.__cause__ = exc
        return unknown


def _ids(item: Mapping[str, Any]) -> dict[str, str]:
    return {"orderId": str(item.get("orderId") or ""), "clientOid": str(item.get("clientOid") or "")}
