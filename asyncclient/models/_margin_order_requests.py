"""Requests of margin orders (crossed and isolated): place, batch place, cancel, batch cancel, list.

``size`` is the base quantity, except for a market buy: the quote amount to spend (sent as ``quoteSize``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from .._errors import InputError, InputTypeError, shown
from . import _checks as checks
from ._enums import Force, OrderType, Side
from ._one_order import SymbolOrder
from ._request import (
    WindowQuery,
    WireRequest,
    optional_client_oid,
    optional_limit_500,
    optional_order_id,
    param,
)

__all__ = [
    "MarginBatchCancelRequest",
    "MarginBatchRequest",
    "MarginCancelRequest",
    "MarginOrderLeg",
    "MarginOrderRequest",
    "MarginOrdersQuery",
]

_LOAN_TYPES = ("normal", "autoLoan", "autoRepay", "autoLoanAndRepay")
#: The most orders one batch places or cancels.
_MAX_BATCH = 50
_SPAN_MS = 90 * 86_400_000


def _side(value: object) -> Side:
    return checks.choice(value, Side, "side")


def _order_type(value: object) -> OrderType:
    return checks.choice(value, OrderType, "order_type")


def _force(value: object) -> Force:
    return checks.choice(value, Force, "force")


def _size(value: object) -> str:
    return checks.amount(value, "size")


def _optional_price(value: object) -> str | None:
    return None if value is None else checks.amount(value, "price")


def _loan_type(value: object) -> str:
    if value not in _LOAN_TYPES:
        raise InputError(f"loan_type must be one of {', '.join(_LOAN_TYPES)}, got {shown(value)}")
    return str(value)


@attrs.frozen(kw_only=True)
class MarginOrderLeg(WireRequest):
    """One margin order without its symbol (an item of a batch); a limit order needs a price, a market one none.

    ``loan_type`` autoLoan borrows what the order lacks; autoRepay repays debt with what it brings in.
    """

    side: Side = attrs.field(converter=_side)
    order_type: OrderType = attrs.field(converter=_order_type, metadata=param("orderType"))
    loan_type: str = attrs.field(default="normal", converter=_loan_type, metadata=param("loanType"))
    force: Force = attrs.field(default=Force.GTC, converter=_force)
    price: str | None = attrs.field(default=None, converter=_optional_price)
    size: str = attrs.field(converter=_size)
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))

    def __attrs_post_init__(self) -> None:
        if (self.order_type is OrderType.LIMIT) != (self.price is not None):
            raise InputError("price is required for a limit order and refused for a market one")

    def to_wire(self) -> dict[str, Any]:
        params = super().to_wire()
        quote = self.order_type is OrderType.MARKET and self.side is Side.BUY
        params["quoteSize" if quote else "baseSize"] = params.pop("size")
        return params

    @classmethod
    def of(cls, item: object, index: int) -> MarginOrderLeg:
        """Item ``index`` of a batch: a mapping of :meth:`MarginAPI.place_order`'s argument names."""
        if not isinstance(item, Mapping):
            raise InputTypeError(f"orders[{index}] must be a mapping with side, order_type and size")
        unknown = sorted(str(key) for key in set(item) - {field.name for field in attrs.fields(cls)})
        if unknown:
            raise InputError(f"orders[{index}] has unknown keys {shown(unknown)}")
        try:
            return cls(**{str(key): value for key, value in item.items()})
        except InputError as exc:  # name the item: orders[3]: size must be positive
            raise type(exc)(f"orders[{index}]: {exc}") from None
        except TypeError as exc:  # a missing side, order_type or size
            raise InputTypeError(f"orders[{index}] needs side, order_type and size ({exc})") from None


@attrs.frozen(kw_only=True)
class MarginOrderRequest(MarginOrderLeg):
    """One margin order on ``symbol``."""

    symbol: str = attrs.field(converter=checks.symbol)


def _legs(value: object) -> tuple[MarginOrderLeg, ...]:
    return tuple(MarginOrderLeg.of(item, i) for i, item in enumerate(checks.batch(value, "orders", maximum=_MAX_BATCH)))


@attrs.frozen(kw_only=True)
class MarginBatchRequest(WireRequest):
    """Up to 50 orders on ``symbol``."""

    symbol: str = attrs.field(converter=checks.symbol)
    orders: tuple[MarginOrderLeg, ...] = attrs.field(converter=_legs, metadata=param("orderList"))

    def to_wire(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "orderList": [order.to_wire() for order in self.orders]}


@attrs.frozen(kw_only=True)
class MarginCancelRequest(SymbolOrder):
    """Cancel one order of ``symbol``, by exactly one of ``order_id`` and ``client_oid``."""


def _order_ids(value: object) -> tuple[str, ...]:
    return tuple(checks.order_id(one, "order_ids") for one in _sequence(value, "order_ids"))


def _client_oids(value: object) -> tuple[str, ...]:
    return tuple(checks.client_oid(one, "client_oids") for one in _sequence(value, "client_oids"))


def _sequence(value: object, name: str) -> tuple[object, ...]:
    if isinstance(value, tuple | list) and not value:
        return ()
    return tuple(checks.batch(value, name, maximum=_MAX_BATCH))


@attrs.frozen(kw_only=True)
class MarginBatchCancelRequest(WireRequest):
    """Cancel orders of ``symbol`` by order id and/or client order id (1 to 50 in all)."""

    symbol: str = attrs.field(converter=checks.symbol)
    order_ids: tuple[str, ...] = attrs.field(default=(), converter=_order_ids)
    client_oids: tuple[str, ...] = attrs.field(default=(), converter=_client_oids)

    def __attrs_post_init__(self) -> None:
        checks.batch([*self.order_ids, *self.client_oids], "order_ids and client_oids", maximum=_MAX_BATCH)

    def to_wire(self) -> dict[str, Any]:
        orders = [{"orderId": one} for one in self.order_ids] + [{"clientOid": one} for one in self.client_oids]
        return {"symbol": self.symbol, "orderIdList": orders}


@attrs.frozen(kw_only=True)
class MarginOrdersQuery(WindowQuery):
    """Orders or fills of ``symbol`` (one order by id): at most 90 days, up to 500 a page."""

    max_span_ms: ClassVar[int | None] = _SPAN_MS

    symbol: str = attrs.field(converter=checks.symbol)
    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_500)
