"""ccxt's ``bitget`` client, unchanged but for its URLs, with a unified account's key, against the simulator.

ccxt finds out by itself that the account is unified: with no ``uta`` option it probes
``GET /api/v3/account/settings`` and, as that answers, routes its calls to ``/api/v3/...``. The simulator is
served on 127.0.0.1 by uvicorn (as ``asyncclient sim --account-mode uta`` serves it); every URL ccxt fetches must
stay there, and the simulator's records must match what ccxt sent. Only ``defaultType: "spot"`` is configured.

asyncio only: ccxt's async client runs on aiohttp, which needs an asyncio event loop.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import ccxt.async_support as ccxt
import pytest

from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

pytestmark = pytest.mark.anyio
SYMBOL = "BTC/USDT"


@pytest.fixture
def anyio_backend() -> str:
    # aiohttp (under ccxt) is built on asyncio's loop and transports; trio cannot drive it.
    return "asyncio"


@asynccontextmanager
async def _ccxt(mode: str, **options: Any) -> AsyncIterator[tuple[Simulator, Any, list[tuple[str, str]]]]:
    """Serve a simulator with one account in ``mode``; yield ccxt pointed at it and every (method, path) fetched."""
    sim = Simulator(seed=9)
    sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, mode=mode)
    async with serve(sim) as base_url:
        exchange = ccxt.bitget(
            {
                "apiKey": SIM_API_KEY,
                "secret": SIM_API_SECRET,
                "password": SIM_PASSPHRASE,
                "options": {"defaultType": "spot", **options},
            }
        )
        exchange.urls["api"] = dict.fromkeys(exchange.urls["api"], base_url)
        fetched: list[tuple[str, str]] = []
        send = exchange.fetch

        async def recording_fetch(url: str, method: str = "GET", headers: Any = None, body: Any = None) -> Any:
            if not url.startswith(base_url + "/api/"):  # refuse before sending: nothing may leave loopback
                raise AssertionError(f"ccxt tried to leave the simulator: {method} {url}")
            fetched.append((method, urlsplit(url).path))
            return await send(url, method, headers, body)

        exchange.fetch = recording_fetch
        try:
            yield sim, exchange, fetched
        finally:
            await exchange.close()
        assert Counter((r.method, r.path) for r in sim.records.requests) == Counter(fetched)


async def test_ccxt_detects_a_unified_account_and_trades_through_v3() -> None:
    async with _ccxt("uta") as (sim, exchange, fetched):
        markets = await exchange.load_markets()
        # The probe, answered (so the account is unified), and only then the v3 instruments.
        probe = fetched.index(("GET", "/api/v3/account/settings"))
        assert probe < fetched.index(("GET", "/api/v3/market/instruments"))
        assert exchange.options["uta"] is True
        assert SYMBOL in markets and markets[SYMBOL]["spot"]

        ticker = await exchange.fetch_ticker(SYMBOL)
        assert ticker["symbol"] == SYMBOL and ticker["bid"] < ticker["ask"] and ticker["last"] > 1000
        book = await exchange.fetch_order_book(SYMBOL, 5)
        assert len(book["bids"]) == len(book["asks"]) == 5 and book["bids"][0][0] < book["asks"][0][0]
        candles = await exchange.fetch_ohlcv(SYMBOL, "1m", limit=5)
        assert len(candles) == 5 and all(low <= high for _, _, high, low, _, _ in candles)

        balance = await exchange.fetch_balance()
        assert Decimal(str(balance["USDT"]["free"])) == Decimal(100_000)

        price = round(ticker["last"] * 0.9, 2)
        placed = await exchange.create_order(SYMBOL, "limit", "buy", 0.001, price)
        assert placed["id"]
        (open_order,) = await exchange.fetch_open_orders(SYMBOL)
        assert open_order["id"] == placed["id"] and open_order["status"] == "open"
        assert Decimal(str(open_order["price"])) == Decimal(str(price)) and open_order["amount"] == 0.001
        used = Decimal(str((await exchange.fetch_balance())["USDT"]["used"]))
        assert used == (Decimal(str(price)) * Decimal("0.001")).quantize(Decimal("0.00000001"))
        cancelled = await exchange.cancel_order(placed["id"], SYMBOL)
        assert cancelled["id"] == placed["id"]
        assert await exchange.fetch_open_orders(SYMBOL) == []

    paths = {path for _, path in fetched}
    for path in (
        "/api/v3/market/instruments",
        "/api/v3/market/tickers",
        "/api/v3/market/orderbook",
        "/api/v3/market/candles",
        "/api/v3/account/assets",
        "/api/v3/trade/place-order",
        "/api/v3/trade/unfilled-orders",
        "/api/v3/trade/cancel-order",
    ):
        assert path in paths, path
    signed_v2 = [
        path for path in paths if path.startswith("/api/v2/") and "/public/" not in path and "/market/" not in path
    ]
    assert signed_v2 == []  # nothing signed went to the classic API
    assert all(record.status == 200 for record in sim.records.requests)


async def test_the_unified_key_on_a_classic_endpoint_gets_40085() -> None:
    async with _ccxt("uta", uta=False) as (_, exchange, _fetched):
        with pytest.raises(ccxt.PermissionDenied, match="40085"):
            await exchange.privateSpotGetV2SpotAccountAssets()


async def test_a_classic_key_on_a_v3_endpoint_gets_40084() -> None:
    async with _ccxt("classic") as (_, exchange, _fetched):
        with pytest.raises(ccxt.ExchangeError, match="40084"):
            await exchange.privateUtaGetV3AccountAssets()
        # And ccxt's own probe reads it as "not unified": it stays on the classic API.
        uta, _params = await exchange.handle_uta_and_params({}, "fetchBalance", False)
        assert uta is False
