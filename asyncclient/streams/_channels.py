"""Channels: what to subscribe (the argument), and what to do with each push (the channel's state).

Every state turns pushes into models and offers them to its subscriptions. What a reconnect means differs:
tickers and book views simply carry on (a book starts again from the snapshot the exchange sends after the
resubscribe), trades and candles skip what was already delivered, and private channels fetch the gap over
REST (:mod:`._reconcile`) before reading the new connection.
"""

from __future__ import annotations

import abc
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from . import _parse as parse
from ._book import LocalBook
from ._models import CandleUpdate, Gap, OrderUpdate, PositionUpdate, TickerUpdate, TradeUpdate, TriggerOrderUpdate
from ._subscription import Subscription

__all__ = [
    "STATUS_RANK",
    "BookState",
    "CandleState",
    "ChannelSpec",
    "ChannelState",
    "OnceFilter",
    "TickerState",
    "TradeState",
    "arg_key",
    "order_rank",
    "position_rank",
    "trigger_rank",
]

T = TypeVar("T")
ArgKey = frozenset[tuple[str, str]]
STATUS_RANK = {"init": 0, "new": 0, "live": 0, "partially_filled": 1, "filled": 2, "cancelled": 2, "reject": 2}
#: Trigger orders: waiting, then fired, cancelled or failed.
_PLAN_RANK = {"not_trigger": 0, "live": 0, "triggered": 2, "executed": 2, "cancelled": 2, "fail": 2, "fail_execute": 2}


@attrs.frozen
class ChannelSpec:
    """One channel on one endpoint: ``kind`` is ticker, trade, candle, books[1|5|15], orders, fill or account."""

    kind: str
    arg: tuple[tuple[str, str], ...]
    symbol: str
    private: bool
    unified: bool
    interval: str | None = None
    #: SPOT or a futures product line (private channels: which account's events are delivered).
    inst_type: str = "SPOT"

    @property
    def key(self) -> ArgKey:
        return frozenset(self.arg)

    @property
    def arg_dict(self) -> dict[str, str]:
        return dict(self.arg)

    @property
    def name(self) -> str:
        return ",".join(f"{k}={v}" for k, v in self.arg)


def arg_key(arg: Mapping[str, Any]) -> ArgKey:
    return frozenset((str(k), str(v)) for k, v in arg.items())


class OnceFilter:
    """The "nothing twice" rule, bounded in memory: remembers the last ``size`` keys and their ranks."""

    def __init__(self, size: int = 100_000) -> None:
        self._seen: OrderedDict[Hashable, tuple[Any, ...]] = OrderedDict()
        self._size = size

    def newer(self, key: Hashable, rank: tuple[Any, ...]) -> bool:
        """True (and remembered) if ``key`` is new or ``rank`` is above the one last let through."""
        seen = self._seen.get(key)
        if seen is not None and rank <= seen:
            return False
        self._seen[key] = rank
        self._seen.move_to_end(key)
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


def order_rank(order: OrderUpdate) -> tuple[int, Any, int]:
    return (order.updated_ms, order.filled, STATUS_RANK.get(order.status, 1))


def trigger_rank(order: TriggerOrderUpdate) -> tuple[int, int]:
    return (order.updated_ms, _PLAN_RANK.get(order.status, 1))


def position_rank(position: PositionUpdate) -> tuple[int, Any]:
    return (position.updated_ms, position.total)


class ChannelState(abc.ABC, Generic[T]):
    """The subscriptions of one channel and what its pushes become."""

    def __init__(self, spec: ChannelSpec) -> None:
        self.spec = spec
        self.subscriptions: list[Subscription[T]] = []
        #: Server ms when the connection carrying this channel was lost; None while it is live.
        self.gap_start_ms: int | None = None
        #: Set when the channel must be subscribed again (a book whose checksum failed).
        self.resync = False

    def offer(self, item: T, ts: int) -> None:
        for subscription in self.subscriptions:
            subscription.offer(item, ts)

    @abc.abstractmethod
    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        """Read one pushed message (``snapshot`` or ``update``) and offer what it carries to the subscriptions."""

    def disconnected(self, now_ms: int) -> None:
        if self.gap_start_ms is None:
            self.gap_start_ms = now_ms

    async def prepare(self) -> None:
        """Called once the channel is subscribed, before its pushes are read."""

    async def reconnected(self, now_ms: int) -> None:
        """Called on the new connection before it is read; records the gap (private channels fill it)."""
        start, self.gap_start_ms = self.gap_start_ms, None
        if start is not None:
            for subscription in self.subscriptions:
                subscription.add_gap(Gap(self.spec.name, "disconnect", start, now_ms))


class TickerState(ChannelState[TickerUpdate]):
    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        for row in data:
            self.offer(parse.ticker(row, self.spec.symbol, ts), ts)


class TradeState(ChannelState[TradeUpdate]):
    """Trades once each: the snapshot after a reconnect repeats trades already delivered."""

    def __init__(self, spec: ChannelSpec) -> None:
        super().__init__(spec)
        self.once = OnceFilter(5000)

    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        trades = [parse.trade(row, self.spec.symbol) for row in data]
        for trade in sorted(trades, key=lambda t: (t.ts, t.trade_id)):  # newest first on the wire
            if self.once.newer(trade.trade_id, ()):
                self.offer(trade, ts)


class CandleState(ChannelState[CandleUpdate]):
    def __init__(self, spec: ChannelSpec) -> None:
        super().__init__(spec)
        self.newest_start = -1

    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        interval = self.spec.interval or ""
        for row in data:
            candle = parse.candle(row, self.spec.symbol, interval)
            if candle.start >= self.newest_start:  # a reconnect's snapshot repeats closed candles: skip those
                self.newest_start = candle.start
                self.offer(candle, ts)
            elif action == "update":
                self.offer(candle, ts)


class BookState(ChannelState[Any]):
    """A local book: reset on each snapshot, updated and checked on each update; a mismatch asks to resync."""

    def __init__(self, spec: ChannelSpec) -> None:
        super().__init__(spec)
        self.book = LocalBook(spec.symbol)
        self.synced = False
        self.incremental = spec.kind == "books"
        self.mismatches = 0

    def on_push(self, action: str, data: Sequence[Any], ts: int) -> None:
        for row in data:
            bids = row.get("bids", row.get("b", ()))
            asks = row.get("asks", row.get("a", ()))
            stamp = int(row.get("ts") or ts)
            checksum = row.get("checksum")
            expected = int(checksum) if checksum not in (None, "") else None
            if action == "snapshot" or not self.incremental:
                self.book.reset(bids, asks, stamp)
                fresh = not self.synced
                self.synced = True
                self._deliver(expected, snapshot=fresh or action == "snapshot")
                continue
            if not self.synced:
                continue  # waiting for the snapshot a resubscribe brings
            self.book.apply(bids, asks, stamp)
            if expected is not None and expected != 0 and not self.book.verify(expected):
                self.synced = False
                self.resync = True
                self.mismatches += 1
                for subscription in self.subscriptions:
                    subscription.add_gap(Gap(self.spec.name, "checksum", stamp, stamp))
                return
            self._deliver(expected, snapshot=False)

    def _deliver(self, checksum: int | None, *, snapshot: bool) -> None:
        views: dict[int | None, Any] = {}
        for subscription in self.subscriptions:
            view = views.get(subscription.depth)
            if view is None:
                view = views[subscription.depth] = self.book.view(subscription.depth, checksum, snapshot)
            subscription.offer(view, self.book.ts)

    def disconnected(self, now_ms: int) -> None:
        super().disconnected(now_ms)
        self.synced = False
