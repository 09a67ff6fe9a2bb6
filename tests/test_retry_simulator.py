"""Retries against the simulator with faults on, asserted from the simulator's own records.

A mixed load under 500s, dropped connections, 429 bursts and HTML 502 pages ends, call by call, in success
or a typed error within the deadline; a fully down exchange sees a bounded number of requests; a 429's
Retry-After is waited out; a rejected timestamp resyncs the clock and is retried once.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from asyncclient import (
    Client,
    Error,
    ExchangeUnavailableError,
    OutcomeUnknownError,
    RetryBudget,
    RetryPolicy,
    TimestampError,
    default_catalogue,
)
from asyncclient._retry import MAX_TIMESTAMP_RETRIES
from asyncclient.testing import DROPPED, Simulator

KEY, SECRET, PASSPHRASE = "retry-key", "retry-secret", "retry-passphrase"
TICKERS = "/api/v2/spot/market/tickers"
ORDERBOOK = "/api/v2/spot/market/orderbook"
ASSETS = "/api/v2/spot/account/assets"
PLACE = "/api/v2/spot/trade/place-order"
CANCEL = "/api/v2/spot/trade/cancel-order"
CATALOGUE = default_catalogue().without_limits()


def simulator(seed: int = 5) -> tuple[Simulator, str]:
    sim = Simulator(seed=seed, catalogue=CATALOGUE)
    uid = sim.add_account(
        api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE, balances={"USDT": "10000000", "BTC": "100"}
    )
    return sim, uid


def client_for(sim: Simulator, *, signed: bool = True, **options: Any) -> Client:
    credentials = (KEY, SECRET, PASSPHRASE) if signed else (None, None, None)
    return Client(
        *credentials,
        catalogue=CATALOGUE,
        transport=sim.transport(),
        credentials_from_env=False,
        **options,
    )


def limit_buy(client_oid: str) -> dict[str, str]:
    return {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "price": "20000",
        "size": "0.001",
        "clientOid": client_oid,
    }


@pytest.mark.anyio
async def test_a_mixed_load_under_faults_ends_in_success_or_a_typed_error_within_the_deadline() -> None:  # noqa: PLR0915  # one scenario, read top to bottom
    sim, uid = simulator()
    faults: dict[str, Any] = {"error_rate": 0.2, "drop_rate": 0.05, "html_502_rate": 0.05}
    sim.faults.set(**faults, rate_limit_burst=10)
    # resend_after=0: a placement lost before the exchange acted is re-sent right after the lookup that missed it.
    # Safe here: in process, the simulator has acted on a request (or never will) by the time the client hears of
    # it, and none of these faults delays processing; the safe default would wait out the deadline instead.
    policy = RetryPolicy(max_attempts=6, deadline=8.0, backoff_base=0.005, backoff_cap=0.1, resend_after=0.0)
    calls, workers = 1000, 40
    outcomes: list[tuple[str, float, BaseException | None]] = []
    placed: dict[str, BaseException | None] = {}

    async def one(client: Client, index: int) -> None:
        kind = (index // workers) % 10  # each caller cycles through the mix: a placement, then its cancel
        started = time.monotonic()
        error: BaseException | None = None
        try:
            if kind < 6:
                await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})
            elif kind == 6:
                await client.request("GET", ORDERBOOK, {"symbol": "BTCUSDT", "limit": "5"})
            elif kind == 7:
                await client.request("GET", ASSETS)
            elif kind == 8:
                oid = f"mix-{index}"
                try:
                    await client.request("POST", PLACE, limit_buy(oid))
                finally:
                    placed[oid] = None
            else:
                await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "clientOid": f"mix-{index - workers}"})
        except Exception as exc:
            error = exc
            if kind == 8:
                placed[f"mix-{index}"] = exc
        outcomes.append((f"{kind}", time.monotonic() - started, error))

    async def worker(client: Client, first: int) -> None:
        for index in range(first, calls, workers):
            await one(client, index)
            if index == calls // 2:
                sim.faults.set(**faults, rate_limit_burst=10)  # another burst of 429s

    async with client_for(sim, retry=policy) as client, anyio.create_task_group() as group:
        for first in range(workers):
            group.start_soon(worker, client, first)

    assert len(outcomes) == calls
    errors = [error for _, _, error in outcomes if error is not None]
    # Every call ends in success or one of the library's typed errors, and within its deadline (+ margin).
    assert all(isinstance(error, Error) for error in errors), {type(error) for error in errors}
    assert max(elapsed for _, elapsed, _ in outcomes) < policy.deadline + 3.0
    assert len(errors) < calls * 0.1
    # The faults really happened, as the server counted them.
    counts = sim.records.counts
    statuses = {status for (_, _, status) in counts}
    assert {500, 502, 429, DROPPED} <= statuses
    assert sim.records.total > calls * 1.2
    # No order placed twice; an order on the server for every placement that succeeded, none for final errors.
    on_server = sim.orders_by_client_oid(uid)
    assert all(len(rows) == 1 for rows in on_server.values())
    succeeded = {oid for oid, error in placed.items() if error is None}
    refused = {oid for oid, error in placed.items() if error is not None and not isinstance(error, OutcomeUnknownError)}
    assert succeeded <= set(on_server)
    assert not refused & set(on_server)
    stats = client.retry_stats
    assert stats.calls >= calls and stats.attempts > stats.calls
    assert {"unavailable", "rate_limited", "transport"} <= set(stats.retries_by_reason)


@pytest.mark.anyio
async def test_the_retry_budget_stops_a_storm_when_the_exchange_is_down() -> None:
    policy = RetryPolicy(max_attempts=5, deadline=10.0, backoff_base=0.001, backoff_cap=0.005)
    calls = 120

    async def storm(budget: RetryBudget) -> tuple[int, float, Client]:
        sim, _ = simulator()
        sim.faults.set(error_rate=1.0)
        started = time.monotonic()
        async with client_for(sim, signed=False, retry=policy, retry_budget=budget) as client:

            async def call() -> None:
                with pytest.raises(ExchangeUnavailableError):
                    await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})

            async with anyio.create_task_group() as group:
                for _ in range(calls):
                    group.start_soon(call)
        return sim.records.total, time.monotonic() - started, client

    unbounded, _, _ = await storm(RetryBudget(capacity=1_000_000))
    budget = RetryBudget(capacity=10, deposit_per_call=0.1, refill_per_second=1.0)
    bounded, elapsed, client = await storm(budget)
    # Without a budget every call makes all its attempts; with one, the server sees little more than one each.
    assert unbounded == calls * policy.max_attempts
    assert bounded <= calls + 10 + 0.1 * calls + 1.0 * elapsed + 1
    assert bounded < unbounded / 3
    assert client.retry_stats.budget_exhausted > calls / 2
    assert client.retry_stats.attempts == bounded


@pytest.mark.anyio
async def test_a_429_retry_after_is_waited_out() -> None:
    sim, _ = simulator()
    sim.faults.set(TICKERS, rate_limit_burst=1)
    async with client_for(sim, signed=False) as client:
        started = time.monotonic()
        data = await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})
        waited = time.monotonic() - started
    assert data[0]["symbol"] == "BTCUSDT"
    assert sim.records.count("GET", TICKERS, 429) == 1
    assert sim.records.count("GET", TICKERS, 200) == 1
    assert waited >= 0.9  # the simulator's burst answers carry Retry-After: 1
    assert client.retry_stats.retries_by_reason == {"rate_limited": 1}


class LaggingClock:
    """A clock two minutes behind the server until it is resynced."""

    def __init__(self) -> None:
        self.resyncs = 0

    async def ready(self) -> None:
        return None

    def now_ms(self) -> int:
        lag = 0 if self.resyncs else 120_000
        return time.time_ns() // 1_000_000 - lag

    async def resync(self) -> None:
        self.resyncs += 1


@pytest.mark.anyio
async def test_a_rejected_timestamp_resyncs_the_clock_and_is_retried_once() -> None:
    sim, _ = simulator()
    clock = LaggingClock()
    async with client_for(sim, clock=clock) as client:
        assets = await client.request("GET", ASSETS)
    assert {row["coin"] for row in assets} >= {"USDT", "BTC"}
    assert clock.resyncs == 1
    assert sim.records.count("GET", ASSETS) == 2
    assert sim.records.count("GET", ASSETS, 200) == 1
    assert client.retry_stats.retries_by_reason == {"timestamp": 1}


@pytest.mark.anyio
async def test_a_clock_that_stays_wrong_gets_a_bounded_number_of_retries() -> None:
    class StuckClock(LaggingClock):
        def now_ms(self) -> int:
            return time.time_ns() // 1_000_000 - 120_000

    sim, _ = simulator()
    clock = StuckClock()
    async with client_for(sim, clock=clock) as client:
        with pytest.raises(TimestampError) as caught:
            await client.request("GET", ASSETS)
    assert clock.resyncs == MAX_TIMESTAMP_RETRIES
    assert sim.records.count("GET", ASSETS) == 1 + MAX_TIMESTAMP_RETRIES
    assert len(caught.value.attempts) == 1 + MAX_TIMESTAMP_RETRIES
