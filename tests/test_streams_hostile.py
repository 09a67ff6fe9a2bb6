"""The streams against a hostile WebSocket server on a loopback port, on asyncio and trio.

A message past the cap (8 MiB) must not be read into memory and delivered: the connection is dropped with a
:class:`StreamMessageTooLargeError` and made again (httpx-ws alone joins a message's fragments without bound).
A push whose rows cannot be read ends that channel's readers with a short :class:`StreamFormatError` and leaves
the connection up (it used to drop and reconnect without end, the readers hearing nothing).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from asyncclient import Client, InputError
from asyncclient.streams import StreamFormatError, TickerUpdate
from asyncclient.streams._session import MAX_MESSAGE
from asyncclient.testing import LoopbackServer

pytestmark = pytest.mark.anyio


class _Hostile:
    """Answers the first subscribe with a ticker push past the cap, later ones with a small push; a channel in
    ``bad_rows`` is answered with that row instead."""

    def __init__(self) -> None:
        self.connects = 0
        self.bad_rows: dict[str, Any] = {}
        self.unsubscribed: list[str] = []

    async def time(self, request: Request) -> JSONResponse:
        now = str(int(time.time() * 1000))
        return JSONResponse({"code": "00000", "msg": "success", "requestTime": int(now), "data": {"serverTime": now}})

    async def ws(self, ws: WebSocket) -> None:
        self.connects += 1
        first = self.connects == 1
        await ws.accept()
        while True:
            text = await ws.receive_text()
            if text == "ping":
                await ws.send_text("pong")
                continue
            message = json.loads(text)
            if message.get("op") == "unsubscribe":
                self.unsubscribed += [arg["channel"] for arg in message["args"]]
            if message.get("op") != "subscribe":
                continue
            arg = message["args"][0]
            if arg["channel"] in self.bad_rows:
                bad = self.bad_rows[arg["channel"]]
                await ws.send_text(json.dumps({"action": "snapshot", "arg": arg, "data": [bad], "ts": 1}))
                continue
            row: dict[str, Any] = {"lastPr": "1" if first else "2"}
            if first:
                row["pad"] = "x" * (MAX_MESSAGE + 1024)
            await ws.send_text(json.dumps({"action": "snapshot", "arg": arg, "data": [row], "ts": 1}))


@pytest.fixture
def hostile() -> Iterator[tuple[_Hostile, str]]:
    server = _Hostile()
    app = Starlette(routes=[Route("/api/v2/public/time", server.time), WebSocketRoute("/v2/ws/public", server.ws)])
    loopback = LoopbackServer(app)  # type: ignore[arg-type]  # any ASGI app serves
    loopback.start()
    try:
        yield server, loopback.url
    finally:
        loopback.stop()


async def test_a_message_past_the_cap_is_refused_and_the_connection_made_again(
    hostile: tuple[_Hostile, str],
) -> None:
    server, url = hostile
    async with (
        Client(base_url=url, credentials_from_env=False) as client,
        client.streams(url=url.replace("http", "ws"), backoff_base=0.01, backoff_cap=0.05) as streams,
    ):
        with anyio.fail_after(30):
            async for update in streams.ticker("BTCUSDT"):
                assert isinstance(update, TickerUpdate)
                break
        assert str(update.last) == "2"  # the oversized push was never delivered
        assert server.connects >= 2
        (connection,) = streams.connections
        assert connection.drops >= 1
        assert connection.last_error is not None
        assert "StreamMessageTooLargeError" in connection.last_error


@pytest.mark.parametrize(
    ("channel", "row"),
    [
        ("ticker", {"lastPr": "x" * 100_000}),  # not a number, and long
        ("ticker", ["not", "an", "object"]),
        ("books", {"bids": [["abc", "1"]], "asks": [], "ts": "1"}),  # a price that is not a number
        ("books", {"bids": [["100"]], "asks": [], "ts": "1"}),  # a level without a size
        ("books", {"bids": [], "asks": [], "checksum": "zz", "ts": "1"}),
    ],
)
async def test_an_unreadable_push_ends_the_channels_readers_typed_and_keeps_the_connection(
    hostile: tuple[_Hostile, str], channel: str, row: Any
) -> None:
    server, url = hostile
    server.connects = 1  # no oversized first push here
    server.bad_rows[channel] = row
    async with (
        Client(base_url=url, credentials_from_env=False) as client,
        client.streams(url=url.replace("http", "ws"), backoff_base=0.01, backoff_cap=0.05) as streams,
    ):
        subscription = streams.ticker("BTCUSDT") if channel == "ticker" else streams.book("BTCUSDT")
        with anyio.fail_after(30), pytest.raises(StreamFormatError) as info:
            async for _ in subscription:
                pass
        assert len(str(info.value)) < 500 and "BTCUSDT" in str(info.value)
        # The channel is left on the exchange too.
        with anyio.fail_after(30):
            while channel not in server.unsubscribed:  # noqa: ASYNC110 - the server runs on its own thread
                await anyio.sleep(0.01)
        (connection,) = streams.connections
        assert connection.drops == 0 and server.connects == 2  # the one connection stayed up


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("args_per_request", 0),  # range(..., 0) failed in every connect: reconnects without end
        ("args_per_request", 10**6),
        ("queue_size", 0),
        ("queue_size", -5),
        ("private_queue_size", 0),
        ("ping_interval", math.nan),  # passed the old "<= 0 or > 120" check
        ("pong_timeout", math.nan),
        ("backoff_base", -1.0),
        ("backoff_cap", math.inf),
        ("login_timeout", math.nan),
        ("max_connection_age", 0),
        ("channels_per_connection", "40"),  # was an untyped TypeError
        ("unified", "yes"),
        ("url", "ftp://elsewhere"),
        ("url", "ws://a b"),
    ],
)
def test_stream_options_are_checked_when_built(option: str, value: object) -> None:
    client = Client(base_url="http://127.0.0.1:9", credentials_from_env=False)
    with pytest.raises(InputError):
        client.streams(**{option: value})
