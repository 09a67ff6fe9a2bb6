"""The demo, the collector and the FastAPI recipe with a unified account's key.

The demo's bot trades through ``client.uta`` when the key belongs to a unified account; the collector and the
FastAPI recipe read public market data, which needs no account of either kind.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import anyio
import httpx
import pytest

from asyncclient import Client
from asyncclient._cli.collect import fetch_window
from asyncclient._cli.demo import DemoOptions, run_demo
from asyncclient._cli.demo_report import audit_orders
from asyncclient._cli.demo_workload import OrderBot, load_symbols, read_account
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator

pytestmark = pytest.mark.anyio
EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "fastapi_service.py"
UTA_PLACE = "/api/v3/trade/place-order"
MINUTE = 60_000


def _uta_sim(seed: int = 4) -> tuple[Simulator, str]:
    sim = Simulator(seed=seed)
    return sim, sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, mode="uta")


def _client(sim: Simulator) -> Client:
    return Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url="http://sim",
        transport=sim.transport(),
        credentials_from_env=False,
    )


async def test_a_short_demo_with_a_unified_account_keeps_every_rule() -> None:
    report = await run_demo(DemoOptions(duration=3.0, margin=0.5, account_mode="uta"))
    orders = report.orders
    assert orders.checked and orders.attempted >= 1 and orders.ok, orders
    assert orders.exactly_once >= orders.acknowledged >= 1
    assert report.requests_by_endpoint, report
    assert any("/api/v3/trade/place-order" in key for key in report.requests_by_endpoint)
    assert not any("/api/v2/spot/trade/" in key for key in report.requests_by_endpoint)
    assert all(check.ok for check in report.checks()), report.checks()


async def test_the_bot_trades_through_uta_once_each_when_answers_are_lost() -> None:
    sim, uid = _uta_sim()
    sim.faults.set(UTA_PLACE, error_after_accept_rate=0.3, drop_after_accept_rate=0.2)
    async with _client(sim) as client:
        markets = await load_symbols(client, 1)
        bot = OrderBot(client, markets[0], run_id="u", unified=True)
        await bot.run(anyio.Event(), max_orders=12)
        assert await read_account(client, unified=True) >= 1
        lookups = client.retry_stats.lookups
    audit = audit_orders(bot.counters, sim.orders_by_client_oid(uid))
    assert audit.attempted == 12 and audit.ok, audit
    assert audit.exactly_once == audit.attempted - audit.rejected
    assert lookups >= 1
    assert sim.records.count("GET", "/api/v3/trade/order-info") >= 1


async def test_the_collector_reads_candles_with_a_unified_key() -> None:
    sim, _ = _uta_sim(seed=2)
    async with _client(sim) as client:
        end = (sim.clock.now_ms() // MINUTE - 5) * MINUTE
        rows = await fetch_window(client, "BTCUSDT", "1min", end - 10 * MINUTE, end, page_size=10)
    assert [candle.open_time_ms for candle in rows] == list(range(end - 10 * MINUTE, end, MINUTE))


async def test_the_fastapi_recipe_serves_with_a_unified_key() -> None:
    spec = importlib.util.spec_from_file_location("fastapi_service_uta", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sim, _ = _uta_sim(seed=6)
    app = module.create_app(lambda: _client(sim))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc") as http,
    ):
        ticker = await http.get("/ticker/btcusdt")
        overview = await http.get("/overview", params={"symbols": "BTCUSDT,ETHUSDT"})
    assert ticker.status_code == 200 and ticker.json()["symbol"] == "BTCUSDT"
    assert overview.status_code == 200 and set(overview.json()) == {"BTCUSDT", "ETHUSDT"}


def test_the_command_line_takes_the_account_mode() -> None:
    """``asyncclient demo --account-mode uta`` and ``asyncclient sim --account-mode uta`` parse (both public flags)."""
    from asyncclient.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["demo", "--account-mode", "uta"]).account_mode == "uta"
    assert parser.parse_args(["demo"]).account_mode == "classic"
    assert parser.parse_args(["sim", "--account-mode", "uta"]).account_mode == "uta"
    with pytest.raises(SystemExit):
        parser.parse_args(["sim", "--account-mode", "unified"])
