"""ccxt.pro's bitget client, unchanged but for its URLs, against the simulator's streams over loopback sockets.

ccxt speaks the exchange's WebSocket protocol with its own parsers, its own login signature and its own
order-book checksum check, so these tests show the simulator's streams are faithful enough for code written
against the real exchange. Options are the REST test's (spot markets only, a classic account); ``checksum`` is
left on (ccxt's default): a wrong checksum would fail ``watch_order_book``.

asyncio only: ccxt.pro runs on aiohttp, which needs an asyncio event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import anyio
import ccxt.pro
import pytest
from ccxt.base.errors import ChecksumError, UnsubscribeError

from asyncclient import Client
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio

SYMBOL = "BTC/USDT"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # ccxt.pro is built on aiohttp: asyncio only


@pytest.fixture
async def pro() -> AsyncIterator[tuple[Any, Simulator]]:
    async with _pro({"defaultType": "spot", "fetchMarkets": {"types": ["spot"]}, "uta": False}) as opened:
        yield opened


@asynccontextmanager
async def _pro(options: dict[str, Any]) -> AsyncIterator[tuple[Any, Simulator]]:
    sim = Simulator(seed=11)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    sim.streams.settings.push_interval = 0.05
    async with serve(sim) as base_url:
        exchange = ccxt.pro.bitget(
            {"apiKey": SIM_API_KEY, "secret": SIM_API_SECRET, "password": SIM_PASSPHRASE, "options": options}
        )
        # Only URLs change: REST groups to the simulator's base URL, the four stream URLs to its ws:// paths.
        ws = base_url.replace("http://", "ws://")
        exchange.urls["api"] = {
            name: (value if name in ("ws", "demo") else base_url) for name, value in exchange.urls["api"].items()
        }
        exchange.urls["api"]["ws"] = {
            "public": f"{ws}/v2/ws/public",
            "private": f"{ws}/v2/ws/private",
            "utaPublic": f"{ws}/v3/ws/public",
            "utaPrivate": f"{ws}/v3/ws/private",
        }
        try:
            yield exchange, sim
        finally:
            await exchange.close()
    assert not sim.streams.stats.violations


async def test_watch_ticker_gives_successive_updates(pro: tuple[Any, Simulator]) -> None:
    exchange, _ = pro
    tickers = [await exchange.watch_ticker(SYMBOL) for _ in range(4)]
    stamps = [ticker["timestamp"] for ticker in tickers]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    for ticker in tickers:
        assert ticker["symbol"] == SYMBOL and ticker["bid"] < ticker["ask"]


async def test_watch_order_book_snapshot_and_checked_updates(pro: tuple[Any, Simulator]) -> None:
    exchange, sim = pro
    assert exchange.options.get("watchOrderBook", {}).get("checksum", True) is True
    for _ in range(5):  # the first is the snapshot; ccxt checks the crc32 of every update after it
        book = await exchange.watch_order_book(SYMBOL)
        bids, asks = sim.streams.book("SPOT", "BTCUSDT", book["timestamp"])
        # ccxt's incremental book keeps [price, size, raw] rows; compare price and size with the simulator's.
        assert [Decimal(str(row[0])) for row in book["bids"]] == [Decimal(price) for price, _ in bids]
        assert [Decimal(str(row[1])) for row in book["asks"]] == [Decimal(size) for _, size in asks]
    sim.streams.settings.corrupt_checksums = 1  # and ccxt does check: one wrong checksum is refused
    # ccxt answers a mismatch by unsubscribing the book; the waiting watcher hears that (or the checksum error).
    with pytest.raises((ChecksumError, UnsubscribeError)):
        for _ in range(20):
            await exchange.watch_order_book(SYMBOL)
    for _ in range(100):  # ccxt unsubscribes the book after a mismatch: let that finish before closing
        if not any(sub.get("channel") == "books" for sub in _subscribed(sim)):
            break
        await anyio.sleep(0.05)
    assert not any(sub.get("channel") == "books" for sub in _subscribed(sim))


def _subscribed(sim: Simulator) -> list[dict[str, Any]]:
    return [dict(channel.arg) for session in list(sim.streams.sessions) for channel in session.channels]


async def _until_subscribed(sim: Simulator, channel: str) -> None:
    """Until the simulator holds ``channel`` (a sleep would assume ccxt subscribes within it); bounds a hang only."""
    with anyio.fail_after(60):
        while not any(sub.get("channel") == channel for sub in _subscribed(sim)):  # noqa: ASYNC110 - server state
            await anyio.sleep(0.01)


async def test_watch_trades_and_ohlcv(pro: tuple[Any, Simulator]) -> None:
    exchange, _ = pro
    trades = await exchange.watch_trades(SYMBOL)
    assert trades and all(trade["symbol"] == SYMBOL and trade["price"] > 0 for trade in trades)
    ids = [trade["id"] for trade in trades]
    assert len(ids) == len(set(ids))
    candles = await exchange.watch_ohlcv(SYMBOL, "1m")
    assert len(candles) >= 2
    starts = [candle[0] for candle in candles]
    assert starts == sorted(starts) and all(start % 60_000 == 0 for start in starts)
    assert all(low <= min(o, c) and high >= max(o, c) for _, o, high, low, c, _ in candles)


async def test_after_login_watch_orders_sees_a_rest_order_and_watch_balance_a_balance(
    pro: tuple[Any, Simulator],
) -> None:
    exchange, sim = pro
    balance = await exchange.watch_balance()
    assert balance["USDT"]["free"] == 100_000
    watching = exchange.watch_orders(SYMBOL)

    async def place() -> Any:
        await _until_subscribed(sim, "orders")
        return await exchange.create_order(SYMBOL, "limit", "buy", 0.001, 10_000)  # rests far below the market

    async with anyio.create_task_group() as group:
        placed: list[Any] = []

        async def run_place() -> None:
            placed.append(await place())

        group.start_soon(run_place)
        with anyio.fail_after(10):
            orders = await watching
    assert [order["id"] for order in orders] == [placed[0]["id"]]
    assert orders[0]["status"] == "open" and orders[0]["price"] == 10_000
    balance = await exchange.watch_balance()  # the order froze 10 USDT
    assert balance["USDT"]["used"] == 10


async def test_watch_positions_sees_a_futures_position_opened_over_rest() -> None:
    """Every market loaded (swaps too), as ccxt's default; the order is placed with this library's REST client."""
    async with _pro({"uta": False}) as (exchange, sim):
        await exchange.load_markets()
        watching = exchange.watch_positions()
        placed: list[Any] = []

        async def place() -> None:
            await _until_subscribed(sim, "positions")
            base_url = exchange.urls["api"]["spot"]
            async with Client(
                SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url, credentials_from_env=False
            ) as client:
                placed.append(await client.futures.place_order("BTCUSDT", "buy", "market", "0.01"))

        async with anyio.create_task_group() as group:
            group.start_soon(place)
            with anyio.fail_after(10):
                positions = await watching
                while not any(p["contracts"] for p in positions):
                    positions = await exchange.watch_positions()
    (position,) = [p for p in positions if p["contracts"]]
    assert placed and position["symbol"] == "BTC/USDT:USDT"
    assert (position["side"], position["contracts"], position["marginMode"]) == ("long", 0.01, "cross")
    assert position["entryPrice"] > 0
