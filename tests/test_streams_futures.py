"""Private futures and trigger-order channels against the simulator on a loopback port, on asyncio and trio.

Classic ``instType: USDT-FUTURES`` orders, fills, positions and account, fed by futures orders placed over REST;
a drop whose gap REST fills (each order state once, a position closed during the gap reported closed); spot and
futures trigger (plan) orders that the simulator's price walk fires.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import pytest
from _stream_ready import until_live

from asyncclient import Client, InputError
from asyncclient.streams import OrderUpdate, PositionUpdate, Streams, Subscription, TriggerOrderUpdate
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

T = Any
SYMBOL = "BTCUSDT"


@pytest.fixture
def sim() -> Simulator:
    sim = Simulator(seed=5)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    return sim


@asynccontextmanager
async def _streams(sim: Simulator, **options: Any) -> AsyncIterator[Streams]:
    async with (
        serve(sim) as base_url,
        Client(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False) as client,
        client.streams(**options) as streams,
    ):
        yield streams


async def _take(subscription: Subscription[T], count: int, timeout: float = 10.0) -> list[T]:
    items: list[T] = []
    with anyio.fail_after(timeout):
        async for item in subscription:
            items.append(item)
            if len(items) == count:
                break
    return items


async def _until(subscription: Subscription[T], done: Any, timeout: float = 10.0) -> list[T]:
    items: list[T] = []
    with anyio.fail_after(timeout):
        async for item in subscription:
            items.append(item)
            if done(item):
                break
    return items


async def test_futures_orders_fills_positions_and_account(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        futures = streams.client.futures
        orders = streams.orders(inst_type="USDT-FUTURES")
        fills = streams.fills(SYMBOL, inst_type="USDT-FUTURES")
        positions = streams.positions()
        account = streams.balances(inst_type="USDT-FUTURES")
        (start,) = await _take(account, 1)
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        opened = await futures.place_order(SYMBOL, "buy", "market", "0.01")
        resting = await futures.place_order(SYMBOL, "buy", "limit", "0.01", price=10_000)
        await futures.cancel_order(SYMBOL, order_id=resting.order_id)
        seen = await _take(orders, 3)
        (fill,) = await _take(fills, 1)
        (held,) = await _take(positions, 1)
        await futures.place_order(SYMBOL, "sell", "market", "0.01", reduce_only=True)
        closed = (await _until(positions, lambda p: p.total == 0))[-1]
        (after,) = await _take(account, 1)
    assert start.coin == "USDT" and start.available > 0
    assert [(o.order_id, o.status) for o in seen] == [
        (opened.order_id, "filled"),
        (resting.order_id, "live"),
        (resting.order_id, "cancelled"),
    ]
    assert all(o.source == "ws" and o.symbol == SYMBOL for o in seen)
    assert (fill.order_id, fill.size, fill.source) == (opened.order_id, Decimal("0.01"), "ws")
    assert fill.fee is not None and fill.fee < 0
    assert isinstance(held, PositionUpdate)
    assert (held.symbol, held.hold_side, held.total) == (SYMBOL, "long", Decimal("0.01"))
    assert held.open_price == fill.price and held.leverage == 20
    assert (closed.symbol, closed.hold_side, closed.total) == (SYMBOL, "long", 0)
    assert after.available != start.available  # two fees paid


async def test_a_drop_fills_the_futures_gap_over_rest_once(sim: Simulator) -> None:
    async with _streams(sim, backoff_base=1.0, backoff_cap=1.0) as streams:
        futures = streams.client.futures
        orders = streams.orders(inst_type="USDT-FUTURES")
        fills = streams.fills(inst_type="USDT-FUTURES")
        positions = streams.positions()
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        before = await futures.place_order(SYMBOL, "buy", "market", "0.01")
        (first,) = await _take(orders, 1)
        (held,) = await _take(positions, 1)
        await _take(fills, 1)
        sim.streams.drop()
        for _ in range(500):  # gone within a push tick; back only after 0.5 to 1 s (equal jitter)
            if streams.connections[0].drops:
                break
            await anyio.sleep(0.01)
        assert streams.connections[0].drops == 1
        # While the connection is down: an order opens and closes, and the position is closed.
        during = await futures.place_order(SYMBOL, "sell", "market", "0.01", reduce_only=True)
        recovered = await _take(orders, 1)
        (gap_fill,) = await _take(fills, 1)
        closed = (await _until(positions, lambda p: p.total == 0))[-1]
        after = await futures.place_order(SYMBOL, "buy", "market", "0.01")
        rest = await _until(orders, lambda o: o.order_id == after.order_id)
    assert (first.order_id, first.source, held.total) == (before.order_id, "ws", Decimal("0.01"))
    assert [(o.order_id, o.status, o.source) for o in recovered] == [(during.order_id, "filled", "rest")]
    assert (gap_fill.order_id, gap_fill.source) == (during.order_id, "rest")
    assert (closed.total, closed.source) == (0, "rest")
    assert [o.order_id for o in rest] == [after.order_id]  # nothing delivered twice
    assert [gap.reason for gap in orders.gaps] == ["disconnect"] and orders.gaps[0].recovered == 1


async def test_a_spot_trigger_order_is_pushed_when_placed_and_when_it_fires(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        spot = streams.client.spot
        triggers = streams.triggers(SYMBOL)
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        price = (await spot.ticker(SYMBOL)).bid_price
        assert price is not None
        # One just above the price and one just below: the walk reaches one of them within moments.
        up = await spot.place_plan_order(SYMBOL, "buy", "market", 20, price + Decimal("0.5"), size_in_quote=True)
        down = await spot.place_plan_order(SYMBOL, "buy", "market", 20, price - Decimal("0.5"), size_in_quote=True)
        far = await spot.place_plan_order(SYMBOL, "buy", "market", 20, price * 2, size_in_quote=True)  # never fires
        ids = {up.order_id, down.order_id, far.order_id}
        seen: list[TriggerOrderUpdate] = []

        def done(update: TriggerOrderUpdate) -> bool:
            seen.append(update)
            fired = any(t.status == "triggered" for t in seen)
            return fired and {t.order_id for t in seen} == ids

        await _until(triggers, done, timeout=20)
    assert all(isinstance(t, TriggerOrderUpdate) and t.symbol == SYMBOL and t.source == "ws" for t in seen)
    assert {t.order_id for t in seen} == ids
    fired = {t.order_id for t in seen if t.status == "triggered"}  # one (both if the walk swung across)
    assert fired and fired <= {up.order_id, down.order_id}
    assert [t.status for t in seen if t.order_id == far.order_id] == ["not_trigger"]  # pushed when placed
    pairs = [(t.order_id, t.status) for t in seen]
    assert len(pairs) == len(set(pairs))  # each state once
    assert {t.trigger_price for t in seen} == {price + Decimal("0.5"), price - Decimal("0.5"), price * 2}


async def test_a_futures_trigger_order_fires_and_its_order_arrives(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        futures = streams.client.futures
        triggers = streams.triggers(inst_type="USDT-FUTURES")
        orders = streams.orders(inst_type="USDT-FUTURES")
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        price = (await futures.ticker(SYMBOL)).bid_price
        assert price is not None
        plans = [
            await futures.place_plan_order(SYMBOL, "buy", "market", "0.01", price + delta)
            for delta in (Decimal(1), Decimal(-1))
        ]
        ids = {plan.order_id for plan in plans}
        seen: list[TriggerOrderUpdate] = []

        def done(update: TriggerOrderUpdate) -> bool:
            seen.append(update)
            return any(t.status == "executed" for t in seen) and {t.order_id for t in seen} == ids

        await _until(triggers, done, timeout=20)
        (order,) = await _take(orders, 1, timeout=10)
    assert {t.order_id for t in seen} == ids
    fired = [t for t in seen if t.status == "executed"]  # one, or both if the walk swung across both
    assert fired and all(t.order_id in ids and t.plan_type == "normal_plan" for t in fired)
    assert isinstance(order, OrderUpdate) and order.status == "filled" and order.symbol == SYMBOL


async def test_private_channel_input_is_checked_before_sending(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        with pytest.raises(InputError, match="need a symbol"):
            streams.triggers()
        with pytest.raises(InputError, match="inst_type"):
            streams.orders(inst_type="FUTURES")
        with pytest.raises(InputError, match="positions is not a private channel of SPOT"):
            streams.positions(inst_type="SPOT")
    async with _streams(sim, unified=True) as unified:
        with pytest.raises(InputError, match="unified accounts have no orders-algo"):
            unified.triggers(SYMBOL)


async def test_usdc_m_channels_carry_the_usdc_m_line_only(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        usdc_m = streams.client.futures_for("USDC-FUTURES")
        usdt_orders = streams.orders(inst_type="USDT-FUTURES")
        orders = streams.orders(inst_type="USDC-FUTURES")
        positions = streams.positions(inst_type="USDC-FUTURES")
        account = streams.balances(inst_type="USDC-FUTURES")
        (start,) = await _take(account, 1)
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        ack = await usdc_m.place_order("ETHPERP", "sell", "market", "0.1")
        (order,) = await _take(orders, 1)
        (held,) = await _take(positions, 1)
        with anyio.move_on_after(0.5):
            stray = await _take(usdt_orders, 1)
            raise AssertionError(f"a USDC-M order on the USDT-M channel: {stray}")
    assert start.coin == "USDC" and start.available > 0
    assert (order.order_id, order.symbol, order.status) == (ack.order_id, "ETHPERP", "filled")
    assert (held.symbol, held.hold_side, held.total) == ("ETHPERP", "short", Decimal("0.1"))
