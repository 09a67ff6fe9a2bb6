"""The simulator's envelope, routing and parameter rules, in-process."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import httpx
import orjson
import pytest
from _sim_toy import COINS, PLACE, TICKERS, TIME, send, signed_request, toy_simulator

from asyncclient import BadRequestError, Client, DuplicateClientOidError
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio


async def _get(sim: Simulator, url: str) -> httpx.Response:
    return await send(sim, httpx.Request("GET", f"http://simulator{url}"))


async def test_server_time_comes_from_the_simulator_clock_in_the_success_envelope() -> None:
    sim, _, _ = toy_simulator(clock_offset=3600.0)
    before = sim.clock.now_ms()
    response = await _get(sim, TIME)
    after = sim.clock.now_ms()
    payload = orjson.loads(response.content)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert set(payload) == {"code", "msg", "requestTime", "data"}
    assert (payload["code"], payload["msg"]) == ("00000", "success")
    server_time = payload["data"]["serverTime"]
    assert isinstance(server_time, str)
    assert before <= int(server_time) <= after
    assert before <= payload["requestTime"] <= after


async def test_an_unknown_path_is_404_with_a_json_body_and_a_known_one_is_not() -> None:
    sim, _, _ = toy_simulator()
    missing = await _get(sim, "/api/v2/spot/market/no-such-thing")
    assert missing.status_code == 404
    assert orjson.loads(missing.content)["code"] == "40404"
    assert (await _get(sim, TICKERS)).status_code == 200
    # A known path with the wrong method is not served either.
    wrong_method = await send(sim, httpx.Request("POST", f"http://simulator{TIME}", content=b"{}"))
    assert wrong_method.status_code == 404


async def test_get_parameters_reach_the_handler_percent_decoded() -> None:
    sim, _, _ = toy_simulator()
    response = await _get(sim, f"{TICKERS}?symbol=%E9%BE%99%E8%99%BEUSDT&limit=5&limit=6&plus=a+b")
    data = orjson.loads(response.content)["data"]
    assert data == [{"symbol": "龙虾USDT", "params": {"symbol": "龙虾USDT", "limit": "5", "plus": "a+b"}}]


async def test_an_empty_parameter_is_40019_and_a_present_one_is_accepted() -> None:
    sim, _, _ = toy_simulator()
    empty = await _get(sim, f"{TICKERS}?symbol=")
    assert (empty.status_code, orjson.loads(empty.content)["code"]) == (400, "40019")
    assert "symbol" in orjson.loads(empty.content)["msg"]
    assert (await _get(sim, f"{TICKERS}?symbol=BTCUSDT")).status_code == 200
    blank_body = await send(sim, signed_request("POST", PLACE, body=b'{"symbol":"","clientOid":"e1"}'))
    assert orjson.loads(blank_body.content)["code"] == "40019"


@pytest.mark.parametrize("body", [b"{not json", b'["a list"]', b'"text"', b"\xff\xfe"])
async def test_a_body_that_is_not_a_json_object_is_40017(body: bytes) -> None:
    sim, exchange, _ = toy_simulator()
    response = await send(sim, signed_request("POST", PLACE, body=body))
    assert (response.status_code, orjson.loads(response.content)["code"]) == (400, "40017")
    assert exchange.calls == 0
    good = await send(sim, signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT"}'))
    assert good.status_code == 200


async def test_an_exchange_error_keeps_its_code_and_http_status() -> None:
    sim, _, _ = toy_simulator()
    missing = await send(sim, signed_request("POST", PLACE, body=b'{"clientOid":"m1"}'))
    payload = orjson.loads(missing.content)
    assert (missing.status_code, payload["code"], payload["data"]) == (400, "40019", None)
    assert isinstance(payload["requestTime"], int)
    async with Client(
        "toy-key", "toy-secret", "toy-passphrase", base_url="http://s", transport=sim.transport()
    ) as client:
        await client.request("POST", PLACE, {"symbol": "BTCUSDT", "clientOid": "dup"})
        with pytest.raises(DuplicateClientOidError):
            await client.request("POST", PLACE, {"symbol": "BTCUSDT", "clientOid": "dup"})
        with pytest.raises(BadRequestError) as caught:
            await client.request("POST", PLACE, {"clientOid": "m2"})
    assert caught.value.code == "40019"


async def test_public_endpoints_need_no_signature() -> None:
    sim, _, _ = toy_simulator()
    assert (await _get(sim, COINS)).status_code == 200
    assert sim.records.requests[-1].uid is None


async def test_the_records_count_requests_by_endpoint_and_status() -> None:
    sim, _, uid = toy_simulator()
    await _get(sim, TIME)
    await _get(sim, TIME)
    await _get(sim, "/api/v2/nowhere")
    await send(sim, signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT","clientOid":"r1"}'))
    assert sim.records.counts == {
        ("GET", TIME, 200): 2,
        ("GET", "/api/v2/nowhere", 404): 1,
        ("POST", PLACE, 200): 1,
    }
    assert sim.records.count(status=200) == 3
    assert sim.records.count(path=TIME) == 2
    assert sim.records.total == 4
    assert [request.path for request in sim.records.requests] == [TIME, TIME, "/api/v2/nowhere", PLACE]
    assert list(sim.records.orders_by_client_oid(uid)) == ["r1"]
    assert sim.orders_by_client_oid(uid)["r1"][0]["symbol"] == "BTCUSDT"
    sim.records.clear()
    assert sim.records.total == 0
    assert sim.records.requests == []


async def test_lifespan_messages_are_answered() -> None:
    sim, _, _ = toy_simulator()
    incoming: Iterator[MutableMapping[str, Any]] = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> MutableMapping[str, Any]:
        return next(incoming)

    async def send_message(message: MutableMapping[str, Any]) -> None:
        sent.append(message["type"])

    await sim.app({"type": "lifespan"}, receive, send_message)
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
