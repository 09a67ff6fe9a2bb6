"""``client.uta`` market data against the simulator over HTTP (in-process): typed in, models out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from itertools import pairwise

import pytest

from asyncclient import Client, InputError
from asyncclient.models import Category, Granularity, Side, SymbolStatus
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
SYMBOL = "BTCUSDT"


@pytest.fixture
async def public_client() -> AsyncIterator[Client]:
    sim = Simulator(seed=3)
    async with Client(base_url="http://simulator", transport=sim.transport()) as client:
        yield client


async def test_instruments_per_category(public_client: Client) -> None:
    uta = public_client.uta
    spot = await uta.instruments(Category.SPOT)
    btc = next(item for item in spot if item.symbol == SYMBOL)
    assert btc.category is Category.SPOT and btc.status is SymbolStatus.ONLINE and btc.min_order_amount == Decimal(5)
    futures = await uta.instruments("USDT-FUTURES", SYMBOL)
    assert [item.symbol for item in futures] == [SYMBOL] and futures[0].max_leverage is not None
    assert await uta.instruments("COIN-FUTURES") == []
    with pytest.raises(InputError, match="category"):
        await uta.instruments("OPTIONS")


async def test_tickers_and_orderbook(public_client: Client) -> None:
    uta = public_client.uta
    everything = await uta.tickers("spot")
    assert len(everything) > 1 and all(t.category is Category.SPOT for t in everything)
    (spot,) = await uta.tickers(Category.SPOT, SYMBOL)
    assert spot.bid_price is not None and spot.ask_price is not None and spot.bid_price < spot.ask_price
    (futures,) = await uta.tickers(Category.USDT_FUTURES, SYMBOL)
    assert futures.mark_price is not None and futures.funding_rate is not None and futures.open_interest is not None
    for category in (Category.SPOT, Category.USDT_FUTURES):
        book = await uta.orderbook(category, SYMBOL, limit=5)
        assert len(book.asks) == len(book.bids) == 5
        assert [level.price for level in book.asks] == sorted(level.price for level in book.asks)
        assert book.best_bid is not None and book.best_ask is not None and book.best_bid.price < book.best_ask.price


async def test_candles_and_history(public_client: Client) -> None:
    uta = public_client.uta
    for category in (Category.SPOT, Category.USDT_FUTURES):
        candles = await uta.candles(category, SYMBOL, Granularity.MINUTE_1, limit=10)
        assert len(candles) == 10
        assert all(b.open_time_ms - a.open_time_ms == 60_000 for a, b in pairwise(candles))
        assert all(c.low <= c.open <= c.high and c.low <= c.close <= c.high for c in candles)
        older = await uta.history_candles(category, SYMBOL, "1H", candles[0].open_time_ms, limit=5)
        assert len(older) == 5 and older[-1].open_time_ms <= candles[0].open_time_ms


async def test_recent_fills(public_client: Client) -> None:
    trades = await public_client.uta.fills(Category.SPOT, SYMBOL, limit=20)
    assert len(trades) == 20 and all(t.side in (Side.BUY, Side.SELL) for t in trades)
    assert [t.timestamp_ms for t in trades] == sorted((t.timestamp_ms for t in trades), reverse=True)
    assert len(await public_client.uta.fills("USDT-FUTURES", SYMBOL, limit=3)) == 3


async def test_funding_open_interest_tiers(public_client: Client) -> None:
    uta = public_client.uta
    (rate,) = await uta.funding_rate(SYMBOL)
    assert rate.symbol == SYMBOL and rate.next_update_ms is not None and rate.funding_rate_interval == 8
    history = await uta.funding_rate_history(Category.USDT_FUTURES, SYMBOL, limit=3)
    assert len(history) == 3 and history[0].funding_time_ms - history[1].funding_time_ms == 8 * 3_600_000
    interest = await uta.open_interest(Category.USDT_FUTURES, SYMBOL)
    assert [item.symbol for item in interest.items] == [SYMBOL] and interest.items[0].open_interest > 0
    assert len((await uta.open_interest("USDT-FUTURES")).items) > 1
    tiers = await uta.position_tiers(Category.USDT_FUTURES, SYMBOL)
    assert [t.tier for t in tiers] == [1, 2, 3] and tiers[0].max_tier_value == tiers[1].min_tier_value
    with pytest.raises(InputError, match="futures category"):
        await uta.position_tiers(Category.SPOT, SYMBOL)


async def test_v3_market_data_takes_the_shared_market_budget() -> None:
    """The safe reading: v2 and v3 market calls share one 20/s budget per IP (the simulator counts it so too)."""
    sim = Simulator(seed=3)
    async with Client(base_url="http://simulator", transport=sim.transport()) as client:
        for _ in range(3):
            await client.uta.tickers(Category.SPOT, SYMBOL)
            await client.spot.tickers(SYMBOL)
        stats = client.limiter_stats
        assert stats is not None
        assert stats.scopes["ip:market"].sent == 6 and stats.scopes["ip:market"].limit == 20
