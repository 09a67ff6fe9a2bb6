"""The 24-hour handover is make-before-break: the successor socket is logged in and subscribed before the old one
closes, so private channels need no REST catch-up. asyncio and trio, the simulator on a loopback port, with the
exchange's 24-hour close brought forward to 60 s of a virtual clock that the test steps (:class:`SteppedClock`):
each step waits until the client is idle again, so a slow machine changes how long the test takes, never what
it sees.
"""

from __future__ import annotations

from decimal import Decimal

import anyio
import pytest
from _stepped_clock import SteppedClock

from asyncclient import Client
from asyncclient.streams import FillUpdate, OrderUpdate, Subscription
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

_CATCH_UP = ("/api/v2/spot/trade/unfilled-orders", "/api/v2/spot/trade/history", "/api/v2/spot/trade/fills")
#: Real seconds to wait for a push: only a broken stream gets near it.
_PUSH_TIMEOUT = 30.0


async def test_private_handover_needs_no_rest_catch_up() -> None:
    clock = SteppedClock()
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
        await clock.idle(streams)  # logged in, subscribed and caught up: the keepalive sleeps
        primed = [r.path for r in sim.records.requests if r.path.startswith(_CATCH_UP)]
        placed: list[str] = []
        seen: list[OrderUpdate] = []
        started = clock.now()
        while clock.now() - started < 160:  # three 60 s lifetimes: handovers at 50, 100 and 150 s
            ack = await client.spot.place_order("BTCUSDT", "buy", "market", Decimal(20))
            assert ack.order_id is not None
            placed.append(ack.order_id)
            with anyio.fail_after(_PUSH_TIMEOUT):
                async for order in orders:
                    seen.append(order)
                    if order.order_id == placed[-1]:
                        break
            await clock.step(5.0, streams)
        fill_ids = {fill.order_id for fill in await _fills_of(fills, set(placed))}
        connection = streams.connections[0]
        after = [r.path for r in sim.records.requests if r.path.startswith(_CATCH_UP)]
    assert connection.handovers >= 2 and connection.drops == 0
    assert sim.streams.stats.forced_closes == 0  # the client always left first
    assert sim.streams.stats.most_open_per_ip == 2  # make before break: the successor opened before the old closed
    assert [o.order_id for o in seen] == placed  # every order once, in order
    assert all(o.status == "filled" and o.source == "ws" for o in seen)
    assert fill_ids == set(placed)
    assert orders.gaps == [] and fills.gaps == []
    assert after == primed  # no REST catch-up: only the first open-orders look, before any handover


async def _fills_of(subscription: Subscription[FillUpdate], order_ids: set[str]) -> list[FillUpdate]:
    """Fills as they arrive until every one of ``order_ids`` has one (bounded only against a hang)."""
    items: list[FillUpdate] = []
    with anyio.fail_after(_PUSH_TIMEOUT):
        async for item in subscription:
            items.append(item)
            if order_ids <= {fill.order_id for fill in items}:
                break
    return items
