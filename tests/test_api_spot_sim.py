"""Every ``client.spot`` method against the simulator over HTTP (in-process): typed in, models out."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from asyncclient import Client, OrderNotFoundError
from asyncclient.models import (
    AccountInfo,
    BatchError,
    Candle,
    Granularity,
    OrderStatus,
    OrderType,
    Side,
    SpotOrderRequest,
    SymbolStatus,
)
from asyncclient.testing import Simulator

SYMBOL = "BTCUSDT"
FAR_BELOW = Decimal("10000")  # a resting buy price far under the simulated BTC market


@pytest.mark.anyio
async def test_server_time_is_the_simulators_clock(bitget_client: Client) -> None:
    first = await bitget_client.server_time()
    second = await bitget_client.server_time()
    assert isinstance(first, int) and first > 1_600_000_000_000 and second >= first


@pytest.mark.anyio
async def test_reference_data(bitget_client: Client) -> None:
    symbols = await bitget_client.spot.symbols()
    btc = next(s for s in symbols if s.symbol == SYMBOL)
    assert (btc.base_coin, btc.quote_coin, btc.status) == ("BTC", "USDT", SymbolStatus.ONLINE)
    assert isinstance(btc.min_trade_usdt, Decimal) and btc.quantity_precision is not None
    assert [s.symbol for s in await bitget_client.spot.symbols(SYMBOL)] == [SYMBOL]
    coins = await bitget_client.spot.coins()
    assert {"BTC", "USDT"} <= {coin.coin for coin in coins}
    assert all(chain.withdraw_fee is not None for coin in coins for chain in coin.chains)


@pytest.mark.anyio
async def test_tickers_and_orderbook(bitget_client: Client) -> None:
    everything = await bitget_client.spot.tickers()
    assert len(everything) > 1 and SYMBOL in {t.symbol for t in everything}
    (ticker,) = await bitget_client.spot.tickers(SYMBOL)
    assert ticker.bid_price is not None and ticker.ask_price is not None and ticker.bid_price < ticker.ask_price
    book = await bitget_client.spot.orderbook(SYMBOL, limit=5)
    assert len(book.asks) == len(book.bids) == 5
    assert [level.price for level in book.asks] == sorted(level.price for level in book.asks)
    assert [level.price for level in book.bids] == sorted((level.price for level in book.bids), reverse=True)
    assert book.best_bid is not None and book.best_ask is not None and book.best_bid.price < book.best_ask.price


@pytest.mark.anyio
async def test_candles_recent_and_history(bitget_client: Client) -> None:
    now = await bitget_client.server_time()
    recent = await bitget_client.spot.candles(SYMBOL, Granularity.MINUTE_1, limit=5)
    assert len(recent) == 5 and all(isinstance(c, Candle) for c in recent)
    assert [c.open_time_ms for c in recent] == sorted(c.open_time_ms for c in recent)
    assert all(c.low <= min(c.open, c.close) and c.high >= max(c.open, c.close) for c in recent)
    older = await bitget_client.spot.history_candles(SYMBOL, "5min", now - 86_400_000, limit=10)
    assert len(older) == 10 and all(c.open_time_ms < now - 86_400_000 for c in older)
    assert {b.open_time_ms - a.open_time_ms for a, b in pairwise(older)} == {300_000}


@pytest.mark.anyio
async def test_iter_history_candles_covers_the_range_once(bitget_client: Client) -> None:
    now = await bitget_client.server_time()
    minute = 60_000
    end = now - now % minute - 10 * 86_400_000
    start = end - 450 * minute
    candles = [c async for c in bitget_client.spot.iter_history_candles(SYMBOL, "1min", start, end)]
    assert [c.open_time_ms for c in candles] == list(range(start, end, minute))


@pytest.mark.anyio
async def test_public_trades_and_their_history(bitget_client: Client) -> None:
    trades = await bitget_client.spot.trades(SYMBOL, limit=5)
    assert len(trades) == 5 and all(t.side in (Side.BUY, Side.SELL) for t in trades)
    assert [t.timestamp_ms for t in trades] == sorted((t.timestamp_ms for t in trades), reverse=True)
    page = await bitget_client.spot.trades_history(SYMBOL, limit=4)
    assert len(page) == 4 and page.end_id == page[-1].trade_id
    older = await bitget_client.spot.trades_history(SYMBOL, limit=4, id_less_than=page.end_id)
    assert all(int(t.trade_id) < int(page[-1].trade_id) for t in older)
    walked = []
    async for trade in bitget_client.spot.iter_trades_history(SYMBOL, page_size=50):
        walked.append(trade)
        if len(walked) == 120:
            break
    ids = [int(t.trade_id) for t in walked]
    assert len(ids) == 120 and ids == sorted(set(ids), reverse=True)


@pytest.mark.anyio
async def test_limit_order_lifecycle(bitget_client: Client) -> None:
    spot = bitget_client.spot
    ack = await spot.place_order(
        SYMBOL, Side.BUY, OrderType.LIMIT, Decimal("0.001"), price=FAR_BELOW, client_oid="lifecycle-1"
    )
    assert ack.order_id and ack.client_oid == "lifecycle-1"
    (listed,) = [o for o in await spot.open_orders(SYMBOL) if o.order_id == ack.order_id]
    assert listed.price == FAR_BELOW and listed.status.is_open and listed.side is Side.BUY
    by_id = await spot.order(ack.order_id)
    by_client_oid = await spot.order(client_oid="lifecycle-1")
    assert by_id.order_id == by_client_oid.order_id == ack.order_id and by_id.size == Decimal("0.001")
    cancelled = await spot.cancel_order(SYMBOL, ack.order_id)
    assert cancelled.order_id == ack.order_id
    assert (await spot.order(ack.order_id)).status is OrderStatus.CANCELLED
    assert ack.order_id not in {o.order_id for o in await spot.open_orders(SYMBOL)}
    assert ack.order_id in {o.order_id for o in await spot.history_orders(SYMBOL)}


@pytest.mark.anyio
async def test_market_buy_fills_and_moves_balances(bitget_client: Client) -> None:
    spot = bitget_client.spot
    (btc_before,) = await spot.assets("BTC")
    ack = await spot.place_order(SYMBOL, "buy", "market", Decimal("100"))  # spend 100 USDT
    order = await spot.order(ack.order_id)
    assert order.status is OrderStatus.FILLED and order.base_volume is not None and order.base_volume > 0
    fills = await spot.fills(SYMBOL, order_id=ack.order_id)
    assert fills and all(f.order_id == ack.order_id for f in fills)
    assert sum((f.size for f in fills), Decimal(0)) == order.base_volume
    assert all(f.fee is not None and f.fee.total_fee <= 0 for f in fills)
    (btc_after,) = await spot.assets("BTC")
    assert btc_after.available > btc_before.available
    bills = await spot.bills()
    assert bills and bills.end_id == bills[-1].bill_id and all(isinstance(b.size, Decimal) for b in bills)


@pytest.mark.anyio
async def test_batch_place_surfaces_failures_typed_or_raised(bitget_client: Client) -> None:
    spot = bitget_client.spot
    good = SpotOrderRequest(Side.BUY, OrderType.LIMIT, "0.001", price=FAR_BELOW, client_oid="batch-good")
    too_precise = SpotOrderRequest(Side.BUY, OrderType.LIMIT, "0.0000001", price=FAR_BELOW, client_oid="batch-bad")
    result = await spot.batch_place_orders(SYMBOL, [good, too_precise])
    assert [a.client_oid for a in result.succeeded] == ["batch-good"]
    (failure,) = result.failed
    assert failure.client_oid == "batch-bad" and failure.error_code and failure.error_message
    bad_again = SpotOrderRequest(Side.BUY, OrderType.LIMIT, "0.0000001", price=FAR_BELOW, client_oid="batch-bad2")
    with pytest.raises(BatchError) as raised:
        await spot.batch_place_orders(SYMBOL, [bad_again], raise_on_failure=True)
    assert raised.value.result.failed[0].client_oid == "batch-bad2"
    placed = result.succeeded[0].order_id
    assert placed is not None
    cancelled = await spot.batch_cancel_orders(SYMBOL, [placed, "1234567"])
    assert [a.order_id for a in cancelled.succeeded] == [placed]
    assert [f.order_id for f in cancelled.failed] == ["1234567"]


@pytest.mark.anyio
async def test_cancel_symbol_orders_empties_the_book(bitget_client: Client) -> None:
    spot = bitget_client.spot
    for _ in range(3):
        await spot.place_order(SYMBOL, "buy", "limit", "0.001", price=FAR_BELOW)
    assert len(await spot.open_orders(SYMBOL)) == 3
    assert await spot.cancel_symbol_orders(SYMBOL) == SYMBOL
    assert len(await spot.open_orders(SYMBOL)) == 0


@pytest.mark.anyio
async def test_iterators_follow_the_cursor_through_every_page(bitget_client: Client) -> None:
    spot = bitget_client.spot
    placed = [(await spot.place_order(SYMBOL, "buy", "market", "20")).order_id for _ in range(7)]
    orders = [o.order_id async for o in spot.iter_history_orders(SYMBOL, page_size=3)]
    assert orders == placed[::-1]
    fills = [f async for f in spot.iter_fills(SYMBOL, page_size=2)]
    assert {f.order_id for f in fills} == set(placed)
    assert [int(f.trade_id) for f in fills] == sorted({int(f.trade_id) for f in fills}, reverse=True)


@pytest.mark.anyio
async def test_account_info(bitget_client: Client, bitget_simulator: Simulator) -> None:
    info = await bitget_client.spot.account_info()
    assert isinstance(info, AccountInfo) and info.user_id and info.authorities
    assert info.user_id == bitget_simulator.uid_of("sim-api-key")


@pytest.mark.anyio
async def test_type_checked_user_code_runs(bitget_client: Client) -> None:
    """The user code that mypy checks (tests/typecheck_user_code.py) also works against the simulator."""
    from typecheck_user_code import spot_session

    seen = await spot_session(bitget_client, SYMBOL)
    assert seen[1].startswith("closes=3") and "spread>=0:True" in seen[1]
    assert "status=live open=1 cursor=True" in seen[2] and "failed=['" in seen[2]  # 0.1 USDT is under the minimum
    assert seen[3].startswith("available=True") and seen[3].endswith("history=5")


@pytest.mark.anyio
async def test_unknown_order_is_order_not_found(bitget_client: Client) -> None:
    with pytest.raises(OrderNotFoundError, match="12345"):
        await bitget_client.spot.order("12345")
