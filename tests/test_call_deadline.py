"""A call's deadline without a cancel scope per call: published to its attempt, kept in every wait of it.

The first attempt of a client's call runs without a cancel scope (see ``asyncclient._deadline``); the pipeline
cuts the transport's timeout to what is left of the deadline and bounds its waits for the clock and the limiter.
These tests check that the deadline still ends a slow call, that it reaches the attempt, that a call made inside
another keeps the nearer deadline, and that timeouts cut to a deadline do not pile up in the fast transport.
"""

from __future__ import annotations

import math
import time
from typing import Any

import anyio
import httpx
import pytest
from _hostile import KINDS

from asyncclient import Client, DeadlineExceededError, RetryPolicy
from asyncclient._attempt import PreparedCall
from asyncclient._call_step import ResendStep
from asyncclient._catalogue import default_catalogue
from asyncclient._deadline import CALL_DEADLINE
from asyncclient._retry import Retrier, RetryBudget
from asyncclient.testing import Simulator, serve

TICKER = "/api/v2/spot/market/tickers"


def _client(url: str, kind: str, **options: Any) -> Client:
    return Client(base_url=url, fast_transport=kind == "aiohttp", credentials_from_env=False, **options)


@pytest.mark.anyio
@KINDS
async def test_a_slow_answer_ends_at_the_deadline_not_at_the_timeout(anyio_backend: str, kind: str) -> None:
    sim = Simulator(seed=3)
    sim.faults.set(path=TICKER, latency=2.0)  # answered in 2 s, were it not for the deadline
    policy = RetryPolicy(max_attempts=5, deadline=0.4)
    async with serve(sim) as url, _client(url, kind, timeout=30.0, retry=policy) as client:
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError) as caught:
            await client.request("GET", TICKER, {"symbol": "BTCUSDT"})
        elapsed = time.monotonic() - started
    assert elapsed >= 0.4 - 0.01  # and since the answer would have come, the deadline is what ended it
    assert caught.value.maybe_sent  # it had left: the exchange may have seen it
    assert [record.error for record in caught.value.attempts] == ["DeadlineExceededError"]


class _DeadlineProbe(httpx.AsyncBaseTransport):
    """The simulator in-process, noting the running call's deadline as each request passes."""

    def __init__(self, sim: Simulator) -> None:
        self._inner = sim.transport()
        self.seen: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(CALL_DEADLINE.get() - time.monotonic())
        return await self._inner.handle_async_request(request)


@pytest.mark.anyio
async def test_the_deadline_reaches_the_attempt_and_ends_with_the_call() -> None:
    probe = _DeadlineProbe(Simulator(seed=3))
    client = Client(base_url="http://sim", transport=probe, retry=RetryPolicy(deadline=7.0), credentials_from_env=False)
    async with client:
        await client.request("GET", TICKER, {"symbol": "BTCUSDT"})
        await client.request("GET", TICKER, {"symbol": "BTCUSDT"}, retry=RetryPolicy(deadline=2.0))
    assert 6.0 < probe.seen[0] <= 7.0
    assert 1.0 < probe.seen[1] <= 2.0
    assert CALL_DEADLINE.get() == math.inf  # nothing is left behind outside a call


def _call() -> PreparedCall:
    endpoint = default_catalogue().lookup("GET", TICKER)
    return PreparedCall(endpoint, endpoint.scopes, {}, "", None)


@pytest.mark.anyio
async def test_a_call_inside_a_call_keeps_the_nearer_deadline() -> None:
    outer = Retrier(RetryPolicy(deadline=0.5), budget=RetryBudget())
    inner = Retrier(RetryPolicy(deadline=60.0), budget=RetryBudget())
    seen: list[float] = []

    async def inner_send(call: PreparedCall) -> Any:
        seen.append(CALL_DEADLINE.get() - time.monotonic())
        return "inner"

    async def outer_send(call: PreparedCall) -> Any:
        return await inner.run(ResendStep(call, inner_send), bounded=True)

    assert await outer.run(ResendStep(_call(), outer_send)) == "inner"
    assert 0.0 < seen[0] <= 0.5


@pytest.mark.anyio
async def test_a_step_that_does_not_keep_the_deadline_is_cut_off_by_a_scope() -> None:
    retrier = Retrier(RetryPolicy(deadline=0.2), budget=RetryBudget())

    async def hang(call: PreparedCall) -> Any:
        await anyio.sleep(60)

    with pytest.raises(DeadlineExceededError):
        await retrier.run(ResendStep(_call(), hang))


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])  # the fast transport is aiohttp, asyncio only
async def test_timeouts_cut_to_deadlines_do_not_pile_up_in_the_fast_transport(anyio_backend: str) -> None:
    from asyncclient._fast_transport import _TIMEOUTS_KEPT

    sim = Simulator(seed=3)
    async with serve(sim) as url, _client(url, "aiohttp", retry=RetryPolicy(deadline=5.0)) as client:
        for _ in range(3 * _TIMEOUTS_KEPT):  # each call's timeout is what is left of its own deadline
            await client.request("GET", TICKER, {"symbol": "BTCUSDT"}, timeout=30.0)
        sender = client._pipeline.sender
        assert len(sender._timeouts) <= _TIMEOUTS_KEPT  # type: ignore[attr-defined]
