"""Futures order and position adjustments: modify an open order, reverse a position, add or remove margin.

- modify-order: an open limit order gets ``newSize``/``newPrice`` by being cancelled and placed again with
  ``newClientOid`` (the exchange's own semantics), keeping its side, trade side and margin mode.
- click-backhand: closes the whole ``side`` position (buy = long) at market and opens the same size the other way.
- set-margin: adds (positive ``amount``) or removes (negative) margin of an isolated position.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import attrs

from ..._routing import Mount, SimError, SimRequest, post
from ..state._futures import OPEN_STATUSES, FuturesAccount, FuturesOrderRequest
from ..state._markets import Markets
from ..state._symbols import Contract
from ._callers import Callers
from ._lookup import contract, require_product_type
from ._params import Params

__all__ = ["MixExtrasEndpoints"]


class MixExtrasEndpoints:
    """Handlers of modify-order, click-backhand and set-margin."""

    def __init__(self, markets: Markets, accounts: Callers) -> None:
        self._markets = markets
        self._accounts = accounts

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/mix",
            [
                post("/order/modify-order", self.modify_order),
                post("/order/click-backhand", self.click_backhand),
                post("/account/set-margin", self.set_margin),
            ],
        )

    def _target(self, request: SimRequest) -> tuple[Params, Contract, FuturesAccount]:
        params = Params(request.params)
        require_product_type(params)
        return params, contract(params), self._accounts.futures(request)

    def modify_order(self, request: SimRequest) -> dict[str, str]:
        params, spec, futures = self._target(request)
        order = futures.find(params.text("orderId"), params.text("clientOid"))
        if order is None or order.spec.symbol != spec.symbol:
            raise SimError("40768", "Order does not exist")
        if order.status not in OPEN_STATUSES or order.request.order_type != "limit":
            raise SimError("40768", "Order does not exist")
        new_client_oid = params.required("newClientOid")
        size = params.decimal("newSize") or order.request.size
        price = params.decimal("newPrice") or order.request.price
        futures.cancel(order, request.now_ms)
        replacement = attrs.evolve(order.request, size=size, price=price, client_oid=new_client_oid)
        new = futures.place(replacement, request.now_ms)
        return {"orderId": str(new.order_id), "clientOid": new.client_oid}

    def click_backhand(self, request: SimRequest) -> dict[str, str]:
        params, spec, futures = self._target(request)
        side = params.choice("side", ("buy", "sell"), required=True)
        held_side = "long" if side == "buy" else "short"
        position = futures.positions.get((spec.symbol, held_side))
        if position is None or position.total == 0:
            raise SimError("22002", "No position to close")
        size, mode, now = position.total, position.margin_mode, request.now_ms
        opposite = "sell" if side == "buy" else "buy"
        client_oid = params.text("clientOid")
        if futures.pos_mode == "hedge_mode":
            close = FuturesOrderRequest(spec, side or "buy", "close", "market", "gtc", None, size, mode, False, None)
            futures.place(close, now)
            reverse = FuturesOrderRequest(spec, opposite, "open", "market", "gtc", None, size, mode, False, client_oid)
        else:
            both = size * 2
            reverse = FuturesOrderRequest(spec, opposite, None, "market", "gtc", None, both, mode, False, client_oid)
        order = futures.place(reverse, now)
        return {"orderId": str(order.order_id), "clientOid": order.client_oid}

    def set_margin(self, request: SimRequest) -> str:
        params, spec, futures = self._target(request)
        hold = params.choice("holdSide", ("long", "short"), required=True)
        amount = _signed(params.required("amount"))
        position = futures.positions.get((spec.symbol, hold or "long"))
        if position is None:
            raise SimError("22002", "No position to close")
        if position.margin_mode != "isolated":
            raise SimError("40020", "Margin can only be adjusted on an isolated position")
        if amount > 0 and amount > futures.available(request.now_ms):
            raise SimError("40762", "The order amount exceeds the balance")
        if amount < 0 and position.margin + amount < position.total * position.open_price / position.leverage:
            raise SimError("40020", "The margin after removal is below the initial margin")
        position.margin += amount
        position.u_time = request.now_ms
        return ""


def _signed(text: str) -> Decimal:
    """A finite, non-zero decimal that may be negative (set-margin's ``amount``)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SimError("40020", "Parameter amount error") from None
    if not value.is_finite() or value == 0:
        raise SimError("40020", "Parameter amount error")
    return value
