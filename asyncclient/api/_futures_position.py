"""Futures order and position adjustments as typed methods, mixed into ``FuturesAPI``.

``modify_order`` and ``adjust_margin`` are never repeated after a failure whose outcome is unknown (the catalogue
marks them unsafe). ``click_backhand`` takes a ``clientOid`` (one is generated) and is looked up by it before
any re-send, as placements are.
"""

from __future__ import annotations

from typing import Unpack

from .._order_safety import new_client_oid
from ..models import HoldSide, OrderAck, Side
from ..models._futures_account_requests import MarginAdjust, OrderModify, PositionReverse
from ._base import CallOptions
from ._cast import nothing, one
from ._common import Amount
from ._futures_line import FuturesLine

__all__ = ["FuturesPositionMethods"]


class FuturesPositionMethods(FuturesLine):
    """Change an open order, reverse a position, move margin in or out of an isolated position."""

    async def modify_order(
        self,
        symbol: str,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        new_size: Amount | None = None,
        new_price: Amount | None = None,
        new_client_oid: str | None = None,
        new_take_profit_price: Amount | None = None,
        new_stop_loss_price: Amount | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Give an open limit order a new size and/or price; the exchange replaces it under ``new_client_oid``."""
        request = OrderModify(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), order_id=order_id, client_oid=client_oid,
            new_client_oid=new_client_oid_value(new_client_oid), new_size=new_size, new_price=new_price,
            new_take_profit_price=new_take_profit_price, new_stop_loss_price=new_stop_loss_price,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/modify-order", request, one(OrderAck), options)

    async def click_backhand(
        self,
        symbol: str,
        side: Side | str,
        *,
        size: Amount | None = None,
        margin_coin: str | None = None,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> OrderAck:
        """Reverse the ``side`` position (buy = long): close it at market and open the same size the other way."""
        request = PositionReverse(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), side=side, size=size,
            client_oid=new_client_oid() if client_oid is None else client_oid,
        )  # fmt: skip
        return await self._post("/api/v2/mix/order/click-backhand", request, one(OrderAck), options)

    async def adjust_margin(
        self,
        symbol: str,
        hold_side: HoldSide | str,
        amount: Amount,
        *,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> None:
        """Add (``amount`` > 0) or remove (``amount`` < 0) margin of an isolated position."""
        request = MarginAdjust(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), hold_side=hold_side, amount=amount
        )
        await self._post("/api/v2/mix/account/set-margin", request, nothing, options)


def new_client_oid_value(value: str | None) -> str:
    """``newClientOid``: the caller's (the request model checks it), or a fresh one (the exchange requires it)."""
    return new_client_oid() if value is None else value
