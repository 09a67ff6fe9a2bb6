"""A spot account: balances that move and freeze, orders that rest and fill when the price walk crosses them.

Rules kept: a limit buy freezes ``price * size`` of the quote coin and a limit sell freezes ``size`` of the
base coin until it fills or is cancelled; a market buy spends ``size`` of the quote coin (the documented
meaning of size for market buys), filling the whole lots it buys at the ask; a market sell sells ``size`` at
the bid; fees are taken from what is received (base coin on buys, quote coin on sells). ``clientOid`` is
unique per account (43118).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

import attrs

from ..._routing import SimError
from ._engine import OPEN_STATUSES, Fate, OrderBook, decide
from ._ids import IdSequence
from ._markets import Markets, format_decimal
from ._symbols import SpotSymbol

__all__ = ["OPEN_STATUSES", "Balance", "Bill", "OrderRequest", "SpotAccount", "SpotFill", "SpotOrder"]

ZERO = Decimal(0)


@attrs.define
class Balance:
    available: Decimal = ZERO
    frozen: Decimal = ZERO
    u_time: int = 0


@attrs.frozen
class OrderRequest:
    """A validated order from place-order or one batch-orders item."""

    spec: SpotSymbol
    side: str
    order_type: str
    force: str
    price: Decimal | None
    size: Decimal
    client_oid: str | None


@attrs.define
class SpotOrder:
    order_id: int
    client_oid: str
    spec: SpotSymbol
    side: str
    order_type: str
    force: str
    price: Decimal
    size: Decimal
    c_time: int
    u_time: int
    status: str = "live"
    base_volume: Decimal = ZERO
    quote_volume: Decimal = ZERO
    fee: Decimal = ZERO
    #: What this order still holds frozen: quote coin for a buy, base coin for a sell.
    frozen: Decimal = ZERO

    @property
    def is_buy(self) -> bool:
        return self.side == "buy"

    @property
    def fee_coin(self) -> str:
        return self.spec.base_coin if self.is_buy else self.spec.quote_coin


@attrs.frozen
class SpotFill:
    trade_id: int
    order: SpotOrder
    price: Decimal
    size: Decimal
    fee: Decimal
    scope: str
    c_time: int


@attrs.frozen
class Bill:
    bill_id: int
    coin: str
    group_type: str
    business_type: str
    size: Decimal
    balance: Decimal
    fees: Decimal
    c_time: int


class SpotAccount(OrderBook[SpotOrder, SpotFill]):
    """Balances, orders, fills and bills of one account (its orders and fills kept by the order engine)."""

    def __init__(self, uid: str, ids: IdSequence, markets: Markets) -> None:
        super().__init__()
        self.uid = uid
        self._ids = ids
        self._markets = markets
        self.balances: dict[str, Balance] = defaultdict(Balance)
        self.bills: list[Bill] = []
        self.bill_ids: list[int] = []
        #: Told of every order once placed, cancelled or filled, and of every fill (the streams' private feed).
        self.listener: Callable[[SpotOrder | SpotFill], None] | None = None

    def _notify(self, item: SpotOrder | SpotFill) -> None:
        if self.listener is not None:
            self.listener(item)

    # -- money -----------------------------------------------------------------------------------------------

    def deposit(self, coin: str, amount: Decimal, now_ms: int) -> None:
        self._move(coin, amount, ZERO, now_ms, group="deposit", business="deposit")

    def _move(self, coin: str, size: Decimal, fees: Decimal, now_ms: int, *, group: str, business: str) -> None:
        """Change a coin's available balance by ``size + fees`` (fees are negative) and write the bill."""
        balance = self.balances[coin]
        balance.available += size + fees
        balance.u_time = now_ms
        bill_id = self._ids.next()
        total = balance.available + balance.frozen
        self.bills.append(Bill(bill_id, coin, group, business, size, total, fees, now_ms))
        self.bill_ids.append(bill_id)

    def _freeze(self, coin: str, amount: Decimal, now_ms: int) -> None:
        balance = self.balances[coin]
        balance.available -= amount
        balance.frozen += amount
        balance.u_time = now_ms

    def _unfreeze(self, coin: str, amount: Decimal, now_ms: int) -> None:
        balance = self.balances[coin]
        balance.frozen -= amount
        balance.available += amount
        balance.u_time = now_ms

    # -- orders ----------------------------------------------------------------------------------------------

    def place(self, request: OrderRequest, now_ms: int) -> SpotOrder:
        """Accept an order or raise the exchange's error; the engine decides whether it takes, rests or is cancelled.

        The clientOid de-dup holds only while an order with it is open (the doc: "only while unfilled"); once
        filled or cancelled it may be reused, so a blind re-send of a filled order opens a second one.
        """
        self.check_client_oid(request.client_oid)
        spec = request.spec
        quote = self._markets.quote(spec.symbol, spec.tick, now_ms)
        is_buy = request.side == "buy"
        market = request.order_type == "market"
        notional = self._check_size(request, quote.bid)
        # What the order needs: quote coin for a buy (the amount for a market buy), base coin for a sell.
        needed = notional if is_buy else request.size
        coin = spec.quote_coin if is_buy else spec.base_coin
        if self.balances[coin].available < needed:
            raise SimError("43012", "Insufficient balance")
        order = SpotOrder(
            order_id=self._ids.next(),
            client_oid=request.client_oid if request.client_oid is not None else str(self._ids.next()),
            spec=spec,
            side=request.side,
            order_type=request.order_type,
            force=request.force,
            price=request.price if request.price is not None else ZERO,
            size=request.size,
            c_time=now_ms,
            u_time=now_ms,
        )
        self.record(order, request.client_oid)
        fate, price = decide(
            is_buy=is_buy, market=market, force=request.force, price=request.price, bid=quote.bid, ask=quote.ask
        )
        if market:
            self._fill_market(order, price, now_ms)
        else:
            self._freeze(coin, needed, now_ms)
            order.frozen = needed
            if fate is Fate.TAKE:
                self._fill_limit(order, price, "taker", now_ms)
            elif fate is Fate.CANCEL:
                self._close(order, "cancelled", now_ms)
            else:
                self.rest(order, now_ms)
        self._notify(order)
        return order

    def _check_size(self, request: OrderRequest, bid: Decimal) -> Decimal:
        """The order's notional in the quote coin, at least the pair's minimums (45110, 45111)."""
        spec = request.spec
        if request.order_type == "market":
            notional = request.size if request.side == "buy" else request.size * bid
        else:
            assert request.price is not None
            notional = request.price * request.size
            if request.size < spec.min_trade_amount:
                raise SimError("45111", f"less than the minimum order quantity {spec.min_trade_amount}")
        if notional < spec.min_trade_usdt:
            raise SimError("45110", f"less than the minimum amount {format_decimal(spec.min_trade_usdt)} USDT")
        return notional

    def cancel(self, order: SpotOrder, now_ms: int) -> None:
        """Cancel an open order; one that is filled or cancelled already -> 43001 as the exchange answers."""
        if order.status not in OPEN_STATUSES:
            raise SimError("43001", "The order does not exist")
        self._close(order, "cancelled", now_ms)
        self._notify(order)

    def catch_up(self, now_ms: int) -> None:
        """Fill every resting order the price walk crossed since the last check (at the order's own price)."""
        for order in self.crossed(self._markets.extremes, now_ms):
            self._fill_limit(order, order.price, "maker", now_ms)
            self._notify(order)

    def _close(self, order: SpotOrder, status: str, now_ms: int) -> None:
        if order.frozen:
            self._unfreeze(order.spec.quote_coin if order.is_buy else order.spec.base_coin, order.frozen, now_ms)
            order.frozen = ZERO
        self.finish(order, status, now_ms)

    def _fill_limit(self, order: SpotOrder, price: Decimal, scope: str, now_ms: int) -> None:
        spec = order.spec
        quantity = order.size - order.base_volume
        held = quantity * order.price if order.is_buy else quantity
        self._unfreeze(spec.quote_coin if order.is_buy else spec.base_coin, held, now_ms)
        order.frozen -= held
        rate = spec.maker_fee_rate if scope == "maker" else spec.taker_fee_rate
        self._trade(order, price, quantity, rate=rate, scope=scope, now_ms=now_ms)
        self._close(order, "filled", now_ms)

    def _fill_market(self, order: SpotOrder, price: Decimal, now_ms: int) -> None:
        spec = order.spec
        quantity = (order.size / price).quantize(spec.lot, rounding=ROUND_DOWN) if order.is_buy else order.size
        if quantity > 0:
            self._trade(order, price, quantity, rate=spec.taker_fee_rate, scope="taker", now_ms=now_ms)
        self._close(order, "filled", now_ms)

    def _trade(
        self, order: SpotOrder, price: Decimal, quantity: Decimal, *, rate: Decimal, scope: str, now_ms: int
    ) -> None:
        """One fill: the base coin and the quote coin change hands; the fee comes off what is received."""
        spec = order.spec
        amount = price * quantity
        if order.is_buy:
            fee = quantity * rate
            self._move(spec.quote_coin, -amount, ZERO, now_ms, group="transaction", business="buy")
            self._move(spec.base_coin, quantity, -fee, now_ms, group="transaction", business="buy")
        else:
            fee = amount * rate
            self._move(spec.base_coin, -quantity, ZERO, now_ms, group="transaction", business="sell")
            self._move(spec.quote_coin, amount, -fee, now_ms, group="transaction", business="sell")
        order.base_volume += quantity
        order.quote_volume += amount
        order.fee += fee
        order.u_time = now_ms
        fill = SpotFill(self._ids.next(), order, price, quantity, fee, scope, now_ms)
        self.add_fill(fill)
        self._notify(fill)
