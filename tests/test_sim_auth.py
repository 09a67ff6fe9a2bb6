"""The simulator's signature checks: every rule with the request it accepts and the one it rejects."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from _sim_toy import (
    API_KEY,
    API_SECRET,
    ASSETS,
    PASSPHRASE,
    PLACE,
    hmac_sign,
    now_ms,
    send,
    signed_request,
    toy_simulator,
)
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import asyncclient.testing
from asyncclient import AuthenticationError, Client, TimestampError

pytestmark = pytest.mark.anyio


def _code(response: httpx.Response) -> str:
    return str(orjson.loads(response.content)["code"])


async def test_a_signed_get_is_accepted_and_reaches_the_handler_with_its_account() -> None:
    sim, _, uid = toy_simulator()
    response = await send(sim, signed_request("GET", ASSETS, query="coin=USDT"))
    payload = orjson.loads(response.content)
    assert response.status_code == 200
    assert payload["code"] == "00000"
    assert payload["msg"] == "success"
    assert isinstance(payload["requestTime"], int)
    assert payload["data"] == [{"coin": "USDT", "available": "100"}]
    assert sim.records.requests[-1].uid == uid


async def test_the_query_is_verified_in_the_order_sent() -> None:
    sim, _, _ = toy_simulator()
    unsorted = await send(sim, signed_request("GET", ASSETS, query="limit=20&coin=USDT"))
    assert unsorted.status_code == 200
    # Signed sorted, sent unsorted: the server signs what it received, so this fails.
    reordered = await send(
        sim, signed_request("GET", ASSETS, query="coin=USDT&limit=20", url_query="limit=20&coin=USDT")
    )
    assert (reordered.status_code, _code(reordered)) == (400, "40009")


@pytest.mark.parametrize("symbol", ["$DEGENUSDT", "龙虾USDT", "A+B USDT"])
async def test_the_signature_covers_raw_values_while_the_url_carries_them_escaped(symbol: str) -> None:
    sim, _, _ = toy_simulator()
    query = f"symbol={symbol}"
    escaped = "symbol=" + "".join(f"%{byte:02X}" for byte in symbol.encode())
    accepted = await send(sim, signed_request("GET", ASSETS, query=query, url_query=escaped))
    assert accepted.status_code == 200, accepted.text
    assert sim.records.requests[-1].query == escaped
    # Signing the escaped form instead of the raw one is the classic 40009.
    rejected = await send(sim, signed_request("GET", ASSETS, query=escaped, url_query=escaped))
    assert (rejected.status_code, _code(rejected)) == (400, "40009")


async def test_a_dollar_sign_sent_unescaped_verifies_too() -> None:
    sim, _, _ = toy_simulator()
    response = await send(sim, signed_request("GET", ASSETS, query="symbol=$DEGENUSDT", url_query="symbol=$DEGENUSDT"))
    assert response.status_code == 200


async def test_the_body_is_verified_byte_for_byte() -> None:
    sim, exchange, uid = toy_simulator()
    spaced = b'{"symbol": "BTCUSDT", "clientOid": "a1"}'
    accepted = await send(sim, signed_request("POST", PLACE, body=spaced))
    assert accepted.status_code == 200
    assert exchange.orders[uid]["a1"][0]["symbol"] == "BTCUSDT"
    request = signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT","clientOid":"a2"}')
    request = httpx.Request(
        "POST", request.url, headers=request.headers, content=b'{"symbol": "BTCUSDT", "clientOid": "a2"}'
    )
    rejected = await send(sim, request)
    assert (rejected.status_code, _code(rejected)) == (400, "40009")
    assert "a2" not in exchange.orders[uid]


@pytest.mark.parametrize(
    ("header", "value", "code"),
    [
        ("ACCESS-KEY", None, "40001"),
        ("ACCESS-KEY", "", "40001"),
        ("ACCESS-SIGN", None, "40002"),
        ("ACCESS-SIGN", "", "40003"),
        ("ACCESS-PASSPHRASE", None, "40011"),
        ("ACCESS-TIMESTAMP", None, "40005"),
        ("ACCESS-TIMESTAMP", "12:00", "40005"),
        ("ACCESS-KEY", "no-such-key", "40037"),
        ("ACCESS-KEY", "bad\x7fkey", "40006"),
        ("ACCESS-PASSPHRASE", "wrong-passphrase", "40012"),
        ("ACCESS-SIGN", "bm90IGEgc2lnbmF0dXJl", "40009"),
    ],
)
async def test_each_header_rule_rejects_with_its_code(header: str, value: str | None, code: str) -> None:
    sim, exchange, _ = toy_simulator()
    good = signed_request("GET", ASSETS)
    assert (await send(sim, good)).status_code == 200
    headers = dict(good.headers)
    if value is None:
        headers.pop(header.lower())
    else:
        headers[header.lower()] = value
    response = await send(sim, httpx.Request("GET", good.url, headers=headers))
    assert (response.status_code, _code(response)) == (400, code)
    assert exchange.calls == 1  # the handler ran for the good request only


async def test_a_wrong_secret_is_a_bad_signature() -> None:
    sim, _, _ = toy_simulator()
    response = await send(sim, signed_request("GET", ASSETS, secret="not-the-secret"))
    assert (response.status_code, _code(response)) == (400, "40009")


@pytest.mark.parametrize(("skew_ms", "accepted"), [(-29_000, True), (29_000, True), (-31_000, False), (31_000, False)])
async def test_the_timestamp_must_be_within_30_seconds_of_the_server_clock(skew_ms: int, accepted: bool) -> None:
    sim, _, _ = toy_simulator()
    response = await send(sim, signed_request("GET", ASSETS, timestamp=sim.clock.now_ms() + skew_ms))
    if accepted:
        assert response.status_code == 200
    else:
        assert (response.status_code, _code(response)) == (400, "40008")
        assert orjson.loads(response.content)["msg"] == "Request timestamp expired"


async def test_the_window_follows_the_simulator_clock_not_the_machine_clock() -> None:
    sim, _, _ = toy_simulator(clock_offset=45.0)
    machine = await send(sim, signed_request("GET", ASSETS, timestamp=now_ms()))
    assert _code(machine) == "40008"
    server = await send(sim, signed_request("GET", ASSETS, timestamp=now_ms() + 45_000))
    assert server.status_code == 200


async def test_post_needs_a_json_content_type() -> None:
    sim, _, _ = toy_simulator()
    body = b'{"symbol":"BTCUSDT","clientOid":"c1"}'
    with_charset = await send(
        sim, signed_request("POST", PLACE, body=body, content_type="application/json; charset=utf-8")
    )
    assert with_charset.status_code == 200
    for content_type in (None, "text/plain"):
        body = b'{"symbol":"BTCUSDT","clientOid":"c2"}'
        response = await send(sim, signed_request("POST", PLACE, body=body, content_type=content_type))
        assert (response.status_code, _code(response)) == (400, "40007")


RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> tuple[str, str]:
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def _rsa_request(key: rsa.RSAPrivateKey, api_key: str, query: str = "") -> httpx.Request:
    stamp = str(now_ms())
    head = f"{stamp}GET{ASSETS}?{query}" if query else f"{stamp}GET{ASSETS}"
    signature = base64.b64encode(key.sign(head.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    headers = {
        "ACCESS-KEY": api_key,
        "ACCESS-SIGN": signature,
        "ACCESS-TIMESTAMP": stamp,
        "ACCESS-PASSPHRASE": "rp",
    }
    return httpx.Request("GET", f"http://simulator{ASSETS}" + (f"?{query}" if query else ""), headers=headers)


async def test_rsa_keys_verify_with_the_registered_public_key() -> None:
    sim, _, _ = toy_simulator()
    _, public = _pem(RSA_KEY)
    sim.add_account(api_key="rsa-key", passphrase="rp", rsa_public_key=public)
    assert (await send(sim, _rsa_request(RSA_KEY, "rsa-key", "coin=BTC"))).status_code == 200
    wrong_key = await send(sim, _rsa_request(OTHER_RSA_KEY, "rsa-key", "coin=BTC"))
    assert (wrong_key.status_code, _code(wrong_key)) == (400, "40009")
    # An HMAC signature is no good on an RSA key, even with the right passphrase.
    stamp = str(now_ms())
    headers = {
        "ACCESS-KEY": "rsa-key",
        "ACCESS-SIGN": hmac_sign("anything", f"{stamp}GET{ASSETS}".encode()),
        "ACCESS-TIMESTAMP": stamp,
        "ACCESS-PASSPHRASE": "rp",
    }
    hmac_on_rsa = await send(sim, httpx.Request("GET", f"http://simulator{ASSETS}", headers=headers))
    assert _code(hmac_on_rsa) == "40009"


async def test_the_library_client_and_the_simulator_agree_on_hmac_signatures() -> None:
    sim, exchange, uid = toy_simulator()
    async with Client(
        API_KEY, API_SECRET, PASSPHRASE, base_url="http://simulator", transport=sim.transport()
    ) as client:
        params: dict[str, Any] = {"symbol": "$DEGENUSDT", "coin": "龙虾", "limit": 20}
        assert await client.request("GET", ASSETS, params) == [{"coin": "USDT", "available": "100"}]
        placed = await client.request("POST", PLACE, {"symbol": "龙虾USDT", "clientOid": "x-1", "size": "1"})
        assert placed["clientOid"] == "x-1"
    assert exchange.orders[uid]["x-1"][0]["symbol"] == "龙虾USDT"
    async with Client(API_KEY, "wrong", PASSPHRASE, base_url="http://simulator", transport=sim.transport()) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.request("GET", ASSETS)
    assert caught.value.code == "40009"


async def test_the_library_client_and_the_simulator_agree_on_rsa_signatures() -> None:
    sim, _, _ = toy_simulator()
    private, public = _pem(RSA_KEY)
    sim.add_account(api_key="rsa-key", passphrase="rp", rsa_public_key=public)
    transport = sim.transport()
    async with Client(
        "rsa-key", passphrase="rp", private_key=private, base_url="http://s", transport=transport
    ) as client:
        assert await client.request("GET", ASSETS, {"symbol": "$DEGENUSDT"}) == [
            {"coin": "USDT", "available": "100000"},
            {"coin": "BTC", "available": "2"},
            {"coin": "ETH", "available": "20"},
        ]


async def test_the_library_client_gets_40008_unsynced_and_succeeds_once_synced_to_the_sim_clock() -> None:
    sim, _, _ = toy_simulator(clock_offset=-120.0)
    base = "http://simulator"
    async with Client(
        API_KEY, API_SECRET, PASSPHRASE, base_url=base, transport=sim.transport(), sync_clock=False
    ) as client:
        with pytest.raises(TimestampError) as caught:
            await client.request("GET", ASSETS)
    assert (caught.value.code, caught.value.http_status) == ("40008", 400)
    async with Client(API_KEY, API_SECRET, PASSPHRASE, base_url=base, transport=sim.transport()) as client:
        assert await client.request("GET", ASSETS) == [{"coin": "USDT", "available": "100"}]
    assert sim.records.count("GET", "/api/v2/public/time", 200) >= 1


def test_secrets_never_show_in_the_simulator_repr() -> None:
    sim, _, _ = toy_simulator()
    _, public = _pem(RSA_KEY)
    sim.add_account(api_key="rsa-key-123", passphrase="rsa-passphrase", rsa_public_key=public)
    shown = repr(sim) + repr(sim.records.requests) + repr(sim.app.routes)
    for secret in (API_SECRET, PASSPHRASE, "rsa-passphrase"):
        assert secret not in shown


def test_an_account_needs_exactly_one_kind_of_key() -> None:
    sim, _, _ = toy_simulator()
    _, public = _pem(RSA_KEY)
    with pytest.raises(ValueError, match="exactly one"):
        sim.add_account(api_key="both", api_secret="s", passphrase="p", rsa_public_key=public)
    with pytest.raises(ValueError, match="exactly one"):
        sim.add_account(api_key="neither", passphrase="p")
    with pytest.raises(ValueError, match="already registered"):
        sim.add_account(api_key=API_KEY, api_secret="s", passphrase="p")


def test_the_simulator_never_imports_the_clients_signer() -> None:
    package = Path(asyncclient.testing.__file__).parent
    sources = {path.name: path.read_text() for path in package.rglob("*.py")}
    assert "_auth.py" in sources
    offenders = sorted(name for name, text in sources.items() if re.search(r"\b_signing\b", text))
    assert offenders == []
