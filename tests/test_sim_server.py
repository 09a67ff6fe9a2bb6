"""The simulator over real sockets (uvicorn on loopback, from asyncio and trio), the fixtures and the CLI."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from decimal import Decimal

import httpx
import orjson
import pytest
from _sim_toy import API_KEY, API_SECRET, ASSETS, PASSPHRASE, PLACE, TIME, signed_request, toy_simulator

from asyncclient import Client, Error
from asyncclient.cli import build_parser
from asyncclient.testing import SIM_API_KEY, Simulator, serve

pytestmark = pytest.mark.anyio


async def test_serve_answers_over_a_loopback_socket_and_sees_the_client_ip() -> None:
    sim, _, _ = toy_simulator(clock_offset=-7.0)
    async with serve(sim) as url, httpx.AsyncClient(base_url=url) as http:
        assert url.startswith("http://127.0.0.1:")
        response = await http.get(TIME)
        server_ms = int(orjson.loads(response.content)["data"]["serverTime"])
        sim.clock.jump(100.0)  # changed from this thread while the server runs in its own
        jumped_ms = int(orjson.loads((await http.get(TIME)).content)["data"]["serverTime"])
    assert response.status_code == 200
    assert abs(server_ms - (time.time() - 7.0) * 1000) < 5_000
    assert 100_000 <= jumped_ms - server_ms < 105_000
    assert sim.records.requests[-1].client_ip == "127.0.0.1"


async def test_the_library_client_signs_and_places_over_real_http() -> None:
    sim, _, uid = toy_simulator()
    async with serve(sim) as url, Client(API_KEY, API_SECRET, PASSPHRASE, base_url=url) as client:
        assert await client.request("GET", ASSETS, {"symbol": "$DEGENUSDT"}) == [{"coin": "USDT", "available": "100"}]
        await client.request("POST", PLACE, {"symbol": "龙虾USDT", "clientOid": "net-1"})
    assert sim.records.orders_by_client_oid(uid)["net-1"][0]["symbol"] == "龙虾USDT"


async def test_a_dropped_connection_over_a_socket_is_a_transport_error() -> None:
    sim, exchange, uid = toy_simulator()
    sim.faults.set(path=TIME, drop_rate=1.0)
    sim.faults.set(path=PLACE, drop_after_accept_rate=1.0)
    async with serve(sim) as url, httpx.AsyncClient(base_url=url) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await http.get(TIME)
        # The order lands although the answer is lost.
        order = signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT","clientOid":"lost-1"}', base_url=url)
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await http.send(order)
    assert list(exchange.orders[uid]) == ["lost-1"]


async def test_429_and_retry_after_over_a_socket() -> None:
    sim, _, _ = toy_simulator()
    sim.faults.set(rate_limit_burst=1)
    async with serve(sim) as url, httpx.AsyncClient(base_url=url) as http:
        first = await http.get(TIME)
        second = await http.get(TIME)
    assert (first.status_code, first.headers["retry-after"], second.status_code) == (429, "1", 200)


async def test_the_fixtures_give_a_simulator_a_client_and_a_server(
    bitget_simulator: Simulator, bitget_client: Client, bitget_server_url: str
) -> None:
    server_ms = await bitget_client.request("GET", TIME)
    assert abs(int(server_ms["serverTime"]) - bitget_simulator.clock.now_ms()) < 5_000
    async with httpx.AsyncClient(base_url=bitget_server_url) as http:
        assert (await http.get(TIME)).status_code == 200
    assert bitget_simulator.records.count(path=TIME, status=200) >= 2


def test_the_sim_subcommand_parses_every_option() -> None:
    options = "sim --port 0 --api-key K --api-secret S --passphrase P --clock-offset 45 --drift 0.001"
    args = build_parser().parse_args(
        [*options.split(), "--error-rate", "0.1", "--drop-rate", "0.05", "--latency", "0.02"]
    )
    assert (args.port, args.api_key, args.api_secret, args.passphrase) == (0, "K", "S", "P")
    assert (args.clock_offset, args.drift, args.error_rate, args.drop_rate, args.latency) == (
        45,
        0.001,
        0.1,
        0.05,
        0.02,
    )
    assert build_parser().parse_args(["sim"]).api_key == SIM_API_KEY


def test_the_cli_serves_in_another_process_until_stopped() -> None:
    options = ["--port", "0", "--clock-offset", "45", "--rate-limit-burst", "1"]
    command = [sys.executable, "-m", "asyncclient.cli", "sim", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in line, line + (process.stderr.read() if process.stderr else "")
        url = line.split("listening on ", 1)[1].split()[0]
        assert httpx.get(f"{url}{TIME}", timeout=10).status_code == 429  # the burst from the command line
        response = httpx.get(f"{url}{TIME}", timeout=10)
        server_ms = int(response.json()["data"]["serverTime"])
        assert abs(server_ms - (time.time() + 45) * 1000) < 5_000
    finally:
        process.terminate()
        process.wait(10)


async def test_the_fixture_client_trades_on_the_default_exchange_and_a_lost_answer_leaves_one_order(
    bitget_simulator: Simulator, bitget_client: Client
) -> None:
    uid = bitget_simulator.uid_of(SIM_API_KEY)
    assets = await bitget_client.request("GET", ASSETS, {"coin": "USDT"})
    assert [(asset["coin"], asset["available"]) for asset in assets] == [("USDT", "100000")]
    ticker = await bitget_client.request("GET", "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"})
    price = (Decimal(ticker[0]["lastPr"]) * Decimal("0.9")).quantize(Decimal(1))
    order = {"symbol": "BTCUSDT", "side": "buy", "orderType": "limit", "force": "gtc", "size": "0.001"}
    bitget_simulator.faults.set(path=PLACE, error_after_accept_rate=1.0)
    with contextlib.suppress(Error):  # the client may resolve it or report it; the server is what counts here
        await bitget_client.request("POST", PLACE, {**order, "price": str(price), "clientOid": "once-1"})
    assert len(bitget_simulator.records.orders_by_client_oid(uid)["once-1"]) == 1
    assert bitget_simulator.records.count(path=PLACE, status=500) >= 1
