"""The fast transport (``Client(fast_transport=True)``: requests go to aiohttp directly) against the simulator.

asyncio only, by nature: aiohttp runs on asyncio alone, so the tests that send through it pin
``anyio_backend`` to asyncio instead of running on both backends like the rest of the suite. The trio side is
covered by what the option must do there: refuse with a clear :class:`InputError`, whether the client is built
inside trio or outside any event loop and used under trio later.
"""

from __future__ import annotations

import ssl
import sys
from decimal import Decimal
from typing import Any

import aiohttp
import anyio
import pytest

import asyncclient._fast_transport as fast_transport
from asyncclient import AuthenticationError, Client, InputError
from asyncclient.testing import Simulator, serve

KEY, SECRET, PASSPHRASE = "fast-key", "fast-secret", "fast-passphrase"
ORDER = {
    "symbol": "BTCUSDT",
    "side": "buy",
    "orderType": "limit",
    "force": "gtc",
    "price": Decimal("1000"),
    "size": Decimal("0.01"),
    "clientOid": "fast-transport-1",
}


@pytest.fixture
def sessions(monkeypatch: pytest.MonkeyPatch) -> list[aiohttp.ClientSession]:
    """Every aiohttp session the fast transport opens, so a test can see aiohttp really carried the bytes."""
    opened: list[aiohttp.ClientSession] = []
    original = fast_transport._open_session

    def spy(ssl_context: ssl.SSLContext | None) -> aiohttp.ClientSession:
        session = original(ssl_context)
        opened.append(session)
        return session

    monkeypatch.setattr(fast_transport, "_open_session", spy)
    return opened


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_public_and_signed_requests_go_through_aiohttp(
    anyio_backend: str, sessions: list[aiohttp.ClientSession]
) -> None:
    sim = Simulator()
    uid = sim.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
    async with serve(sim) as url:
        async with Client(
            KEY, SECRET, PASSPHRASE, base_url=url, fast_transport=True, credentials_from_env=False
        ) as client:
            tickers: Any = await client.request("GET", "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"})
            order: Any = await client.request("POST", "/api/v2/spot/trade/place-order", ORDER)
            assert len(sessions) == 1 and not sessions[0].closed
        assert sessions[0].closed, "closing the client must close aiohttp's session"
    assert [ticker["symbol"] for ticker in tickers] == ["BTCUSDT"]
    assert order["clientOid"] == "fast-transport-1"
    assert "fast-transport-1" in sim.orders_by_client_oid(uid)
    assert sim.records.count("POST", "/api/v2/spot/trade/place-order", 200) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_errors_decode_the_same_over_aiohttp(anyio_backend: str) -> None:
    sim = Simulator()
    sim.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
    async with (
        serve(sim) as url,
        Client(
            KEY, "not-the-secret", PASSPHRASE, base_url=url, fast_transport=True, credentials_from_env=False
        ) as client,
    ):
        with pytest.raises(AuthenticationError) as caught:
            await client.request("POST", "/api/v2/spot/trade/place-order", ORDER)
    assert caught.value.http_status in (400, 401)
    assert "not-the-secret" not in repr(caught.value) + str(caught.value)


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_refused_when_built_under_trio(anyio_backend: str) -> None:
    with pytest.raises(InputError, match="asyncio only"):
        Client(base_url="http://127.0.0.1:9", fast_transport=True, credentials_from_env=False)


def test_refused_when_first_used_under_trio() -> None:
    # Built outside any event loop, the check waits for the first request; nothing reaches the network.
    # (No clock sync on entry, so the refusal comes from the request itself, not from background work.)
    client = Client(base_url="http://127.0.0.1:9", fast_transport=True, sync_clock=False, credentials_from_env=False)

    async def use() -> None:
        async with client:
            await client.request("GET", "/api/v2/public/time")

    with pytest.raises(InputError, match="asyncio only"):
        anyio.run(use, backend="trio")


def test_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "aiohttp", None)  # makes the import fail as if not installed
    with pytest.raises(InputError, match=r"asyncclient\[fast\]"):
        Client(base_url="http://127.0.0.1:9", fast_transport=True, credentials_from_env=False)


@pytest.mark.anyio
async def test_an_explicit_transport_wins(anyio_backend: str) -> None:
    # Under trio too: the option only picks a transport when none was given.
    sim = Simulator()
    async with Client(
        base_url="http://sim", transport=sim.transport(), fast_transport=True, credentials_from_env=False
    ) as client:
        data: Any = await client.request("GET", "/api/v2/public/time")
    assert int(data["serverTime"]) > 0


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_server_closing_after_reading_is_never_taken_for_never_sent(anyio_backend: str) -> None:
    """An unsafe POST whose connection closes after the request was read: sent once, outcome unknown."""
    import asyncio

    from asyncclient import OutcomeUnknownError

    received: list[bytes] = []

    async def read_then_close(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")),
            0,
        )
        received.append(head + await reader.readexactly(length))
        writer.close()  # the request arrived; no answer

    server = await asyncio.start_server(read_then_close, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with (
        server,
        Client(
            KEY,
            SECRET,
            PASSPHRASE,
            base_url=f"http://127.0.0.1:{port}",
            fast_transport=True,
            sync_clock=False,
            credentials_from_env=False,
        ) as client,
    ):
        with pytest.raises(OutcomeUnknownError):
            await client.request(
                "POST", "/api/v2/spot/wallet/withdrawal", {"coin": "USDT", "address": "x", "size": "1"}
            )
    assert len(received) == 1 and received[0].startswith(b"POST /api/v2/spot/wallet/withdrawal")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_refused_connection_is_never_sent_and_carries_no_cause(anyio_backend: str) -> None:
    import socket

    from asyncclient import TransportError
    from asyncclient._fast_transport import AiohttpSender

    with socket.socket() as probe:  # a loopback port with nobody listening once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with AiohttpSender(f"http://127.0.0.1:{port}", 5.0) as sender:
        with pytest.raises(TransportError) as caught:
            await sender.send(
                "POST", "/api/v2/spot/trade/place-order", "", headers={"ACCESS-KEY": KEY}, content="{}", timeout=None
            )
    assert caught.value.maybe_sent is False
    # aiohttp's exception can hold the signed headers: it must not ride along as the cause or context.
    assert caught.value.__cause__ is None and caught.value.__context__ is None


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_a_read_timeout_may_have_been_sent(anyio_backend: str) -> None:
    import asyncio

    from asyncclient import TransportError
    from asyncclient._fast_transport import AiohttpSender

    requests: list[bytes] = []

    async def read_then_wait(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        requests.append(await reader.readuntil(b"\r\n\r\n"))
        await reader.read()  # never answers; returns when the client gives up and closes
        writer.close()

    server = await asyncio.start_server(read_then_wait, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, AiohttpSender(f"http://127.0.0.1:{port}", 5.0) as sender:
        with pytest.raises(TransportError) as caught:
            await sender.send(
                "GET", "/api/v2/spot/market/tickers", "symbol=BTC%20USDT", headers={}, content=None, timeout=0.3
            )
    assert caught.value.maybe_sent is True
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    # The per-call timeout applied, and the escaped query went out as built, not re-encoded.
    assert len(requests) == 1 and requests[0].startswith(b"GET /api/v2/spot/market/tickers?symbol=BTC%20USDT ")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_the_answer_comes_back_as_sent(anyio_backend: str) -> None:
    """Status, headers (read case-insensitively, as the envelope reads Retry-After) and body, redirects unfollowed."""
    import asyncio
    import contextlib

    from asyncclient._fast_transport import AiohttpSender

    answers = {
        b"/limited": b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 2\r\n\r\nno",
        b"/moved": b"HTTP/1.1 302 Found\r\nLocation: /limited\r\nContent-Length: 0\r\n\r\n",
    }
    paths: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.IncompleteReadError):  # the client hung up
            while head := await reader.readuntil(b"\r\n\r\n"):
                await reader.readexactly(2 if head.startswith(b"POST") else 0)  # the "{}" body
                path = head.split(b" ")[1]
                paths.append(path)
                writer.write(answers[path])
                await writer.drain()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, AiohttpSender(f"http://127.0.0.1:{port}", 5.0) as sender:
        status, headers, body = await sender.send("GET", "/limited", "", headers={}, content=None, timeout=None)
        assert (status, headers.get("retry-after"), body) == (429, "2", b"no")
        status, headers, body = await sender.send("POST", "/moved", "", headers={}, content="{}", timeout=None)
        assert (status, headers.get("location"), body) == (302, "/limited", b"")
    assert paths == [b"/limited", b"/moved"]  # the redirect was handed back, not followed
