"""The simulator's WebSocket side: ``/v2/ws/public``, ``/v2/ws/private``, ``/v3/ws/public``, ``/v3/ws/private``.

Served by the simulator's ASGI app on its own port. Admits connections within the per-IP limits, runs one
:class:`~._session.Session` per connection, feeds private sessions from the accounts' order and fill events,
and offers faults to tests (drop, stall, forced close; the 24-hour close comes sooner with ``max_lifetime``).
Fault methods may be called from any thread: they only set flags the sessions read at their next tick.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from typing import Any

from .._auth import KeyRegistry
from .._clock import SimClock
from ..exchange.state._futures import FuturesAccount, FuturesFill, FuturesOrder
from ..exchange.state._spot import SpotFill, SpotOrder
from ..exchange.state._symbols import CONTRACTS, SPOT_SYMBOLS
from ._feeds import PublicFeeds
from ._limits import IpLimits, StreamLimits, StreamStats
from ._private import SpotAccountLike, event_for
from ._session import Receive, Send, Session
from ._settings import StreamSettings

__all__ = ["STREAM_PATHS", "StreamHub", "StreamSettings"]

#: The served paths: (unified, private).
STREAM_PATHS: Mapping[str, tuple[bool, bool]] = {
    "/v2/ws/public": (False, False),
    "/v2/ws/private": (False, True),
    "/v3/ws/public": (True, False),
    "/v3/ws/private": (True, True),
}


class _Accounts:
    """The part of the exchange state the private channels read."""

    def __init__(self, exchange: Any) -> None:
        self._accounts = getattr(exchange, "accounts", None)

    def spot(self, uid: str) -> SpotAccountLike | None:
        if self._accounts is None:
            return None
        account = self._accounts.existing(uid)
        return account.spot if account is not None else None

    def futures(self, uid: str, line: str = "USDT-FUTURES") -> FuturesAccount | None:
        account = self._accounts.existing(uid) if self._accounts is not None else None
        return account.line(line) if account is not None else None

    def lines(self, uid: str) -> list[FuturesAccount]:
        account = self._accounts.existing(uid) if self._accounts is not None else None
        return [account.futures, *account.lines.values()] if account is not None else []

    def catch_up(self, uid: str, now_ms: int) -> None:
        """Fire trigger plans the walk reached, then fill resting orders (as a REST look at the account does)."""
        if self._accounts is not None:
            self._accounts.catch_up(uid, now_ms)

    def plans(self, uid: str, inst_type: str) -> list[dict[str, Any]]:
        rows = getattr(self._accounts, "plan_rows", {}).get(inst_type)
        return rows(uid) if rows is not None else []


class StreamHub:
    """The ASGI WebSocket handler; see the module docstring. ``monotonic`` times limits, pings and ages."""

    def __init__(
        self,
        exchange: Any,
        keys: KeyRegistry,
        clock: SimClock,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        settings: StreamSettings | None = None,
        limits: StreamLimits | None = None,
    ) -> None:
        self.keys = keys
        self.clock = clock
        self.monotonic = monotonic
        self.settings = settings or StreamSettings()
        self.limits = limits or StreamLimits()
        self.stats = StreamStats()
        self.ip_limits = IpLimits(self.limits, self.stats, monotonic)
        handlers = exchange.handlers() if hasattr(exchange, "handlers") else {}
        markets = getattr(exchange, "markets", None)
        self.feeds = PublicFeeds(handlers, markets, book_depth=lambda: self.settings.book_depth)
        self._accounts = _Accounts(exchange)
        self.sessions: set[Session] = set()
        self._by_uid: dict[str, set[Session]] = {}

    async def __call__(self, scope: Mapping[str, Any], receive: Receive, send: Send) -> None:
        message = await receive()
        if message["type"] != "websocket.connect":
            return
        path = str(scope.get("path", ""))
        client = scope.get("client")
        ip = str(client[0]) if client else "unknown"
        if path not in STREAM_PATHS:
            await send({"type": "websocket.close", "code": 1008, "reason": "no such stream"})
            return
        if self.ip_limits.admit(ip) is not None:
            await send({"type": "websocket.close", "code": 1008, "reason": "connection limit"})
            return
        session = Session(self, ip, path, send)
        self.sessions.add(session)
        try:
            await send({"type": "websocket.accept"})
            await session.run(receive)
        finally:
            self.sessions.discard(session)
            if session.uid is not None:
                self._by_uid.get(session.uid, set()).discard(session)
            self.ip_limits.closed(ip)

    # -- private feed -----------------------------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        """A session logged in: it gets its account's events from now on."""
        assert session.uid is not None
        sessions = self._by_uid.setdefault(session.uid, set())
        sessions.add(session)
        spot = self._accounts.spot(session.uid)
        if spot is not None and spot.listener is None:
            spot.listener = functools.partial(self._on_event, session.uid)
        for futures in self._accounts.lines(session.uid):
            if futures.listener is None:
                futures.listener = functools.partial(self._on_event, session.uid)

    def _on_event(self, uid: str, item: SpotOrder | SpotFill | FuturesOrder | FuturesFill) -> None:
        sessions = self._by_uid.get(uid)
        if not sessions:
            return
        event = event_for(item)
        for session in list(sessions):
            session.events.append(event)

    def catch_up(self, uid: str, now_ms: int) -> None:
        """Fire the account's trigger plans and fill its resting orders the walk crossed (as a REST look does)."""
        self._accounts.catch_up(uid, now_ms)

    def plans(self, uid: str, inst_type: str) -> list[dict[str, Any]]:
        """The account's trigger plans of ``inst_type`` as rows (the ``orders-algo`` channel)."""
        return self._accounts.plans(uid, inst_type)

    def futures(self, uid: str, line: str = "USDT-FUTURES") -> FuturesAccount | None:
        return self._accounts.futures(uid, line)

    def balances(self, uid: str) -> Any:
        spot = self._accounts.spot(uid)
        return spot.balances if spot is not None else None

    @staticmethod
    def coins_of(symbol: str) -> tuple[str, ...]:
        spec = SPOT_SYMBOLS.get(symbol)
        if spec is not None:
            return (spec.base_coin, spec.quote_coin)
        contract = CONTRACTS.get(symbol)
        return (contract.quote_coin,) if contract is not None else ()

    # -- inspection and faults ----------------------------------------------------------------------------------

    def book(self, inst_type: str, symbol: str, ts_ms: int) -> tuple[list[list[str]], list[list[str]]]:
        """(bids, asks) of the ``books`` channel at ``ts_ms``: what a correct local book holds then."""
        return self.feeds.book(inst_type, symbol, ts_ms)

    def drop(self) -> int:
        """Drop every open connection at its next tick (close 1011, no notice); returns how many."""
        return self._kill((1011, "", "drop"))

    def force_close(self, reason: str = "server maintenance") -> int:
        """Close every open connection with 1000 and ``reason`` at its next tick; returns how many."""
        return self._kill((1000, reason, "close"))

    def stall(self, seconds: float) -> int:
        """Every open connection stops sending (pushes and pongs) for ``seconds`` on ``monotonic``."""
        until = self.monotonic() + seconds
        sessions = list(self.sessions)
        for session in sessions:
            session.stall_until = until
        return len(sessions)

    def _kill(self, how: tuple[int, str, str]) -> int:
        sessions = list(self.sessions)
        for session in sessions:
            session.kill = how
        return len(sessions)

    @property
    def open_connections(self) -> int:
        return len(self.sessions)
