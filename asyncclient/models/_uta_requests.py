"""What a caller sends to the unified account (v3): orders, modifications, cancels, TP/SL orders and settings.

Each model checks its fields when built (attrs converters from :mod:`._uta_checks`) and writes the exchange's
keys with ``to_wire()``; a flag goes on the wire as ``yes``/``no``. Batch bodies are JSON arrays whose items carry
their own ``category`` and ``symbol`` (:class:`UtaOrderBatch`, :class:`UtaModifyBatch`, :class:`UtaCancelBatch`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from .._errors import InputError, InputTypeError
from . import _checks
from . import _uta_checks as checks
from ._enums import Force, HoldSide, OrderType, Side, StpMode
from ._request import WireRequest, optional_coin, param
from ._uta_enums import Category, HoldMode, TriggerBy

__all__ = [
    "MAX_BATCH",
    "UtaCancelBatch",
    "UtaCancelRequest",
    "UtaCountdownRequest",
    "UtaHoldModeRequest",
    "UtaLeverageRequest",
    "UtaModifyBatch",
    "UtaModifyRequest",
    "UtaOrderBatch",
    "UtaOrderIds",
    "UtaOrderRequest",
    "UtaPlaceRequest",
    "UtaStrategyModifyRequest",
    "UtaStrategyRequest",
    "UtaTransferRequest",
    "UtaWireRequest",
]

#: The most orders one v3 batch call places, modifies or cancels.
MAX_BATCH = 50

R = TypeVar("R")


@attrs.frozen(kw_only=True)
class UtaWireRequest(WireRequest):
    """A v3 request: as :class:`WireRequest`, with flags written ``yes``/``no``."""

    def to_wire(self) -> dict[str, Any]:
        return {key: _flag(value) for key, value in super().to_wire().items()}


def _flag(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


@attrs.frozen
class UtaOrderRequest(UtaWireRequest):
    """One order. ``qty`` is in the base coin, except a spot or margin market buy: the quote coin to spend."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    side: Side = attrs.field(converter=checks.side)
    order_type: OrderType = attrs.field(converter=checks.order_type, metadata=param("orderType"))
    qty: str = attrs.field(converter=checks.qty)
    price: str | None = attrs.field(default=None, converter=checks.optional_price)
    time_in_force: Force | None = attrs.field(
        default=None, converter=checks.time_in_force, metadata=param("timeInForce")
    )
    pos_side: HoldSide | None = attrs.field(default=None, converter=checks.pos_side, metadata=param("posSide"))
    reduce_only: bool | None = attrs.field(default=None, converter=checks.reduce_only, metadata=param("reduceOnly"))
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid, metadata=param("clientOid"))
    stp_mode: StpMode | None = attrs.field(default=None, converter=checks.stp_mode, metadata=param("stpMode"))

    def __attrs_post_init__(self) -> None:
        if self.order_type is OrderType.LIMIT and self.price is None:
            raise InputError("price is required for a limit order")
        if self.order_type is OrderType.MARKET and self.price is not None:
            raise InputError("price must not be given for a market order")


@attrs.frozen
class UtaPlaceRequest(UtaOrderRequest):
    """One order placed alone (``place-order``), which may carry a take-profit and a stop-loss price."""

    take_profit: str | None = attrs.field(
        default=None, kw_only=True, converter=checks.take_profit, metadata=param("takeProfit")
    )
    stop_loss: str | None = attrs.field(
        default=None, kw_only=True, converter=checks.stop_loss, metadata=param("stopLoss")
    )


@attrs.frozen
class UtaModifyRequest(UtaWireRequest):
    """One modification: the order (by id or clientOid) and its new quantity and/or price."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    order_id: str | None = attrs.field(default=None, converter=checks.optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid, metadata=param("clientOid"))
    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    price: str | None = attrs.field(default=None, converter=checks.optional_price)
    #: Ask the exchange to cancel the order if the modification fails.
    auto_cancel: bool | None = attrs.field(default=None, converter=checks.auto_cancel, metadata=param("autoCancel"))

    def __attrs_post_init__(self) -> None:
        _exactly_one(self.order_id, self.client_oid)
        if self.qty is None and self.price is None:
            raise InputError("give a new qty or price (or both)")


def _exactly_one(order_id: str | None, client_oid: str | None) -> None:
    if (order_id is None) == (client_oid is None):
        raise InputError("pass exactly one of order_id and client_oid")


@attrs.frozen(kw_only=True)
class UtaOrderIds(UtaWireRequest):
    """One order, by ``order_id`` or ``client_oid`` (exactly one)."""

    order_id: str | None = attrs.field(default=None, converter=checks.optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid, metadata=param("clientOid"))

    def __attrs_post_init__(self) -> None:
        _exactly_one(self.order_id, self.client_oid)


@attrs.frozen(kw_only=True)
class UtaCancelRequest(UtaOrderIds):
    """Cancel one order; ``category`` and ``symbol`` are optional."""

    category: Category | None = attrs.field(default=None, converter=checks.optional_any_category)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)


@attrs.frozen(kw_only=True)
class UtaStrategyModifyRequest(UtaOrderIds):
    """New quantity or trigger prices of a TP/SL order."""

    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    take_profit: str | None = attrs.field(default=None, converter=checks.take_profit, metadata=param("takeProfit"))
    stop_loss: str | None = attrs.field(default=None, converter=checks.stop_loss, metadata=param("stopLoss"))


@attrs.frozen(kw_only=True)
class UtaStrategyRequest(UtaWireRequest):
    """A take-profit and/or stop-loss order on a futures position."""

    category: Category = attrs.field(converter=checks.futures_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    pos_side: HoldSide | None = attrs.field(converter=checks.pos_side, metadata=param("posSide"))
    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    take_profit: str | None = attrs.field(default=None, converter=checks.take_profit, metadata=param("takeProfit"))
    stop_loss: str | None = attrs.field(default=None, converter=checks.stop_loss, metadata=param("stopLoss"))
    tp_trigger_by: TriggerBy | None = attrs.field(
        default=None, converter=checks.tp_trigger_by, metadata=param("tpTriggerBy")
    )
    sl_trigger_by: TriggerBy | None = attrs.field(
        default=None, converter=checks.sl_trigger_by, metadata=param("slTriggerBy")
    )
    tp_order_type: OrderType | None = attrs.field(
        default=None, converter=checks.tp_order_type, metadata=param("tpOrderType")
    )
    sl_order_type: OrderType | None = attrs.field(
        default=None, converter=checks.sl_order_type, metadata=param("slOrderType")
    )
    tp_limit_price: str | None = attrs.field(
        default=None, converter=checks.tp_limit_price, metadata=param("tpLimitPrice")
    )
    sl_limit_price: str | None = attrs.field(
        default=None, converter=checks.sl_limit_price, metadata=param("slLimitPrice")
    )
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid, metadata=param("clientOid"))

    def __attrs_post_init__(self) -> None:
        if self.take_profit is None and self.stop_loss is None:
            raise InputError("give take_profit, stop_loss or both")


def _leverage(value: object) -> str:
    return str(_checks.limit(value, "leverage", maximum=500))


@attrs.frozen(kw_only=True)
class UtaLeverageRequest(UtaWireRequest):
    """The leverage of a futures symbol (or of a margin coin)."""

    category: Category = attrs.field(converter=checks.any_category)
    leverage: str = attrs.field(converter=_leverage)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)
    coin: str | None = attrs.field(default=None, converter=optional_coin)
    pos_side: HoldSide | None = attrs.field(default=None, converter=checks.pos_side, metadata=param("posSide"))


@attrs.frozen(kw_only=True)
class UtaHoldModeRequest(UtaWireRequest):
    """One-way or hedge mode."""

    hold_mode: HoldMode = attrs.field(converter=checks.hold_mode, metadata=param("holdMode"))


def _countdown(value: object) -> str:
    return str(_checks.limit(value, "seconds", minimum=0, maximum=600))


@attrs.frozen(kw_only=True)
class UtaCountdownRequest(UtaWireRequest):
    """The dead-man switch's countdown in seconds (0 turns it off)."""

    seconds: str = attrs.field(converter=_countdown, metadata=param("countdown"))


#: The wallets a transfer moves between.
_ACCOUNT_TYPES = ("funding", "uta", "spot", "futures", "margin")


def _account_type(value: object, name: str) -> str:
    if not isinstance(value, str) or value.lower() not in _ACCOUNT_TYPES:
        allowed = ", ".join(repr(kind) for kind in _ACCOUNT_TYPES)
        raise InputError(f"{name} must be one of {allowed}, got {value!r}")
    return value.lower()


def _from_account(value: object) -> str:
    return _account_type(value, "from_account")


def _to_account(value: object) -> str:
    return _account_type(value, "to_account")


def _transfer_amount(value: object) -> str:
    return _checks.amount(value, "amount")


@attrs.frozen(kw_only=True)
class UtaTransferRequest(UtaWireRequest):
    """Move ``amount`` of ``coin`` between wallets (``funding`` / ``uta``)."""

    from_account: str = attrs.field(converter=_from_account, metadata=param("fromType"))
    to_account: str = attrs.field(converter=_to_account, metadata=param("toType"))
    coin: str = attrs.field(converter=_checks.coin)
    amount: str = attrs.field(converter=_transfer_amount)


# -- batches: JSON-array bodies --


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
