"""The answer to a cancel-replace: the replacement order's ids, or why nothing was replaced."""

from __future__ import annotations

import attrs

from ._wire import WireModel, wire

__all__ = ["ReplaceResult"]


@attrs.frozen(kw_only=True)
class ReplaceResult(WireModel):
    """One cancel-replace: ``ok`` when the old order was cancelled and its replacement placed."""

    order_id: str | None = attrs.field(default=None, metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    #: ``success`` or ``failure``, as the exchange writes it.
    success: str = attrs.field(metadata=wire("success"))
    message: str | None = attrs.field(default=None, metadata=wire("msg"))

    @property
    def ok(self) -> bool:
        return self.success == "success"
