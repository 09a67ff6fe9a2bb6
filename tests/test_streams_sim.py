"""The simulator's WebSocket streams, seen by a raw WebSocket client (httpx-ws) over loopback sockets.

The protocol: ping/pong, subscribe acks and pushes (classic and unified shapes), books with a crc32 checksum
checked here by an implementation of the test's own, the login check and its error codes, the limits and the
faults.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import httpx
import pytest
from httpx_ws import AsyncWebSocketSession, WebSocketDisconnect, WebSocketUpgradeError, aconnect_ws

from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

TICKER = {"instType": "SPOT", "channel": "ticker", "instId": "BTCUSDT"}
BOOKS = {"instType": "SPOT", "channel": "books", "instId": "BTCUSDT"}


@pytest.fixture
def sim() -> Simulator:
    sim = Simulator(seed=3)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    return sim


@asynccontextmanager
async def _served(sim: Simulator) -> AsyncIterator[str]:
    async with serve(sim) as base_url:
        yield base_url.replace("http://", "ws://")


@asynccontextmanager
async def _ws(base: str, path: str = "/v2/ws/public") -> AsyncIterator[AsyncWebSocketSession]:
    async with (
        httpx.AsyncClient() as http,
        aconnect_ws(
            base + path,
            http,
            keepalive_ping_interval_seconds=None,
            max_message_size_bytes=1 << 22,
            session_class=AsyncWebSocketSession,
        ) as ws,
    ):
        yield ws


async def _next(ws: AsyncWebSocketSession, timeout: float = 5.0) -> Any:
    text = await ws.receive_text(timeout=timeout)
    return text if text == "pong" else json.loads(text)


async def _until(ws: AsyncWebSocketSession, predicate: Any, timeout: float = 5.0) -> Any:
    with anyio.fail_after(timeout):
        while True:
            message = await _next(ws)
            if predicate(message):
                return message


def _crc(bids: list[list[str]], asks: list[list[str]]) -> int:
    parts = []
    for i in range(25):
        if i < len(bids):
            parts += bids[i]
        if i < len(asks):
            parts += asks[i]
    value = zlib.crc32(":".join(parts).encode())
    return value - 2**32 if value >= 2**31 else value


def _login(timestamp: str, secret: str = SIM_API_SECRET, **changes: str) -> str:
    sign = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}GET/user/verify".encode(), hashlib.sha256).digest())
    args = {"apiKey": SIM_API_KEY, "passphrase": SIM_PASSPHRASE, "timestamp": timestamp, "sign": sign.decode()}
    return json.dumps({"op": "login", "args": [{**args, **changes}]})


async def test_ping_subscribe_and_successive_ticker_pushes(sim: Simulator) -> None:
    async with _served(sim) as base, _ws(base) as ws:
        await ws.send_text("ping")
        assert await _next(ws) == "pong"
        await ws.send_text(json.dumps({"op": "subscribe", "args": [TICKER]}))
        assert await _next(ws) == {"event": "subscribe", "arg": TICKER}
        pushes = [await _until(ws, lambda m: isinstance(m, dict) and "action" in m) for _ in range(3)]
    for push in pushes:
        assert push["arg"] == TICKER and push["action"] == "snapshot"
        row = push["data"][0]
        assert row["instId"] == "BTCUSDT" and Decimal(row["bidPr"]) < Decimal(row["askPr"])
    assert [int(p["ts"]) for p in pushes] == sorted(int(p["ts"]) for p in pushes)
    assert len({p["ts"] for p in pushes}) == 3


async def test_books_snapshot_then_updates_keep_the_checksum(sim: Simulator) -> None:
    async with _served(sim) as base, _ws(base) as ws:
        await ws.send_text(json.dumps({"op": "subscribe", "args": [BOOKS]}))
        snapshot = await _until(ws, lambda m: isinstance(m, dict) and m.get("action") == "snapshot")
        row = snapshot["data"][0]
        bids = {p: s for p, s in row["bids"]}
        asks = {p: s for p, s in row["asks"]}
        assert row["checksum"] == _crc(row["bids"], row["asks"])
        updates = 0
        while updates < 3:
            update = await _until(ws, lambda m: isinstance(m, dict) and "action" in m)
            assert update["action"] == "update"
            changes = update["data"][0]
            for side, levels in ((bids, changes["bids"]), (asks, changes["asks"])):
                for price, size in levels:
                    if Decimal(size) == 0:
                        side.pop(price)
                    else:
                        side[price] = size
            top_bids = sorted(([p, s] for p, s in bids.items()), key=lambda lv: -Decimal(lv[0]))
            top_asks = sorted(([p, s] for p, s in asks.items()), key=lambda lv: Decimal(lv[0]))
            assert changes["checksum"] == _crc(top_bids[:25], top_asks[:25])
            expected_bids, expected_asks = sim.streams.book("SPOT", "BTCUSDT", int(changes["ts"]))
            assert (top_bids, top_asks) == (expected_bids, expected_asks)
            updates += 1


async def test_unified_shapes(sim: Simulator) -> None:
    args = [
        {"instType": "spot", "topic": "ticker", "symbol": "ETHUSDT"},
        {"instType": "usdt-futures", "topic": "kline", "symbol": "BTCUSDT", "interval": "1m"},
        {"instType": "spot", "topic": "publicTrade", "symbol": "BTCUSDT"},
        {"instType": "spot", "topic": "books5", "symbol": "BTCUSDT"},
    ]
    async with _served(sim) as base, _ws(base, "/v3/ws/public") as ws:
        await ws.send_text(json.dumps({"op": "subscribe", "args": args}))
        seen: dict[str, Any] = {}
        with anyio.fail_after(5):
            while len(seen) < len(args):
                message = await _next(ws)
                if isinstance(message, dict) and "action" in message:
                    seen.setdefault(message["arg"]["topic"], message["data"][0])
    assert Decimal(seen["ticker"]["lastPrice"]) > 0 and "bid1Price" in seen["ticker"]
    assert set(seen["kline"]) == {"start", "open", "high", "low", "close", "volume", "turnover"}
    assert {"T", "P", "v", "S", "i"} <= set(seen["publicTrade"])
    assert len(seen["books5"]["a"]) == 5 and seen["books5"]["checksum"] == _crc(
        seen["books5"]["b"], seen["books5"]["a"]
    )


async def test_unknown_channel_and_bad_requests_answer_documented_codes(sim: Simulator) -> None:
    async with _served(sim) as base, _ws(base) as ws:
        await ws.send_text(json.dumps({"op": "subscribe", "args": [{**TICKER, "instId": "NOPEUSDT"}]}))
        error = await _next(ws)
        assert error["event"] == "error" and error["code"] == 30001 and "NOPEUSDT" in error["msg"]
        await ws.send_text(json.dumps({"op": "subscribe", "args": [{"instType": "SPOT", "channel": "orders"}]}))
        assert (await _next(ws))["code"] in (30001, 30016)
        await ws.send_text("{not json")
        assert (await _next(ws))["code"] == 30002
        await ws.send_text(json.dumps({"op": "dance", "args": []}))
        assert (await _next(ws))["code"] == 30003


async def test_login_checks_key_passphrase_timestamp_and_sign(sim: Simulator) -> None:
    now_s = str(int(time.time()))
    async with _served(sim) as base, _ws(base, "/v2/ws/private") as ws:
        orders = {"instType": "SPOT", "channel": "orders", "instId": "default"}
        await ws.send_text(json.dumps({"op": "subscribe", "args": [orders]}))
        assert (await _next(ws))["code"] == 30004  # not logged in
        cases = [
            (_login(now_s, apiKey="nobody"), 30011),
            (_login(now_s, passphrase="wrong"), 30012),
            (_login("yesterday"), 30013),
            (_login(str(int(time.time()) - 120)), 30014),
            (_login(now_s, secret="not-the-secret"), 30015),
        ]
        for request, code in cases:
            await ws.send_text(request)
            assert (await _next(ws))["code"] == code
        await ws.send_text(_login(str(int(time.time() * 1000))))  # milliseconds are accepted too
        assert await _next(ws) == {"event": "login", "code": "0", "msg": ""}
        await ws.send_text(_login(now_s))  # seconds, as every peer sends
        assert (await _next(ws))["event"] == "login"
        await ws.send_text(json.dumps({"op": "subscribe", "args": [orders]}))
        assert await _next(ws) == {"event": "subscribe", "arg": orders}


async def test_message_rate_over_ten_a_second_disconnects_with_30007(sim: Simulator) -> None:
    async with _served(sim) as base, _ws(base) as ws:
        for _ in range(11):
            await ws.send_text("ping")
        answers = []
        with pytest.raises(WebSocketDisconnect):
            while True:
                answers.append(await _next(ws))
    assert answers[:10] == ["pong"] * 10
    assert answers[10]["code"] == 30007
    assert (30007, "messages per second") in sim.streams.stats.violations


async def test_subscribe_requests_and_channels_per_connection_are_capped(sim: Simulator) -> None:
    sim.streams.limits.subscribes_per_hour = 2
    sim.streams.limits.channels_per_connection = 3
    args = [{**TICKER, "instId": symbol} for symbol in ("BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT")]
    async with _served(sim) as base, _ws(base) as ws:
        await ws.send_text(json.dumps({"op": "subscribe", "args": args}))
        answers = [await _until(ws, lambda m: "event" in m) for _ in range(4)]
        assert [a["event"] for a in answers] == ["subscribe"] * 3 + ["error"]
        assert answers[3]["code"] == 30006
        await ws.send_text(json.dumps({"op": "subscribe", "args": args[:1]}))
        assert (await _until(ws, lambda m: "event" in m))["event"] == "subscribe"
        await ws.send_text(json.dumps({"op": "subscribe", "args": args[:1]}))
        assert (await _until(ws, lambda m: "event" in m))["code"] == 30006  # the third request this hour
    codes = [code for code, _ in sim.streams.stats.violations]
    assert codes == [30006, 30006]


async def test_connections_and_attempts_per_ip_are_capped(sim: Simulator) -> None:
    sim.streams.limits.connections_per_ip = 2
    sim.streams.limits.attempts_per_ip = 4
    async with _served(sim) as base, _ws(base), _ws(base):
        with pytest.raises(WebSocketUpgradeError):
            async with _ws(base):
                pass
        assert sim.streams.stats.violations[-1][0] == 30009
    async with _served(sim) as base:
        async with _ws(base):  # the fourth attempt in the window (a refused one counts too)
            pass
        with pytest.raises(WebSocketUpgradeError):
            async with _ws(base):  # the fifth, though nothing else is open
                pass
    assert sim.streams.stats.violations[-1][0] == 30010


async def test_faults_drop_close_stall_and_the_lifetime(sim: Simulator) -> None:
    async with _served(sim) as base:
        async with _ws(base) as ws:
            await ws.send_text("ping")
            assert await _next(ws) == "pong"
            assert sim.streams.drop() == 1
            with pytest.raises(WebSocketDisconnect) as dropped:
                await _next(ws)
            assert dropped.value.code == 1011
        async with _ws(base) as ws:
            await ws.send_text("ping")
            await _next(ws)
            sim.streams.force_close("maintenance")
            with pytest.raises(WebSocketDisconnect) as closed:
                await _next(ws)
            assert (closed.value.code, closed.value.reason) == (1000, "maintenance")
        async with _ws(base) as ws:
            await ws.send_text("ping")
            await _next(ws)
            sim.streams.stall(2.0)  # long enough that the ping surely arrives inside it, even on a loaded machine
            started = time.monotonic()
            await ws.send_text("ping")
            with pytest.raises(TimeoutError):
                await ws.receive_text(timeout=0.3)
            await anyio.sleep(max(0.0, 2.05 - (time.monotonic() - started)))
            await ws.send_text("ping")
            assert await _next(ws) == "pong"
        sim.streams.settings.max_lifetime = 0.3
        async with _ws(base) as ws:
            with pytest.raises(WebSocketDisconnect) as aged:
                await _next(ws, timeout=5)
            assert aged.value.reason == "connection lifetime over"
        sim.streams.settings.max_lifetime = 86_400
        sim.streams.settings.ping_timeout = 0.3
        async with _ws(base) as ws:
            with pytest.raises(WebSocketDisconnect) as silent:
                await _next(ws, timeout=5)
            assert silent.value.reason == "no ping"
    assert sim.streams.stats.ping_timeouts == 1
    assert sim.streams.stats.drops == 1
