"""A private session's pushes: the account events it queued, balances, positions and trigger-order changes.

Order and fill events are queued by the hub's listeners as they happen and written here to the channels that
match them (classic by instType and symbol, unified all). Balances and positions are pushed whole on the first
tick and again after the account moved; trigger orders whenever a plan is new or its status or time changed.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any, Protocol

from ._channel import Channel
from ._feeds import BookState
from ._futures_rows import futures_account_rows, position_rows
from ._private import balance_rows

if TYPE_CHECKING:
    from ..exchange.state._futures import FuturesAccount
    from ._private import AccountEvent


class _Hub(Protocol):
    """What pushing private rows needs of the session's hub."""

    def balances(self, uid: str) -> Any: ...

    def futures(self, uid: str, line: str = "USDT-FUTURES") -> FuturesAccount | None: ...

    def plans(self, uid: str, inst_type: str) -> list[dict[str, Any]]: ...

    def coins_of(self, symbol: str) -> tuple[str, ...]: ...


class Session(Protocol):
    """What pushing private rows needs of a session (a :class:`~._session.Session` is one): no import circle."""

    @property
    def hub(self) -> _Hub: ...

    @property
    def events(self) -> deque[AccountEvent]: ...

    @property
    def touched_coins(self) -> set[str]: ...

    @property
    def uid(self) -> str | None: ...


__all__ = ["private_messages"]


def private_messages(
    self: Session, by_kind: dict[str, list[tuple[Channel, BookState]]], now_ms: int
) -> list[dict[str, Any]]:
    rows: dict[Channel, list[dict[str, Any]]] = {}
    events = self.events
    futures_moved = False
    while events:
        kind, inst_type, symbol, classic, unified = events.popleft()
        futures_moved = futures_moved or inst_type != "SPOT"
        if inst_type == "SPOT":
            self.touched_coins.update(self.hub.coins_of(symbol))
        for channel, _ in by_kind.get(kind, ()):
            matches = channel.unified or channel.inst_type == inst_type
            if matches and channel.symbol in ("default", symbol):
                rows.setdefault(channel, []).append(unified if channel.unified else classic)
    messages = [{"action": "snapshot", "arg": c.arg, "data": data, "ts": now_ms} for c, data in rows.items()]
    uid = self.uid
    assert uid is not None
    for channel, state in by_kind.get("account", ()):
        if channel.inst_type.endswith("-FUTURES"):
            data = _futures_account(self, state, uid, channel.inst_type, now_ms, futures_moved)
        else:
            data = _balances(self, state, uid, channel.unified, now_ms)
        if data is not None:
            messages.append({"action": "snapshot", "arg": channel.arg, "data": data, "ts": now_ms})
    for channel, state in by_kind.get("positions", ()):
        futures = self.hub.futures(uid, "USDT-FUTURES" if channel.unified else channel.inst_type)
        if futures is not None and (futures_moved or not state.sent):
            state.sent = True
            data = position_rows(futures, now_ms, unified=channel.unified)
            messages.append({"action": "snapshot", "arg": channel.arg, "data": data, "ts": now_ms})
    for channel, state in by_kind.get("orders-algo", ()):
        data = _plan_changes(self, channel, state, uid)
        if data:
            messages.append({"action": "snapshot", "arg": channel.arg, "data": data, "ts": now_ms})
    self.touched_coins.clear()
    return messages


def _balances(self: Session, state: BookState, uid: str, unified: bool, now_ms: int) -> list[dict[str, Any]] | None:
    balances = self.hub.balances(uid)
    if balances is None:
        return None
    coins = None if not state.sent else set(self.touched_coins)
    if coins is not None and not coins:
        return None
    state.sent = True
    return balance_rows(balances, coins, unified=unified, now_ms=now_ms)


def _futures_account(
    self: Session, state: BookState, uid: str, line: str, now_ms: int, moved: bool
) -> list[dict[str, Any]] | None:
    futures = self.hub.futures(uid, line)
    if futures is None or (state.sent and not moved):
        return None
    state.sent = True
    return futures_account_rows(futures, now_ms)


def _plan_changes(self: Session, channel: Channel, state: BookState, uid: str) -> list[dict[str, Any]]:
    """Plans new or changed since the last push (``state.bids`` remembers orderId -> status and uTime)."""
    changed = []
    for row in self.hub.plans(uid, channel.inst_type):
        if channel.symbol not in ("default", row["symbol"]):
            continue
        mark = f"{row.get('status', row.get('planStatus'))}:{row['uTime']}"
        if state.bids.get(row["orderId"]) != mark:
            state.bids[row["orderId"]] = mark
            changed.append({"instId": row["symbol"], **row})
    return changed
