"""A unified account's orders: v3 placement rules over the simulator's spot and USDT-M ledgers.

SPOT orders go to the account's spot ledger, USDT-FUTURES orders to its futures ledger (the two keep their own
money: coins for spot, a USDT margin pool for futures). What is v3's own is kept here: a clientOid may not
repeat while its order is open (25212) and may once it is filled or cancelled (the rule since 2025-10); an
unknown order is 25204; ``posSide`` names the position in hedge mode.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import attrs

from ..._routing import SimError
from ._accounts import Account, Accounts
from ._futures import FuturesFill, FuturesOrder, FuturesOrderRequest, Position
from ._ids import IdSequence
from ._markets import Markets, format_decimal
from ._spot import OPEN_STATUSES, OrderRequest, SpotOrder
from ._symbols import Contract, SpotSymbol

__all__ = ["UtaBook", "UtaBooks", "UtaOrder", "UtaOrderRequest", "not_found"]


def not_found() -> SimError:
    return SimError("25204", "Order does not exist")


@attrs.frozen
class UtaOrderRequest:
    """A v3 order as placed: its category's instrument, and the fields of place-order."""

    category: str
    spec: SpotSymbol | Contract
    side: str
    order_type: str
    force: str
    price: Decimal | None
    qty: Decimal
    client_oid: str | None
    reduce_only: bool = False
    #: The position a futures order names (required in hedge mode).
    pos_side: str | None = None


@attrs.define
class UtaOrder:
    """One v3 order: its category, the caller's clientOid and the ledger order that carries it."""

    category: str
    client_oid: str
    order: SpotOrder | FuturesOrder
    pos_side: str = ""

    @property
    def order_id(self) -> int:
        return self.order.order_id

    @property
    def is_open(self) -> bool:
        return self.order.status in OPEN_STATUSES


class UtaBook:
    """The v3 orders of one account, in placement order, by id and by clientOid."""

    def __init__(self, account: Account, markets: Markets, ids: IdSequence) -> None:
        self.account = account
        self._markets = markets
        self._ids = ids
        self.orders: list[UtaOrder] = []
        self.by_id: dict[int, UtaOrder] = {}
        #: Every order ever placed with a clientOid (a finished one's clientOid may be used again).
        self.by_client_oid: dict[str, list[UtaOrder]] = {}
        #: When the countdown cancel-all fires (ms), or None when it is off.
        self.countdown_at_ms: int | None = None
        #: Closed futures positions (history-position rows, oldest first) and the open ones last seen.
        self.position_history: list[dict[str, Any]] = []
        self._seen: dict[tuple[str, str], Position] = {}
        #: The funding wallet beside the unified account (empty at first), coin -> amount.
        self.funding: defaultdict[str, Decimal] = defaultdict(Decimal)
        #: Strategy (position TP/SL) orders, as the strategy-order lists write them, oldest first.
        self.strategy_orders: list[dict[str, Any]] = []

    def catch_up(self, now_ms: int) -> None:
        """Fill what the price walk crossed; fire the countdown cancel-all if its time has come."""
        self.account.spot.catch_up(now_ms)
        self.account.futures.catch_up(now_ms)
        if self.countdown_at_ms is not None and now_ms >= self.countdown_at_ms:
            self.countdown_at_ms = None
            for order in self.open_orders():
                self.cancel(order, now_ms)
        self.observe_positions(now_ms)

    def observe_positions(self, now_ms: int) -> None:
        """Write a history row for each position that closed since the last look."""
        futures = self.account.futures
        for key, position in self._seen.items():
            if key not in futures.positions:
                self.position_history.append(_history_row(self._ids.next(), position, futures.fills, now_ms))
        self._seen = {key: attrs.evolve(position) for key, position in futures.positions.items()}

    def transfer_funding(self, coin: str, amount: Decimal, *, to_funding: bool, now_ms: int) -> int:
        """Move ``amount`` between the funding wallet and the unified account (43012 when short); the bill id."""
        spot = self.account.spot
        if to_funding:
            if spot.balances[coin].available < amount:
                raise SimError("43012", "Insufficient balance")
            spot.deposit(coin, -amount, now_ms)
            self.funding[coin] += amount
        else:
            if self.funding[coin] < amount:
                raise SimError("43012", "Insufficient balance")
            self.funding[coin] -= amount
            spot.deposit(coin, amount, now_ms)
        return spot.bills[-1].bill_id

    def lookup(self, order_id: str | None, client_oid: str | None) -> UtaOrder:
        """The order with ``order_id``, or else the latest with ``client_oid``; 25204 if none."""
        found: UtaOrder | None = None
        if order_id is not None:
            found = self.by_id.get(int(order_id)) if order_id.isdigit() else None
        elif client_oid is not None:
            orders = self.by_client_oid.get(client_oid)
            found = orders[-1] if orders else None
        if found is None:
            raise not_found()
        return found

    def open_orders(self) -> list[UtaOrder]:
        return [order for order in self.orders if order.is_open]

    def check_client_oid(self, client_oid: str | None) -> None:
        """A clientOid whose latest order is open -> 25212; a finished one's may be used again."""
        earlier = self.by_client_oid.get(client_oid) if client_oid is not None else None
        if earlier and earlier[-1].is_open:
            raise SimError("25212", "Duplicate clientOid")

    def place(self, request: UtaOrderRequest, now_ms: int) -> UtaOrder:
        """Accept one order on the ledger of its category, or raise the exchange's error."""
        self.check_client_oid(request.client_oid)
        pos_side = ""
        ledger_order: SpotOrder | FuturesOrder
        if isinstance(request.spec, SpotSymbol):
            ledger_order = self.account.spot.place(
                OrderRequest(
                    request.spec, request.side, request.order_type, request.force, request.price, request.qty, None
                ),
                now_ms,
            )
        else:
            ledger_order, pos_side = self._place_futures(request, request.spec, now_ms)
        placed = UtaOrder(request.category, request.client_oid or str(ledger_order.order_id), ledger_order, pos_side)
        self.orders.append(placed)
        self.by_id[placed.order_id] = placed
        self.by_client_oid.setdefault(placed.client_oid, []).append(placed)
        self.observe_positions(now_ms)
        return placed

    def _place_futures(self, request: UtaOrderRequest, spec: Contract, now_ms: int) -> tuple[FuturesOrder, str]:
        futures = self.account.futures
        pos_side, side = request.pos_side, request.side
        trade_side: str | None = None
        wire_side = side
        if futures.pos_mode == "hedge_mode":
            if pos_side is None:
                raise SimError("40019", "Parameter posSide cannot be empty")
            # v3: buy+long opens a long, sell+long closes it; v2 hedge: side names the position, tradeSide says.
            trade_side = "open" if (side == "buy") == (pos_side == "long") else "close"
            wire_side = "buy" if pos_side == "long" else "sell"
        margin_mode = futures.margin_mode.get(spec.symbol, "crossed")
        order = futures.place(
            FuturesOrderRequest(
                spec, wire_side, trade_side, request.order_type, request.force, request.price, request.qty,
                margin_mode, request.reduce_only, None,
            ),
            now_ms,
        )  # fmt: skip
        return order, pos_side or ("long" if side == "buy" else "short")

    def cancel(self, order: UtaOrder, now_ms: int) -> None:
        """Cancel an open order; a finished one is 25204."""
        if not order.is_open:
            raise not_found()
        if isinstance(order.order, SpotOrder):
            self.account.spot.cancel(order.order, now_ms)
        else:
            self.account.futures.cancel(order.order, now_ms)

    def ack(self, order: UtaOrder) -> dict[str, str]:
        return {"orderId": str(order.order_id), "clientOid": order.client_oid}


class UtaBooks:
    """The v3 book of every account that has used the v3 API, made on first use."""

    def __init__(self, markets: Markets, accounts: Accounts, ids: IdSequence) -> None:
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self._books: dict[str, UtaBook] = {}

    def get(self, uid: str) -> UtaBook | None:
        return self._books.get(uid)

    def of(self, uid: str, now_ms: int) -> UtaBook | None:
        """The uid's book caught up to ``now_ms``; None when the uid has no account."""
        book = self._books.get(uid)
        if book is None:
            account = self._accounts.existing(uid)
            if account is None:
                return None
            book = self._books[uid] = UtaBook(account, self._markets, self._ids)
        book.catch_up(now_ms)
        return book


def _history_row(position_id: int, position: Position, fills: list[FuturesFill], now_ms: int) -> dict[str, Any]:
    """A closed position as history-position shows it; its close price and PnL come from the closing fills."""
    spec = position.spec
    closing = [
        fill
        for fill in fills
        if fill.order.spec.symbol == spec.symbol and fill.c_time >= position.u_time and _closes(fill, position)
    ]
    closed_qty = sum((fill.size for fill in closing), Decimal(0))
    close_value = sum((fill.price * fill.size for fill in closing), Decimal(0))
    profit = position.achieved_profits + sum((fill.profit for fill in closing), Decimal(0))
    close_fees = sum((fill.fee for fill in closing), Decimal(0))
    return {
        "positionId": str(position_id),
        "category": "USDT-FUTURES",
        "symbol": spec.symbol,
        "marginCoin": "USDT",
        "holdMode": "",
        "posSide": position.hold_side,
        "marginMode": position.margin_mode,
        "openPriceAvg": format_decimal(position.open_price),
        "closePriceAvg": format_decimal(close_value / closed_qty) if closed_qty else "0",
        "openTotalPos": format_decimal(position.total),
        "closeTotalPos": format_decimal(closed_qty),
        "cumRealisedPnl": format_decimal(profit),
        "netProfit": format_decimal(profit - position.total_fee - close_fees),
        "totalFunding": "0",
        "openFeeTotal": format_decimal(-position.total_fee),
        "closeFeeTotal": format_decimal(-close_fees),
        "createdTime": str(position.c_time),
        "updatedTime": str(now_ms),
    }


def _closes(fill: FuturesFill, position: Position) -> bool:
    """Whether a fill reduced ``position`` (its profit cannot tell: a close may break even)."""
    request = fill.order.request
    if request.trade_side is not None:  # hedge mode: the side names the position
        return request.trade_side == "close" and (request.side == "buy") == (position.hold_side == "long")
    return (request.side == "sell") == (position.hold_side == "long")
