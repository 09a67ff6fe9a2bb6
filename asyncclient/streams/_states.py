"""Private channel states: orders, fills, balances, positions and trigger orders, whose gaps REST fills.

After a gap, what REST knows since the gap is offered before the new connection's pushes; each subscription's
"nothing twice" rule (see :class:`~._channels.OnceFilter`) drops what was delivered already.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from . import _parse as parse
from ._channels import STATUS_RANK, BookState, CandleState, ChannelSpec, ChannelState, TickerState, TradeState
from ._models import Gap, OrderUpdate, PositionUpdate

__all__ = ["PositionsState", "PrivateState", "Recover", "state_for"]

T = TypeVar("T")

Recover = Callable[[int], Awaitable[list[Any]]]


class PrivateState(ChannelState[T]):
    """Orders, fills or balances: after a gap, what REST knows since the gap is offered before the new pushes."""

    def __init__(
        self,
        spec: ChannelSpec,
        recover: Recover,
        parse_row: Callable[[Mapping[str, Any]], T],
        prime: Callable[[], Awaitable[list[Any]]] | None = None,
    ) -> None:
        super().__init__(spec)
        self.recover = recover
        self._parse_row = parse_row
        self._prime = prime
        self.primed = prime is None
        #: Orders last seen open (by id -> symbol): after a gap, those not open any more are looked up.
        self.open_orders: dict[str, str] = {}

    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        for row in data:
            coins = row.get("coin") if isinstance(row, Mapping) else None
            rows = coins if isinstance(coins, list) else [row]  # a unified account push nests its coins
            for one in rows:
                item = self._parse_row(one)
                if self.spec.symbol == "default" or getattr(item, "symbol", self.spec.symbol) == self.spec.symbol:
                    self.track(item)
                    self.offer(item, ts)

    def track(self, item: Any) -> None:
        if isinstance(item, OrderUpdate):
            if STATUS_RANK.get(item.status, 1) < 2:
                self.open_orders[item.order_id] = item.symbol
            else:
                self.open_orders.pop(item.order_id, None)

    async def prepare(self) -> None:
        """Before the first push: learn which orders are open now, so that one finishing in a later gap is
        looked up too (nothing is delivered from this)."""
        if not self.primed and self._prime is not None:
            for item in await self._prime():
                self.track(item)
            self.primed = True

    async def reconnected(self, now_ms: int) -> None:
        start = self.gap_start_ms
        if start is None:
            return
        items = await self.recover(start)
        self.gap_start_ms = None  # only once recovered: a failed recovery is tried again after the next connect
        for item in items:
            self.track(item)
        for subscription in self.subscriptions:
            before = subscription.pending
            for item in items:
                subscription.offer(item, now_ms)
            recovered = subscription.pending - before
            subscription.add_gap(Gap(self.spec.name, "disconnect", start, now_ms, recovered=recovered))


class PositionsState(PrivateState[PositionUpdate]):
    """Positions: every push (and every REST answer) is the whole set, so one that is missing was closed and is
    reported once with ``total`` 0."""

    def __init__(self, spec: ChannelSpec, recover: Recover) -> None:
        super().__init__(spec, recover, parse.position)
        self.held: dict[tuple[str, str], PositionUpdate] = {}

    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        items = [parse.position(row) for row in data]
        self._offer_set(items, ts, source="ws")

    def _offer_set(self, items: list[PositionUpdate], ts: int, *, source: str) -> None:
        wanted = [p for p in items if self.spec.symbol in ("default", p.symbol)]
        now = {(p.symbol, p.hold_side): p for p in wanted if p.total != 0}
        for key, before in self.held.items():
            if key not in now:
                closed = attrs.evolve(
                    before, total=Decimal(0), available=Decimal(0), updated_ms=max(ts, before.updated_ms), source=source
                )
                self.offer(closed, ts)
        for position in wanted:
            self.offer(position, ts)
        self.held = now

    async def reconnected(self, now_ms: int) -> None:
        start = self.gap_start_ms
        if start is None:
            return
        items = await self.recover(start)
        self.gap_start_ms = None
        before = [subscription.pending for subscription in self.subscriptions]
        self._offer_set(items, now_ms, source="rest")
        for subscription, pending in zip(self.subscriptions, before, strict=True):
            recovered = subscription.pending - pending
            subscription.add_gap(Gap(self.spec.name, "disconnect", start, now_ms, recovered=recovered))


def state_for(
    spec: ChannelSpec, recover: Recover | None, prime: Callable[[], Awaitable[list[Any]]] | None = None
) -> ChannelState[Any]:
    """The state of a new channel."""
    if spec.kind == "ticker":
        return TickerState(spec)
    if spec.kind == "trade":
        return TradeState(spec)
    if spec.kind == "candle":
        return CandleState(spec)
    if spec.kind.startswith("books"):
        return BookState(spec)
    assert recover is not None
    if spec.kind == "positions":
        return PositionsState(spec, recover)
    parsers: dict[str, Callable[[Mapping[str, Any]], Any]] = {
        "orders": parse.order,
        "fill": parse.fill,
        "account": parse.balance,
        "orders-algo": parse.trigger,
    }
    return PrivateState(spec, recover, parsers[spec.kind], prime if spec.kind == "orders" else None)
