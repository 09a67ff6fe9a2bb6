"""ccxt's bitget client, unchanged but for its URLs, runs its unified methods against the simulator (v2 surface).

Unlike ``tests/test_sim_third_party.py`` no market types are narrowed: ``load_markets()`` lists spot, margin
pairs and every futures product line, as it does against the real exchange.

asyncio only: ccxt's async client runs on aiohttp, which needs an asyncio event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest
from test_sim_third_party import CcxtSession, _session

from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator
from asyncclient.testing.exchange.state._margin_pairs import MARGIN_PAIRS
from asyncclient.testing.exchange.state._product_lines import COIN_CONTRACTS, USDC_CONTRACTS
from asyncclient.testing.exchange.state._symbols import CONTRACTS, SPOT_SYMBOLS

pytestmark = pytest.mark.anyio

#: A classic v2 account (ccxt would otherwise probe the v3 unified-account endpoint); nothing else narrowed.
_OPTIONS: dict[str, Any] = {"options": {"uta": False}}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # aiohttp (under ccxt) needs asyncio


@pytest.fixture
async def bitget() -> AsyncIterator[CcxtSession]:
    sim = Simulator(seed=11)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    async with _session(sim, **_OPTIONS) as session:
        yield session


async def test_plain_load_markets_lists_spot_margin_and_every_futures_line(bitget: CcxtSession) -> None:
    markets = await bitget.exchange.load_markets()
    spot = [m for m in markets.values() if m["spot"]]
    swaps = [m for m in markets.values() if m["swap"]]
    assert len(spot) == len(SPOT_SYMBOLS)
    assert {m["id"] for m in spot if m["margin"]} == set(MARGIN_PAIRS)
    assert len(swaps) == len(CONTRACTS) + len(USDC_CONTRACTS) + len(COIN_CONTRACTS)
    linear_usdc = markets["BTC/USDC:USDC"]
    assert (linear_usdc["id"], linear_usdc["linear"], linear_usdc["settle"]) == ("BTCPERP", True, "USDC")
    inverse = markets["BTC/USD:BTC"]
    assert (inverse["id"], inverse["inverse"], inverse["settle"]) == ("BTCUSD", True, "BTC")
    usdt = markets["ETH/USDT:USDT"]
    assert Decimal(str(usdt["precision"]["price"])) == CONTRACTS["ETHUSDT"].tick
    listed = bitget.fetched_paths()
    assert listed[("GET", "/api/v2/mix/market/contracts")] == 6  # three lines and their three demo twins


async def test_tickers_books_candles_and_trades_on_usdc_and_coin_lines(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    await exchange.load_markets()
    for symbol in ("BTC/USDC:USDC", "ETH/USD:ETH"):
        ticker = await exchange.fetch_ticker(symbol)
        assert ticker["bid"] is not None and ticker["ask"] > ticker["bid"]
        book = await exchange.fetch_order_book(symbol, 5)
        assert book["bids"][0][0] < book["asks"][0][0]
        candles = await exchange.fetch_ohlcv(symbol, "1m", limit=5)
        assert len(candles) == 5 and all(low <= high for _, _, high, low, _, _ in candles)
        trades = await exchange.fetch_trades(symbol, limit=5)
        assert trades and all(trade["symbol"] == symbol for trade in trades)
    tickers = await exchange.fetch_tickers(["BTC/USD:BTC", "ETH/USD:ETH"])
    assert set(tickers) == {"BTC/USD:BTC", "ETH/USD:ETH"}


async def test_balance_and_the_spot_order_lifecycle_with_edit(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    await exchange.load_markets()
    balance = await exchange.fetch_balance()
    assert balance["USDT"]["free"] > 0
    ticker = await exchange.fetch_ticker("BTC/USDT")
    low = float(Decimal(str(ticker["bid"])) / 2)
    order = await exchange.create_order("BTC/USDT", "limit", "buy", 0.001, low)
    fetched = await exchange.fetch_order(order["id"], "BTC/USDT")
    assert (fetched["status"], fetched["price"]) == ("open", float(exchange.price_to_precision("BTC/USDT", low)))
    edited = await exchange.edit_order(order["id"], "BTC/USDT", "limit", "buy", 0.002, low - 1)
    assert edited["id"] != order["id"]
    (still_open,) = await exchange.fetch_open_orders("BTC/USDT")
    assert still_open["id"] == edited["id"] and still_open["amount"] == 0.002
    await exchange.cancel_order(edited["id"], "BTC/USDT")
    canceled = await exchange.fetch_canceled_orders("BTC/USDT")
    assert {order["id"], edited["id"]} <= {o["id"] for o in canceled}
    filled = await exchange.create_order("BTC/USDT", "market", "sell", 0.001)
    closed = await exchange.fetch_closed_orders("BTC/USDT")
    assert [o["id"] for o in closed] == [filled["id"]] and closed[0]["filled"] == 0.001
    paths = bitget.fetched_paths()
    assert paths[("POST", "/api/v2/spot/trade/cancel-replace-order")] == 1


async def test_a_spot_trigger_order_is_placed_listed_and_cancelled(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    await exchange.load_markets()
    ticker = await exchange.fetch_ticker("BTC/USDT")
    far = float(Decimal(str(ticker["bid"])) * 3)
    order = await exchange.create_order("BTC/USDT", "limit", "buy", 0.001, far, {"triggerPrice": far})
    (pending,) = await exchange.fetch_open_orders("BTC/USDT", params={"trigger": True})
    assert pending["id"] == order["id"] and pending["triggerPrice"] == float(
        exchange.price_to_precision("BTC/USDT", far)
    )
    await exchange.cancel_order(order["id"], "BTC/USDT", {"trigger": True})
    assert await exchange.fetch_open_orders("BTC/USDT", params={"trigger": True}) == []
    assert bitget.fetched_paths()[("POST", "/api/v2/spot/trade/place-plan-order")] == 1


async def test_leverage_a_futures_order_with_attached_tp_sl_and_positions(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    await exchange.load_markets()
    symbol = "BTC/USDT:USDT"
    await exchange.set_leverage(10, symbol)
    ticker = await exchange.fetch_ticker(symbol)
    last = Decimal(str(ticker["last"]))
    order = await exchange.create_order(
        symbol,
        "market",
        "buy",
        0.01,
        None,
        {"takeProfit": {"triggerPrice": float(last * 2)}, "stopLoss": {"triggerPrice": float(last / 2)}},
    )
    assert order["id"]
    (position,) = await exchange.fetch_positions([symbol])
    assert (position["side"], position["contracts"], position["leverage"]) == ("long", 0.01, 10)
    closed = await exchange.fetch_closed_orders(symbol)
    assert order["id"] in {o["id"] for o in closed}


async def test_orders_and_positions_on_the_usdc_and_coin_lines(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    await exchange.load_markets()
    inverse = "BTC/USD:BTC"
    last = Decimal(str((await exchange.fetch_ticker(inverse))["last"]))
    resting = await exchange.create_order(inverse, "limit", "buy", 0.01, float((last / 2).quantize(Decimal("0.1"))))
    (listed,) = await exchange.fetch_open_orders(inverse)
    assert listed["id"] == resting["id"]
    await exchange.cancel_order(resting["id"], inverse)
    assert await exchange.fetch_open_orders(inverse) == []
    await exchange.create_order("ETH/USDC:USDC", "market", "sell", 0.1)
    (position,) = await exchange.fetch_positions(["ETH/USDC:USDC"])
    assert (position["side"], position["contracts"], position["marginMode"]) == ("short", 0.1, "cross")
    paths = bitget.fetched_paths()
    assert paths[("POST", "/api/v2/mix/order/place-order")] == 2
