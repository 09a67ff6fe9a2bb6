"""A futures account of one product line: wallets per margin coin, positions with margin and PnL, lazy orders.

USDT-M and USDC-M are margined in their quote coin; COIN-M (inverse) contracts are margined and settled in their
base coin: margin, fees and PnL are the USD figures divided by the price they happen at. Kept simple on purpose:
one leverage per symbol, margin = notional / leverage whether crossed or isolated, no funding payments and no
liquidation. One-way mode (the default): a buy first reduces a short, then opens a
long; ``reduceOnly`` stops it at zero. Hedge mode: ``tradeSide`` open/close, and ``side`` names the position's
direction (buy = long), as the exchange documents it. Equity = wallet + unrealised PnL; available = equity -
position margin - margin held by open orders. The records it keeps are in ``_futures_records``; whether an
order takes, rests or is cancelled is the order engine's (``_engine``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..._routing import SimError
from ._engine import OPEN_STATUSES, Fate, OrderBook, decide
from ._futures_records import FuturesBill, FuturesFill, FuturesOrder, FuturesOrderRequest, Position, in_margin_coin
from ._ids import IdSequence
from ._markets import Markets
from ._symbols import Contract

__all__ = [
    "OPEN_STATUSES",
    "FuturesAccount",
    "FuturesBill",
    "FuturesFill",
    "FuturesOrder",
    "FuturesOrderRequest",
    "Position",
    "in_margin_coin",
]

ZERO = Decimal(0)
DEFAULT_LEVERAGE = 20


class FuturesAccount(OrderBook[FuturesOrder, FuturesFill]):
    """One product line of one account (``coin``: the line's first margin coin, USDT on USDT-M); its orders and
    fills are kept by the order engine."""

    def __init__(self, uid: str, ids: IdSequence, markets: Markets, wallet: Decimal, coin: str = "USDT") -> None:
        super().__init__()
        self.uid = uid
        self.coin = coin
        #: Wallet balance per margin coin (COIN-M holds several: BTC, ETH).
        self.wallets: dict[str, Decimal] = {coin: wallet}
        self.pos_mode = "one_way_mode"
        self.leverage: dict[str, int] = {}
        self.margin_mode: dict[str, str] = {}
        self.positions: dict[tuple[str, str], Position] = {}
        #: Positions closed to zero (the position history) and the account's bills, oldest first.
        self.closed_positions: list[Position] = []
        self.bills: list[FuturesBill] = []
        self._ids = ids
        self._markets = markets
        #: Told of every order once resting, cancelled or filled, and of every fill (the streams' private feed).
        self.listener: Callable[[FuturesOrder | FuturesFill], None] | None = None

    def _notify(self, item: FuturesOrder | FuturesFill) -> None:
        if self.listener is not None:
            self.listener(item)

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
        """Accept an order or raise the exchange's error; the engine decides whether it takes, rests or is cancelled.

        The clientOid de-dup holds only while an order with it is open (the doc: "only while unfilled"); once
        filled or cancelled it may be reused, so a blind re-send of a filled order opens a second one.
        """
        self.check_client_oid(request.client_oid)
        if self.pos_mode == "hedge_mode" and request.trade_side is None:
            raise SimError("40019", "Parameter tradeSide cannot be empty")
        spec = request.spec
        quote = self._markets.quote(spec.symbol, spec.tick, now_ms)
        is_buy = request.side == "buy"
        fate, price = decide(
            is_buy=is_buy, market=request.order_type == "market", force=request.force, price=request.price,
            bid=quote.bid, ask=quote.ask,
        )  # fmt: skip
        # The margin check prices the order at its limit (a market order at the quote it takes at).
        opening = self._check_margin(request, request.price if request.price is not None else price, now_ms)
        order = FuturesOrder(
            order_id=self._ids.next(),
            client_oid=request.client_oid if request.client_oid is not None else str(self._ids.next()),
            request=request,
            pos_mode=self.pos_mode,
            leverage=self.leverage_of(spec.symbol),
            c_time=now_ms,
            u_time=now_ms,
        )
        self.record(order, request.client_oid)
        if fate is Fate.TAKE:
            self._execute(order, price, "taker", now_ms)
        elif fate is Fate.CANCEL:
            self._close(order, "cancelled", now_ms)
        else:
            order.frozen = in_margin_coin(spec, price * opening / order.leverage, price)
            self.rest(order, now_ms)
            self._notify(order)
        return order

    def _check_margin(self, request: FuturesOrderRequest, price: Decimal, now_ms: int) -> Decimal:
        """What the order opens; nothing to open or close -> 22002, too small -> 45110, too big -> 40762."""
        spec = request.spec
        _, closing, _, opening = self._split(request, request.size)
        if opening == 0 and closing == 0:
            raise SimError("22002", "No position to close")
        if opening:
            if price * request.size < spec.min_trade_usdt:
                raise SimError("45110", f"less than the minimum amount {spec.min_trade_usdt} USDT")
            leverage = self.leverage_of(spec.symbol)
            needed = in_margin_coin(spec, price * opening / leverage + price * opening * spec.taker_fee_rate, price)
            if needed > self.available(now_ms, spec.margin_coin):
                raise SimError("40762", "The order amount exceeds the balance")
        return opening

    def cancel(self, order: FuturesOrder, now_ms: int) -> None:
        if order.status not in OPEN_STATUSES:
            raise SimError("40768", "Order does not exist")
        self._close(order, "cancelled", now_ms)

    def catch_up(self, now_ms: int) -> None:
        """Fill every resting order the price walk crossed since the last check (at the order's own price)."""
        for order in self.crossed(self._markets.extremes, now_ms):
            self._execute(order, order.price, "maker", now_ms)

    def _close(self, order: FuturesOrder, status: str, now_ms: int) -> None:
        order.frozen = ZERO
        self.finish(order, status, now_ms)
        self._notify(order)

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
        fill = FuturesFill(self._ids.next(), order, price, quantity, fee, profit, scope, now_ms)
        self.add_fill(fill)
        self._notify(fill)
        self._close(order, "filled", now_ms)

    def book_bill(self, symbol: str, coin: str, business: str, amount: Decimal, fee: Decimal, now_ms: int) -> None:
        """Record a change of the ``coin`` wallet (already applied) in the account bills."""
        balance = self.wallets.get(coin, ZERO)
        self.bills.append(FuturesBill(self._ids.next(), symbol, coin, business, amount, fee, balance, now_ms))

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
