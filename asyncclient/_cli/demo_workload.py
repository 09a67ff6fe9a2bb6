"""The demo's two workloads sharing one client: a market-data collector and a small order bot.

Both stop on their own when ``stop`` is set (after finishing the call in hand), so no order is abandoned
mid-flight and the exactly-once check can account for every ``clientOid`` the bot used.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any

import anyio
import attrs

from .._client import Client
from .._errors import Error, OutcomeUnknownError, TransportError

__all__ = [
    "BotCounters",
    "CollectorCounters",
    "MarketCollector",
    "MarketSymbol",
    "OrderBot",
    "load_symbols",
    "read_account",
]

SYMBOLS_PATH = "/api/v2/spot/public/symbols"
TICKERS_PATH = "/api/v2/spot/market/tickers"
BOOK_PATH = "/api/v2/spot/market/orderbook"
CANDLES_PATH = "/api/v2/spot/market/candles"
PLACE_PATH = "/api/v2/spot/trade/place-order"
CANCEL_PATH = "/api/v2/spot/trade/cancel-order"
UNFILLED_PATH = "/api/v2/spot/trade/unfilled-orders"
ASSETS_PATH = "/api/v2/spot/account/assets"


@attrs.frozen
class MarketSymbol:
    """What the bot needs to know of a spot pair to place a valid order."""

    symbol: str
    price_precision: int
    quantity_precision: int
    min_trade_usdt: Decimal


async def load_symbols(client: Client, limit: int | None = None) -> list[MarketSymbol]:
    """The online spot pairs (the first ``limit`` of them, by name, when given)."""
    data = await client.request("GET", SYMBOLS_PATH)
    found = [
        MarketSymbol(
            symbol=item["symbol"],
            price_precision=int(item.get("pricePrecision") or 2),
            quantity_precision=int(item.get("quantityPrecision") or 4),
            min_trade_usdt=Decimal(str(item.get("minTradeUSDT") or "5")),
        )
        for item in data or []
        if item.get("status", "online") == "online"
    ]
    found.sort(key=lambda market: market.symbol)
    return found[:limit] if limit is not None else found


@attrs.define
class CollectorCounters:
    """What the collector fetched, and the errors it saw (by exception class)."""

    ticker_pulls: int = 0
    books: int = 0
    candles: int = 0
    errors: Counter[str] = attrs.field(factory=Counter)


class MarketCollector:
    """Workers pulling all tickers, then each symbol's order book and recent candles, round and round."""

    def __init__(self, client: Client, symbols: Sequence[MarketSymbol], *, workers: int = 16) -> None:
        self.client = client
        self.symbols = [market.symbol for market in symbols]
        self.workers = workers
        self.counters = CollectorCounters()
        self.candle_calls = 0

    def _jobs(self) -> list[Callable[[], Awaitable[None]]]:
        jobs: list[Callable[[], Awaitable[None]]] = [self._tickers]
        for symbol in self.symbols:
            jobs.append(functools.partial(self._book, symbol))
            jobs.append(functools.partial(self._candles, symbol))
        return jobs

    async def _tickers(self) -> None:
        await self.client.request("GET", TICKERS_PATH)
        self.counters.ticker_pulls += 1

    async def _book(self, symbol: str) -> None:
        await self.client.request("GET", BOOK_PATH, {"symbol": symbol, "limit": 50})
        self.counters.books += 1

    async def _candles(self, symbol: str) -> None:
        rows = await self.client.request(
            "GET", CANDLES_PATH, {"symbol": symbol, "granularity": "1min", "limit": 100}
        )
        self.candle_calls += 1
        self.counters.candles += len(rows or [])

    async def run(self, stop: anyio.Event) -> None:
        jobs = itertools.cycle(self._jobs())

        async def worker() -> None:
            while not stop.is_set():
                job = next(jobs)
                try:
                    await job()
                except Error as exc:
                    self.counters.errors[type(exc).__name__] += 1

        async with anyio.create_task_group() as group:
            for _ in range(self.workers):
                group.start_soon(worker)


@attrs.define
class BotCounters:
    """The bot's view of its orders: every ``clientOid`` it used and what it learned of each."""

    #: clientOid -> "placed" (acknowledged), "rejected" (certainly not placed) or "unknown" (may be placed).
    outcomes: dict[str, str] = attrs.field(factory=dict)
    order_ids: dict[str, str] = attrs.field(factory=dict)
    cancelled: int = 0
    errors: Counter[str] = attrs.field(factory=Counter)

    @property
    def placed(self) -> int:
        return sum(1 for outcome in self.outcomes.values() if outcome == "placed")


def _round(value: Decimal, places: int, rounding: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


class OrderBot:
    """Places a small limit buy well below the market with its own ``clientOid``, then cancels it; repeats."""

    def __init__(self, client: Client, market: MarketSymbol, *, run_id: str) -> None:
        self.client = client
        self.market = market
        self.run_id = run_id
        self.counters = BotCounters()
        self._serial = itertools.count(1)

    async def _order_params(self) -> dict[str, Any]:
        data = await self.client.request("GET", TICKERS_PATH, {"symbol": self.market.symbol})
        last = Decimal(str(data[0]["lastPr"]))
        # 20 % below the market: it rests on the book and never fills during the demo.
        price = _round(last * Decimal("0.8"), self.market.price_precision, ROUND_DOWN)
        notional = max(self.market.min_trade_usdt, Decimal(5)) * Decimal("1.2")
        size = _round(notional / price, self.market.quantity_precision, ROUND_UP)
        return {
            "symbol": self.market.symbol,
            "side": "buy",
            "orderType": "limit",
            "force": "gtc",
            "price": price,
            "size": size,
        }

    async def _place_and_cancel(self) -> None:
        params = await self._order_params()
        client_oid = f"demo{self.run_id}x{next(self._serial)}"
        self.counters.outcomes[client_oid] = "unknown"
        try:
            ack = await self.client.request("POST", PLACE_PATH, {**params, "clientOid": client_oid})
        except (OutcomeUnknownError, TransportError) as exc:
            # Left as "unknown": the exactly-once check looks it up on the exchange.
            self.counters.errors[type(exc).__name__] += 1
            return
        except Error as exc:
            self.counters.outcomes[client_oid] = "rejected"
            self.counters.errors[type(exc).__name__] += 1
            return
        self.counters.outcomes[client_oid] = "placed"
        order_id = str(ack["orderId"])
        self.counters.order_ids[client_oid] = order_id
        await self.client.request("POST", CANCEL_PATH, {"symbol": self.market.symbol, "orderId": order_id})
        self.counters.cancelled += 1

    async def run(self, stop: anyio.Event) -> None:
        while not stop.is_set():
            try:
                await self._place_and_cancel()
            except Error as exc:
                self.counters.errors[type(exc).__name__] += 1


async def read_account(client: Client) -> int:
    """The signed, read-only part of the demo against a real account: balances and open orders."""
    assets = await client.request("GET", ASSETS_PATH)
    await client.request("GET", UNFILLED_PATH)
    return len(assets or [])
