"""What a futures ledger holds: positions, orders as placed, fills and bills (plain records, no rules)."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._symbols import Contract

__all__ = ["FuturesBill", "FuturesFill", "FuturesOrder", "FuturesOrderRequest", "Position", "in_margin_coin"]

ZERO = Decimal(0)


@attrs.define
class Position:
    spec: Contract
    hold_side: str
    total: Decimal
    open_price: Decimal
    margin: Decimal
    leverage: int
    margin_mode: str
    c_time: int
    u_time: int
    achieved_profits: Decimal = ZERO
    total_fee: Decimal = ZERO
    #: For the position history: everything ever opened, and what closing it brought and cost.
    opened_total: Decimal = ZERO
    closed_total: Decimal = ZERO
    close_value: Decimal = ZERO
    close_fee: Decimal = ZERO
    position_id: int = 0

    def unrealized(self, mark: Decimal) -> Decimal:
        """Unrealised PnL in the margin coin (the USD figure over the mark price on COIN-M)."""
        move = mark - self.open_price
        usd = move * self.total if self.hold_side == "long" else -move * self.total
        return in_margin_coin(self.spec, usd, mark)


def in_margin_coin(spec: Contract, usd: Decimal, price: Decimal) -> Decimal:
    """A quote-coin amount in the contract's margin coin: itself, or over ``price`` on COIN-M (inverse)."""
    return usd / price if spec.product_type == "COIN-FUTURES" and price else usd


@attrs.frozen
class FuturesOrderRequest:
    spec: Contract
    side: str
    trade_side: str | None
    order_type: str
    force: str
    price: Decimal | None
    size: Decimal
    margin_mode: str
    reduce_only: bool
    client_oid: str | None


@attrs.define
class FuturesOrder:
    order_id: int
    client_oid: str
    request: FuturesOrderRequest
    pos_mode: str
    leverage: int
    c_time: int
    u_time: int
    status: str = "live"
    base_volume: Decimal = ZERO
    quote_volume: Decimal = ZERO
    fee: Decimal = ZERO
    profit: Decimal = ZERO
    frozen: Decimal = ZERO

    @property
    def spec(self) -> Contract:
        return self.request.spec

    @property
    def is_buy(self) -> bool:
        return self.request.side == "buy"

    @property
    def price(self) -> Decimal:
        return self.request.price if self.request.price is not None else ZERO


@attrs.frozen
class FuturesBill:
    """One change of a futures wallet: a trade's PnL and fee, or a transfer."""

    bill_id: int
    symbol: str
    coin: str
    business_type: str
    amount: Decimal
    fee: Decimal
    balance: Decimal
    c_time: int


@attrs.frozen
class FuturesFill:
    trade_id: int
    order: FuturesOrder
    price: Decimal
    size: Decimal
    fee: Decimal
    profit: Decimal
    scope: str
    c_time: int
