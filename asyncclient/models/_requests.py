"""Orders a caller describes for batch placement; the typed API validates them before anything is sent."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import Force, OrderType, Side, StpMode, TradeSide

__all__ = ["FuturesOrderRequest"]

#: What a caller may pass for money: a Decimal, an int, or a numeric string (never a float).
Amount = Decimal | int | str


@attrs.frozen
class FuturesOrderRequest:
    """One futures order of a batch; ``size`` is in the base coin."""

    side: Side | str
    order_type: OrderType | str
    size: Amount
    price: Amount | None = None
    force: Force | str = Force.GTC
    trade_side: TradeSide | str | None = None
    reduce_only: bool | None = None
    client_oid: str | None = None
    preset_take_profit_price: Amount | None = None
    preset_stop_loss_price: Amount | None = None
    stp_mode: StpMode | str | None = None
