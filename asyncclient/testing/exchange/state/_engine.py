"""The one order engine of the simulated exchange: whether an order takes, rests or is cancelled, and the books.

Every ledger that trades (spot, the margin accounts' spot-like books, each futures line, and through them the v3
orders) places through here, so the rules hold alike everywhere:

- a market order takes at once at the quote (buys at the ask, sells at the bid);
- a limit order that crosses the quote takes at the quote (taker), unless it is ``post_only``: then it is
  cancelled; one that does not cross rests, unless it is ``ioc`` or ``fok``: then it is cancelled;
- a resting order fills whole at its own price (maker) once the price walk reaches it (:meth:`OrderBook.crossed`);
- a ``clientOid`` may not repeat while the order that carries it is open, and may once it is finished;
- a trigger (plan) fires once the walk reaches its price from the side it was placed on (:func:`reached`).

The ledgers keep the money (balances, margin, positions); this module keeps only orders and fills.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from ..._routing import SimError
from ._resting import Extremes, RestingBooks

__all__ = ["OPEN_STATUSES", "Fate", "OrderBook", "Trigger", "decide", "reached"]

OPEN_STATUSES = frozenset({"live", "partially_filled"})


class Fate(enum.Enum):
    """What becomes of an order the moment it is placed."""

    TAKE = "take"
    REST = "rest"
    CANCEL = "cancel"


def decide(
    *, is_buy: bool, market: bool, force: str, price: Decimal | None, bid: Decimal, ask: Decimal
) -> tuple[Fate, Decimal]:
    """The fate of a new order against the quote, and the price it takes at (its own price when it rests)."""
    touch = ask if is_buy else bid
    if market or price is None:
        return Fate.TAKE, touch
    crosses = price >= ask if is_buy else price <= bid
    if crosses:
        return (Fate.CANCEL, price) if force == "post_only" else (Fate.TAKE, touch)
    return (Fate.CANCEL, price) if force in ("ioc", "fok") else (Fate.REST, price)


class _Symbol(Protocol):
    @property
    def symbol(self) -> str: ...


class Trigger(Protocol):
    """What the engine reads of a trigger (plan) order, and the instant it last looked (which it moves on)."""

    @property
    def spec(self) -> _Symbol: ...

    @property
    def trigger_price(self) -> Decimal: ...

    @property
    def rising(self) -> bool: ...

    checked_ms: int


def reached(extremes: Extremes, trigger: Trigger, now_ms: int) -> bool:
    """Whether the walk reached the trigger's price since it was last checked (from below when ``rising``)."""
    low, high = extremes(trigger.spec.symbol, trigger.checked_ms, now_ms)
    trigger.checked_ms = now_ms
    return high >= trigger.trigger_price if trigger.rising else low <= trigger.trigger_price


class Order(Protocol):
    """What the engine reads of an order."""

    @property
    def order_id(self) -> int: ...

    @property
    def spec(self) -> _Symbol: ...

    @property
    def is_buy(self) -> bool: ...

    @property
    def price(self) -> Decimal: ...

    status: str
    u_time: int


class Fill(Protocol):
    @property
    def trade_id(self) -> int: ...


O = TypeVar("O", bound=Order)  # noqa: E741
F = TypeVar("F", bound=Fill)


class OrderBook(Generic[O, F]):
    """The orders and fills of one ledger: every order in placement order, by id, by clientOid, the open ones
    and the resting ones by price."""

    def __init__(self, duplicate_code: str = "43118") -> None:
        self.orders: list[O] = []
        self.order_ids: list[int] = []
        self.by_id: dict[int, O] = {}
        self.by_client_oid: dict[str, list[O]] = {}
        self.open_orders: dict[int, O] = {}
        self.fills: list[F] = []
        self.fill_ids: list[int] = []
        self._resting = RestingBooks()
        self._duplicate_code = duplicate_code

    def find(self, order_id: str | None, client_oid: str | None) -> O | None:
        """The order with this id (or, failing that, the latest with this clientOid); None if there is none."""
        if order_id is not None:
            try:
                return self.by_id.get(int(order_id))
            except ValueError:
                return None
        if client_oid is not None:
            found = self.by_client_oid.get(client_oid)
            return found[-1] if found else None
        return None

    def check_client_oid(self, client_oid: str | None) -> None:
        """A clientOid whose latest order is still open -> the duplicate error; a finished one may be reused."""
        earlier = self.by_client_oid.get(client_oid) if client_oid is not None else None
        if earlier and earlier[-1].status in OPEN_STATUSES:
            raise SimError(self._duplicate_code, "Duplicate clientOid")

    def record(self, order: O, client_oid: str | None) -> None:
        """Keep a newly accepted order (by its caller's clientOid, when it has one)."""
        self.orders.append(order)
        self.order_ids.append(order.order_id)
        self.by_id[order.order_id] = order
        if client_oid is not None:
            self.by_client_oid.setdefault(client_oid, []).append(order)

    def rest(self, order: O, now_ms: int) -> None:
        """Put an open limit order on the book, to fill when the walk reaches its price."""
        self.open_orders[order.order_id] = order
        self._resting.add(order.spec.symbol, order.is_buy, order.price, order.order_id, now_ms)

    def finish(self, order: O, status: str, now_ms: int) -> None:
        """Take an order off the book as ``filled`` or ``cancelled``."""
        if order.order_id in self.open_orders:
            del self.open_orders[order.order_id]
            self._resting.remove(order.spec.symbol, order.is_buy, order.price, order.order_id)
        order.status = status
        order.u_time = now_ms

    def crossed(self, extremes: Extremes, now_ms: int) -> list[O]:
        """The resting orders the walk reached since the last look, oldest first, taken off the price book."""
        return [self.by_id[order_id] for order_id in self._resting.take_crossed(extremes, now_ms)]

    def add_fill(self, fill: F) -> None:
        self.fills.append(fill)
        self.fill_ids.append(fill.trade_id)
