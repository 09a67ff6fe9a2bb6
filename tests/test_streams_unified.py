"""A unified (UTA) account's private channels on ``/v3/ws/private``, and their gaps filled over the v3 REST
methods (``client.uta``), on asyncio and trio against the simulator on a loopback port.

The account is in unified mode, so the classic REST methods would be refused (40085): a gap recovered at all
was recovered over v3, and the simulator's request log shows which paths were called.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import pytest
from _stream_ready import until_live

from asyncclient import Client
from asyncclient.streams import Streams, Subscription
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

T = Any
SYMBOL = "BTCUSDT"


@pytest.fixture
def sim() -> Simulator:
    sim = Simulator(seed=5)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, mode="uta")
    sim.streams.settings.push_interval = 0.05
    return sim


@asynccontextmanager
async def _streams(sim: Simulator, **options: Any) -> AsyncIterator[Streams]:
    async with (
        serve(sim) as base_url,
        Client(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False) as client,
        client.streams(unified=True, **options) as streams,
    ):
        yield streams


async def _until(subscription: Subscription[T], done: Any, timeout: float = 10.0) -> list[T]:
    items: list[T] = []
    with anyio.fail_after(timeout):
        async for item in subscription:
            items.append(item)
            if done(item):
                break
    return items


async def test_unified_futures_orders_fills_and_positions(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        uta = streams.client.uta
        orders, fills, positions = streams.orders(), streams.fills(), streams.positions()
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        ack = await uta.place_order("USDT-FUTURES", SYMBOL, "buy", "market", "0.01")
        (order,) = await _until(orders, lambda o: True)
        (fill,) = await _until(fills, lambda f: True)
        (held,) = await _until(positions, lambda p: True)
    assert (order.order_id, order.status, order.symbol, order.source) == (ack.order_id, "filled", SYMBOL, "ws")
    assert order.filled == Decimal("0.01") and fill.order_id == ack.order_id and fill.size == Decimal("0.01")
    assert (held.symbol, held.total, held.source) == (SYMBOL, Decimal("0.01"), "ws")


async def test_a_unified_gap_is_filled_over_the_v3_rest_methods(sim: Simulator) -> None:
    async with _streams(sim, backoff_base=1.0, backoff_cap=1.0) as streams:
        uta = streams.client.uta
        orders, fills = streams.orders(), streams.fills()
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        first = await uta.place_order("SPOT", SYMBOL, "buy", "market", "50")
        await _until(orders, lambda o: o.order_id == first.order_id)
        await _until(fills, lambda f: f.order_id == first.order_id)
        sim.streams.drop()
        for _ in range(500):  # gone within a push tick; back only after 0.5 to 1 s (equal jitter)
            if streams.connections[0].drops:
                break
            await anyio.sleep(0.01)
        assert streams.connections[0].drops == 1
        spot = await uta.place_order("SPOT", SYMBOL, "buy", "market", "50")
        futures = await uta.place_order("USDT-FUTURES", SYMBOL, "buy", "market", "0.01")
        recovered = await _until(orders, lambda o: o.order_id == futures.order_id)
        recovered_fills = await _until(fills, lambda f: f.order_id == futures.order_id)
        after = await uta.place_order("SPOT", SYMBOL, "buy", "market", "50")
        later = await _until(orders, lambda o: o.order_id == after.order_id)
    assert [(o.order_id, o.status, o.source) for o in recovered] == [
        (spot.order_id, "filled", "rest"),
        (futures.order_id, "filled", "rest"),
    ]
    assert {f.order_id for f in recovered_fills} == {spot.order_id, futures.order_id}
    assert all(f.source == "rest" for f in recovered_fills)
    assert [o.order_id for o in later] == [after.order_id]  # nothing twice
    assert orders.gaps[0].recovered == 2
    paths = {request.path for request in sim.records.requests}
    assert {"/api/v3/trade/unfilled-orders", "/api/v3/trade/history-orders", "/api/v3/trade/fills"} <= paths
    assert not any(path.startswith("/api/v2/spot/trade") for path in paths)
