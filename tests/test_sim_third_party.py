"""A third-party client against the simulator: ccxt's ``bitget`` class, unchanged, over real sockets.

ccxt speaks the real v2 protocol with its own signer and its own parsers, so these tests show the simulator is
faithful enough for code written against the real exchange: only the base URL differs. The simulator is served
on 127.0.0.1 by uvicorn; every URL template in ``exchange.urls["api"]`` points at it, a request to any other
address is refused before it is sent, and after each test what ccxt sent is checked against what the simulator
recorded (nothing may leave loopback).

Options given to ccxt (configuration, not code):

- ``defaultType: "spot"`` and ``fetchMarkets: {"types": ["spot"]}``: markets are listed from the spot endpoints
  only; ccxt's default also lists six futures product types, most of them outside the simulator's scope.
- ``uta: False``: the account is a classic v2 account, so ccxt skips probing the v3 unified-account endpoint.

asyncio only: ccxt's async client runs on aiohttp, which needs an asyncio event loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

import attrs
import ccxt.async_support as ccxt
import pytest

from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve
from asyncclient.testing.exchange.state._symbols import SPOT_SYMBOLS

pytestmark = pytest.mark.anyio

SYMBOL = "BTC/USDT"
START_USDT = Decimal(100_000)


@pytest.fixture
def anyio_backend() -> str:
    # aiohttp (under ccxt) is built on asyncio's loop and transports; trio cannot drive it, so no trio run here.
    return "asyncio"


@attrs.define
class CcxtSession:
    """A ccxt bitget exchange pointed at a served simulator, with every URL ccxt fetched."""

    sim: Simulator
    base_url: str
    exchange: Any
    fetched: list[tuple[str, str]] = attrs.field(factory=list)

    def fetched_paths(self) -> Counter[tuple[str, str]]:
        return Counter((method, urlsplit(url).path) for method, url in self.fetched)


def _bitget(base_url: str, **config: Any) -> Any:
    exchange = ccxt.bitget(
        {
            "apiKey": SIM_API_KEY,
            "secret": SIM_API_SECRET,
            "password": SIM_PASSPHRASE,
            "options": {"defaultType": "spot", "fetchMarkets": {"types": ["spot"]}, "uta": False},
            **config,
        }
    )
    # Every API group's URL is "https://api.{hostname}" in bitget's describe(): point each one at the simulator.
    exchange.urls["api"] = dict.fromkeys(exchange.urls["api"], base_url)
    return exchange


@asynccontextmanager
async def _session(sim: Simulator, **config: Any) -> AsyncIterator[CcxtSession]:
    """Serve ``sim``, hand back ccxt pointed at it, then check every request ccxt made reached the simulator."""
    async with serve(sim) as base_url:
        assert urlsplit(base_url).hostname == "127.0.0.1"
        exchange = _bitget(base_url, **config)
        session = CcxtSession(sim, base_url, exchange)
        send = exchange.fetch

        async def recording_fetch(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
            session.fetched.append((method, url))
            if not url.startswith(base_url + "/api/"):  # refuse before sending: nothing may leave loopback
                raise AssertionError(f"ccxt tried to leave the simulator: {method} {url}")
            return await send(url, method, headers, body)

        exchange.fetch = recording_fetch  # every ccxt request goes through fetch (fetch2 calls self.fetch)
        try:
            yield session
        finally:
            await exchange.close()
        assert session.fetched, "ccxt made no request"
        seen = Counter((request.method, request.path) for request in sim.records.requests)
        assert seen == session.fetched_paths()


@pytest.fixture
async def bitget() -> AsyncIterator[CcxtSession]:
    sim = Simulator(seed=7)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    async with _session(sim) as session:
        yield session


def _usdt(balance: Any) -> tuple[Decimal, Decimal]:
    """USDT (free, used) from a ccxt balance, as Decimals rounded to the coin's 8 places."""
    quantum = Decimal("1e-8")
    usdt = balance["USDT"]
    return Decimal(str(usdt["free"])).quantize(quantum), Decimal(str(usdt["used"])).quantize(quantum)


async def test_server_time_and_spot_markets(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    before = bitget.sim.clock.now_ms()
    server_time = await exchange.fetch_time()
    assert before <= server_time <= bitget.sim.clock.now_ms()
    markets = await exchange.load_markets()
    assert len(markets) == len(SPOT_SYMBOLS)
    assert all(market["spot"] and market["quote"] == "USDT" for market in markets.values())
    market = markets[SYMBOL]
    spec = SPOT_SYMBOLS["BTCUSDT"]
    assert (market["id"], market["base"], market["active"]) == ("BTCUSDT", "BTC", True)
    assert Decimal(str(market["precision"]["price"])) == Decimal(1).scaleb(-spec.price_precision)
    assert Decimal(str(market["precision"]["amount"])) == Decimal(1).scaleb(-spec.quantity_precision)
    assert market["margin"] is True  # BTCUSDT is one of the simulator's margin pairs
    listed = bitget.fetched_paths()
    for path in ("/api/v2/spot/public/symbols", "/api/v2/spot/public/coins", "/api/v2/margin/currencies"):
        assert listed[("GET", path)] == 1, path


async def test_ticker_book_candles_and_trades(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    ticker = await exchange.fetch_ticker(SYMBOL)
    assert ticker["symbol"] == SYMBOL
    assert isinstance(ticker["last"], float) and ticker["last"] > 1000
    assert ticker["bid"] < ticker["ask"] and ticker["low"] <= ticker["last"] <= ticker["high"]

    book = await exchange.fetch_order_book(SYMBOL, 5)
    assert len(book["bids"]) == len(book["asks"]) == 5
    bids = [price for price, _ in book["bids"]]
    asks = [price for price, _ in book["asks"]]
    assert bids == sorted(bids, reverse=True) and asks == sorted(asks)
    assert bids[0] < asks[0] and all(size > 0 for _, size in book["bids"] + book["asks"])

    candles = await exchange.fetch_ohlcv(SYMBOL, "1m", limit=5)
    assert len(candles) == 5
    assert [b[0] - a[0] for a, b in pairwise(candles)] == [60_000] * 4
    assert all(low <= min(o, c) and max(o, c) <= high for _, o, high, low, c, _ in candles)
    since = candles[-1][0] - 3 * 3_600_000
    hourly = await exchange.fetch_ohlcv(SYMBOL, "1h", since=since, limit=3)
    assert len(hourly) == 3 and hourly[0][0] >= since and hourly[0][0] % 3_600_000 == 0

    trades = await exchange.fetch_trades(SYMBOL, limit=5)
    assert len(trades) == 5
    for trade in trades:
        assert trade["symbol"] == SYMBOL and trade["side"] in ("buy", "sell")
        assert trade["price"] > 1000 and trade["amount"] > 0
        assert trade["cost"] == pytest.approx(trade["price"] * trade["amount"])
    sent = {request.path: request.query for request in bitget.sim.records.requests}
    assert sent["/api/v2/spot/market/candles"] == "symbol=BTCUSDT&granularity=1h" + (
        f"&startTime={since}&endTime={since + 3 * 3_600_000}&limit=3"
    )


async def test_limit_order_rests_freezes_funds_and_cancels(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    free, used = _usdt(await exchange.fetch_balance())
    assert (free, used) == (START_USDT, Decimal(0))

    last = Decimal(str((await exchange.fetch_ticker(SYMBOL))["last"]))
    price = (last * Decimal("0.9")).quantize(Decimal("0.01"))
    placed = await exchange.create_order(SYMBOL, "limit", "buy", 0.001, float(price))
    order_id = placed["id"]
    assert order_id and placed["symbol"] == SYMBOL

    cost = price * Decimal("0.001")
    assert _usdt(await exchange.fetch_balance()) == (START_USDT - cost, cost)

    [open_order] = await exchange.fetch_open_orders(SYMBOL)
    assert open_order["id"] == order_id
    assert (open_order["side"], open_order["type"], open_order["status"]) == ("buy", "limit", "open")
    assert Decimal(str(open_order["price"])) == price and open_order["amount"] == 0.001

    fetched = await exchange.fetch_order(order_id, SYMBOL)
    assert (fetched["id"], fetched["status"], fetched["filled"]) == (order_id, "open", 0)

    cancelled = await exchange.cancel_order(order_id, SYMBOL)
    assert cancelled["id"] == order_id
    assert (await exchange.fetch_order(order_id, SYMBOL))["status"] == "canceled"
    assert await exchange.fetch_open_orders(SYMBOL) == []
    assert _usdt(await exchange.fetch_balance()) == (START_USDT, Decimal(0))

    uid = bitget.sim.uid_of(SIM_API_KEY)
    signed = [request for request in bitget.sim.records.requests if "/trade/" in request.path]
    assert signed and all(request.uid == uid and request.status == 200 for request in signed)


async def test_market_order_fills_and_pays_the_listed_fee(bitget: CcxtSession) -> None:
    exchange = bitget.exchange
    btc_before = (await exchange.fetch_balance())["BTC"]["total"]
    placed = await exchange.create_order(SYMBOL, "market", "sell", 0.01, None, {"clientOrderId": "ccxt-sell-1"})
    assert placed["clientOrderId"] == "ccxt-sell-1"
    order = await exchange.fetch_order(placed["id"], SYMBOL)
    assert (order["status"], order["filled"], order["side"]) == ("closed", 0.01, "sell")
    assert (await exchange.fetch_balance())["BTC"]["total"] == pytest.approx(btc_before - 0.01)
    [fill] = await exchange.fetch_my_trades(SYMBOL)
    assert (fill["order"], fill["side"], fill["amount"]) == (placed["id"], "sell", 0.01)
    assert fill["price"] == pytest.approx(order["average"])
    fee = await exchange.fetch_trading_fee(SYMBOL)
    assert (fee["symbol"], fee["maker"], fee["taker"]) == (SYMBOL, 0.001, 0.001)
    assert fill["fee"]["currency"] == "USDT"
    assert fill["fee"]["cost"] == pytest.approx(fill["cost"] * fee["taker"])
    orders = bitget.sim.orders_by_client_oid(bitget.sim.uid_of(SIM_API_KEY))
    assert [row["orderId"] for row in orders["ccxt-sell-1"]] == [placed["id"]]


@pytest.mark.parametrize(
    ("credential", "code"), [("secret", "40009"), ("password", "40012")], ids=["secret", "passphrase"]
)
async def test_wrong_credentials_are_refused_with_the_exchange_codes(credential: str, code: str) -> None:
    """The simulator checks ccxt's signature with its own code: a wrong secret is 40009, a wrong passphrase 40012."""
    sim = Simulator(seed=7)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    async with _session(sim, **{credential: "not-the-right-one"}) as session:
        with pytest.raises(ccxt.AuthenticationError, match=code):
            await session.exchange.fetch_balance()
        with pytest.raises(ccxt.AuthenticationError, match=code):
            await session.exchange.create_order(SYMBOL, "limit", "buy", 0.001, 1000.0)
    assert sim.records.count(path="/api/v2/spot/account/assets", status=400) == 1
    assert sim.records.count(path="/api/v2/spot/trade/place-order", status=400) == 1
    assert sim.orders_by_client_oid(sim.uid_of(SIM_API_KEY)) == {}


async def test_a_clock_ahead_is_refused_until_ccxt_adjusts_for_the_time_difference() -> None:
    """The 30-second window against the simulator's own clock, as ccxt meets it (40008 -> InvalidNonce)."""
    sim = Simulator(seed=7, clock_offset=45.0)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    async with _session(sim) as session:
        with pytest.raises(ccxt.InvalidNonce, match="40008"):
            await session.exchange.fetch_balance()
        await session.exchange.load_time_difference()
        assert session.exchange.options["timeDifference"] == pytest.approx(-45_000, abs=5_000)
        assert _usdt(await session.exchange.fetch_balance()) == (START_USDT, Decimal(0))
    assert sim.records.count(path="/api/v2/public/time") == 1
