"""One WebSocket connection to the simulator: its requests (ping, login, subscribe) and its pushes.

Two tasks: the reader answers requests as they come, counting each against the connection's limits; the
pusher wakes every ``push_interval`` seconds, applies faults and the connection's age and ping deadlines, then
sends what changed on every subscribed channel. Sends are serialized by a lock.

(Over 300 lines: one simulated connection's protocol (login, subscribe, pushes, limits) works on one state.)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

import anyio

from .. import _json
from ._channel import PRIVATE_BY_TYPE, Channel, parse_arg
from ._codes import error_message
from ._feeds import BookState
from ._limits import ConnectionMeter
from ._private import AccountEvent
from ._private_push import private_messages

if TYPE_CHECKING:
    from .._auth import KeyRegistry
    from .._clock import SimClock
    from ..exchange.state._futures import FuturesAccount
    from ._feeds import PublicFeeds
    from ._limits import IpLimits, StreamLimits, StreamStats
    from ._settings import StreamSettings

__all__ = ["Session", "SessionHub"]

Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]
Receive = Callable[[], Awaitable[Message]]


class SessionHub(Protocol):
    """What a session needs of the :class:`~._hub.StreamHub` that accepted it."""

    keys: KeyRegistry
    clock: SimClock
    monotonic: Callable[[], float]
    settings: StreamSettings
    limits: StreamLimits
    stats: StreamStats
    ip_limits: IpLimits
    feeds: PublicFeeds

    def attach(self, session: Session) -> None: ...

    def catch_up(self, uid: str, now_ms: int) -> None: ...

    def balances(self, uid: str) -> Any: ...

    def futures(self, uid: str, line: str = "USDT-FUTURES") -> FuturesAccount | None: ...

    def plans(self, uid: str, inst_type: str) -> list[dict[str, Any]]: ...

    def coins_of(self, symbol: str) -> tuple[str, ...]: ...


_LOGIN_PATH = "GET/user/verify"
_TIMESTAMP_WINDOW_MS = 30_000


class _Closed(Exception):
    """The connection ended (closed by either side, or a send failed)."""


def _dumps(message: Any) -> str:
    return _json.dumps(message).decode()


class Session:
    """A connection's state: its channels, its login, its meters, and the faults aimed at it."""

    def __init__(self, hub: SessionHub, ip: str, path: str, send: Send) -> None:
        self.hub = hub
        self.ip = ip
        self.unified = path.startswith("/v3/")
        self.private = path.endswith("/private")
        self._send_raw = send
        self._lock = anyio.Lock()
        self.channels: dict[Channel, BookState] = {}
        self.meter = ConnectionMeter()
        self.uid: str | None = None
        self.events: deque[AccountEvent] = deque()
        self.touched_coins: set[str] = set()
        self.opened = self.last_seen = hub.monotonic()
        #: Set from any thread to end the connection at the next tick: (close code, reason, fault name).
        self.kill: tuple[int, str, str] | None = None
        self.stall_until = 0.0
        self.closed = False

    # -- running ----------------------------------------------------------------------------------------------

    async def run(self, receive: Receive) -> None:
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(self._push_loop)
                await self._read_loop(receive)
                group.cancel_scope.cancel()
        except* _Closed:
            pass
        finally:
            self.closed = True

    async def _read_loop(self, receive: Receive) -> None:
        while True:
            message = await receive()
            kind = message["type"]
            if kind == "websocket.disconnect":
                return
            if kind != "websocket.receive":
                continue
            text = message.get("text")
            if text is None:
                text = (message.get("bytes") or b"").decode("utf-8", "replace")
            if not await self._handle(text):
                return

    async def _send(self, message: Any) -> None:
        text = message if isinstance(message, str) else _dumps(message)
        try:
            async with self._lock:
                await self._send_raw({"type": "websocket.send", "text": text})
        except Exception as exc:  # the peer went away: any server's way of saying so ends this connection
            raise _Closed from exc

    async def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            try:
                async with self._lock:
                    await self._send_raw({"type": "websocket.close", "code": code, "reason": reason})
            except Exception:  # already gone
                pass
        raise _Closed

    # -- requests ---------------------------------------------------------------------------------------------

    async def _handle(self, text: str) -> bool:
        hub, stats, limits = self.hub, self.hub.stats, self.hub.limits
        now = hub.monotonic()
        self.last_seen = now
        count = self.meter.messages.add(now)
        stats.messages += 1
        stats.busiest_second = max(stats.busiest_second, count)
        if count > limits.messages_per_second:
            stats.violations.append((30007, "messages per second"))
            hub.ip_limits.offence(self.ip)
            await self._send(error_message(30007))
            await self.close(1008, "request over limit")
        if text == "ping":
            stats.pings += 1
            if now >= self.stall_until:
                await self._send("pong")
            return True
        try:
            request = _json.loads(text)
        except _json.DECODE_ERRORS:
            await self._send(error_message(30002))
            return True
        op = request.get("op") if isinstance(request, dict) else None
        args = request.get("args") if isinstance(request, dict) else None
        if not isinstance(args, list):
            await self._send(error_message(30016 if op else 30003))
            return True
        if op == "login" and self.private:
            await self._login(args)
        elif op == "subscribe":
            await self._subscribe(args, now)
        elif op == "unsubscribe":
            for raw in args:
                channel = parse_arg(raw, unified=self.unified)
                if channel is not None and self.channels.pop(channel, None) is not None:
                    await self._send({"event": "unsubscribe", "arg": channel.arg})
                else:
                    await self._send(error_message(30016, arg=raw if isinstance(raw, dict) else None))
        else:
            await self._send(error_message(30003))
        return True

    async def _login(self, args: list[Any]) -> None:
        first = args[0] if args and isinstance(args[0], dict) else {}
        key = self.hub.keys.get(str(first.get("apiKey", "")))
        timestamp = str(first.get("timestamp", ""))
        if key is None:
            code = 30011
        elif str(first.get("passphrase", "")) != key.passphrase:
            code = 30012
        elif not timestamp.isdigit():
            code = 30013
        else:
            # Seconds, as every peer sends; milliseconds accepted too (13 digits), as one document page says.
            sent_ms = int(timestamp) if len(timestamp) > 11 else int(timestamp) * 1000
            if abs(self.hub.clock.now_ms() - sent_ms) > _TIMESTAMP_WINDOW_MS:
                code = 30014
            elif not key.signature_matches(f"{timestamp}{_LOGIN_PATH}".encode(), str(first.get("sign", ""))):
                code = 30015
            else:
                self.uid = key.uid
                self.hub.attach(self)
                await self._send({"event": "login", "code": "0", "msg": ""})
                return
        await self._send(error_message(code))

    async def _subscribe(self, args: list[Any], now: float) -> None:
        hub = self.hub
        count = self.meter.subscribes.add(now)
        hub.stats.subscribe_requests += 1
        hub.stats.busiest_hour_of_subscribes = max(hub.stats.busiest_hour_of_subscribes, count)
        if count > hub.limits.subscribes_per_hour:
            hub.stats.violations.append((30006, "subscribe requests per hour"))
            await self._send(error_message(30006))
            return
        for raw in args:
            channel = parse_arg(raw, unified=self.unified)
            if channel is None:
                await self._send(error_message(30016, arg=raw if isinstance(raw, dict) else None))
                continue
            error = self._refusal(channel)
            if error is not None:
                await self._send(error)
                continue
            if channel not in self.channels:
                if len(self.channels) >= hub.limits.channels_per_connection:
                    hub.stats.violations.append((30006, "channels per connection"))
                    await self._send(error_message(30006, "channel count over limit", dict(channel.arg)))
                    continue
                self.channels[channel] = BookState()
                hub.stats.most_channels = max(hub.stats.most_channels, len(self.channels))
            await self._send({"event": "subscribe", "arg": channel.arg})

    def _refusal(self, channel: Channel) -> dict[str, Any] | None:
        arg = dict(channel.arg)
        if channel.private != self.private:
            return error_message(30001, f"{channel.kind} is not served on this endpoint", arg)
        if channel.private:
            if self.uid is None:
                return error_message(30004, arg=arg)
            served = PRIVATE_BY_TYPE.get(channel.inst_type, frozenset())
            if (channel.inst_type == "UTA") != self.unified or channel.kind not in served:
                return error_message(30001, f"instType:{channel.inst_type},channel:{channel.kind} doesn't exist", arg)
            return None
        if not self.hub.feeds.exists(channel):
            text = f"instType:{channel.inst_type},channel:{channel.kind},instId:{channel.symbol} doesn't exist"
            return error_message(30001, text, arg)
        return None

    # -- pushes -----------------------------------------------------------------------------------------------

    async def _push_loop(self) -> None:
        hub = self.hub
        settings = hub.settings
        while True:
            await anyio.sleep(settings.push_interval)
            now = hub.monotonic()
            if self.kill is not None:
                code, reason, fault = self.kill
                if fault == "drop":
                    hub.stats.drops += 1
                else:
                    hub.stats.forced_closes += 1
                await self.close(code, reason)
            if now - self.last_seen > settings.ping_timeout:
                hub.stats.ping_timeouts += 1
                await self.close(1000, "no ping")
            if now - self.opened >= settings.max_lifetime:
                hub.stats.forced_closes += 1
                await self.close(1000, "connection lifetime over")
            if settings.drop_every is not None and now - self.opened >= settings.drop_every:
                hub.stats.drops += 1
                await self.close(1011, "")
            if now < self.stall_until or not self.channels or not settings.publish:
                continue
            now_ms = hub.clock.now_ms()
            if self.uid is not None:
                hub.catch_up(self.uid, now_ms)
            for message in self._messages(now_ms):
                await self._send(message)

    def _messages(self, now_ms: int) -> list[dict[str, Any]]:
        feeds = self.hub.feeds
        messages: list[dict[str, Any]] = []
        by_kind: dict[str, list[tuple[Channel, BookState]]] = {}
        for channel, state in self.channels.items():
            if channel.private:
                by_kind.setdefault(channel.kind, []).append((channel, state))
                continue
            push = feeds.push(channel, state, now_ms)
            corrupt = self.hub.settings.corrupt_checksums > 0 and channel.kind == "books"
            if corrupt and push is not None and push.action == "update":
                self.hub.settings.corrupt_checksums -= 1
                push.data[0]["checksum"] ^= 0x5A5A
            if push is not None:
                messages.append({"action": push.action, "arg": channel.arg, "data": push.data, "ts": now_ms})
        if by_kind:
            messages += private_messages(self, by_kind, now_ms)
        return messages
