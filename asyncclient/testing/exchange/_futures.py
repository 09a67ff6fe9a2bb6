"""A futures account of one product line: wallets per margin coin, positions with margin and PnL, lazy orders.

USDT-M and USDC-M are margined in their quote coin; COIN-M (inverse) contracts are margined and settled in their
base coin: margin, fees and PnL are the USD figures divided by the price they happen at. Kept simple on purpose:
one leverage per symbol, margin = notional / leverage whether crossed or isolated, no funding payments and no
liquidation. One-way mode (the default): a buy first reduces a short, then opens a
long; ``reduceOnly`` stops it at zero. Hedge mode: ``tradeSide`` open/close, and ``side`` names the position's
direction (buy = long), as the exchange documents it. Equity = wallet + unrealised PnL; available = equity -
position margin - margin held by open orders. (Over 300 lines: the account's figures, orders, fills, closed
positions and bills move together in one fill.)
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .._routing import SimError
from ._ids import IdSequence
from ._markets import Markets
from ._resting import RestingBooks
from ._symbols import Contract

__all__ = ["Bill", "FuturesAccount", "FuturesFill", "FuturesOrder", "FuturesOrderRequest", "Position"]

ZERO = Decimal(0)
DEFAULT_LEVERAGE = 20
OPEN_STATUSES = frozenset({"live", "partially_filled"})


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
class Bill:
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


class FuturesAccount:
    """One product line of one account (``coin``: the line's first margin coin, USDT on USDT-M)."""

    def __init__(self, uid: str, ids: IdSequence, markets: Markets, wallet: Decimal, coin: str = "USDT") -> None:
        self.uid = uid
        self.coin = coin
        #: Wallet balance per margin coin (COIN-M holds several: BTC, ETH).
        self.wallets: dict[str, Decimal] = {coin: wallet}
        self.pos_mode = "one_way_mode"
        self.leverage: dict[str, int] = {}
        self.margin_mode: dict[str, str] = {}
        self.positions: dict[tuple[str, str], Position] = {}
        self.orders: list[FuturesOrder] = []
        self.order_ids: list[int] = []
        self.by_id: dict[int, FuturesOrder] = {}
        self.by_client_oid: dict[str, list[FuturesOrder]] = {}
        self.open_orders: dict[int, FuturesOrder] = {}
        self.fills: list[FuturesFill] = []
        self.fill_ids: list[int] = []
        #: Positions closed to zero (the position history) and the account's bills, oldest first.
        self.closed_positions: list[Position] = []
        self.bills: list[Bill] = []
        self._ids = ids
        self._markets = markets
        self._resting = RestingBooks()

    # -- figures ---------------------------------------------------------------------------------------------

    def mark(self, spec: Contract, now_ms: int) -> Decimal:
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

    @property
    def wallet(self) -> Decimal:
        """The wallet of the line's first margin coin."""
        return self.wallets.get(self.coin, ZERO)

    @wallet.setter
    def wallet(self, value: Decimal) -> None:
        self.wallets[self.coin] = value

    def unrealized(self, now_ms: int, coin: str | None = None) -> Decimal:
        coin = coin or self.coin
        positions = [p for p in self.positions.values() if p.spec.margin_coin == coin]
        return sum((p.unrealized(self.mark(p.spec, now_ms)) for p in positions), ZERO)

    def frozen(self, coin: str | None = None) -> Decimal:
        coin = coin or self.coin
        return sum((o.frozen for o in self.open_orders.values() if o.spec.margin_coin == coin), ZERO)

    def used(self, coin: str | None = None) -> Decimal:
        """Margin held by open positions in ``coin``."""
        coin = coin or self.coin
        return sum((p.margin for p in self.positions.values() if p.spec.margin_coin == coin), ZERO)

    def available(self, now_ms: int, coin: str | None = None) -> Decimal:
        coin = coin or self.coin
        equity = self.wallets.get(coin, ZERO) + self.unrealized(now_ms, coin)
        return equity - self.used(coin) - self.frozen(coin)

    def leverage_of(self, symbol: str) -> int:
        return self.leverage.get(symbol, DEFAULT_LEVERAGE)

    def busy(self, symbol: str | None = None) -> bool:
        """Whether positions or open orders exist (on ``symbol``, or at all)."""
        positions = any(symbol in (None, key[0]) for key in self.positions)
        return positions or any(symbol in (None, o.spec.symbol) for o in self.open_orders.values())

    # -- orders ----------------------------------------------------------------------------------------------

    def find(self, order_id: str | None, client_oid: str | None) -> FuturesOrder | None:
        if order_id is not None:
            try:
                return self.by_id.get(int(order_id))
            except ValueError:
                return None
        if client_oid is not None:
            found = self.by_client_oid.get(client_oid)
            return found[-1] if found else None
        return None

    def _split(self, request: FuturesOrderRequest, quantity: Decimal) -> tuple[str | None, Decimal, str, Decimal]:
        """(side closed, quantity closed, side opened, quantity opened) for an order of ``quantity``."""
        symbol = request.spec.symbol
        direction = "long" if request.side == "buy" else "short"
        if self.pos_mode == "hedge_mode":
            if request.trade_side == "close":
                held = self.positions.get((symbol, direction))
                return direction, min(quantity, held.total if held else ZERO), direction, ZERO
            return None, ZERO, direction, quantity
        opposite = "short" if direction == "long" else "long"
        held = self.positions.get((symbol, opposite))
        closed = min(quantity, held.total) if held else ZERO
        opened = ZERO if request.reduce_only else quantity - closed
        return (opposite if closed else None), closed, direction, opened

    def place(self, request: FuturesOrderRequest, now_ms: int) -> FuturesOrder:
        spec = request.spec
        # The clientOid de-dup holds only while an order with it is open (the doc: "only while unfilled");
        # once filled or cancelled it may be reused, so a blind re-send of a filled order opens a second one.
        earlier = self.by_client_oid.get(request.client_oid) if request.client_oid is not None else None
        if earlier and earlier[-1].status in OPEN_STATUSES:
            raise SimError("43118", "Duplicate clientOid")
        if self.pos_mode == "hedge_mode" and request.trade_side is None:
            raise SimError("40019", "Parameter tradeSide cannot be empty")
        quote = self._markets.quote(spec.symbol, spec.tick, now_ms)
        is_buy = request.side == "buy"
        price = request.price if request.price is not None else (quote.ask if is_buy else quote.bid)
        _, closing, _, opening = self._split(request, request.size)
        if opening == 0 and closing == 0:
            raise SimError("22002", "No position to close")
        leverage = self.leverage_of(spec.symbol)
        if opening:
            if price * request.size < spec.min_trade_usdt:
                raise SimError("45110", f"less than the minimum amount {spec.min_trade_usdt} USDT")
            needed = in_margin_coin(spec, price * opening / leverage + price * opening * spec.taker_fee_rate, price)
            if needed > self.available(now_ms, spec.margin_coin):
                raise SimError("40762", "The order amount exceeds the balance")
        order_id = self._ids.next()
        order = FuturesOrder(
            order_id=order_id,
            client_oid=request.client_oid if request.client_oid is not None else str(self._ids.next()),
            request=request,
            pos_mode=self.pos_mode,
            leverage=leverage,
            c_time=now_ms,
            u_time=now_ms,
        )
        self.orders.append(order)
        self.order_ids.append(order_id)
        self.by_id[order_id] = order
        if request.client_oid is not None:
            self.by_client_oid.setdefault(request.client_oid, []).append(order)
        if request.order_type == "market":
            self._execute(order, price, "taker", now_ms)
            return order
        crosses = price >= quote.ask if is_buy else price <= quote.bid
        if crosses and request.force != "post_only":
            self._execute(order, quote.ask if is_buy else quote.bid, "taker", now_ms)
        elif crosses or request.force in ("ioc", "fok"):
            self._close(order, "cancelled", now_ms)
        else:
            order.frozen = in_margin_coin(spec, price * opening / leverage, price)
            self.open_orders[order_id] = order
            self._resting.add(spec.symbol, is_buy, price, order_id, now_ms)
        return order

    def cancel(self, order: FuturesOrder, now_ms: int) -> None:
        if order.status not in OPEN_STATUSES:
            raise SimError("40768", "Order does not exist")
        self._resting.remove(order.spec.symbol, order.is_buy, order.price, order.order_id)
        self._close(order, "cancelled", now_ms)

    def settle(self, now_ms: int) -> None:
        for order_id in self._resting.take_crossed(self._markets.extremes, now_ms):
            order = self.by_id[order_id]
            self._execute(order, order.price, "maker", now_ms)

    def _close(self, order: FuturesOrder, status: str, now_ms: int) -> None:
        order.frozen = ZERO
        order.status = status
        order.u_time = now_ms
        self.open_orders.pop(order.order_id, None)

    def _execute(self, order: FuturesOrder, price: Decimal, scope: str, now_ms: int) -> None:
        """Fill the whole order at ``price``: close what it closes, open what it opens, pay the fee."""
        spec = order.spec
        order.frozen = ZERO
        closed_side, closing, opened_side, opening = self._split(order.request, order.request.size)
        quantity = closing + opening
        if quantity == 0:
            self._close(order, "cancelled", now_ms)
            return
        rate = spec.maker_fee_rate if scope == "maker" else spec.taker_fee_rate
        fee = in_margin_coin(spec, price * quantity * rate, price)
        profit = ZERO
        if closed_side is not None and closing:
            profit = self._reduce(spec.symbol, closed_side, closing, price, now_ms, fee * closing / quantity)
        if opening:
            self._increase(order, opened_side, opening, price, now_ms)
            self.positions[(spec.symbol, opened_side)].total_fee += fee * opening / quantity
        self.wallets[spec.margin_coin] = self.wallets.get(spec.margin_coin, ZERO) + profit - fee
        business = f"close_{closed_side}" if closing else f"open_{opened_side}"
        self.book_bill(spec.symbol, spec.margin_coin, business, profit, -fee, now_ms)
        order.base_volume = quantity
        order.quote_volume = price * quantity
        order.fee = fee
        order.profit = profit
        trade_id = self._ids.next()
        self.fills.append(FuturesFill(trade_id, order, price, quantity, fee, profit, scope, now_ms))
        self.fill_ids.append(trade_id)
        self._close(order, "filled", now_ms)

    def book_bill(self, symbol: str, coin: str, business: str, amount: Decimal, fee: Decimal, now_ms: int) -> None:
        """Record a change of the ``coin`` wallet (already applied) in the account bills."""
        balance = self.wallets.get(coin, ZERO)
        self.bills.append(Bill(self._ids.next(), symbol, coin, business, amount, fee, balance, now_ms))

    def _reduce(
        self, symbol: str, side: str, quantity: Decimal, price: Decimal, now_ms: int, fee: Decimal = ZERO
    ) -> Decimal:
        position = self.positions[(symbol, side)]
        move = price - position.open_price
        profit = in_margin_coin(position.spec, (move if side == "long" else -move) * quantity, price)
        position.margin -= position.margin * quantity / position.total
        position.total -= quantity
        position.achieved_profits += profit
        position.closed_total += quantity
        position.close_value += price * quantity
        position.close_fee += fee
        position.u_time = now_ms
        if position.total == 0:
            # The history pages by id, newest first: a closed position takes an id in the order of closing.
            position.position_id = self._ids.next()
            self.closed_positions.append(self.positions.pop((symbol, side)))
        return profit

    def _increase(self, order: FuturesOrder, side: str, quantity: Decimal, price: Decimal, now_ms: int) -> None:
        spec = order.spec
        position = self.positions.get((spec.symbol, side))
        margin = in_margin_coin(spec, price * quantity / order.leverage, price)
        if position is None:
            self.positions[(spec.symbol, side)] = Position(
                spec=spec,
                hold_side=side,
                total=quantity,
                open_price=price,
                margin=margin,
                leverage=order.leverage,
                margin_mode=order.request.margin_mode,
                c_time=now_ms,
                u_time=now_ms,
                opened_total=quantity,
            )
            return
        total = position.total + quantity
        position.open_price = (position.open_price * position.total + price * quantity) / total
        position.total = total
        position.opened_total += quantity
        position.margin += margin
        position.u_time = now_ms
