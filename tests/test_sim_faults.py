"""Fault switches: each fires; those before the handler leave the exchange untouched, those after do not."""

from __future__ import annotations

import anyio
import httpx
import orjson
import pytest
from _sim_toy import (
    API_KEY,
    API_SECRET,
    PASSPHRASE,
    PLACE,
    TICKERS,
    TIME,
    send,
    signed_request,
    toy_simulator,
)

from asyncclient import Client, DecodeError, ExchangeUnavailableError, TransportError
from asyncclient._retry import RetryPolicy
from asyncclient.testing import DROPPED, Fault

pytestmark = pytest.mark.anyio


def _order(client_oid: str) -> httpx.Request:
    return signed_request("POST", PLACE, body=f'{{"symbol":"BTCUSDT","clientOid":"{client_oid}"}}'.encode())


async def test_error_answers_500_without_running_the_handler() -> None:
    sim, exchange, uid = toy_simulator()
    sim.faults.set(path=PLACE, error_rate=1.0)
    response = await send(sim, _order("e1"))
    assert response.status_code == 500
    assert orjson.loads(response.content)["code"] == "500"
    assert exchange.orders[uid] == {}
    # Other paths are untouched by a per-path setting.
    assert (await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))).status_code == 200


async def test_error_after_accept_places_the_order_then_answers_500() -> None:
    sim, _, uid = toy_simulator()
    sim.faults.set(path=PLACE, error_after_accept_rate=1.0)
    response = await send(sim, _order("a1"))
    assert response.status_code == 500
    assert list(sim.records.orders_by_client_oid(uid)) == ["a1"]
    assert sim.records.requests[-1].fault == Fault.ERROR_AFTER_ACCEPT.value


async def test_drop_closes_the_connection_without_running_the_handler() -> None:
    sim, exchange, uid = toy_simulator()
    sim.faults.set(drop_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        await send(sim, _order("d1"))
    assert exchange.orders[uid] == {}
    assert sim.records.count(path=PLACE, status=DROPPED) == 1


async def test_drop_after_accept_places_the_order_and_the_client_sees_a_transport_error() -> None:
    sim, _, uid = toy_simulator()
    sim.faults.set(path=PLACE, drop_after_accept_rate=1.0)
    with pytest.raises(httpx.RemoteProtocolError):
        await send(sim, _order("d2"))
    assert list(sim.records.orders_by_client_oid(uid)) == ["d2"]


async def test_html_502_is_a_text_html_page() -> None:
    sim, exchange, _ = toy_simulator()
    sim.faults.set(html_502_rate=1.0)
    response = await send(sim, httpx.Request("GET", f"http://simulator{TICKERS}"))
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert b"502 Bad Gateway" in response.content
    assert exchange.calls == 0


async def test_truncate_cuts_a_200_json_body_in_the_middle() -> None:
    sim, _, _ = toy_simulator()
    whole = (await send(sim, httpx.Request("GET", f"http://simulator{TICKERS}?symbol=BTCUSDT"))).content
    sim.faults.set(truncate_rate=1.0)
    response = await send(sim, httpx.Request("GET", f"http://simulator{TICKERS}?symbol=BTCUSDT"))
    assert response.status_code == 200
    # The whole answer cut in two (requestTime differs between the answers, never its length).
    assert len(response.content) == len(whole) // 2
    assert response.content.startswith(b'{"code":"00000","msg":"success","requestTime":')
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(response.content)


async def test_a_rate_limit_burst_answers_exactly_the_next_n_requests_429() -> None:
    sim, exchange, _ = toy_simulator()
    sim.faults.set(rate_limit_burst=3)
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        responses = [await http.get(TICKERS) for _ in range(5)]
    assert [response.status_code for response in responses] == [429, 429, 429, 200, 200]
    assert responses[0].headers["retry-after"] == "1"
    assert orjson.loads(responses[0].content)["code"] == "429"
    assert exchange.calls == 2


async def test_latency_delays_the_answer() -> None:
    sim, _, _ = toy_simulator()
    sim.faults.set(latency=0.2)
    with pytest.raises(TimeoutError), anyio.fail_after(0.1):
        await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))
    sim.faults.clear()
    with anyio.fail_after(5):
        assert (await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))).status_code == 200


async def test_rates_are_probabilities_and_clearing_stops_every_fault() -> None:
    sim, _, _ = toy_simulator(rate_limits=False)
    sim.faults.set(error_rate=0.5)
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        statuses = [(await http.get(TIME)).status_code for _ in range(200)]
        assert 50 < statuses.count(500) < 150
        assert statuses.count(500) + statuses.count(200) == 200
        sim.faults.clear()
        assert [(await http.get(TIME)).status_code for _ in range(20)] == [200] * 20
    sim.faults.set(path=TIME, error_rate=1.0)
    sim.faults.clear(TIME)
    assert sim.faults.active is False


def test_settings_are_validated() -> None:
    sim, _, _ = toy_simulator()
    with pytest.raises(ValueError, match="between 0 and 1"):
        sim.faults.set(error_rate=1.5)
    with pytest.raises(ValueError, match="negative"):
        sim.faults.set(latency=-1.0)


async def test_the_library_client_sees_each_fault_as_its_typed_error() -> None:
    sim, _, _ = toy_simulator()
    async with Client(
        API_KEY,
        API_SECRET,
        PASSPHRASE,
        base_url="http://s",
        transport=sim.transport(),
        sync_clock=False,
        retry=RetryPolicy(max_attempts=1),
    ) as client:
        sim.faults.set(path=TICKERS, truncate_rate=1.0)
        with pytest.raises(DecodeError):
            await client.request("GET", TICKERS)
        sim.faults.set(path=TICKERS, html_502_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as caught:
            await client.request("GET", TICKERS)
        assert caught.value.http_status == 502
        sim.faults.set(path=TICKERS, drop_rate=1.0)
        with pytest.raises(TransportError) as dropped:
            await client.request("GET", TICKERS)
        assert dropped.value.maybe_sent is True


async def test_settings_for_a_path_replace_the_global_ones_there() -> None:
    sim, _, _ = toy_simulator()
    sim.faults.set(error_rate=1.0)
    sim.faults.set(path=TIME, html_502_rate=1.0)
    assert (await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))).status_code == 502
    assert (await send(sim, httpx.Request("GET", f"http://simulator{TICKERS}"))).status_code == 500
    sim.faults.clear(TIME)
    assert (await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))).status_code == 500
    assert sim.faults.active
