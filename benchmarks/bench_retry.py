"""Retries: exactness under faults, orders never placed twice, the budget in a storm, and the layer's cost.

Everything runs against the simulator in this process (``sim.transport()``), its budgets raised so the figures
are about retries, not pacing. Each figure has a baseline from the same run:

- mixed load: 10,000 requests (60% tickers, 10% order book, 10% balances, 10% placements, 10% cancels) under
  20% HTTP 500, 5% dropped connections, 5% HTML 502 pages and 429 bursts; baseline: the same load, no faults.
- placements: 1,000 orders with 30% of the answers lost after the order was placed; baseline: a blind retry
  (resend on any transient failure, no clientOid lookup), counted in duplicates on the server.
- storm: the exchange fully down; requests the server sees with the retry budget, and without it.
- cost: the retry layer's time per call that succeeds at once, beside awaiting the attempt directly.
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import anyio
import attrs

from asyncclient import (
    Client,
    Error,
    OutcomeUnknownError,
    PreparedCall,
    default_catalogue,
)
from asyncclient._errors import TransportError
from asyncclient._retry import ResendStep, Retrier, RetryBudget, RetryPolicy, failure_reason
from asyncclient.testing import Simulator
from asyncclient.testing.exchange import Exchange

from ._common import Report, Row, bench_arguments, percentile

__all__ = ["main"]

SECTION = "5. Retries"
KEY, SECRET, PASSPHRASE = "bench-retry-key", "bench-retry-secret", "bench-retry-passphrase"
TICKERS = "/api/v2/spot/market/tickers"
ORDERBOOK = "/api/v2/spot/market/orderbook"
ASSETS = "/api/v2/spot/account/assets"
PLACE = "/api/v2/spot/trade/place-order"
CANCEL = "/api/v2/spot/trade/cancel-order"
CATALOGUE = default_catalogue().without_limits()
FAULTS: dict[str, Any] = {"error_rate": 0.2, "drop_rate": 0.05, "html_502_rate": 0.05}
# resend_after=0: a placement lost before the exchange acted is re-sent right after the lookup that missed it.
# Safe here only: in process, the simulator has acted on a request (or never will) by the time the client hears
# of it, and no fault of this benchmark delays processing (the safe default horizon is 30 s and more).
POLICY = RetryPolicy(max_attempts=6, deadline=10.0, backoff_base=0.01, backoff_cap=0.2, resend_after=0.0)
# 30% of *every* answer lost, lookups included: resolving each of 1,000 placements with certainty takes more
# than the default 5 lookups (0.3 ** 6 of the calls would end in OutcomeUnknownError naming the landed order).
# Placements keep the safe default horizon: their faults only lose answers after placing, so a lookup always
# finds the order and nothing waits for the horizon.
PLACEMENT_POLICY = attrs.evolve(POLICY, max_attempts=12, resend_after=None)
WORKERS = 50


def _simulator() -> tuple[Simulator, str]:
    sim = Simulator(seed=9, catalogue=CATALOGUE)
    uid = sim.add_account(
        api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE, balances={"USDT": "100000000", "BTC": "100"}
    )
    return sim, uid


def _client(sim: Simulator, **options: Any) -> Client:
    return Client(
        KEY,
        SECRET,
        PASSPHRASE,
        catalogue=CATALOGUE,
        transport=sim.transport(),
        credentials_from_env=False,
        **options,
    )


def _limit_buy(client_oid: str | None = None) -> dict[str, str]:
    order = {"symbol": "BTCUSDT", "side": "buy", "orderType": "limit", "force": "gtc", "price": "20000"}
    order["size"] = "0.001"
    if client_oid is not None:
        order["clientOid"] = client_oid
    return order


@attrs.define
class MixedResult:
    calls: int = 0
    succeeded: int = 0
    typed_errors: int = 0
    untyped_errors: int = 0
    late: int = 0
    seconds: float = 0.0
    server_requests: int = 0
    latencies: list[float] = attrs.field(factory=list)
    duplicates: int = 0


async def mixed_load(calls: int, *, faults: bool) -> MixedResult:
    """``calls`` requests of the mix; every outcome classified, every order on the server counted."""
    sim, uid = _simulator()
    if faults:
        sim.faults.set(**FAULTS, rate_limit_burst=10)
    result = MixedResult(calls=calls)

    async def one(client: Client, index: int) -> None:
        kind = (index // WORKERS) % 10  # each caller cycles through the mix: a placement, then its cancel
        started = time.monotonic()
        try:
            if kind < 6:
                await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})
            elif kind == 6:
                await client.request("GET", ORDERBOOK, {"symbol": "BTCUSDT", "limit": "5"})
            elif kind == 7:
                await client.request("GET", ASSETS)
            elif kind == 8:
                await client.request("POST", PLACE, _limit_buy(f"mix-{index}"))
            else:
                await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "clientOid": f"mix-{index - WORKERS}"})
        except Error:
            result.typed_errors += 1
        except Exception:
            result.untyped_errors += 1
        else:
            result.succeeded += 1
        elapsed = time.monotonic() - started
        result.latencies.append(elapsed)
        result.late += elapsed > POLICY.deadline + 0.5

    async def worker(client: Client, first: int) -> None:
        for index in range(first, calls, WORKERS):
            await one(client, index)
            if faults and index % 2000 == 0:
                sim.faults.set(**FAULTS, rate_limit_burst=10)

    started = time.perf_counter()
    async with _client(sim, retry=POLICY) as client, anyio.create_task_group() as group:
        for first in range(WORKERS):
            group.start_soon(worker, client, first)
    result.seconds = time.perf_counter() - started
    result.server_requests = sim.records.total
    result.duplicates = sum(len(rows) - 1 for rows in sim.orders_by_client_oid(uid).values())
    return result


async def placements(count: int, *, blind: bool) -> tuple[int, int, int]:
    """(orders on the server, duplicated clientOids or extra orders, placements that raised)."""
    sim, uid = _simulator()
    sim.faults.set(error_after_accept_rate=0.15, drop_after_accept_rate=0.15 / 0.85)
    raised = 0

    async def place_blindly(client: Client) -> None:
        # The naive way: resend the same request on any transient failure (no clientOid, no lookup).
        call = client.prepare("POST", PLACE, _limit_buy())
        for _ in range(PLACEMENT_POLICY.max_attempts):
            try:
                await client.send(call)
                return
            except Error as exc:
                if failure_reason(exc) is None:
                    raise
        raise TransportError("gave up", method="POST", path=PLACE, maybe_sent=True)

    async def worker(client: Client, first: int) -> None:
        nonlocal raised
        for _ in range(first, count, WORKERS):
            try:
                if blind:
                    await place_blindly(client)
                else:
                    await client.request("POST", PLACE, _limit_buy())
            except (Error, OutcomeUnknownError):
                raised += 1

    async with _client(sim, retry=PLACEMENT_POLICY) as client, anyio.create_task_group() as group:
        for first in range(WORKERS):
            group.start_soon(worker, client, first)
    assert isinstance(sim.exchange, Exchange)
    # Every order the account ever placed; beyond one per placement asked for, an order is a duplicate.
    total = sim.exchange.order_count(uid)
    return total, max(total - count, 0), raised


async def storm(calls: int, budget: RetryBudget) -> tuple[int, float]:
    """Requests the server sees when it answers every one with HTTP 500, and the wall time."""
    sim, _ = _simulator()
    sim.faults.set(error_rate=1.0)
    policy = RetryPolicy(max_attempts=5, deadline=10.0, backoff_base=0.001, backoff_cap=0.01)
    started = time.perf_counter()
    client = Client(
        catalogue=CATALOGUE,
        transport=sim.transport(),
        credentials_from_env=False,
        retry=policy,
        retry_budget=budget,
    )
    async with client, anyio.create_task_group() as group:

        async def call() -> None:
            with contextlib.suppress(Error):
                await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})

        for _ in range(calls):
            group.start_soon(call)
    return sim.records.total, time.perf_counter() - started


async def layer_cost(calls: int) -> tuple[float, float]:
    """Microseconds per call: through the retry layer, and awaiting the same attempt directly."""
    endpoint = default_catalogue().lookup("GET", TICKERS)
    call = PreparedCall(endpoint, endpoint.scopes, {}, "", None)

    async def attempt(_: PreparedCall) -> int:
        return 1

    retrier = Retrier()
    rounds_with, rounds_without = [], []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            await retrier.run(ResendStep(call, attempt))
        rounds_with.append((time.perf_counter() - started) / calls * 1e6)
        started = time.perf_counter()
        for _ in range(calls):
            await attempt(call)
        rounds_without.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(rounds_with), statistics.median(rounds_without)


async def run(*, mixed_calls: int, orders: int, storm_calls: int, cost_calls: int) -> Report:
    rows: list[Row] = []
    clean = await mixed_load(mixed_calls, faults=False)
    faulty = await mixed_load(mixed_calls, faults=True)
    rows += [
        Row(
            SECTION,
            f"mixed load under faults: {mixed_calls} calls ending in success or a typed error",
            100.0 * (faulty.succeeded + faulty.typed_errors) / faulty.calls,
            "%",
            "no faults",
            100.0 * (clean.succeeded + clean.typed_errors) / clean.calls,
            goal="100%",
            met=faulty.untyped_errors == 0,
        ),
        Row(
            SECTION,
            "mixed load under faults: calls that succeeded",
            100.0 * faulty.succeeded / faulty.calls,
            "%",
            "no faults",
            100.0 * clean.succeeded / clean.calls,
        ),
        Row(
            SECTION,
            f"mixed load under faults: calls past their deadline ({POLICY.deadline:g} s)",
            faulty.late,
            "calls",
            "no faults",
            clean.late,
            goal="0",
            met=faulty.late == 0,
        ),
        Row(
            SECTION,
            "mixed load under faults: p99 call latency",
            percentile(faulty.latencies, 99) * 1000,
            "ms",
            "no faults",
            percentile(clean.latencies, 99) * 1000,
        ),
        Row(
            SECTION,
            "mixed load under faults: requests the server saw per call",
            faulty.server_requests / faulty.calls,
            "req",
            "no faults",
            clean.server_requests / clean.calls,
        ),
        Row(
            SECTION,
            "mixed load under faults: orders placed twice",
            faulty.duplicates,
            "orders",
            goal="0",
            met=faulty.duplicates == 0,
        ),
    ]
    on_server, extra, raised = await placements(orders, blind=False)
    blind_total, blind_extra, _ = await placements(orders, blind=True)
    rows += [
        Row(
            SECTION,
            f"{orders} placements, 30% answers lost after placing: orders on the server",
            on_server,
            "orders",
            "blind retry",
            blind_total,
            goal=f"exactly {orders}",
            met=on_server == orders and raised == 0,
        ),
        Row(
            SECTION,
            f"{orders} placements, 30% answers lost after placing: duplicate orders",
            extra,
            "orders",
            "blind retry",
            blind_extra,
            goal="0",
            met=extra == 0,
        ),
    ]
    unbounded, _ = await storm(storm_calls, RetryBudget(capacity=1_000_000))
    budget = RetryBudget()
    bounded, seconds = await storm(storm_calls, budget)
    ceiling = storm_calls + budget.capacity + budget.deposit_per_call * storm_calls + seconds * 10.0
    rows.append(
        Row(
            SECTION,
            f"exchange down, {storm_calls} calls: requests the server saw (default budget)",
            bounded,
            "req",
            "no budget",
            unbounded,
            goal=f"<= calls + capacity + deposits + refill ({ceiling:.0f})",
            met=bounded <= ceiling,
        )
    )
    with_layer, without = await layer_cost(cost_calls)
    rows.append(
        Row(
            SECTION,
            "retry layer per call that succeeds at once",
            with_layer,
            "µs",
            "the attempt awaited directly",
            without,
            note="the cost added is the difference",
        )
    )
    report = Report(rows=rows)
    report.sections["Retry conditions"] = (
        f"Faults: {FAULTS}, 429 bursts of 10 every 2,000 calls; policy {POLICY}; {WORKERS} concurrent "
        "callers; the simulator in-process with raised budgets; the client's default retry budget."
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_arguments(__doc__ or "")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.quick:
        sizes = {"mixed_calls": 100, "orders": 50, "storm_calls": 60, "cost_calls": 100}
    else:
        sizes = {"mixed_calls": 10_000, "orders": 1000, "storm_calls": 1000, "cost_calls": 20_000}
    report = anyio.run(lambda: run(**sizes))
    report.write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
