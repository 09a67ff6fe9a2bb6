"""Every ``client.futures`` method against the simulator over HTTP (in-process): typed in, models out."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from asyncclient import Client
from asyncclient.models import (
    BatchError,
    FuturesOrderRequest,
    Granularity,
    HoldSide,
    MarginMode,
    OrderStatus,
    PositionMode,
    ProductType,
    Side,
    TradeSide,
)

SYMBOL = "BTCUSDT"
FAR_BELOW = Decimal("20000")  # a resting buy price far under the simulated BTC market


@pytest.mark.anyio
async def test_contracts_tickers_and_book(bitget_client: Client) -> None:
    futures = bitget_client.futures
    assert futures.product_type is ProductType.USDT_FUTURES
    contracts = await futures.contracts()
    btc = next(c for c in contracts if c.symbol == SYMBOL)
    assert btc.margin_coins == ("USDT",) and btc.max_leverage is not None and btc.max_leverage > 1
    assert [c.symbol for c in await futures.contracts(SYMBOL)] == [SYMBOL]
    ticker = await futures.ticker(SYMBOL)
    assert ticker.symbol == SYMBOL and ticker.bid_price is not None and ticker.ask_price is not None
    assert ticker.bid_price < ticker.ask_price and ticker.funding_rate is not None
    assert SYMBOL in {t.symbol for t in await futures.tickers()}
    book = await futures.orderbook(SYMBOL, limit=5)
    assert len(book.bids) == len(book.asks) == 5
    assert book.best_bid is not None and book.best_ask is not None and book.best_bid.price < book.best_ask.price
    deep = await futures.orderbook(SYMBOL)
    assert len(deep.asks) > 5


@pytest.mark.anyio
async def test_candles_trades_funding_and_open_interest(bitget_client: Client) -> None:
    futures = bitget_client.futures
    now = await bitget_client.server_time()
    candles = await futures.candles(SYMBOL, Granularity.MINUTE_5, limit=6)
    assert len(candles) == 6 and all(c.usdt_volume is None for c in candles)
    assert {b.open_time_ms - a.open_time_ms for a, b in pairwise(candles)} == {300_000}
    older = await futures.history_candles(SYMBOL, "1H", end=now - 7 * 86_400_000, limit=4)
    assert len(older) == 4 and older[-1].open_time_ms < now - 7 * 86_400_000
    trades = await futures.trades(SYMBOL, limit=3)
    assert len(trades) == 3 and all(t.price > 0 for t in trades)
    rate = await futures.funding_rate(SYMBOL)
    assert rate.symbol == SYMBOL and isinstance(rate.funding_rate, Decimal)
    interest = await futures.open_interest(SYMBOL)
    assert interest.symbol == SYMBOL and interest.size > 0 and interest.timestamp is not None


@pytest.mark.anyio
async def test_iter_history_candles(bitget_client: Client) -> None:
    now = await bitget_client.server_time()
    hour = 3_600_000
    end = now - now % hour - 30 * 86_400_000
    start = end - 250 * hour
    candles = [c async for c in bitget_client.futures.iter_history_candles(SYMBOL, Granularity.HOUR_1, start, end)]
    assert [c.open_time_ms for c in candles] == list(range(start, end, hour))


@pytest.mark.anyio
async def test_accounts_and_settings(bitget_client: Client) -> None:
    futures = bitget_client.futures
    account = await futures.account(SYMBOL)
    assert account.margin_coin == "USDT" and account.available > 0
    assert "USDT" in {a.margin_coin for a in await futures.accounts()}
    leverage = await futures.set_leverage(SYMBOL, 7)
    assert leverage.long_leverage == leverage.short_leverage == Decimal(7)
    mode = await futures.set_margin_mode(SYMBOL, MarginMode.ISOLATED)
    assert mode.margin_mode is MarginMode.ISOLATED
    assert (await futures.account(SYMBOL)).margin_mode is MarginMode.ISOLATED
    assert await futures.set_position_mode(PositionMode.HEDGE) is PositionMode.HEDGE
    assert (await futures.account(SYMBOL)).position_mode is PositionMode.HEDGE


@pytest.mark.anyio
async def test_open_and_close_a_position(bitget_client: Client) -> None:
    futures = bitget_client.futures
    assert await futures.positions() == []
    ack = await futures.place_order(SYMBOL, Side.BUY, "market", Decimal("0.01"))
    order = await futures.order(SYMBOL, ack.order_id)
    assert order.status is OrderStatus.FILLED and order.base_volume == Decimal("0.01")
    (position,) = await futures.position(SYMBOL)
    assert position.total == Decimal("0.01") and position.hold_side in (HoldSide.LONG, HoldSide.NET)
    assert [p.symbol for p in await futures.positions()] == [SYMBOL]
    fills = await futures.fills(SYMBOL, order_id=ack.order_id)
    assert fills and sum((f.base_volume for f in fills), Decimal(0)) == Decimal("0.01")
    assert all(f.total_fee < 0 for f in fills)
    closed = await futures.close_positions(SYMBOL)
    assert closed.ok and len(closed.succeeded) == 1
    assert await futures.position(SYMBOL) == []


@pytest.mark.anyio
async def test_hedge_mode_open_long_with_trade_side(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.set_position_mode(PositionMode.HEDGE)
    await futures.place_order(SYMBOL, "buy", "market", "0.02", trade_side=TradeSide.OPEN)
    (long,) = await futures.position(SYMBOL)
    assert long.hold_side is HoldSide.LONG and long.total == Decimal("0.02")
    result = await futures.close_positions(SYMBOL, hold_side=HoldSide.LONG)
    assert result.ok and await futures.positions() == []


@pytest.mark.anyio
async def test_resting_orders_cancel_one_batch_and_all(bitget_client: Client) -> None:
    futures = bitget_client.futures
    one = await futures.place_order(SYMBOL, "buy", "limit", "0.01", price=FAR_BELOW, client_oid="fut-1")
    open_orders = await futures.open_orders(SYMBOL)
    (listed,) = open_orders
    assert listed.order_id == one.order_id and listed.price == FAR_BELOW and listed.status.is_open
    assert (await futures.order(SYMBOL, client_oid="fut-1")).order_id == one.order_id
    assert (await futures.cancel_order(SYMBOL, client_oid="fut-1")).order_id == one.order_id
    assert (await futures.order(SYMBOL, one.order_id)).status is OrderStatus.CANCELLED

    orders = [
        FuturesOrderRequest("buy", "limit", "0.01", price=FAR_BELOW, client_oid=f"fut-batch-{i}") for i in range(3)
    ]
    bad = FuturesOrderRequest("buy", "limit", "0.00001", price=FAR_BELOW, client_oid="fut-batch-bad")
    placed = await futures.batch_place_orders(SYMBOL, [*orders, bad])
    assert [a.client_oid for a in placed.succeeded] == ["fut-batch-0", "fut-batch-1", "fut-batch-2"]
    assert [f.client_oid for f in placed.failed] == ["fut-batch-bad"] and placed.failed[0].error_code
    with pytest.raises(BatchError):
        await futures.batch_place_orders(SYMBOL, [bad], raise_on_failure=True)
    cancelled = await futures.batch_cancel_orders(SYMBOL, client_oids=["fut-batch-0"])
    assert [a.client_oid for a in cancelled.succeeded] == ["fut-batch-0"]
    everything = await futures.cancel_all_orders()
    assert {a.client_oid for a in everything.succeeded} == {"fut-batch-1", "fut-batch-2"}
    assert len(await futures.open_orders()) == 0
    history = await futures.history_orders(SYMBOL)
    assert {o.status for o in history} == {OrderStatus.CANCELLED} and len(history) == 4


@pytest.mark.anyio
async def test_iterators_follow_end_id(bitget_client: Client) -> None:
    futures = bitget_client.futures
    placed = [(await futures.place_order(SYMBOL, "buy", "market", "0.01")).order_id for _ in range(5)]
    orders = [o.order_id async for o in futures.iter_history_orders(SYMBOL, page_size=2)]
    assert orders == placed[::-1]
    fills = [f async for f in futures.iter_fills(SYMBOL, page_size=2)]
    assert {f.order_id for f in fills} == set(placed)
    assert [int(f.trade_id) for f in fills] == sorted({int(f.trade_id) for f in fills}, reverse=True)


@pytest.mark.anyio
async def test_other_product_lines_send_their_product_type(bitget_client: Client) -> None:
    coin_m = bitget_client.futures_for(ProductType.COIN_FUTURES)
    assert coin_m.product_type is ProductType.COIN_FUTURES
    # The simulator lists COIN-M contracts under their own product type: getting them proves it was sent.
    contracts = await coin_m.contracts()
    assert contracts and all(contract.symbol.endswith("USD") for contract in contracts)


@pytest.mark.anyio
async def test_type_checked_user_code_runs(bitget_client: Client) -> None:
    """The user code that mypy checks (tests/typecheck_user_code.py) also works against the simulator."""
    from typecheck_user_code import futures_session

    seen = await futures_session(bitget_client, SYMBOL)
    assert seen[0].startswith("product=COIN-FUTURES mark=True")
    assert seen[1] == "placed=True size=0.01 orders=1"
    assert seen[2] == "batch=1 cancelled=1 closed=True"
