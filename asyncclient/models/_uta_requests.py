"""Orders and modifications a caller describes for the unified account's batch endpoints."""

from __future__ import annotations

import attrs

from ._enums import Force, HoldSide, OrderType, Side, StpMode
from ._requests import Amount
from ._uta_enums import Category

__all__ = ["UtaModifyRequest", "UtaOrderRequest"]


@attrs.frozen
class UtaOrderRequest:
    """One order of a v3 batch. ``qty`` is in the base coin, except a spot or margin market buy: the quote coin."""

    category: Category | str
    symbol: str
    side: Side | str
    order_type: OrderType | str
    qty: Amount
    price: Amount | None = None
    time_in_force: Force | str | None = None
    pos_side: HoldSide | str | None = None
    reduce_only: bool | None = None
    client_oid: str | None = None
    stp_mode: StpMode | str | None = None


@attrs.frozen
class UtaModifyRequest:
    """One modification of a v3 batch: the order (by id or clientOid) and its new quantity and/or price."""

    category: Category | str
    symbol: str
    order_id: str | None = None
    client_oid: str | None = None
    qty: Amount | None = None
    price: Amount | None = None
    #: Ask the exchange to cancel the order if the modification fails.
    auto_cancel: bool | None = None
