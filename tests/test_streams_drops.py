"""A minute of connections dropped every few seconds: nothing lost, nothing twice, books right after each resync.

Time runs ten times fast (:class:`ScaledClock` for the client's keepalive and backoff, the same clock as the
simulator's ``monotonic`` for its connection ages), so the minute takes about six real seconds. The simulator
drops every connection at 3 s of age; meanwhile orders are placed over REST (market orders, and limit orders
cancelled at once). Every order must arrive in its final state exactly once (over WebSocket, or over REST when
the push fell in a gap), no state twice or out of order, and every book view must equal the simulator's book.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import anyio
import pytest

from asyncclient import Client
from asyncclient.streams import OrderBookView, OrderUpdate, ScaledClock
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

SCALE = 10.0
MINUTE = 60.0
DROP_EVERY = 3.0


def _matches(sim: Simulator, view: OrderBookView) -> bool:
    bids, asks = sim.streams.book("SPOT", view.symbol, view.ts)
    return [[format(lv.price, "f"), format(lv.size, "f")] for lv in view.bids] == bids and [
        [format(lv.price, "f"), format(lv.size, "f")] for lv in view.asks
    ] == asks


async def test_drops_every_few_seconds_for_a_minute() -> None:  # noqa: PLR0915  # one scenario, read top to bottom
    clock = ScaledClock(SCALE)
    sim = Simulator(seed=9, monotonic=clock.now, rate_limits=False)  # REST limits are not what this test is about
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    sim.streams.settings.drop_every = DROP_EVERY
    events: list[OrderUpdate] = []
    placed: dict[str, str] = {}  # order id -> the final status it must reach
    views = 0
    async with (
        serve(sim) as base_url,
        Client(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False) as client,
        client.streams(clock=clock, backoff_base=2.0, backoff_cap=4.0) as streams,
    ):
        book, orders = streams.book("BTCUSDT"), streams.orders()

        async def read_books() -> None:
            nonlocal views
            async for view in book:
                assert _matches(sim, view), view.ts
                views += 1

        traded, complete = anyio.Event(), anyio.Event()

        def all_final() -> bool:
            return {e.order_id for e in events if e.status == placed.get(e.order_id)} == set(placed)

        async def read_orders() -> None:
            async for order in orders:
                events.append(order)
                if traded.is_set() and all_final():
                    complete.set()

        async def trade() -> None:
            spot = client.spot
            started = clock.now()
            while clock.now() - started < MINUTE:
                market = await spot.place_order("BTCUSDT", "buy", "market", Decimal(20))
                assert market.order_id is not None
                placed[market.order_id] = "filled"
                limit = await spot.place_order("BTCUSDT", "buy", "limit", Decimal("0.001"), price=Decimal(9_000))
                assert limit.order_id is not None
                await spot.cancel_order("BTCUSDT", order_id=limit.order_id)
                placed[limit.order_id] = "cancelled"
                await clock.sleep(1.0)

        async with anyio.create_task_group() as group:
            group.start_soon(read_books)
            group.start_soon(read_orders)
            await trade()
            sim.streams.settings.drop_every = None
            traded.set()
            if not all_final():
                with anyio.fail_after(20):
                    await complete.wait()
            group.cancel_scope.cancel()

    finals = Counter(e.order_id for e in events if e.status in ("filled", "cancelled"))
    assert set(finals) == set(placed) and set(finals.values()) == {1}  # each final state exactly once
    states = Counter((e.order_id, e.status) for e in events)
    assert max(states.values()) == 1  # no state twice
    for order_id in placed:
        ranks = [e.updated_ms for e in events if e.order_id == order_id]
        assert ranks == sorted(ranks)  # never an older state after a newer one
    assert len(placed) >= 2 * 30
    drops = sim.streams.stats.drops
    assert drops >= 2 * 8  # two connections, each dropped at 3 s of age, back after a 1 to 2 s backoff
    disconnects = [gap for gap in orders.gaps if gap.reason == "disconnect"]
    assert len(disconnects) >= 8 and sum(gap.recovered for gap in disconnects) >= 1
    assert any(e.source == "rest" for e in events) and any(e.source == "ws" for e in events)
    assert len([gap for gap in book.gaps if gap.reason == "disconnect"]) >= 8 and views >= 10
    assert not sim.streams.stats.violations
