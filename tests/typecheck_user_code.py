"""User code written against the typed API, as a bot author would write it; mypy --strict checks this file.

Every assignment is annotated with the type a user expects, so a change in the API's types that would break
users' type checking fails ``make test``. ``tests/test_api_spot_sim.py`` also runs it against the simulator.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from asyncclient import Client
from asyncclient.api import FuturesAPI, SpotAPI
from asyncclient.models import (
    BatchResult,
    Candle,
    FuturesAccount,
    FuturesOrder,
    FuturesOrderRequest,
    FuturesTicker,
    Granularity,
    OrderAck,
    OrderBook,
    OrderBookLevel,
    OrderStatus,
    OrderType,
    Page,
    Position,
    ProductType,
    Side,
    SpotAsset,
    SpotFill,
    SpotOrder,
    SpotOrderRequest,
    SpotTicker,
    Trade,
)


async def spread_of(spot: SpotAPI, symbol: str) -> Decimal:
    book: OrderBook = await spot.orderbook(symbol, limit=5)
    best_bid: OrderBookLevel | None = book.best_bid
    best_ask: OrderBookLevel | None = book.best_ask
    if best_bid is None or best_ask is None:
        return Decimal(0)
    return best_ask.price - best_bid.price


async def spot_session(client: Client, symbol: str) -> list[str]:
    """Look at the market, rest an order, read it back, cancel it; returns what it saw, for the test."""
    spot: SpotAPI = client.spot
    now_ms: int = await client.server_time()
    tickers: list[SpotTicker] = await spot.tickers(symbol)
    last: Decimal | None = tickers[0].last_price
    candles: list[Candle] = await spot.candles(symbol, Granularity.MINUTE_1, limit=3)
    closes: list[Decimal] = [candle.close for candle in candles]
    opened: datetime = candles[-1].open_time
    recent: list[Trade] = await spot.trades(symbol, limit=2)
    spread: Decimal = await spread_of(spot, symbol)

    price = (last or Decimal(1)) / 2
    ack: OrderAck = await spot.place_order(
        symbol, Side.BUY, OrderType.LIMIT, Decimal("0.001"), price=price.quantize(Decimal("0.01"))
    )
    assert ack.order_id is not None
    order: SpotOrder = await spot.order(ack.order_id)
    status: OrderStatus = order.status
    open_orders: Page[SpotOrder] = await spot.open_orders(symbol)
    cursor: str | None = open_orders.end_id
    requests: Sequence[SpotOrderRequest] = [SpotOrderRequest(Side.BUY, OrderType.LIMIT, "0.001", price="100")]
    batch: BatchResult = await spot.batch_place_orders(symbol, requests)
    failed_codes: list[str | None] = [failure.error_code for failure in batch.failed]
    await spot.cancel_order(symbol, ack.order_id)
    assets: list[SpotAsset] = await spot.assets("USDT")
    available: Decimal = assets[0].available

    since = datetime.now(UTC) - timedelta(days=1)
    fills: list[SpotFill] = [fill async for fill in spot.iter_fills(symbol, start=since, end=datetime.now(UTC))]
    history: list[Candle] = [
        candle async for candle in spot.iter_history_candles(symbol, "1min", now_ms - 600_000, now_ms - 300_000)
    ]
    return [
        f"time={now_ms}",
        f"closes={len(closes)} opened={opened.year} trades={len(recent)} spread>=0:{spread >= 0}",
        f"status={status.value} open={len(open_orders)} cursor={cursor is not None} failed={failed_codes}",
        f"available={available > 0} fills={len(fills)} history={len(history)}",
    ]


async def futures_session(client: Client, symbol: str) -> list[str]:
    futures: FuturesAPI = client.futures
    coin_margined: FuturesAPI = client.futures_for(ProductType.COIN_FUTURES)
    ticker: FuturesTicker = await futures.ticker(symbol)
    mark: Decimal | None = ticker.mark_price
    account: FuturesAccount = await futures.account(symbol)
    ack: OrderAck = await futures.place_order(symbol, "buy", "market", Decimal("0.01"))
    positions: list[Position] = await futures.position(symbol)
    size: Decimal = sum((position.total for position in positions), Decimal(0))
    orders: list[FuturesOrder] = [order async for order in futures.iter_history_orders(symbol)]
    requests = [FuturesOrderRequest(Side.SELL, OrderType.LIMIT, "0.01", price="1000000", client_oid="typed-1")]
    placed: BatchResult = await futures.batch_place_orders(symbol, requests)
    cancelled: BatchResult = await futures.cancel_all_orders()
    closed: BatchResult = await futures.close_positions(symbol)
    return [
        f"product={coin_margined.product_type.value} mark={mark is not None} equity={account.account_equity}",
        f"placed={ack.order_id is not None} size={size} orders={len(orders)}",
        f"batch={len(placed.succeeded)} cancelled={len(cancelled.succeeded)} closed={closed.ok}",
    ]
