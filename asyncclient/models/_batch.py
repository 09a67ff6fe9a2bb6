"""Results of batch calls: which items the exchange accepted and which it refused (its ``failureList``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import attrs

from .._errors import BatchError
from ._orders import OrderAck
from ._wire import ResponseFormatError, WireModel, wire

__all__ = ["BatchError", "BatchFailure", "BatchResult"]


@attrs.frozen(kw_only=True)
class BatchFailure(WireModel):
    """One item of a batch the exchange refused, with its reason."""

    order_id: str | None = attrs.field(default=None, metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    error_message: str | None = attrs.field(default=None, metadata=wire("errorMsg"))
    error_code: str | None = attrs.field(default=None, metadata=wire("errorCode"))


@attrs.frozen
class BatchResult:
    """The items of a batch call that succeeded and those that failed (a batch answers success either way)."""

    succeeded: tuple[OrderAck, ...] = ()
    failed: tuple[BatchFailure, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed

    @classmethod
    def from_wire(cls, payload: Mapping[str, Any]) -> Self:
        """Parse ``{"successList": [...], "failureList": [...]}`` (either list may be missing or null)."""
        if not isinstance(payload, Mapping):
            raise ResponseFormatError(f"BatchResult: expected a JSON object, got {type(payload).__name__}")
        succeeded = payload.get("successList") or ()
        failed = payload.get("failureList") or ()
        return cls(
            succeeded=tuple(OrderAck.from_wire(item) for item in succeeded),
            failed=tuple(BatchFailure.from_wire(item) for item in failed),
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            "successList": [item.to_wire() for item in self.succeeded],
            "failureList": [item.to_wire() for item in self.failed],
        }

    def raise_for_failures(self) -> Self:
        """Raise :class:`BatchError` if any item failed; return self otherwise."""
        if self.failed:
            reasons = "; ".join(_describe(item) for item in self.failed[:5])
            total = len(self.failed) + len(self.succeeded)
            raise BatchError(f"{len(self.failed)} of {total} batch items failed ({reasons})", self)
        return self


def _describe(failure: BatchFailure) -> str:
    code = f" [{failure.error_code}]" if failure.error_code else ""
    return f"{failure.order_id or failure.client_oid or '?'}{code}: {failure.error_message or 'no reason given'}"
