"""Orders a caller describes for batch placement; the typed API validates them before anything is sent."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import Force, OrderType, Side, StpMode

__all__ = ["SpotOrderRequest"]

#: What a caller may pass for money: a Decimal, an int, or a numeric string (never a float).
Amount = Decimal | int | str


@attrs.frozen
class SpotOrderRequest:
    """One spot order of a batch. ``size`` is the base quantity, except for a market buy: the quote amount."""

    side: Side | str
    order_type: OrderType | str
    size: Amount
    price: Amount | None = None
    force: Force | str = Force.GTC
    client_oid: str | None = None
    stp_mode: StpMode | str | None = None
