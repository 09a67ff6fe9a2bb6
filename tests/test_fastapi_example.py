"""The FastAPI example in docs/examples: one shared client from the lifespan, concurrent calls, /metrics."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from asyncclient import Client, RetryPolicy
from asyncclient.testing import Simulator

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "fastapi_service.py"
SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "ADAUSDT", "TRXUSDT", "LTCUSDT"]

pytestmark = pytest.mark.anyio


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fastapi_service", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def factory_for(sim: Simulator, made: list[Client]) -> Callable[[], Client]:
    def make() -> Client:
        client = Client(base_url="http://sim", transport=sim.transport(), credentials_from_env=False)
        made.append(client)
        return client

    return make


async def test_the_service_shares_one_client_and_reports_its_limiter() -> None:
    sim = Simulator(seed=6)
    made: list[Client] = []
    app = load_example().create_app(factory_for(sim, made))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://svc") as http,
    ):
        ticker = await http.get("/ticker/btcusdt")
        overview = await http.get("/overview", params={"symbols": ",".join(SYMBOLS * 4)})
        metrics = (await http.get("/metrics")).json()
        missing = await http.get("/ticker/NOPEUSDT")
    assert len(made) == 1  # one client for every request, opened by the lifespan
    assert ticker.status_code == 200
    last = ticker.json()["last"]  # money stays a decimal string end to end (the price itself moves with time)
    assert ticker.json()["symbol"] == "BTCUSDT" and isinstance(last, str) and Decimal(last) > 0
    assert overview.status_code == 200
    assert list(overview.json()) == SYMBOLS
    assert all(Decimal(quote["bid"]) < Decimal(quote["ask"]) for quote in overview.json().values())
    # 1 ticker + 8 books (repeats collapse) went through the market budget: the limiter saw them all.
    market = metrics["limiter"]["ip:market"]
    assert market["limit"] == 20 and market["window_s"] == 1.0
    assert market["sent"] == 1 + len(SYMBOLS)
    assert market["rate_limited"] == 0
    assert metrics["retries"]["calls"] >= 1 + len(SYMBOLS)
    assert missing.status_code == 404 and missing.json()["detail"] == "unknown symbol NOPEUSDT"
    assert sim.records.rate_limited == 0


async def test_a_burst_larger_than_the_budget_waits_instead_of_failing() -> None:
    sim = Simulator(seed=6)
    app = load_example().create_app(factory_for(sim, []))
    more = ["BNBUSDT", "AVAXUSDT", "DOTUSDT", "LINKUSDT", "BCHUSDT", "NEARUSDT", "UNIUSDT", "APTUSDT"]
    more += ["ETCUSDT", "XLMUSDT", "FILUSDT", "ATOMUSDT", "ARBUSDT", "OPUSDT"]
    symbols = ",".join([*SYMBOLS, *more])
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://svc") as http,
    ):
        overview = await http.get("/overview", params={"symbols": symbols})
        metrics = (await http.get("/metrics")).json()
    assert overview.status_code == 200 and len(overview.json()) == 22
    market = metrics["limiter"]["ip:market"]
    # 22 books against a budget of 20 a second: two had to wait, and the exchange refused none.
    assert market["sent"] == 22 and market["waited"] >= 2
    assert sim.records.rate_limited == 0


async def test_unknown_symbols_answer_404_not_500() -> None:
    sim = Simulator(seed=6)
    app = load_example().create_app(factory_for(sim, []))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://svc") as http,
    ):
        one_bad = await http.get("/overview", params={"symbols": "BTCUSDT,NOPE"})
        two_bad = await http.get("/overview", params={"symbols": "NOPE,BTCUSDT,ZZZUSDT"})
        ticker = await http.get("/ticker/NOPE")
        good = await http.get("/overview", params={"symbols": "BTCUSDT"})
    assert one_bad.status_code == 404 and one_bad.json() == {"detail": "unknown symbols: NOPE"}
    assert two_bad.status_code == 404 and two_bad.json() == {"detail": "unknown symbols: NOPE, ZZZUSDT"}
    assert ticker.status_code == 404 and ticker.json() == {"detail": "unknown symbol NOPE"}
    assert good.status_code == 200 and list(good.json()) == ["BTCUSDT"]


async def test_an_exchange_failure_inside_the_task_group_is_one_http_error() -> None:
    sim = Simulator(seed=6)
    sim.faults.set(path="/api/v2/spot/market/orderbook", error_rate=1.0)  # every book answers 500
    made: list[Client] = []

    def make() -> Client:
        client = Client(
            base_url="http://sim",
            transport=sim.transport(),
            credentials_from_env=False,
            retry=RetryPolicy(max_attempts=1),
        )
        made.append(client)
        return client

    app = load_example().create_app(make)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://svc") as http,
    ):
        answer = await http.get("/overview", params={"symbols": "BTCUSDT,ETHUSDT"})
    assert answer.status_code == 502 and answer.json()["detail"].startswith("exchange error")
