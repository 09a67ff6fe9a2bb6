"""What a caller sends to the unified account (v3): orders, modifications, cancels, TP/SL orders and settings.

Each model checks its fields when built (attrs converters from :mod:`._uta_checks`) and writes the exchange's
keys with ``to_wire()``: the fields' names in camelCase unless ``param(...)`` says otherwise, a flag as
``yes``/``no``. The batches of these are in :mod:`._uta_batches`.
"""

from __future__ import annotations

from typing import Any

import attrs

from .._errors import InputError
from . import _checks
from . import _uta_checks as checks
from ._enums import Force, HoldSide, OrderType, Side, StpMode
from ._one_order import exactly_one_id
from ._request import WireRequest, optional_coin, param
from ._uta_enums import Category, HoldMode, TriggerBy

__all__ = [
    "UtaCancelRequest",
    "UtaCountdownRequest",
    "UtaHoldModeRequest",
    "UtaLeverageRequest",
    "UtaModifyRequest",
    "UtaOrderIds",
    "UtaOrderRequest",
    "UtaPlaceRequest",
    "UtaStrategyModifyRequest",
    "UtaStrategyRequest",
    "UtaTransferRequest",
    "UtaWireRequest",
]


@attrs.frozen(kw_only=True)
class UtaWireRequest(WireRequest):
    """A v3 request: as :class:`WireRequest`, its keys the fields' names in camelCase (``pos_side`` is
    ``posSide``) unless ``param(...)`` names them, and its flags written ``yes``/``no``."""

    def to_wire(self) -> dict[str, Any]:
        return {_camel(key): _flag(value) for key, value in super().to_wire().items()}


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


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
    order_type: OrderType = attrs.field(converter=checks.order_type)
    qty: str = attrs.field(converter=checks.qty)
    price: str | None = attrs.field(default=None, converter=checks.optional_price)
    time_in_force: Force | None = attrs.field(default=None, converter=checks.time_in_force)
    pos_side: HoldSide | None = attrs.field(default=None, converter=checks.pos_side)
    reduce_only: bool | None = attrs.field(default=None, converter=checks.reduce_only)
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid)
    stp_mode: StpMode | None = attrs.field(default=None, converter=checks.stp_mode)

    def __attrs_post_init__(self) -> None:
        if self.order_type is OrderType.LIMIT and self.price is None:
            raise InputError("price is required for a limit order")
        if self.order_type is OrderType.MARKET and self.price is not None:
            raise InputError("price must not be given for a market order")


@attrs.frozen
class UtaPlaceRequest(UtaOrderRequest):
    """One order placed alone (``place-order``), which may carry a take-profit and a stop-loss price."""

    take_profit: str | None = attrs.field(default=None, kw_only=True, converter=checks.take_profit)
    stop_loss: str | None = attrs.field(default=None, kw_only=True, converter=checks.stop_loss)


@attrs.frozen
class UtaModifyRequest(UtaWireRequest):
    """One modification: the order (by id or clientOid) and its new quantity and/or price."""

    category: Category = attrs.field(converter=checks.any_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    order_id: str | None = attrs.field(default=None, converter=checks.optional_order_id)
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid)
    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    price: str | None = attrs.field(default=None, converter=checks.optional_price)
    #: Ask the exchange to cancel the order if the modification fails.
    auto_cancel: bool | None = attrs.field(default=None, converter=checks.auto_cancel)

    def __attrs_post_init__(self) -> None:
        exactly_one_id(self.order_id, self.client_oid)
        if self.qty is None and self.price is None:
            raise InputError("give a new qty or price (or both)")


@attrs.frozen(kw_only=True)
class UtaOrderIds(UtaWireRequest):
    """One order, by ``order_id`` or ``client_oid`` (exactly one)."""

    order_id: str | None = attrs.field(default=None, converter=checks.optional_order_id)
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid)

    def __attrs_post_init__(self) -> None:
        exactly_one_id(self.order_id, self.client_oid)


@attrs.frozen(kw_only=True)
class UtaCancelRequest(UtaOrderIds):
    """Cancel one order; ``category`` and ``symbol`` are optional."""

    category: Category | None = attrs.field(default=None, converter=checks.optional_any_category)
    symbol: str | None = attrs.field(default=None, converter=checks.optional_symbol)


@attrs.frozen(kw_only=True)
class UtaStrategyModifyRequest(UtaOrderIds):
    """New quantity or trigger prices of a TP/SL order."""

    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    take_profit: str | None = attrs.field(default=None, converter=checks.take_profit)
    stop_loss: str | None = attrs.field(default=None, converter=checks.stop_loss)


@attrs.frozen(kw_only=True)
class UtaStrategyRequest(UtaWireRequest):
    """A take-profit and/or stop-loss order on a futures position."""

    category: Category = attrs.field(converter=checks.futures_category)
    symbol: str = attrs.field(converter=_checks.symbol)
    pos_side: HoldSide | None = attrs.field(converter=checks.pos_side)
    qty: str | None = attrs.field(default=None, converter=checks.optional_qty)
    take_profit: str | None = attrs.field(default=None, converter=checks.take_profit)
    stop_loss: str | None = attrs.field(default=None, converter=checks.stop_loss)
    tp_trigger_by: TriggerBy | None = attrs.field(default=None, converter=checks.tp_trigger_by)
    sl_trigger_by: TriggerBy | None = attrs.field(default=None, converter=checks.sl_trigger_by)
    tp_order_type: OrderType | None = attrs.field(default=None, converter=checks.tp_order_type)
    sl_order_type: OrderType | None = attrs.field(default=None, converter=checks.sl_order_type)
    tp_limit_price: str | None = attrs.field(default=None, converter=checks.tp_limit_price)
    sl_limit_price: str | None = attrs.field(default=None, converter=checks.sl_limit_price)
    client_oid: str | None = attrs.field(default=None, converter=checks.client_oid)

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
    pos_side: HoldSide | None = attrs.field(default=None, converter=checks.pos_side)


@attrs.frozen(kw_only=True)
class UtaHoldModeRequest(UtaWireRequest):
    """One-way or hedge mode."""

    hold_mode: HoldMode = attrs.field(converter=checks.hold_mode)


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
