"""The streams client against the simulator on a loopback port, on asyncio and trio.

Typed public and private subscriptions, classic and unified URLs, every frame counted by the client's limiter,
a dropped connection that resubscribes and fills the private gap over REST (each event once), a checksum
mismatch that resyncs the book, refusals as typed errors, and the login signature against a fixed vector.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import pytest
from _stream_ready import until_live

from asyncclient import Client, InputError, MissingCredentialsError
from asyncclient.streams import (
    OrderBookView,
    OrderUpdate,
    StreamAuthError,
    StreamClosedError,
    StreamRefusedError,
    Streams,
    Subscription,
    stream_base_url,
)
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

T = Any


@pytest.fixture
def sim() -> Simulator:
    sim = Simulator(seed=5)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    return sim


@asynccontextmanager
async def _streams(sim: Simulator, secret: str = SIM_API_SECRET, **options: Any) -> AsyncIterator[Streams]:
    async with (
        serve(sim) as base_url,
        Client(SIM_API_KEY, secret, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False) as client,
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


def _matches(sim: Simulator, view: OrderBookView) -> bool:
    bids, asks = sim.streams.book("SPOT", view.symbol, view.ts)
    mine = ([[format(lv.price, "f"), format(lv.size, "f")] for lv in side] for side in (view.bids, view.asks))
    return (next(mine), next(mine)) == (bids, asks)


async def test_public_channels_are_typed_with_decimal_money(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        tickers = await _take(streams.ticker("BTCUSDT"), 3)
        trades = await _take(streams.trades("ETHUSDT"), 5)
        candles = await _take(streams.candles("BTCUSDT", "1m", inst_type="USDT-FUTURES"), 3)
        top5 = await _take(streams.book("BTCUSDT", levels=5), 2)
    assert all(isinstance(t.last, Decimal) and t.bid is not None and t.ask is not None for t in tickers)
    assert [t.ts for t in tickers] == sorted({t.ts for t in tickers})
    ids = [t.trade_id for t in trades]
    assert len(set(ids)) == 5 and [t.ts for t in trades] == sorted(t.ts for t in trades)
    assert all(isinstance(c.close, Decimal) and c.low <= c.close <= c.high for c in candles)
    assert all(len(view.bids) == 5 and view.bids[0].price < view.asks[0].price for view in top5)


async def test_the_local_book_equals_the_simulators_after_every_update(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        book = streams.book("BTCUSDT")
        views = await _take(book, 6)
        assert views[0].snapshot and not any(view.snapshot for view in views[1:])
        assert all(_matches(sim, view) for view in views)
        sim.streams.settings.corrupt_checksums = 1  # the next update lies: the client resyncs from a snapshot
        with anyio.fail_after(10):
            async for view in book:
                assert _matches(sim, view)  # the lying update is never shown
                if view.snapshot:
                    break
        assert streams.resyncs == 1
        assert [gap.reason for gap in book.gaps] == ["checksum"]
        assert all(_matches(sim, view) for view in await _take(book, 3))


async def test_unified_urls_and_shapes() -> None:
    sim = Simulator(seed=5)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, mode="uta")
    sim.streams.settings.push_interval = 0.05
    async with _streams(sim, unified=True) as streams:
        ticker = (await _take(streams.ticker("ETHUSDT"), 1))[0]
        view = (await _take(streams.book("SOLUSDT"), 2))[1]
        trade = (await _take(streams.trades("BTCUSDT"), 1))[0]
        orders = streams.orders()
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        await streams.client.uta.place_order("SPOT", "BTCUSDT", "buy", "market", Decimal(50))
        order = (await _take(orders, 1))[0]
        urls = {connection.url.rsplit("/", 3)[-3] for connection in streams.connections}
    assert ticker.symbol == "ETHUSDT" and ticker.last > 0
    assert _matches(sim, view) and trade.price > 0
    assert (order.status, order.symbol, order.source) == ("filled", "BTCUSDT", "ws")
    assert urls == {"v3"}


async def test_private_orders_fills_and_balances_after_rest_orders(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        balances = {b.coin: b for b in await _take(streams.balances(), 3)}
        assert balances["USDT"].available == Decimal(100_000)
        orders, fills = streams.orders("BTCUSDT"), streams.fills()
        await until_live(sim, streams)  # subscribed and caught up: what happens next is pushed
        spot = streams.client.spot
        market = await spot.place_order("BTCUSDT", "buy", "market", Decimal(100))
        resting = await spot.place_order("BTCUSDT", "buy", "limit", Decimal("0.001"), price=Decimal(10_000))
        await spot.cancel_order("BTCUSDT", order_id=resting.order_id)
        seen = await _take(orders, 3)
        fill = (await _take(fills, 1))[0]
    assert [(o.order_id, o.status) for o in seen] == [
        (market.order_id, "filled"),
        (resting.order_id, "live"),
        (resting.order_id, "cancelled"),
    ]
    assert seen[0].filled > 0 and seen[0].price_avg is not None
    assert fill.order_id == market.order_id and fill.size == seen[0].filled and fill.fee is not None


async def test_a_drop_resubscribes_and_rest_fills_the_private_gap_once(sim: Simulator) -> None:
    async with _streams(sim, backoff_base=1.0, backoff_cap=1.0) as streams:
        orders, fills, book = streams.orders(), streams.fills(), streams.book("BTCUSDT")
        spot = streams.client.spot
        await _take(book, 1)
        await until_live(sim, streams)
        first = await spot.place_order("BTCUSDT", "buy", "market", Decimal(60))
        assert (await _take(orders, 1))[0].order_id == first.order_id
        sim.streams.drop()
        for _ in range(500):  # gone within a push tick; back only after 0.5 to 1 s (equal jitter)
            if not sim.streams.open_connections:
                break
            await anyio.sleep(0.01)
        assert not sim.streams.open_connections
        missed = await spot.place_order("BTCUSDT", "buy", "market", Decimal(70))
        recovered = (await _take(orders, 1))[0]
        recovered_fill = (await _take(fills, 2))[-1]
        with anyio.fail_after(10):
            async for view in book:  # latest only: the resync's snapshot may be updated already when read
                assert _matches(sim, view)
                if book.gaps:
                    break
        assert [gap.reason for gap in book.gaps] == ["disconnect"]
        after = await spot.place_order("BTCUSDT", "buy", "market", Decimal(80))
        live = (await _take(orders, 1))[0]
    assert (recovered.order_id, recovered.status, recovered.source) == (missed.order_id, "filled", "rest")
    assert recovered_fill.order_id == missed.order_id and recovered_fill.source == "rest"
    assert (live.order_id, live.source) == (after.order_id, "ws")
    gaps = [gap for gap in orders.gaps if gap.reason == "disconnect"]
    assert len(gaps) == 1 and gaps[0].recovered == 1 and gaps[0].start_ms <= gaps[0].end_ms
    assert streams.reconnects >= 2  # the public and the private connection


async def test_every_frame_takes_from_the_clients_limiter(sim: Simulator) -> None:
    # A pong may take most of a second on a loaded machine (0.1 s made a reconnect, a second connect, a failure),
    # and the pings are awaited rather than assumed to fit in a fixed sleep.
    async with _streams(sim, ping_interval=0.5, pong_timeout=0.45) as streams:
        await _take(streams.ticker("BTCUSDT"), 1)
        with anyio.fail_after(30):
            while streams.pings < 2 or sim.streams.stats.pings < 2:  # noqa: ASYNC110 - counters, not events
                await anyio.sleep(0.05)
        stats = streams.limiter.stats
        assert stats is not None
        index = streams.connections[0].index
        # A pong later than its timeout even so (the full suite on two cores) reconnects: a connect and a
        # subscribe more, each taken from the limiter (the reconnect may still be under way when this reads).
        again = streams.connections[0].drops
        assert again <= 2
        assert 1 <= stats["ws:ip:connect"].sent <= 1 + again
        assert 1 <= stats[f"ws:conn:{index}:subscribe"].sent <= 1 + again
        assert 1 + streams.pings <= stats[f"ws:conn:{index}:message"].sent <= 1 + again + streams.pings
        assert streams.pings >= 2
    assert sim.streams.stats.pings >= 2 and not sim.streams.stats.violations


async def test_refusals_are_typed_errors(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        with pytest.raises(StreamRefusedError) as refused:
            await _take(streams.ticker("NOPEUSDT"), 1)
        assert refused.value.code == 30001
    async with _streams(sim, secret="not-the-secret") as streams:
        with pytest.raises(StreamAuthError) as denied:
            await _take(streams.orders(), 1)
        assert denied.value.code == 30015


async def test_bad_input_is_refused_before_anything_is_sent(sim: Simulator) -> None:
    async with _streams(sim) as streams:
        for call in (
            lambda: streams.ticker("BTC/USDT"),
            lambda: streams.book("BTCUSDT", levels=7),
            lambda: streams.candles("BTCUSDT", "2m"),
            lambda: streams.ticker("BTCUSDT", inst_type="OPTIONS"),
        ):
            with pytest.raises(InputError):
                call()
        assert not streams.connections
    async with serve(sim) as base_url, Client(base_url=base_url, credentials_from_env=False) as public:
        async with public.streams() as streams:
            with pytest.raises(MissingCredentialsError):
                streams.orders()
        with pytest.raises(StreamClosedError):
            streams.ticker("BTCUSDT")
        with pytest.raises(InputError):
            public.streams(channels_per_connection=1001)


class _FixedClock:
    async def ready(self) -> None:
        return None

    def now_ms(self) -> int:
        return 1_700_000_000_123

    async def resync(self) -> None:
        return None


async def test_login_signs_seconds_and_matches_the_documented_vector() -> None:
    client = Client(
        "key", "bitget-test-secret-0123456789abcdef", "pass", clock=_FixedClock(), credentials_from_env=False
    )
    async with client, client.streams() as streams:
        message = await streams.login_message()
    assert message == {
        "op": "login",
        "args": [
            {
                "apiKey": "key",
                "passphrase": "pass",
                "timestamp": "1700000000",
                "sign": "pm1+aj9ZKSuabrrZa8FZ6cDmurFpzb3J7BrMECN8rCo=",  # TV7 in /work/shared/bitget/API.md
            }
        ],
    }


def test_stream_urls_follow_the_rest_base_url() -> None:
    assert stream_base_url("https://api.bitget.com") == "wss://ws.bitget.com"
    assert stream_base_url("https://api.bitget.com", demo=True) == "wss://wspap.bitget.com"
    assert stream_base_url("http://127.0.0.1:8800/") == "ws://127.0.0.1:8800"


def test_order_updates_are_values() -> None:
    update = OrderUpdate("BTCUSDT", "1", None, "buy", "limit", "live", Decimal(1), Decimal(2), Decimal(0), None, 1, 1)
    assert update == OrderUpdate(
        "BTCUSDT", "1", None, "buy", "limit", "live", Decimal(1), Decimal(2), Decimal(0), None, 1, 1
    )


async def test_closing_the_last_reader_of_a_channel_unsubscribes_it(sim: Simulator) -> None:
    def open_args() -> list[dict[str, Any]]:
        return [dict(channel.arg) for session in list(sim.streams.sessions) for channel in session.channels]

    async with _streams(sim) as streams:
        keep = streams.ticker("BTCUSDT")
        async with streams.ticker("BTCUSDT") as first, streams.trades("BTCUSDT") as trades:
            await _take(first, 1)
            await _take(trades, 1)
        await _take(keep, 2)  # the ticker is still read by another subscription; trades are not
        for _ in range(200):
            if all(arg.get("channel") != "trade" for arg in open_args()):
                break
            await anyio.sleep(0.02)
        channels = [arg["channel"] for arg in open_args()]
    assert channels == ["ticker"]


async def test_an_order_open_before_subscribing_and_finished_in_a_gap_is_recovered(sim: Simulator) -> None:
    async with _streams(sim, backoff_base=1.0, backoff_cap=1.0) as streams:
        spot = streams.client.spot
        resting = await spot.place_order("BTCUSDT", "sell", "limit", Decimal("0.001"), price=Decimal(900_000))
        orders = streams.orders()
        await until_live(sim, streams)  # subscribed, and the open orders learnt (nothing delivered from that)
        (state,) = streams._states.values()  # learnt at subscribe time: REST recovery looks this order up
        assert resting.order_id in getattr(state, "open_orders", {})
        sim.streams.drop()
        for _ in range(500):
            if not sim.streams.open_connections:
                break
            await anyio.sleep(0.01)
        await spot.cancel_order("BTCUSDT", order_id=resting.order_id)  # while no connection is open
        recovered = (await _take(orders, 1))[0]
    assert (recovered.order_id, recovered.status, recovered.source) == (resting.order_id, "cancelled", "rest")
    assert orders.delivered == 1


async def test_a_limit_the_exchange_counts_is_heard_and_survived(sim: Simulator) -> None:
    sim.streams.limits.messages_per_second = 2  # stricter than the client's budget: the server will complain
    sim.streams.limits.offences_to_block = 1000  # and not block the IP for repeating it while reconnecting
    async with _streams(sim, args_per_request=1, backoff_base=0.05, backoff_cap=0.05) as streams:
        subscriptions = [streams.ticker(symbol) for symbol in ("BTCUSDT", "ETHUSDT", "SOLUSDT")]
        for _ in range(300):
            if streams.limit_errors:
                break
            await anyio.sleep(0.01)
        sim.streams.limits.messages_per_second = 10
        got = [await _take(subscription, 1) for subscription in subscriptions]  # back on a new connection
    assert streams.limit_errors >= 1 and streams.reconnects >= 1
    assert (30007, "messages per second") in sim.streams.stats.violations
    assert all(len(items) == 1 for items in got)
