"""One logical WebSocket connection: connect, log in, subscribe its channels, read, keep alive, reconnect.

Every frame it sends (login, subscribe, unsubscribe, ping) first takes a slot of the connection's message
scope, and a subscribe also of its subscribe scope; every connection attempt takes a slot of the IP's connect
scope. After a drop it waits a jittered exponential backoff (equal jitter), reconnects, subscribes every channel
again and lets each channel make good its gap before the new connection is read. It retires itself before the
exchange's 24-hour close make-before-break (see :mod:`._handover`): a new socket is opened, logged in and
subscribed while the old one is still read, and only then is the old one closed, so nothing is missed.

Each socket lives in its own task (:func:`._handover.open_socket`), so two can be open at once.

Longer than 300 lines on purpose: the reconnect loop, the session's tasks and the handover share one
connection's state (its channels, pending changes and pong flag), and splitting them would spread that state.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import httpx
from anyio.abc import TaskGroup
from httpx_ws import AsyncWebSocketSession, HTTPXWSException, WebSocketDisconnect

from .._errors import shown
from .._limiter import NO_GRANT
from ._budgets import CONNECT_SCOPE, message_scope, subscribe_scope
from ._channels import ArgKey, ChannelState, arg_key
from ._errors import StreamAuthError, StreamError, StreamFormatError, StreamRefusedError
from ._handover import Handover, Socket, open_socket
from ._session import MAX_MESSAGE, CappedSession

if TYPE_CHECKING:
    from .._protocols import RateLimiter
    from ._clock import StreamClock

__all__ = ["Connection", "ConnectionOwner"]


class ConnectionOwner(Protocol):
    """What a connection needs of the :class:`~asyncclient.streams.Streams` that owns it: its settings, limiter,
    clock and HTTP client, login, and the counters it adds to."""

    args_per_request: int
    backoff_base: float
    backoff_cap: float
    login_timeout: float
    max_connection_age: float
    ping_interval: float
    pong_timeout: float
    sent: int
    received: int
    pings: int
    resyncs: int
    limit_errors: int
    limiter: RateLimiter
    clock: StreamClock
    http: httpx.AsyncClient

    def server_ms(self) -> int: ...

    async def login_message(self) -> dict[str, Any]: ...

    def forget(self, state: ChannelState[Any]) -> None: ...


logger = logging.getLogger("asyncclient.streams")

try:  # orjson when installed (the fast and sim extras): several times quicker on book pushes
    from orjson import dumps as _orjson_dumps
    from orjson import loads as _loads

    def _dumps(value: Any) -> str:
        return _orjson_dumps(value).decode()

except ImportError:  # pragma: no cover - the standard library instead
    import json

    _loads = json.loads  # type: ignore[assignment]

    def _dumps(value: Any) -> str:
        return json.dumps(value, separators=(",", ":"))


_AUTH_CODES = frozenset({30005, 30011, 30012, 30013, 30014, 30015})
_LIMIT_CODES = frozenset({30006, 30007})


def _first(group: BaseExceptionGroup[Any]) -> BaseException:
    """The first exception a (nested) group holds."""
    first: BaseException = group
    while isinstance(first, BaseExceptionGroup):
        first = first.exceptions[0]
    return first


#: What a malformed row raises while a channel reads it (a wrong type, a missing level, a bad number).
_UNREADABLE = (StreamFormatError, ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError)


def _code(value: Any) -> int:
    """An event's error code; 0 when the server sent something else."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


class _Lost(Exception):
    """The connection is gone (or must go): why, for the log and the stats."""


class _Retire(Exception):
    """The connection reached its planned age and its successor could not be opened: reconnect at once."""


class Connection:
    """A set of channels on one endpoint (``url``), carried by one socket at a time."""

    def __init__(self, streams: ConnectionOwner, index: int, url: str, *, private: bool) -> None:
        self.streams = streams
        self.index = index
        self.url = url
        self.private = private
        self.channels: dict[ArgKey, ChannelState[Any]] = {}
        self._pending: list[ChannelState[Any]] = []
        self._leaving: list[ChannelState[Any]] = []
        self._wake = anyio.Event()
        self._ws: AsyncWebSocketSession | None = None
        self._awaiting_pong = False
        self._scopes = (message_scope(index),)
        self._subscribe_scopes = (message_scope(index), subscribe_scope(index))
        self.connects = 0
        self.drops = 0
        self.retirements = 0
        self.handovers = 0
        self.last_error: str | None = None
        #: True while a socket is logged in, subscribed and caught up, and is being read.
        self.live = False
        self._sockets: TaskGroup | None = None

    @property
    def awaiting_pong(self) -> bool:
        """True from a ping until its pong arrives (tests that step a virtual clock wait for it)."""
        return self._awaiting_pong

    # -- channels -----------------------------------------------------------------------------------------------

    def add(self, state: ChannelState[Any]) -> None:
        self.channels[state.spec.key] = state
        self._pending.append(state)
        self._wake.set()

    def remove(self, state: ChannelState[Any]) -> None:
        self.channels.pop(state.spec.key, None)
        if state in self._pending:
            self._pending.remove(state)
        else:
            self._leaving.append(state)
            self._wake.set()

    # -- the reconnect loop -------------------------------------------------------------------------------------

    async def run(self) -> None:
        async with anyio.create_task_group() as sockets:
            self._sockets = sockets
            await self._run()
            sockets.cancel_scope.cancel()

    async def _connect(self) -> Socket:
        assert self._sockets is not None
        grant = await self.streams.limiter.acquire((CONNECT_SCOPE,)) or NO_GRANT
        try:
            return await open_socket(self._sockets, self.url, self.streams.http, MAX_MESSAGE)
        finally:
            grant.settle()  # answered or failed, the exchange has counted the attempt (settled once either way)

    async def _run(self) -> None:  # noqa: PLR0912, PLR0915 - one reconnect loop: each except is a way a socket ends
        streams = self.streams
        attempt = 0
        successor: Handover | None = None
        while True:
            planned = False
            socket: Socket | None = None
            try:
                socket = successor.socket if successor is not None else await self._connect()
                try:
                    ws = socket.ws
                    self._ws = ws
                    self.connects += 1
                    try:
                        successor = await self._session(ws, successor)
                        continue  # handed over: the successor is live, nothing was missed
                    except _Retire:
                        planned = True
                        self.retirements += 1
                    finally:
                        self.live = False
                        self._ws = None
                finally:
                    socket.close()
            except StreamAuthError as exc:
                self._fail_all(exc)
                return
            except (_Lost, HTTPXWSException, httpx.HTTPError, OSError, anyio.BrokenResourceError) as exc:
                self.drops += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                logger.info("stream connection %d lost: %s", self.index, self.last_error)
            except BaseExceptionGroup as group:  # raised inside httpx-ws's task group: the same as above
                if group.subgroup(lambda exc: not isinstance(exc, Exception)) is not None:
                    raise  # a cancellation (the streams are closing) or an interrupt goes on up
                auth = group.subgroup(lambda exc: isinstance(exc, StreamAuthError))
                if auth is not None:
                    self._fail_all(_first(auth))
                    return
                self.drops += 1
                self.last_error = shown(_first(group), 300)
                logger.info("stream connection %d lost: %s", self.index, self.last_error)
            except Exception as exc:  # e.g. a REST recovery that failed: logged, and tried again after a reconnect
                self.drops += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                logger.warning("stream connection %d failed: %s", self.index, self.last_error, exc_info=True)
            refused = socket.ws.refused if socket is not None and isinstance(socket.ws, CappedSession) else None
            if refused is not None:  # raised in httpx-ws's reader task: this task only saw the socket close
                self.last_error = f"{type(refused).__name__}: {refused}"
            successor = None
            now_ms = streams.server_ms()
            for state in self.channels.values():
                state.disconnected(now_ms)
            if planned:
                attempt = 0
                continue
            # Equal jitter: half the exponential step for sure, half at random, so many clients spread out and
            # none comes straight back.
            step = min(streams.backoff_cap, streams.backoff_base * 2**attempt)
            delay = step / 2 + step / 2 * random.random()
            attempt = min(attempt + 1, 16)
            await streams.clock.sleep(delay)

    def _fail_all(self, error: BaseException) -> None:
        for state in self.channels.values():
            for subscription in state.subscriptions:
                subscription.fail(error)

    async def _send(self, ws: AsyncWebSocketSession, text: str, scopes: Sequence[str]) -> None:
        grant = await self.streams.limiter.acquire(scopes) or NO_GRANT
        try:
            await ws.send_text(text)
        finally:
            grant.settle()  # the limiter holds each slot until settled: a frame counts from when it went out
        self.streams.sent += 1

    async def _send_login(self, ws: AsyncWebSocketSession, frame: _LoginFrame) -> None:
        """Send the login frame; a failure is raised afresh, outside the handler, so no traceback holds the frame."""
        failure = ""
        try:
            await self._send(ws, frame, self._scopes)
        except Exception as exc:  # the frame (passphrase, sign) sits in this chain's frames: keep only the type
            failure = type(exc).__name__
        if failure:
            raise StreamError(f"the login frame could not be sent ({failure})")

    async def _session(self, ws: AsyncWebSocketSession, handed: Handover | None) -> Handover:
        """Run one socket until it is lost (raises) or handed over to a successor (returned, already subscribed)."""
        streams = self.streams
        if handed is None:
            if self.private:
                await self._login(ws)
            states = list(self.channels.values())
            self._pending.clear()
            self._leaving.clear()
            await self._subscribe(ws, states)
            now_ms = streams.server_ms()
            for state in states:
                await state.prepare()
                await state.reconnected(now_ms)  # private channels fetch their gap here, before anything newer
        else:
            # Channels added or left during the handover are caught up on the new socket.
            carried = set(handed.keys)
            self._pending = [s for s in self.channels.values() if s.spec.key not in carried]
            self._leaving = [s for s in handed.states if s.spec.key not in self.channels]
            for text in handed.buffered:  # what the new socket received before it took over
                self.handle_text(text)
            if self._pending or self._leaving:
                self._wake.set()
        self._awaiting_pong = False
        self.live = True
        failure: list[BaseException] = []
        successor: list[Handover] = []
        async with anyio.create_task_group() as group:

            async def guard(task: Any) -> None:
                try:
                    await task(ws)
                except Handover as handover:
                    successor.append(handover)
                except Exception as exc:
                    failure.append(exc)
                finally:
                    group.cancel_scope.cancel()

            group.start_soon(guard, self._read)
            group.start_soon(guard, self._keepalive)
            group.start_soon(guard, self._changes)
        if successor:
            self.handovers += 1
            self.retirements += 1
            return successor[0]
        if failure:
            raise failure[0]
        raise _Lost("closed")

    async def _successor(self) -> Handover:
        """Make before break: a new socket, logged in and subscribed to every channel (acknowledged), while the
        old one is still read. Frames the new socket receives meanwhile are kept for when it takes over."""
        socket = await self._connect()
        try:
            new = socket.ws
            buffered: list[str] = []
            if self.private:
                await self._login(new)
            states = list(self.channels.values())
            waiting = {state.spec.key for state in states}
            await self._subscribe(new, states)
            with anyio.fail_after(self.streams.login_timeout):
                while waiting:
                    text = await new.receive_text()
                    message = _loads(text) if text != "pong" else None
                    # A refusal answers a subscribe too: the channel's subscriptions hear it once this socket is read.
                    if isinstance(message, dict) and message.get("event") in ("subscribe", "error"):
                        waiting.discard(arg_key(message.get("arg") or {}))
                    buffered.append(text)
        except BaseException:
            socket.close()
            raise
        return Handover(socket, states, [state.spec.key for state in states], buffered)

    async def _login(self, ws: AsyncWebSocketSession) -> None:
        await self._send_login(ws, _LoginFrame(_dumps(await self.streams.login_message())))
        with anyio.fail_after(self.streams.login_timeout):
            while True:
                message = _loads(await ws.receive_text())
                if not isinstance(message, dict):
                    continue
                if message.get("event") == "login":
                    return
                if message.get("event") == "error":
                    code = _code(message.get("code"))
                    error_type = StreamAuthError if code in _AUTH_CODES else StreamRefusedError
                    raise error_type(code, str(message.get("msg", "")))

    async def _subscribe(
        self, ws: AsyncWebSocketSession, states: Sequence[ChannelState[Any]], op: str = "subscribe"
    ) -> None:
        batch = self.streams.args_per_request
        for start in range(0, len(states), batch):
            args = [state.spec.arg_dict for state in states[start : start + batch]]
            scopes = self._subscribe_scopes if op == "subscribe" else self._scopes
            await self._send(ws, _dumps({"op": op, "args": args}), scopes)

    # -- the session's tasks ------------------------------------------------------------------------------------

    async def _read(self, ws: AsyncWebSocketSession) -> None:
        while True:
            try:
                text = await ws.receive_text()
            except WebSocketDisconnect as exc:
                raise _Lost(f"closed by the server ({exc.code} {exc.reason})") from None
            self.handle_text(text)

    def handle_text(self, text: str) -> None:
        """One received frame: a pong, a push for one of this connection's channels, or an event."""
        self.streams.received += 1
        if text == "pong":
            self._awaiting_pong = False
            return
        message = _loads(text)
        if not isinstance(message, dict):
            return
        action = message.get("action")
        if action is not None:
            state = self.channels.get(arg_key(message.get("arg") or {}))
            if state is not None:
                try:
                    state.on_push(action, message.get("data") or (), int(message.get("ts") or 0))
                except _UNREADABLE as exc:
                    self._unreadable(state, exc)
                    return
                if state.resync:
                    self._wake.set()
        elif message.get("event") == "error":
            self._on_error(message)

    def _on_error(self, message: dict[str, Any]) -> None:
        code = _code(message.get("code"))
        text = str(message.get("msg", ""))[:200]
        arg = message.get("arg")
        if code in _LIMIT_CODES:
            self.streams.limit_errors += 1
            raise _Lost(f"the exchange counted a limit: {code} {text}")
        state = self.channels.get(arg_key(arg)) if isinstance(arg, dict) else None
        if state is None:
            logger.warning("stream error on connection %d: %s %s", self.index, code, text)
            return
        error = StreamRefusedError(code, text, state.spec.name)
        for subscription in state.subscriptions:
            subscription.fail(error)
        self.channels.pop(state.spec.key, None)
        self.streams.forget(state)

    def _unreadable(self, state: ChannelState[Any], exc: Exception) -> None:
        """A push of this channel could not be read: its readers get a StreamFormatError, the channel is left
        (the same rows would come again after a reconnect), the connection and its other channels carry on."""
        reason = str(exc) if isinstance(exc, StreamFormatError) else f"{type(exc).__name__}: {shown(str(exc), 200)}"
        error = StreamFormatError(f"unreadable push on {state.spec.name}: {reason}")
        logger.warning("stream connection %d: %s", self.index, error)
        for subscription in state.subscriptions:
            subscription.fail(error)
        self.channels.pop(state.spec.key, None)
        self.streams.forget(state)
        self._leaving.append(state)
        self._wake.set()

    async def _keepalive(self, ws: AsyncWebSocketSession) -> None:
        """``ping`` every ``ping_interval``; no ``pong`` within ``pong_timeout`` is a dead connection."""
        streams = self.streams
        clock = streams.clock
        opened = clock.now()
        pong_timeout = min(streams.pong_timeout, streams.ping_interval)
        while True:
            await clock.sleep(streams.ping_interval - pong_timeout)
            if clock.now() - opened >= streams.max_connection_age:
                try:
                    raise await self._successor()
                except Handover:
                    raise
                except Exception as exc:  # no successor now: break, then make (the gap is filled as after a drop)
                    logger.info("stream connection %d: handover failed (%r); reconnecting", self.index, exc)
                    raise _Retire from exc
            self._awaiting_pong = True
            await self._send(ws, "ping", self._scopes)
            streams.pings += 1
            await clock.sleep(pong_timeout)
            if self._awaiting_pong:
                raise _Lost("no pong")

    async def _changes(self, ws: AsyncWebSocketSession) -> None:
        """Subscribe channels added while live, unsubscribe those left, resync books whose checksum failed."""
        while True:
            await self._wake.wait()
            self._wake = anyio.Event()
            leaving, self._leaving = self._leaving, []
            if leaving:
                await self._subscribe(ws, leaving, "unsubscribe")
            resync = [state for state in self.channels.values() if state.resync]
            for state in resync:
                state.resync = False
                self.streams.resyncs += 1
            if resync:
                await self._subscribe(ws, resync, "unsubscribe")
            pending, self._pending = self._pending, []
            if pending or resync:
                await self._subscribe(ws, pending + resync)
            for state in pending:
                await state.prepare()


class _LoginFrame(str):
    """The login frame's text (it carries the passphrase and a signature): its repr names it and shows nothing."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<login frame, redacted>"
