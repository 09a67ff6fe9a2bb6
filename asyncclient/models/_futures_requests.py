"""Futures orders as request models: one order (:class:`FuturesOrderRequest`, also an item of a batch), its
placement on a contract, cancels and order queries. Each checks its arguments when built and knows its wire form;
the futures group adds the product line's ``productType`` and resolves the default ``marginCoin``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from .._errors import InputError, InputTypeError
from . import _checks as checks
from . import _futures_fields as conv
from ._enums import Force, HoldSide, MarginMode, OrderType, Side, StpMode, TradeSide
from ._futures_fields import ContractRequest, OneOrder, SymbolPage
from ._request import WireRequest, optional_order_id, optional_symbol, param
from ._requests import Amount

__all__ = [
    "FuturesBatchCancel",
    "FuturesBatchPlacement",
    "FuturesCancel",
    "FuturesFillPage",
    "FuturesOrderQuery",
    "FuturesOrderRequest",
    "FuturesPlacement",
    "MarginCoinFilter",
    "PositionsClose",
    "client_oid_tuple",
    "id_list",
    "order_id_tuple",
]

#: The most orders one batch call places or cancels.
MAX_BATCH = 50


def _size(value: Amount) -> Decimal:
    return Decimal(checks.amount(value, "size"))


def _money(value: Amount | None, name: str) -> Decimal | None:
    return None if value is None else Decimal(checks.amount(value, name))


def _price(value: Amount | None) -> Decimal | None:
    return _money(value, "price")


def _client_oid(value: str | None) -> str | None:
    return None if value is None else checks.client_oid(value)


def _take_profit(value: Amount | None) -> Decimal | None:
    return _money(value, "preset_take_profit_price")


def _stop_loss(value: Amount | None) -> Decimal | None:
    return _money(value, "preset_stop_loss_price")


@attrs.frozen
class FuturesOrderRequest(WireRequest):
    """One futures order (of a batch, or placed alone); ``size`` is in the base coin.

    Building one checks it: an unknown side, a float size, a limit order without a price raise ``InputError``.
    """

    side: Side = attrs.field(converter=conv.side)
    order_type: OrderType = attrs.field(converter=conv.order_type, metadata=param("orderType"))
    size: Decimal = attrs.field(converter=_size)
    price: Decimal | None = attrs.field(default=None, converter=_price)
    force: Force = attrs.field(default=Force.GTC, converter=conv.force)
    trade_side: TradeSide | None = attrs.field(
        default=None, converter=conv.optional_trade_side, metadata=param("tradeSide")
    )
    reduce_only: bool | None = attrs.field(default=None, converter=conv.reduce_only, metadata=param("reduceOnly"))
    client_oid: str | None = attrs.field(default=None, converter=_client_oid, metadata=param("clientOid"))
    preset_take_profit_price: Decimal | None = attrs.field(
        default=None, converter=_take_profit, metadata=param("presetStopSurplusPrice")
    )
    preset_stop_loss_price: Decimal | None = attrs.field(
        default=None, converter=_stop_loss, metadata=param("presetStopLossPrice")
    )
    stp_mode: StpMode | None = attrs.field(default=None, converter=conv.stp_mode, metadata=param("stpMode"))

    def __attrs_post_init__(self) -> None:
        conv.price_rule(self.order_type, self.price)

    def to_wire(self) -> dict[str, Any]:
        """The order's keys (``side``, ``orderType``, ``size`` ...), ``reduceOnly`` as ``YES``/``NO``."""
        params = super().to_wire()
        if self.reduce_only is not None:
            params["reduceOnly"] = conv.yes_no(self.reduce_only)
        return params


@attrs.frozen(kw_only=True)
class FuturesPlacement(ContractRequest):
    """One order placed on a contract in a margin mode."""

    margin_mode: MarginMode = attrs.field(converter=conv.margin_mode, metadata=param("marginMode"))
    order: FuturesOrderRequest

    def to_wire(self) -> dict[str, Any]:
        """The contract's keys and the order's, in one body."""
        params = super().to_wire()
        del params["order"]
        return params | self.order.to_wire()


def _orders(value: object) -> tuple[FuturesOrderRequest, ...]:
    orders: list[FuturesOrderRequest] = []
    for index, item in enumerate(checks.batch(value, "orders", maximum=MAX_BATCH)):
        if not isinstance(item, FuturesOrderRequest):
            raise InputError(f"orders[{index}] must be a FuturesOrderRequest, got {type(item).__name__}")
        orders.append(item)
    return tuple(orders)


@attrs.frozen(kw_only=True)
class FuturesBatchPlacement(ContractRequest):
    """Up to 50 orders on one contract (``orderList``)."""

    margin_mode: MarginMode = attrs.field(converter=conv.margin_mode, metadata=param("marginMode"))
    orders: tuple[FuturesOrderRequest, ...] = attrs.field(converter=_orders, metadata=param("orderList"))

    def to_wire(self) -> dict[str, Any]:
        """The contract's keys and the ``orderList``."""
        params = super().to_wire()
        params["orderList"] = [order.to_wire() for order in self.orders]
        return params


def order_id_tuple(value: object) -> tuple[str, ...]:
    return tuple(checks.order_id(item, "order_ids") for item in _sequence(value, "order_ids"))


def client_oid_tuple(value: object) -> tuple[str, ...]:
    return tuple(checks.client_oid(item, "client_oids") for item in _sequence(value, "client_oids"))


def _sequence(value: object, name: str) -> Sequence[object]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise InputTypeError(f"{name} must be a list, got {type(value).__name__}")
    return value


def id_list(order_ids: Sequence[str], client_oids: Sequence[str]) -> list[dict[str, str]]:
    """``orderIdList``: the orders by order id, then by client order id (at most 50 in all)."""
    items = [{"orderId": i} for i in order_ids] + [{"clientOid": c} for c in client_oids]
    checks.batch(items, "order_ids and client_oids", maximum=MAX_BATCH)
    return items


@attrs.frozen(kw_only=True)
class FuturesBatchCancel(WireRequest):
    """Up to 50 orders of one contract by order id and/or client order id."""

    symbol: str = attrs.field(converter=checks.symbol)
    margin_coin: str | None = attrs.field(
        default=None, converter=conv.optional_margin_coin, metadata=param("marginCoin")
    )
    order_ids: tuple[str, ...] = attrs.field(default=(), converter=order_id_tuple)
    client_oids: tuple[str, ...] = attrs.field(default=(), converter=client_oid_tuple)

    def __attrs_post_init__(self) -> None:
        id_list(self.order_ids, self.client_oids)

    def to_wire(self) -> dict[str, Any]:
        params = {"symbol": self.symbol, "orderIdList": id_list(self.order_ids, self.client_oids)}
        return params if self.margin_coin is None else {**params, "marginCoin": self.margin_coin}


@attrs.frozen(kw_only=True)
class FuturesOrderQuery(OneOrder):
    """One order of a contract by ``order_id`` or ``client_oid`` (exactly one)."""


@attrs.frozen(kw_only=True)
class FuturesCancel(FuturesOrderQuery):
    """Cancel one order (``marginCoin`` optional)."""

    margin_coin: str | None = attrs.field(
        default=None, converter=conv.optional_margin_coin, metadata=param("marginCoin")
    )


@attrs.frozen(kw_only=True)
class MarginCoinFilter(WireRequest):
    """One margin coin, or None for every one."""

    margin_coin: str | None = attrs.field(
        default=None, converter=conv.optional_margin_coin, metadata=param("marginCoin")
    )


@attrs.frozen(kw_only=True)
class PositionsClose(WireRequest):
    """Flash close: one contract's positions (one side in hedge mode), or every one."""

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)
    hold_side: HoldSide | None = attrs.field(
        default=None, converter=conv.optional_hold_side, metadata=param("holdSide")
    )


@attrs.frozen(kw_only=True)
class FuturesFillPage(SymbolPage):
    """A page of fills, optionally of one order."""

    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))
