"""Futures order and position adjustments as typed methods, mixed into ``FuturesAPI``.

``modify_order`` and ``adjust_margin`` are never repeated after a failure whose outcome is unknown (the catalogue
marks them unsafe). ``click_backhand`` takes a ``clientOid`` (one is generated) and is looked up by it before
any re-send, as placements are.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._errors import InputError
from .._order_safety import new_client_oid
from ..models import HoldSide, OrderAck, ProductType, Side
from . import _validate as check
from ._common import Amount, drop_none, optional_amount
from ._protocol import Requester

__all__ = ["FuturesPositionMethods"]


class FuturesPositionMethods:
    """Change an open order, reverse a position, move margin in or out of an isolated position."""

    _requester: Requester
    product_type: ProductType

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
    ) -> OrderAck:
        """Give an open limit order a new size and/or price; the exchange replaces it under ``new_client_oid``."""
        if new_size is None and new_price is None and new_take_profit_price is None and new_stop_loss_price is None:
            raise InputError("give at least one of new_size, new_price, new_take_profit_price, new_stop_loss_price")
        params = {
            **self._position_base(symbol, margin_coin),
            **check.one_of_ids(order_id, client_oid),
            "newClientOid": new_client_oid_value(new_client_oid),
            "newSize": optional_amount(new_size, "new_size"),
            "newPrice": optional_amount(new_price, "new_price"),
            "newPresetStopSurplusPrice": optional_amount(new_take_profit_price, "new_take_profit_price"),
            "newPresetStopLossPrice": optional_amount(new_stop_loss_price, "new_stop_loss_price"),
        }
        return OrderAck.from_wire(await self._position_post("/api/v2/mix/order/modify-order", params))

    async def click_backhand(
        self,
        symbol: str,
        side: Side | str,
        *,
        size: Amount | None = None,
        margin_coin: str | None = None,
        client_oid: str | None = None,
    ) -> OrderAck:
        """Reverse the ``side`` position (buy = long): close it at market and open the same size the other way."""
        params = {
            **self._position_base(symbol, margin_coin),
            "side": check.choice(side, Side, "side").value,
            "size": optional_amount(size, "size"),
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return OrderAck.from_wire(await self._position_post("/api/v2/mix/order/click-backhand", params))

    async def adjust_margin(
        self, symbol: str, hold_side: HoldSide | str, amount: Amount, *, margin_coin: str | None = None
    ) -> None:
        """Add (``amount`` > 0) or remove (``amount`` < 0) margin of an isolated position."""
        value = _signed_amount(amount)
        params = {
            **self._position_base(symbol, margin_coin),
            "holdSide": check.choice(hold_side, HoldSide, "hold_side").value,
            "amount": value,
        }
        await self._position_post("/api/v2/mix/account/set-margin", params)

    def _position_base(self, symbol: str, margin_coin: str | None) -> dict[str, Any]:
        coin = self.product_type.default_margin_coin if margin_coin is None else check.coin(margin_coin, "margin_coin")
        if coin is None:
            raise InputError(f"margin_coin is required for {self.product_type.value} (e.g. 'BTC')")
        return {"symbol": check.symbol(symbol), "productType": self.product_type.value, "marginCoin": coin}

    async def _position_post(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("POST", path, drop_none(params))


def new_client_oid_value(value: str | None) -> str:
    """``newClientOid``: the caller's, or a fresh one (the exchange requires it)."""
    return new_client_oid() if value is None else check.client_oid(value, "new_client_oid")


def _signed_amount(amount: Amount) -> str:
    """A non-zero amount that may be negative (margin removal); floats are refused like everywhere."""
    if isinstance(amount, str) and amount.strip().startswith("-"):
        return "-" + check.amount(amount.strip()[1:], "amount")
    if isinstance(amount, Decimal | int) and not isinstance(amount, bool) and amount < 0:
        return "-" + check.amount(-amount, "amount")
    return check.amount(amount, "amount")
