"""Faults around orders and time: no false "maybe placed", and a server clock that steps twice in a second.

Over a loopback port, on httpx (asyncio and trio) and on the aiohttp fast transport (asyncio only).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any, cast

import anyio
import pytest
from _hostile import KINDS

from asyncclient import (
    Client,
    DeadlineExceededError,
    Error,
    OutcomeUnknownError,
    RateLimit,
    RetryPolicy,
    TimestampError,
)
from asyncclient._retry import MAX_TIMESTAMP_RETRIES
from asyncclient.testing import Simulator, serve
from asyncclient.testing._server import LoopbackServer

KEY, SECRET, PASSPHRASE = "faults-key", "faults-secret", "faults-pass"
PLACE = "/api/v2/spot/trade/place-order"
REPLACE = "/api/v2/spot/trade/cancel-replace-order"
ASSETS = "/api/v2/spot/account/assets"
ORDER = {"symbol": "BTCUSDT", "side": "buy", "orderType": "limit", "force": "gtc", "price": "1000", "size": "0.01"}


def _simulator() -> Simulator:
    sim = Simulator(seed=11)
    sim.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
    return sim


def _client(url: str, kind: str, **options: Any) -> Client:
    return Client(
        KEY, SECRET, PASSPHRASE, base_url=url, fast_transport=kind == "aiohttp", credentials_from_env=False, **options
    )


async def _outcomes(calls: Sequence[Callable[[], Awaitable[Any]]]) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    async def run(index: int) -> None:
        try:
            results[index] = await calls[index]()
        except Error as exc:
            results[index] = exc

    async with anyio.create_task_group() as group:
        for index in range(len(calls)):
            group.start_soon(run, index)
    return results


@pytest.mark.anyio
@KINDS
async def test_placements_that_never_left_are_not_maybe_placed(anyio_backend: str, kind: str) -> None:
    """A burst past the budget meets its deadline in the limiter: DeadlineExceededError, never OutcomeUnknownError."""
    sim = _simulator()
    limits = {f"POST {PLACE}": RateLimit(4, 1.0), f"POST {REPLACE}": RateLimit(2, 1.0)}
    async with serve(sim) as url, _client(url, kind, limits=limits, retry=RetryPolicy(deadline=0.6)) as client:
        await client.sync_clock()
        places = [lambda: client.request("POST", PLACE, ORDER) for _ in range(20)]
        replace = {**ORDER, "orderId": "1", "newClientOid": "replace-1"}
        replaces = [lambda: client.request("POST", REPLACE, replace) for _ in range(8)]
        results = await _outcomes(places + replaces)
    placed = [result for result in results[:20] if isinstance(result, dict)]
    never_left = [result for result in results if isinstance(result, DeadlineExceededError)]
    assert not [result for result in results if isinstance(result, OutcomeUnknownError)]
    assert len(never_left) >= 20  # 28 calls, about 6 slots before the deadline
    assert all(not error.maybe_sent and "before the request was sent" in str(error) for error in never_left)
    assert sim.records.count("POST", PLACE) == len(placed)  # every placement not placed was never sent


@pytest.mark.anyio
@KINDS
async def test_a_placement_cut_off_in_flight_is_still_maybe_placed(anyio_backend: str, kind: str) -> None:
    """The fix does not hide real doubt: a placement the deadline stops after it left is reported as unknown."""
    sim = _simulator()
    sim.faults.set(path=PLACE, latency=1.0)
    async with serve(sim) as url, _client(url, kind, retry=RetryPolicy(deadline=0.3)) as client:
        await client.sync_clock()
        with pytest.raises(OutcomeUnknownError) as info:
            await client.request("POST", PLACE, {**ORDER, "clientOid": "in-flight-1"})
    assert info.value.client_oids == ("in-flight-1",)


class _SteppingApp:
    """The simulator's app, whose clock steps a minute forward as each of the first ``steps`` asset calls arrives."""

    def __init__(self, sim: Simulator, steps: int) -> None:
        self._sim = sim
        self.steps = steps

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == ASSETS and self.steps > 0:
            self.steps -= 1
            self._sim.clock.jump(60.0)
        await self._sim.app(scope, receive, send)


@asynccontextmanager
async def _serve_app(app: _SteppingApp) -> AsyncIterator[str]:
    server = LoopbackServer(cast(Any, app))
    await anyio.to_thread.run_sync(server.start)
    try:
        yield server.url
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(server.stop)


@pytest.mark.anyio
@KINDS
async def test_two_server_clock_steps_within_a_second_never_reach_the_caller(anyio_backend: str, kind: str) -> None:
    sim = _simulator()
    app = _SteppingApp(sim, steps=2)
    async with _serve_app(app) as url, _client(url, kind) as client:
        assets = await client.request("GET", ASSETS)
        assert {row["coin"] for row in assets} >= {"USDT"}
    assert app.steps == 0
    assert sim.records.count("GET", ASSETS) == 3  # rejected, resynced, rejected again, resynced, accepted
    assert client.retry_stats.retries_by_reason["timestamp"] == 2


@pytest.mark.anyio
@KINDS
async def test_a_server_clock_that_keeps_stepping_is_bounded(anyio_backend: str, kind: str) -> None:
    sim = _simulator()
    app = _SteppingApp(sim, steps=100)
    async with _serve_app(app) as url, _client(url, kind) as client:
        with pytest.raises(TimestampError):
            await client.request("GET", ASSETS)
    assert sim.records.count("GET", ASSETS) == 1 + MAX_TIMESTAMP_RETRIES


@pytest.mark.anyio
@KINDS
async def test_money_at_the_bounds_still_goes_out(anyio_backend: str, kind: str) -> None:
    """The bounds on money refuse only absurd values: 40 digits, 1e-30..1e30, as strings or Decimals, are sent."""
    sim = _simulator()
    async with serve(sim) as url, _client(url, kind) as client:
        order = {**ORDER, "size": Decimal("0.0100000000"), "price": Decimal("1000." + "0" * 30)}
        result = await client.request("POST", PLACE, order)
    assert result["orderId"]
