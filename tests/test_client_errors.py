"""Every error path of the core request path, over real HTTP against the simulator, with the exact exception."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from asyncclient import (
    AuthenticationError,
    BadRequestError,
    Client,
    DecodeError,
    ExchangeUnavailableError,
    InsufficientFundsError,
    NotFoundError,
    TimestampError,
    TransportError,
)
from asyncclient._retry import RetryPolicy
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

NO_RETRY = RetryPolicy(max_attempts=1)
ASSETS = "/api/v2/spot/account/assets"
TICKERS = "/api/v2/spot/market/tickers"


def _client(
    sim: Simulator, key: str = SIM_API_KEY, secret: str = SIM_API_SECRET, passphrase: str = SIM_PASSPHRASE
) -> Client:
    return Client(
        key,
        secret,
        passphrase,
        base_url="http://simulator",
        transport=sim.transport(),
        retry=NO_RETRY,
        credentials_from_env=False,
    )


@pytest.fixture
def sim() -> Simulator:
    simulator = Simulator(seed=3)
    simulator.add_account(api_key=SIM_API_KEY, api_secret=SIM_API_SECRET, passphrase=SIM_PASSPHRASE)
    return simulator


@pytest.mark.anyio
async def test_public_and_signed_success(sim: Simulator) -> None:
    async with Client(base_url="http://simulator", transport=sim.transport(), credentials_from_env=False) as public:
        tickers = await public.request("GET", TICKERS, {"symbol": "BTCUSDT"})
    assert isinstance(tickers, list) and tickers[0]["symbol"] == "BTCUSDT"
    async with _client(sim) as client:
        assets = await client.request("GET", ASSETS)
    assert {row["coin"] for row in assets} >= {"USDT"}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("key", "secret", "passphrase", "code"),
    [
        (SIM_API_KEY, "wrong-secret", SIM_PASSPHRASE, "40009"),
        (SIM_API_KEY, SIM_API_SECRET, "wrong-passphrase", "40012"),
        ("no-such-key", SIM_API_SECRET, SIM_PASSPHRASE, None),
    ],
    ids=["bad-signature", "bad-passphrase", "unknown-key"],
)
async def test_authentication_errors(sim: Simulator, key: str, secret: str, passphrase: str, code: str | None) -> None:
    async with _client(sim, key, secret, passphrase) as client:
        with pytest.raises(AuthenticationError) as info:
            await client.request("GET", ASSETS)
    error = info.value
    assert error.http_status in (400, 401) and (error.method, error.path) == ("GET", ASSETS)
    if code is not None:
        assert error.code == code
    else:
        assert error.code in ("40006", "40037")
    text = f"{error} {error!r} {error.body}"
    assert secret not in text and passphrase not in text


@pytest.mark.anyio
async def test_rsa_key_signs_and_is_verified(sim: Simulator) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    sim.add_account(api_key="rsa-key", passphrase="rsa-pass", rsa_public_key=public_pem)
    async with Client(
        "rsa-key",
        passphrase="rsa-pass",
        private_key=private_pem,
        base_url="http://simulator",
        transport=sim.transport(),
        credentials_from_env=False,
    ) as client:
        assets = await client.request("GET", ASSETS, {"coin": "USDT"})
    assert [row["coin"] for row in assets] == ["USDT"]


@pytest.mark.anyio
async def test_unknown_path_is_not_found(sim: Simulator) -> None:
    async with _client(sim) as client:
        with pytest.raises(NotFoundError) as info:
            await client.request("GET", "/api/v2/spot/market/no-such-thing")
    assert info.value.http_status == 404


@pytest.mark.anyio
async def test_missing_parameter_is_bad_request(sim: Simulator) -> None:
    async with _client(sim) as client:
        with pytest.raises(BadRequestError) as info:
            await client.request("GET", "/api/v2/spot/market/orderbook")
    assert info.value.code == "40019" and "symbol" in info.value.message


@pytest.mark.anyio
async def test_insufficient_funds(sim: Simulator) -> None:
    order = {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "price": Decimal("10000"),
        "size": Decimal("1000"),
    }
    async with _client(sim) as client:
        with pytest.raises(InsufficientFundsError) as info:
            await client.request("POST", "/api/v2/spot/trade/place-order", order)
    assert info.value.code == "43012" and info.value.method == "POST"


@pytest.mark.anyio
async def test_html_502_page_and_truncated_body(sim: Simulator) -> None:
    async with _client(sim) as client:
        sim.faults.set(path=TICKERS, html_502_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as unavailable:
            await client.request("GET", TICKERS)
        assert unavailable.value.http_status == 502 and unavailable.value.code is None
        sim.faults.set(path=TICKERS, truncate_rate=1.0)
        with pytest.raises(DecodeError) as truncated:
            await client.request("GET", TICKERS)
        assert truncated.value.http_status == 200


@pytest.mark.anyio
async def test_timestamp_outside_window_without_clock_sync(sim: Simulator) -> None:
    sim.clock.set_offset(45.0)
    async with Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url="http://simulator",
        transport=sim.transport(),
        retry=NO_RETRY,
        sync_clock=False,
        credentials_from_env=False,
    ) as client:
        with pytest.raises(TimestampError) as info:
            await client.request("GET", ASSETS)
    assert info.value.code == "40008"


@pytest.mark.anyio
async def test_dropped_connection_is_a_transport_error(sim: Simulator) -> None:
    sim.faults.set(path=TICKERS, drop_rate=1.0)
    async with _client(sim) as client:
        with pytest.raises(TransportError) as info:
            await client.request("GET", TICKERS)
    assert info.value.maybe_sent and info.value.path == TICKERS


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.anyio
async def test_connection_refused_is_never_sent() -> None:
    async with Client(base_url=f"http://127.0.0.1:{_closed_port()}", retry=NO_RETRY, credentials_from_env=False) as c:
        with pytest.raises(TransportError) as info:
            await c.request("GET", TICKERS)
    assert not info.value.maybe_sent


@pytest.fixture
async def server_url(sim: Simulator, anyio_backend: str) -> AsyncIterator[str]:
    async with serve(sim) as url:
        yield url


@pytest.mark.anyio
async def test_read_timeout_over_real_socket_may_have_been_sent(sim: Simulator, server_url: str) -> None:
    sim.faults.set(path=TICKERS, latency=2.0)
    async with Client(base_url=server_url, timeout=0.3, retry=NO_RETRY, credentials_from_env=False) as client:
        with pytest.raises(TransportError) as info:
            await client.request("GET", TICKERS)
        assert info.value.maybe_sent and "Timeout" in str(info.value)
        sim.faults.clear()
        data = await client.request("GET", TICKERS, {"symbol": "ETHUSDT"})
    assert data[0]["symbol"] == "ETHUSDT"


@pytest.mark.anyio
async def test_transport_error_carries_no_request_headers() -> None:
    async with Client(
        "visible-key-123",
        "hidden-secret",
        "hidden-pass",
        base_url=f"http://127.0.0.1:{_closed_port()}",
        retry=NO_RETRY,
        sync_clock=False,
        credentials_from_env=False,
    ) as client:
        with pytest.raises(TransportError) as info:
            await client.request("GET", ASSETS)
    error = info.value
    assert error.__cause__ is None and error.__context__ is None
    assert "hidden" not in f"{error} {error!r}" and "visible-key-123" not in str(error)


@pytest.mark.anyio
async def test_cancelled_while_entering_leaves_no_broken_state(sim: Simulator) -> None:
    import anyio

    client = _client(sim)
    with anyio.CancelScope() as scope:
        scope.cancel()
        await client.__aenter__()
    assert scope.cancelled_caught
    await client.aclose()  # idempotent after the failed enter
    async with _client(sim) as fresh:  # the task's state is intact: a new client enters and works
        assert await fresh.server_time() > 0


class _HeaderRecorder(httpx.AsyncBaseTransport):
    """Passes requests on to the simulator and keeps the headers each one carried."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: list[httpx.Headers] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request.headers)
        return await self.inner.handle_async_request(request)


@pytest.mark.anyio
async def test_demo_trading_and_locale_headers(sim: Simulator) -> None:
    recorder = _HeaderRecorder(sim.transport())
    async with Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url="http://simulator",
        transport=recorder,
        demo_trading=True,
        locale="en-US",
        sync_clock=False,
        credentials_from_env=False,
    ) as client:
        await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})
        await client.request("GET", ASSETS)
    public, signed = recorder.seen
    assert public["paptrading"] == "1" and public["locale"] == "en-US" and "ACCESS-KEY" not in public
    assert signed["paptrading"] == "1" and signed["ACCESS-KEY"] == SIM_API_KEY
    assert all(name in signed for name in ("ACCESS-SIGN", "ACCESS-TIMESTAMP", "ACCESS-PASSPHRASE"))
    plain_recorder = _HeaderRecorder(sim.transport())
    async with Client(base_url="http://simulator", transport=plain_recorder, credentials_from_env=False) as plain:
        await plain.request("GET", TICKERS, {"symbol": "BTCUSDT"})
    assert "paptrading" not in plain_recorder.seen[0] and "locale" not in plain_recorder.seen[0]
