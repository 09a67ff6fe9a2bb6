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

import anyio
import attrs

from .._client import Client
from .._errors import Error, OutcomeUnknownError, ResponseFormatError, TransportError
from ..models import Category, OrderType, Side, SymbolStatus

__all__ = [
    "BotCounters",
    "CollectorCounters",
    "MarketCollector",
    "MarketSymbol",
    "OrderBot",
    "load_symbols",
    "read_account",
]

#: Small pulls: the demo is about pacing many requests, not about big payloads.
CANDLES_PER_PULL = 20
BOOK_DEPTH = 15
#: Seconds between the collector's worker starts.
WORKER_STAGGER = 0.05


@attrs.frozen
class MarketSymbol:
    """What the bot needs to know of a spot pair to place a valid order."""

    symbol: str
    price_precision: int
    quantity_precision: int
    min_trade_usdt: Decimal


async def load_symbols(client: Client, limit: int | None = None) -> list[MarketSymbol]:
    """The online spot pairs (the first ``limit`` of them, by name, when given)."""
    found = [
        MarketSymbol(
            symbol=pair.symbol,
            price_precision=pair.price_precision if pair.price_precision is not None else 2,
            quantity_precision=pair.quantity_precision if pair.quantity_precision is not None else 4,
            min_trade_usdt=pair.min_trade_usdt if pair.min_trade_usdt is not None else Decimal(5),
        )
        for pair in await client.spot.symbols()
        if pair.status in (None, SymbolStatus.ONLINE)
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

    def _jobs(self) -> list[Callable[[], Awaitable[None]]]:
        jobs: list[Callable[[], Awaitable[None]]] = [self._tickers]
        for symbol in self.symbols:
            jobs.append(functools.partial(self._book, symbol))
            jobs.append(functools.partial(self._candles, symbol))
        return jobs

    async def _tickers(self) -> None:
        await self.client.spot.tickers()
        self.counters.ticker_pulls += 1

    async def _book(self, symbol: str) -> None:
        await self.client.spot.orderbook(symbol, limit=BOOK_DEPTH)
        self.counters.books += 1

    async def _candles(self, symbol: str) -> None:
        candles = await self.client.spot.candles(symbol, "1min", limit=CANDLES_PER_PULL)
        self.counters.candles += len(candles)

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
                # Staggered starts open the connections one by one instead of in one burst.
                await anyio.sleep(WORKER_STAGGER)


@attrs.define
class BotCounters:
    """The bot's view of its orders: every ``clientOid`` it used and what it learned of each."""

    #: clientOid -> "placed" (acknowledged), "rejected" (certainly not placed) or "unknown" (may be placed).
    outcomes: dict[str, str] = attrs.field(factory=dict)
    order_ids: dict[str, str] = attrs.field(factory=dict)
    cancelled: int = 0
    #: Acknowledged orders whose cancel raised (the order may still rest on the book).
    cancel_failed: int = 0
    errors: Counter[str] = attrs.field(factory=Counter)

    @property
    def placed(self) -> int:
        return sum(1 for outcome in self.outcomes.values() if outcome == "placed")


def _round(value: Decimal, places: int, rounding: str) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


class OrderBot:
    """Places a small limit buy well below the market with its own ``clientOid``, then cancels it; repeats."""

    def __init__(self, client: Client, market: MarketSymbol, *, run_id: str, unified: bool = False) -> None:
        self.client = client
        self.market = market
        self.run_id = run_id
        #: A unified account's key: trade through client.uta (v3) rather than client.spot (v2).
        self.unified = unified
        self.counters = BotCounters()
        self._serial = itertools.count(1)

    async def _price_and_size(self) -> tuple[Decimal, Decimal]:
        # Urgent: the bot's price check goes ahead of the collector's queue on the shared market budget.
        last = (await self.client.spot.ticker(self.market.symbol, urgent=True)).last_price
        if last is None:
            raise ResponseFormatError(f"the ticker of {self.market.symbol} has no last price")
        # 20 % below the market: it rests on the book and never fills during the demo.
        price = _round(last * Decimal("0.8"), self.market.price_precision, ROUND_DOWN)
        notional = max(self.market.min_trade_usdt, Decimal(5)) * Decimal("1.2")
        return price, _round(notional / price, self.market.quantity_precision, ROUND_UP)

    async def _place_and_cancel(self) -> None:
        price, size = await self._price_and_size()
        client_oid = f"demo{self.run_id}x{next(self._serial)}"
        self.counters.outcomes[client_oid] = "unknown"
        try:
            if self.unified:
                ack = await self.client.uta.place_order(
                    Category.SPOT,
                    self.market.symbol,
                    Side.BUY,
                    OrderType.LIMIT,
                    size,
                    price=price,
                    client_oid=client_oid,
                )
            else:
                ack = await self.client.spot.place_order(
                    self.market.symbol, Side.BUY, OrderType.LIMIT, size, price=price, client_oid=client_oid
                )
        except (OutcomeUnknownError, TransportError) as exc:
            # Left as "unknown": the exactly-once check looks it up on the exchange.
            self.counters.errors[type(exc).__name__] += 1
            return
        except Error as exc:
            self.counters.outcomes[client_oid] = "rejected"
            self.counters.errors[type(exc).__name__] += 1
            return
        self.counters.outcomes[client_oid] = "placed"
        order_id = str(ack.order_id)
        self.counters.order_ids[client_oid] = order_id
        try:
            if self.unified:
                await self.client.uta.cancel_order(Category.SPOT, self.market.symbol, order_id)
            else:
                await self.client.spot.cancel_order(self.market.symbol, order_id)
        except Error as exc:
            # Counted apart from the placements: the report's rows must add up (acknowledged = cancelled + failed).
            self.counters.cancel_failed += 1
            self.counters.errors[f"cancel: {type(exc).__name__}"] += 1
            return
        self.counters.cancelled += 1

    async def run(self, stop: anyio.Event, *, max_orders: int | None = None) -> None:
        """Place and cancel until ``stop`` is set (or ``max_orders`` placements were tried)."""
        while not stop.is_set() and (max_orders is None or len(self.counters.outcomes) < max_orders):
            try:
                await self._place_and_cancel()
            except Error as exc:
                self.counters.errors[type(exc).__name__] += 1


async def read_account(client: Client, unified: bool = False) -> int:
    """The signed, read-only part of the demo against a real account: balances and open orders."""
    if unified:
        coins = (await client.uta.assets()).assets
        await client.uta.open_orders()
        return len(coins)
    assets = await client.spot.assets()
    await client.spot.open_orders()
    return len(assets)
