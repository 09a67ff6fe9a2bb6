"""The unified account's (v3) batch bodies: JSON arrays of up to 50 items, each with its own category and symbol.

Orders and modifications are :class:`~._uta_requests.UtaOrderRequest` / :class:`~._uta_requests.UtaModifyRequest`
(checked when the caller built them); a batch checks their number and kind, and ``to_wire()`` is the array.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from .._errors import InputError, InputTypeError
from . import _checks
from . import _uta_checks as checks
from ._uta_enums import Category
from ._uta_requests import UtaModifyRequest, UtaOrderRequest

__all__ = ["MAX_BATCH", "UtaCancelBatch", "UtaModifyBatch", "UtaOrderBatch"]

#: The most orders one v3 batch call places, modifies or cancels.
MAX_BATCH = 50

R = TypeVar("R")


def _items(value: object, kind: type[R]) -> tuple[R, ...]:
    checked: list[R] = []
    for index, item in enumerate(_checks.batch(value, "orders", maximum=MAX_BATCH)):
        if not isinstance(item, kind):
            raise InputError(f"orders[{index}] must be a {kind.__name__}, got {type(item).__name__}")
        checked.append(item)
    return tuple(checked)


def _orders(value: object) -> tuple[UtaOrderRequest, ...]:
    return _items(value, UtaOrderRequest)


def _changes(value: object) -> tuple[UtaModifyRequest, ...]:
    return _items(value, UtaModifyRequest)


@attrs.frozen
class UtaOrderBatch:
    """Up to 50 orders (any categories and symbols) placed in one call."""

    orders: tuple[UtaOrderRequest, ...] = attrs.field(converter=_orders)

    def to_wire(self) -> list[dict[str, Any]]:
        return [order.to_wire() for order in self.orders]


@attrs.frozen
class UtaModifyBatch:
    """Up to 50 modifications in one call."""

    changes: tuple[UtaModifyRequest, ...] = attrs.field(converter=_changes)

    def to_wire(self) -> list[dict[str, Any]]:
        return [change.to_wire() for change in self.changes]


def _id_list(value: object, name: str) -> tuple[object, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InputTypeError(f"{name} must be a list, got {type(value).__name__}")
    return tuple(value)


def _order_ids(value: object) -> tuple[str, ...]:
    return tuple(_checks.order_id(item, "order_ids") for item in _id_list(value, "order_ids"))


def _client_oids(value: object) -> tuple[str, ...]:
    return tuple(checks.uta_client_oid(item, "client_oids") for item in _id_list(value, "client_oids"))


@attrs.frozen(kw_only=True)
class UtaCancelBatch:
    """Up to 50 orders of one symbol to cancel, by order id and/or clientOid."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    order_ids: tuple[str, ...] = attrs.field(default=(), converter=_order_ids)
    client_oids: tuple[str, ...] = attrs.field(default=(), converter=_client_oids)

    def __attrs_post_init__(self) -> None:
        _checks.batch(self.order_ids + self.client_oids, "order_ids and client_oids", maximum=MAX_BATCH)

    def to_wire(self) -> list[dict[str, str]]:
        base = {"category": self.category.value, "symbol": self.symbol}
        return [{**base, "orderId": order_id} for order_id in self.order_ids] + [
            {**base, "clientOid": client_oid} for client_oid in self.client_oids
        ]
