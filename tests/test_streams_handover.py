"""The 24-hour handover is make-before-break: the successor socket is logged in and subscribed before the old one
closes, so private channels need no REST catch-up. asyncio and trio, the simulator on a loopback port, with the
exchange's 24-hour close brought forward to 60 s of a clock running 50 times fast.
"""

from __future__ import annotations

from decimal import Decimal

import anyio
import pytest

from asyncclient import Client
from asyncclient.streams import FillUpdate, OrderUpdate, ScaledClock, Subscription
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

_CATCH_UP = ("/api/v2/spot/trade/unfilled-orders", "/api/v2/spot/trade/history", "/api/v2/spot/trade/fills")


async def test_private_handover_needs_no_rest_catch_up() -> None:
    clock = ScaledClock(50.0)
    sim = Simulator(seed=6, monotonic=clock.now)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    sim.streams.settings.max_lifetime = 60.0
    async with (
        serve(sim) as base_url,
        Client(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False) as client,
        client.streams(clock=clock, max_connection_age=45.0) as streams,
    ):
        orders, fills = streams.orders(), streams.fills()
        await anyio.sleep(0.3)
        primed = [r.path for r in sim.records.requests if r.path.startswith(_CATCH_UP)]
        placed: list[str] = []
        seen: list[OrderUpdate] = []
        started = clock.now()
        with anyio.fail_after(30):
            while clock.now() - started < 160 or not placed or seen[-1].order_id != placed[-1]:
                if clock.now() - started < 160:
                    ack = await client.spot.place_order("BTCUSDT", "buy", "market", Decimal(20))
                    assert ack.order_id is not None
                    placed.append(ack.order_id)
                with anyio.move_on_after(0.2):
                    async for order in orders:
                        seen.append(order)
                        if order.order_id == placed[-1]:
                            break
        fill_ids = {fill.order_id for fill in await _drain(fills)}
        connection = streams.connections[0]
        after = [r.path for r in sim.records.requests if r.path.startswith(_CATCH_UP)]
    assert connection.handovers >= 2 and connection.drops == 0
    assert sim.streams.stats.forced_closes == 0  # the client always left first
    assert [o.order_id for o in seen] == placed  # every order once, in order
    assert all(o.status == "filled" and o.source == "ws" for o in seen)
    assert fill_ids == set(placed)
    assert orders.gaps == [] and fills.gaps == []
    assert after == primed  # no REST catch-up: only the first open-orders look, before any handover


async def _drain(subscription: Subscription[FillUpdate]) -> list[FillUpdate]:
    """Whatever the subscription holds or receives within half a second."""
    items: list[FillUpdate] = []
    with anyio.move_on_after(0.5):
        # One by one: a comprehension would lose its items to the timeout.
        async for item in subscription:
            items.append(item)  # noqa: PERF401
    return items
