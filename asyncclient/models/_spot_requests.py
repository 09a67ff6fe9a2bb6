"""Spot orders as the caller describes them, checked when built, and the place, batch and cancel calls made of them.

:class:`SpotOrderRequest` is public (``client.spot.batch_place_orders`` takes a list of them); building one with a
bad field raises :class:`~asyncclient.InputError` naming it, so a batch never holds an unchecked order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from .._errors import InputError, InputTypeError
from . import _checks as checks
from ._enums import Force, OrderType, Side, StpMode
from ._one_order import OneOrder, SymbolOrder, exactly_one_id
from ._request import WireRequest, param
from ._requests import Amount

__all__ = [
    "OneOrder",
    "SpotBatchCancelRequest",
    "SpotBatchPlaceRequest",
    "SpotCancelRequest",
    "SpotOrderRequest",
    "SpotPlaceRequest",
    "SymbolQuery",
    "checked_order_type",
    "checked_side",
    "checked_size",
    "exactly_one_id",
    "optional_client_oid",
    "optional_order_id",
]

#: The most orders one batch call places or cancels.
MAX_BATCH = 50


def checked_side(value: Side | str) -> Side:
    return checks.choice(value, Side, "side")


def checked_order_type(value: OrderType | str) -> OrderType:
    return checks.choice(value, OrderType, "order_type")


def _force(value: Force | str) -> Force:
    return checks.choice(value, Force, "force")


def checked_size(value: Amount) -> Decimal:
    return Decimal(checks.amount(value, "size"))


def _optional_price(value: Amount | None) -> Decimal | None:
    return None if value is None else Decimal(checks.amount(value, "price"))


def optional_client_oid(value: str | None) -> str | None:
    """A client order id, or None."""
    return None if value is None else checks.client_oid(value)


def optional_order_id(value: str | None) -> str | None:
    """An order id, or None."""
    return None if value is None else checks.order_id(value)


def _optional_stp_mode(value: StpMode | str | None) -> StpMode | None:
    return None if value is None else checks.choice(value, StpMode, "stp_mode")


@attrs.frozen
class SpotOrderRequest(WireRequest):
    """One spot order. ``size`` is the base quantity, except for a market buy: the quote amount.

    A limit order needs a ``price``; a market order takes none.
    """

    side: Side = attrs.field(converter=checked_side)
    order_type: OrderType = attrs.field(converter=checked_order_type, metadata=param("orderType"))
    size: Decimal = attrs.field(converter=checked_size)
    price: Decimal | None = attrs.field(default=None, converter=_optional_price)
    force: Force = attrs.field(default=Force.GTC, converter=_force)
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))
    stp_mode: StpMode | None = attrs.field(default=None, converter=_optional_stp_mode, metadata=param("stpMode"))

    def __attrs_post_init__(self) -> None:
        if self.order_type is OrderType.LIMIT and self.price is None:
            raise InputError("price is required for a limit order")
        if self.order_type is OrderType.MARKET and self.price is not None:
            raise InputError("price must not be given for a market order")


@attrs.frozen(kw_only=True)
class SymbolQuery(WireRequest):
    """One symbol (required)."""

    symbol: str = attrs.field(converter=checks.symbol)


def _preset_take_profit(value: Amount | None) -> Decimal | None:
    return None if value is None else Decimal(checks.amount(value, "preset_take_profit_price"))


def _preset_stop_loss(value: Amount | None) -> Decimal | None:
    return None if value is None else Decimal(checks.amount(value, "preset_stop_loss_price"))


@attrs.frozen(kw_only=True)
class SpotPlaceRequest(SymbolQuery):
    """``place-order``: one order on ``symbol``, with optional preset take-profit and stop-loss prices."""

    order: SpotOrderRequest
    preset_take_profit_price: Decimal | None = attrs.field(
        default=None, converter=_preset_take_profit, metadata=param("presetTakeProfitPrice")
    )
    preset_stop_loss_price: Decimal | None = attrs.field(
        default=None, converter=_preset_stop_loss, metadata=param("presetStopLossPrice")
    )

    def to_wire(self) -> dict[str, Any]:
        """The symbol, the order's fields and the presets, side by side (as the exchange reads them)."""
        params = super().to_wire()
        del params["order"]
        return {**params, **self.order.to_wire()}


def _spot_orders(values: Sequence[SpotOrderRequest]) -> tuple[SpotOrderRequest, ...]:
    items = checks.batch(values, "orders", maximum=MAX_BATCH)
    for index, order in enumerate(items):
        if not isinstance(order, SpotOrderRequest):
            raise InputTypeError(f"orders[{index}] must be a SpotOrderRequest, got {type(order).__name__}")
    return tuple(values)


@attrs.frozen(kw_only=True)
class SpotBatchPlaceRequest(SymbolQuery):
    """``batch-orders``: up to 50 orders on one symbol, each placed on its own (``batchMode`` single)."""

    fixed: ClassVar[dict[str, object]] = {"batchMode": "single"}

    orders: tuple[SpotOrderRequest, ...] = attrs.field(converter=_spot_orders)

    def to_wire(self) -> dict[str, Any]:
        params = super().to_wire()
        del params["orders"]
        return {**params, "orderList": [order.to_wire() for order in self.orders]}


@attrs.frozen(kw_only=True)
class SpotCancelRequest(SymbolOrder):
    """``cancel-order``: one order of ``symbol``."""


def _ids(values: Sequence[str], name: str, check: Callable[[object, str], str]) -> tuple[str, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InputTypeError(f"{name} must be a list, got {type(values).__name__}")
    return tuple(check(value, name) for value in values)


def _order_ids(values: Sequence[str]) -> tuple[str, ...]:
    return _ids(values, "order_ids", checks.order_id)


def _client_oids(values: Sequence[str]) -> tuple[str, ...]:
    return _ids(values, "client_oids", checks.client_oid)


@attrs.frozen(kw_only=True)
class SpotBatchCancelRequest(SymbolQuery):
    """``batch-cancel-order``: up to 50 orders of one symbol, by order id and/or client order id."""

    order_ids: tuple[str, ...] = attrs.field(default=(), converter=_order_ids)
    client_oids: tuple[str, ...] = attrs.field(default=(), converter=_client_oids)

    def __attrs_post_init__(self) -> None:
        checks.batch([*self.order_ids, *self.client_oids], "order_ids and client_oids", maximum=MAX_BATCH)

    def to_wire(self) -> dict[str, Any]:
        order_list = [{"orderId": i} for i in self.order_ids] + [{"clientOid": c} for c in self.client_oids]
        return {"symbol": self.symbol, "batchMode": "single", "orderList": order_list}
