"""Bad input through every public entry point: a clear InputError before anything is sent, never echoing a secret.

The simulator serves on a loopback port and counts every request it gets: after each refusal the count is still
zero. Request-level checks run on httpx (asyncio and trio) and on the aiohttp fast transport (asyncio only).
"""

from __future__ import annotations

import math
import traceback
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from _hostile import KINDS

from asyncclient import Client, InputError, InputTypeError
from asyncclient.testing import Simulator, serve

KEY, SECRET, PASSPHRASE = "input-key-Q1", "input-secret-W2", "input-pass-E3"
TICKERS = "/api/v2/spot/market/tickers"
PLACE = "/api/v2/spot/trade/place-order"
HUGE = "x" * 10_000_000


def _refusal_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("passphrase", PASSPHRASE + "\r"),
        ("passphrase", PASSPHRASE + "\n"),
        ("passphrase", "input-\x00pass"),
        ("passphrase", "input-pässphrase"),
        ("passphrase", "input pass\twith tab"),
        ("api_key", KEY + "\r\n"),
        ("api_key", "input-kéy"),
        ("api_secret", SECRET + "\r"),
    ],
)
def test_credentials_that_cannot_go_in_a_header_are_refused_without_echo(field: str, value: str) -> None:
    credentials: dict[str, Any] = {"api_key": KEY, "api_secret": SECRET, "passphrase": PASSPHRASE, field: value}
    with pytest.raises(InputError) as info:
        Client(**credentials, credentials_from_env=False)
    text = _refusal_text(info.value)
    assert value not in text and value.strip() not in text
    assert field in str(info.value)


def test_credentials_from_the_environment_are_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGET_API_KEY", KEY)
    monkeypatch.setenv("BITGET_API_SECRET", SECRET)
    monkeypatch.setenv("BITGET_PASSPHRASE", PASSPHRASE + "\r")  # a CRLF .env file
    with pytest.raises(InputError, match="carriage return") as info:
        Client()
    assert PASSPHRASE not in _refusal_text(info.value)


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("timeout", "abc"),
        ("timeout", math.nan),
        ("timeout", math.inf),
        ("timeout", -1),
        ("timeout", 0),
        ("timeout", True),
        ("max_retry_after", -1.0),
        ("max_retry_after", math.nan),
        ("max_response_size", 0),
        ("max_response_size", "64MB"),
        ("locale", "en-US\r\nX-Evil: 1"),
        ("locale", "中文"),
        ("locale", "x" * 100),
    ],
)
def test_options_are_checked_at_construction(option: str, value: object) -> None:
    with pytest.raises(InputError):
        Client(**{option: value}, credentials_from_env=False)  # type: ignore[arg-type]


@pytest.fixture
def sim() -> Simulator:
    simulator = Simulator(seed=5)
    simulator.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
    return simulator


@pytest.fixture
async def url(sim: Simulator, anyio_backend: str) -> AsyncIterator[str]:
    async with serve(sim) as base_url:
        yield base_url


def _client(url: str, kind: str) -> Client:
    return Client(KEY, SECRET, PASSPHRASE, base_url=url, fast_transport=kind == "aiohttp", credentials_from_env=False)


BAD_PATHS = [
    TICKERS + "#frag",
    "/api/v2/spot/market/../../../evil",
    "/api/v2/spot/market/./tickers",
    "/api/v2/spot/market/%2e%2e/evil",
    "/api/v2/spot/market/tick%65rs",
    "/api/v2/spöt/market/tickers",
    TICKERS + "\r\nX-Evil: 1",
    TICKERS + "\n",
    TICKERS + "\x00",
    TICKERS + "?symbol=BTCUSDT",
    TICKERS + "/",
    "/api/v2//spot/market/tickers",
    "/api/",
    "/api",
    "api/v2/spot/market/tickers",
    " /api/v2/spot/market/tickers",
    "/api/v2/spot/market/tickers;x",
    "/api/" + "a" * 5000,
    "https://elsewhere.example/api/v2/x",
]


@pytest.mark.anyio
@KINDS
async def test_bad_paths_are_refused_and_nothing_is_sent(
    anyio_backend: str, kind: str, url: str, sim: Simulator
) -> None:
    async with _client(url, kind) as client:
        for path in BAD_PATHS:
            with pytest.raises(InputError) as info:
                await client.request("GET", path)
            assert len(str(info.value)) < 400
    assert sim.records.total == 0


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize("timeout", ["abc", math.nan, math.inf, -1, 0, False])
async def test_bad_per_call_timeouts_are_refused(
    anyio_backend: str, kind: str, url: str, sim: Simulator, timeout: Any
) -> None:
    async with _client(url, kind) as client:
        with pytest.raises(InputError):
            await client.request("GET", TICKERS, timeout=timeout)
    assert sim.records.total == 0


def _nested(levels: int) -> dict[str, Any]:
    document: dict[str, Any] = {"leaf": "1"}
    for _ in range(levels):
        document = {"inner": document}
    return document


BAD_PARAMS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", TICKERS, {"symbol": HUGE}),
    ("GET", TICKERS, {"x" * 500: "1"}),
    ("GET", TICKERS, {"limit": 10**100}),
    ("GET", TICKERS, {"symbol": 1.5}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "size": Decimal("1e20000000")}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "size": Decimal("1e-50")}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "size": Decimal("1." + "1" * 100)}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "size": Decimal("NaN")}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "note": HUGE}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "nested": _nested(5000)}),
    ("POST", PLACE, {"symbol": "BTCUSDT", "list": [["x"] * 10] * 200_000}),
]


@pytest.mark.anyio
@KINDS
async def test_unbounded_params_are_refused_and_nothing_is_sent(
    anyio_backend: str, kind: str, url: str, sim: Simulator
) -> None:
    async with _client(url, kind) as client:
        for method, path, params in BAD_PARAMS:
            with pytest.raises(InputError) as info:
                await client.request(method, path, params)
            assert len(str(info.value)) < 700  # a 10 MB value is never echoed whole
    assert sim.records.total == 0


@pytest.mark.anyio
@KINDS
async def test_typed_methods_refuse_unbounded_input(anyio_backend: str, kind: str, url: str, sim: Simulator) -> None:
    async with _client(url, kind) as client:
        spot, futures = client.spot, client.futures
        refusals = [
            spot.place_order("BTCUSDT", "buy", "limit", "0.01", price="1000", client_oid="abc\n"),
            spot.place_order("BTCUSDT", "buy", "limit", "0.01", price="1000", client_oid="a" * 65),
            spot.place_order("BTCUSDT", "buy", "limit", Decimal("1e20000000"), price="1000"),
            spot.place_order("BTCUSDT", "buy", "limit", "1e20000000", price="1000"),
            spot.place_order("BTCUSDT", "buy", "limit", "1" * 10_000, price="1000"),
            spot.place_order("BTCUSDT", "buy", "limit", "0.01", price=Decimal("1E-40")),
            spot.place_order(HUGE, "buy", "limit", "0.01", price="1000"),
            spot.cancel_order("BTCUSDT", client_oid="abc\n"),
            spot.order(client_oid="abc\n"),
            spot.order("123\n456"),
            spot.tickers(symbol="BTC\nUSDT"),
            futures.place_order("BTCUSDT", "buy", "limit", "0.01", price="1000", client_oid="x\n"),
            futures.place_order("BTCUSDT", "buy", "limit", Decimal("9" * 60), price="1000"),
        ]
        for refusal in refusals:
            with pytest.raises(InputError) as info:
                await refusal
            assert len(str(info.value)) < 700
    assert sim.records.total == 0


def test_input_errors_are_cut_and_keep_their_types() -> None:
    error = InputError("x" * 100_000)
    assert len(str(error)) < 700 and isinstance(error, ValueError)
    assert isinstance(InputTypeError("y" * 100_000), TypeError)


@pytest.mark.anyio
@KINDS
async def test_withdrawals_refuse_control_characters_and_a_non_bool_internal(
    anyio_backend: str, kind: str, url: str, sim: Simulator
) -> None:
    """A withdrawal moves money for good: an address or memo with a CR/LF/NUL (a CRLF file), a memo that is not
    text, or ``internal="no"`` (truthy: an internal transfer) is refused, not sent."""
    async with _client(url, kind) as client:
        wallet = client.wallet
        refusals = [
            wallet.withdraw("USDT", "1", "0xabc\r"),
            wallet.withdraw("USDT", "1", "0xa\nbc"),
            wallet.withdraw("USDT", "1", "0xabc", tag="memo\n"),
            wallet.withdraw("USDT", "1", "0xabc", tag="me\x00mo"),
            wallet.withdraw("USDT", "1", "0xabc", tag=123),  # type: ignore[arg-type]
            wallet.withdraw("USDT", "1", "0xabc", tag=""),
            wallet.withdraw("USDT", "1", "0xabc", internal="no"),  # type: ignore[arg-type]
            wallet.withdraw("USDT", "1", "a" * 300),
        ]
        for refusal in refusals:
            with pytest.raises(InputError) as info:
                await refusal
            assert len(str(info.value)) < 700
    assert sim.records.total == 0
