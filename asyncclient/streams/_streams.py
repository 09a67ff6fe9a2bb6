"""``async with client.streams() as streams:`` — typed subscriptions over the exchange's WebSocket channels.

Channels are spread over connections, ``channels_per_connection`` each (the exchange allows 1,000 and
recommends fewer than 50), at most ``max_connections`` (the exchange's 100 per IP). Public and private
channels use separate connections (``/v2/ws/public`` and ``/v2/ws/private``; ``/v3/...`` with
``unified=True``). Every frame goes through the client's own limiter (see :mod:`._budgets`).

A little over 300 lines: one short method per channel kind is the public surface, and they belong together.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import anyio
import httpx
from anyio.abc import TaskGroup

from .._errors import InputError, InputTypeError, MissingCredentialsError
from ._channels import ChannelSpec, ChannelState, OnceFilter, order_rank, position_rank, trigger_rank
from ._clock import RealClock, StreamClock
from ._connection import Connection
from ._errors import StreamClosedError
from ._host import StreamsHost
from ._models import (
    BalanceUpdate,
    CandleUpdate,
    FillUpdate,
    OrderBookView,
    OrderUpdate,
    PositionUpdate,
    TickerUpdate,
    TradeUpdate,
    TriggerOrderUpdate,
)
from ._options import check_count, check_seconds, check_url
from ._recovery import prime_for, recovery_for
from ._specs import INTERVALS, book_kind, private_spec, public_spec, stream_base_url
from ._states import PrivateState, state_for
from ._subscription import Policy, Subscription

__all__ = ["Streams", "StreamsHost"]


#: Connection numbers name their limiter scopes: unique in the process, so two Streams never share a budget.
_CONNECTION_NUMBERS = itertools.count()


class Streams:
    """The client's WebSocket streams; see the module docstring. Build with :meth:`Client.streams`."""

    def __init__(
        self,
        client: StreamsHost,
        *,
        url: str | None = None,
        unified: bool = False,
        channels_per_connection: int = 40,
        max_connections: int = 100,
        args_per_request: int = 20,
        ping_interval: float = 30.0,
        pong_timeout: float = 10.0,
        max_connection_age: float = 86_400.0 - 900.0,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        login_timeout: float = 10.0,
        queue_size: int = 1000,
        private_queue_size: int = 10_000,
        clock: StreamClock | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        check_count("channels_per_connection", channels_per_connection, 1, 1000, " (the exchange's cap)")
        check_count("max_connections", max_connections, 1, 100, " (the exchange's cap per IP)")
        check_count("args_per_request", args_per_request, 1, 100)
        check_count("queue_size", queue_size, 1, 10_000_000)
        check_count("private_queue_size", private_queue_size, 1, 10_000_000)
        ping_interval = check_seconds("ping_interval", ping_interval, maximum=120.0)  # closed after 2 minutes
        pong_timeout = check_seconds("pong_timeout", pong_timeout)
        max_connection_age = check_seconds("max_connection_age", max_connection_age, maximum=86_400.0)
        backoff_base = check_seconds("backoff_base", backoff_base)
        backoff_cap = check_seconds("backoff_cap", backoff_cap, maximum=3600.0)
        login_timeout = check_seconds("login_timeout", login_timeout, maximum=3600.0)
        if not isinstance(unified, bool):
            raise InputTypeError(f"unified must be a bool, got {type(unified).__name__}")
        if url is not None:
            check_url(url)
        self.client = client
        demo = client.pipeline.headers.get("paptrading") == "1"
        self.base_url = (url or stream_base_url(client.base_url, demo=demo)).rstrip("/")
        self.unified = unified
        self.channels_per_connection = channels_per_connection
        self.max_connections = max_connections
        self.args_per_request = args_per_request
        self.ping_interval = ping_interval
        self.pong_timeout = pong_timeout
        self.max_connection_age = max_connection_age
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.login_timeout = login_timeout
        self.queue_size = queue_size
        self.private_queue_size = private_queue_size
        self.clock: StreamClock = clock or RealClock()
        self.limiter = client.pipeline.limiter
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self._own_http = http is None
        self._states: dict[Any, ChannelState[Any]] = {}
        self._placement: dict[Any, Connection] = {}
        self.connections: list[Connection] = []
        self._group: TaskGroup | None = None
        self._closed = False
        self.sent = self.received = self.pings = self.resyncs = self.limit_errors = 0

    def __repr__(self) -> str:
        return f"Streams({self.base_url!r}, connections={len(self.connections)}, channels={len(self._states)})"

    # -- lifecycle --------------------------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        group = anyio.create_task_group()
        await group.__aenter__()
        self._group = group
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._closed = True
        for state in self._states.values():
            for subscription in state.subscriptions:
                subscription.end()
        group, self._group = self._group, None
        try:
            if group is not None:
                group.cancel_scope.cancel()
                if not isinstance(exc, anyio.get_cancelled_exc_class()):
                    exc_type, exc, tb = None, None, None
                await group.__aexit__(exc_type, exc, tb)
        finally:
            if self._own_http:
                with anyio.CancelScope(shield=True):
                    await self.http.aclose()

    # -- what the connections need ------------------------------------------------------------------------------

    def server_ms(self) -> int:
        return self.client.clock.now_ms()

    async def login_message(self) -> dict[str, Any]:
        """``{"op": "login", ...}``: sign = base64(HMAC-SHA256(secret, seconds + "GET" + "/user/verify"))."""
        client = self.client
        credentials, signer = client.pipeline.credentials, client.pipeline.signer
        if credentials is None or signer is None:
            raise MissingCredentialsError("private channels need api_key, api_secret and passphrase")
        await client.clock.ready()
        timestamp = str(client.clock.now_ms() // 1000)  # seconds, as the exchange's login expects
        sign = signer.sign(f"{timestamp}GET/user/verify")
        args = {"apiKey": credentials.api_key, "passphrase": credentials.passphrase, "timestamp": timestamp}
        return {"op": "login", "args": [{**args, "sign": sign}]}

    # -- subscribing ------------------------------------------------------------------------------------------

    def _url(self, private: bool) -> str:
        version = "v3" if self.unified else "v2"
        return f"{self.base_url}/{version}/ws/{'private' if private else 'public'}"

    def _public_spec(self, kind: str, symbol: str, inst_type: str, interval: str | None = None) -> ChannelSpec:
        return public_spec(kind, symbol, inst_type, interval, unified=self.unified)

    def _private_spec(self, kind: str, symbol: str | None, inst_type: str = "SPOT") -> ChannelSpec:
        if not self.client.has_credentials:
            raise MissingCredentialsError("private channels need api_key, api_secret and passphrase")
        return private_spec(kind, symbol, unified=self.unified, inst_type=inst_type)

    def _attach(self, spec: ChannelSpec, subscription: Subscription[Any]) -> Subscription[Any]:
        if self._closed or self._group is None:
            raise StreamClosedError("use the streams inside 'async with client.streams() as streams:'")
        state = self._states.get(spec.key)
        if state is None:
            recover = self._recovery(spec) if spec.private else None
            state = self._states[spec.key] = state_for(spec, recover, prime_for(self.client, spec))
            self._place(state)
        subscription._on_close = functools.partial(self._detach, state)
        state.subscriptions.append(subscription)
        return subscription

    def _place(self, state: ChannelState[Any]) -> None:
        url = self._url(state.spec.private)
        for connection in self.connections:
            if connection.url == url and len(connection.channels) < self.channels_per_connection:
                break
        else:
            if len(self.connections) >= self.max_connections:
                raise InputError(
                    f"{self.max_connections} connections of {self.channels_per_connection} channels are full"
                )
            connection = Connection(self, next(_CONNECTION_NUMBERS), url, private=state.spec.private)
            self.connections.append(connection)
            assert self._group is not None
            self._group.start_soon(connection.run)
        connection.add(state)
        self._placement[state.spec.key] = connection

    def _detach(self, state: ChannelState[Any], subscription: Subscription[Any]) -> None:
        if subscription in state.subscriptions:
            state.subscriptions.remove(subscription)
        if not state.subscriptions and not self._closed:
            self._states.pop(state.spec.key, None)
            connection = self._placement.pop(state.spec.key, None)
            if connection is not None:
                connection.remove(state)

    def forget(self, state: ChannelState[Any]) -> None:
        """A channel the exchange refused: a later subscription to it starts afresh."""
        if self._states.get(state.spec.key) is state:
            del self._states[state.spec.key]
            self._placement.pop(state.spec.key, None)

    def _recovery(self, spec: ChannelSpec) -> Callable[[int], Any]:
        def open_orders() -> dict[str, str]:
            state = self._states.get(spec.key)
            return dict(state.open_orders) if isinstance(state, PrivateState) else {}

        return recovery_for(self.client, spec, open_orders)

    # -- public channels --------------------------------------------------------------------------------------

    def ticker(self, symbol: str, *, inst_type: str = "SPOT") -> Subscription[TickerUpdate]:
        """Best prices and 24-hour figures; a slow reader gets the latest only."""
        spec = self._public_spec("ticker", symbol, inst_type)
        return self._attach(spec, Subscription(spec.name, Policy.LATEST, server_ms=self.server_ms))

    def trades(self, symbol: str, *, inst_type: str = "SPOT") -> Subscription[TradeUpdate]:
        """Public trades, oldest first, each once; a slow reader loses the oldest beyond ``queue_size`` (a Gap)."""
        spec = self._public_spec("trade", symbol, inst_type)
        subscription: Subscription[TradeUpdate] = Subscription(
            spec.name, Policy.DROP_OLDEST, maxsize=self.queue_size, server_ms=self.server_ms
        )
        return self._attach(spec, subscription)

    def candles(self, symbol: str, interval: str = "1m", *, inst_type: str = "SPOT") -> Subscription[CandleUpdate]:
        """Candles (``1m`` ... ``1M``, ``6Hutc`` ...); a slow reader gets the latest of each candle."""
        if interval not in INTERVALS:
            raise InputError(f"interval must be one of {sorted(INTERVALS)}, got {interval!r}")
        spec = self._public_spec("candle", symbol, inst_type, interval)
        subscription: Subscription[CandleUpdate] = Subscription(
            spec.name, Policy.LATEST_BY_KEY, key=lambda candle: candle.start, server_ms=self.server_ms
        )
        return self._attach(spec, subscription)

    def book(
        self, symbol: str, *, levels: int | None = None, depth: int | None = None, inst_type: str = "SPOT"
    ) -> Subscription[OrderBookView]:
        """The order book: ``levels`` None keeps a local book from ``books`` (checksum-verified, resynced on a
        mismatch or a reconnect); 1, 5 or 15 reads ``books1/5/15`` snapshots. ``depth`` trims each view."""
        if depth is not None and (not isinstance(depth, int) or depth < 1):
            raise InputError(f"depth must be a positive int or None, got {depth!r}")
        spec = self._public_spec(book_kind(levels), symbol, inst_type)
        return self._attach(spec, Subscription(spec.name, Policy.LATEST, depth=depth, server_ms=self.server_ms))

    # -- private channels -------------------------------------------------------------------------------------

    def _recovering(self, spec: ChannelSpec, accept: Callable[[Any], bool]) -> Subscription[Any]:
        subscription: Subscription[Any] = Subscription(
            spec.name, Policy.RECOVER, maxsize=self.private_queue_size, accept=accept, server_ms=self.server_ms
        )
        self._attach(spec, subscription)
        subscription._recover = self._states[spec.key].recover  # type: ignore[attr-defined]
        return subscription

    def orders(self, symbol: str | None = None, *, inst_type: str = "SPOT") -> Subscription[OrderUpdate]:
        """The account's orders (spot, or a futures line) as they change; REST fills a gap; each state once.
        A unified account's one channel carries every category."""
        spec = self._private_spec("orders", symbol, inst_type)
        once = OnceFilter()
        return self._recovering(spec, lambda order: once.newer(order.order_id, order_rank(order)))

    def fills(self, symbol: str | None = None, *, inst_type: str = "SPOT") -> Subscription[FillUpdate]:
        """The account's fills (spot, or a futures line); after a gap, REST fills it; each fill once."""
        spec = self._private_spec("fill", symbol, inst_type)
        once = OnceFilter()
        return self._recovering(spec, lambda fill: once.newer(fill.trade_id, ()))

    def triggers(self, symbol: str | None = None, *, inst_type: str = "SPOT") -> Subscription[TriggerOrderUpdate]:
        """Trigger (plan) orders (``orders-algo``, classic accounts): placed, fired, cancelled or failed; REST
        fills a gap (spot plans are listed per symbol, so a spot trigger channel needs ``symbol``)."""
        if inst_type == "SPOT" and symbol is None:
            raise InputError("spot trigger orders need a symbol (the exchange lists spot plans per symbol)")
        spec = self._private_spec("orders-algo", symbol, inst_type)
        once = OnceFilter()
        return self._recovering(spec, lambda plan: once.newer(plan.order_id, trigger_rank(plan)))

    def positions(self, symbol: str | None = None, *, inst_type: str = "USDT-FUTURES") -> Subscription[PositionUpdate]:
        """Futures positions as they change (a closed one once with ``total`` 0); a slow reader gets the latest
        of each (symbol, side); after a gap, the positions REST reports now."""
        spec = self._private_spec("positions", symbol, inst_type)
        once = OnceFilter()
        subscription: Subscription[PositionUpdate] = Subscription(
            spec.name,
            Policy.LATEST_BY_KEY,
            key=lambda position: (position.symbol, position.hold_side),
            accept=lambda p: once.newer((p.symbol, p.hold_side), position_rank(p)),
            server_ms=self.server_ms,
        )
        return self._attach(spec, subscription)

    def balances(self, *, inst_type: str = "SPOT") -> Subscription[BalanceUpdate]:
        """The account's coins (spot), or margin coins (a futures line): a snapshot, then each change; a slow
        reader gets the latest per coin."""
        spec = self._private_spec("account", None, inst_type)
        subscription: Subscription[BalanceUpdate] = Subscription(
            spec.name, Policy.LATEST_BY_KEY, key=lambda balance: balance.coin, server_ms=self.server_ms
        )
        return self._attach(spec, subscription)

    # -- figures ----------------------------------------------------------------------------------------------

    @property
    def reconnects(self) -> int:
        return sum(max(connection.connects - 1, 0) for connection in self.connections)

    @property
    def channel_count(self) -> int:
        return len(self._states)
