"""``client.uta`` account, trading, positions and TP/SL against a unified account of the simulator (in-process)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from asyncclient import Client, DuplicateClientOidError, InputError, OrderNotFoundError
from asyncclient.models import (
    AccountMode,
    Category,
    HoldMode,
    HoldSide,
    OrderStatus,
    OrderType,
    Side,
    UtaModifyRequest,
    UtaOrderRequest,
)
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
SYMBOL = "BTCUSDT"
FAR_BELOW = Decimal(10_000)  # a resting buy far under the simulated BTC price
SPOT, FUTURES = Category.SPOT, Category.USDT_FUTURES


@pytest.fixture
def sim() -> Simulator:
    simulator = Simulator(seed=5)
    simulator.add_account("uta-key", "uta-secret", "uta-pass", mode="uta")
    return simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[Client]:
    async with Client("uta-key", "uta-secret", "uta-pass", base_url="http://simulator", transport=sim.transport()) as c:
        yield c


async def test_assets_settings_fees(client: Client) -> None:
    assert await client.account_mode() is AccountMode.UNIFIED
    assets = await client.uta.assets()
    usdt = assets.coin("USDT")
    assert usdt is not None and usdt.available == Decimal(100_000) and assets.account_equity is not None
    assert assets.account_equity > Decimal(100_000)  # the BTC and ETH count too
    settings = await client.uta.account_settings()
    assert settings.account_mode is AccountMode.UNIFIED and settings.hold_mode is HoldMode.ONE_WAY
    fees = await client.uta.fee_rate(SPOT, SYMBOL)
    assert fees.maker_fee_rate == Decimal("0.001") and fees.taker_fee_rate == Decimal("0.001")
    assert (await client.uta.fee_rate(FUTURES, SYMBOL)).taker_fee_rate == Decimal("0.0006")


async def test_leverage_hold_mode_and_settings(client: Client) -> None:
    await client.uta.set_leverage(FUTURES, 10, symbol=SYMBOL)
    await client.uta.set_hold_mode(HoldMode.HEDGE)
    settings = await client.uta.account_settings()
    assert settings.hold_mode is HoldMode.HEDGE
    (config,) = settings.symbol_configs
    assert (config.symbol, config.leverage) == (SYMBOL, Decimal(10))


async def test_funding_wallet_transfers_and_records(client: Client) -> None:
    assert await client.uta.funding_assets() == []
    transfer = await client.uta.transfer("uta", "funding", "USDT", "250")
    assert transfer.transfer_id
    (wallet,) = await client.uta.funding_assets()
    assert (wallet.coin, wallet.available) == ("USDT", Decimal(250))
    await client.uta.transfer("funding", "uta", "USDT", Decimal(50))
    assert (await client.uta.funding_assets("USDT"))[0].available == Decimal(200)
    page = await client.uta.financial_records(coin="USDT", limit=2)
    assert len(page) == 2 and page.end_id is not None and page[0].amount == Decimal(50)
    every = [record async for record in client.uta.iter_financial_records(coin="USDT", page_size=1)]
    assert len(every) == 3 and len({record.record_id for record in every}) == 3
    now = 1_800_000_000_000
    assert await client.uta.deposit_records(now - 86_400_000, now) == []
    assert await client.uta.withdrawal_records(now - 86_400_000, now, coin="USDT") == []
    with pytest.raises(InputError, match="30 days"):
        await client.uta.deposit_records(now - 40 * 86_400_000, now)


async def test_place_query_modify_cancel(client: Client) -> None:
    uta = client.uta
    ack = await uta.place_order(SPOT, SYMBOL, Side.BUY, OrderType.LIMIT, "0.001", price=FAR_BELOW, client_oid="uta-1")
    assert ack.client_oid == "uta-1" and ack.order_id
    with pytest.raises(DuplicateClientOidError):  # 25212: the clientOid of an open order
        await uta.place_order(SPOT, SYMBOL, "buy", "limit", "0.001", price=FAR_BELOW, client_oid="uta-1")
    order = await uta.order_info(client_oid="uta-1")
    assert (order.status, order.price, order.qty, order.category) == (
        OrderStatus.LIVE,
        FAR_BELOW,
        Decimal("0.001"),
        SPOT,
    )
    page = await uta.open_orders(SPOT, SYMBOL)
    assert [o.order_id for o in page] == [ack.order_id]
    modified = await uta.modify_order(SPOT, SYMBOL, client_oid="uta-1", price="9000")
    assert modified.client_oid == "uta-1"
    assert (await uta.order_info(modified.order_id)).price == Decimal(9000)
    cancelled = await uta.cancel_order(SPOT, SYMBOL, modified.order_id)
    assert cancelled.order_id == modified.order_id
    with pytest.raises(OrderNotFoundError):  # 25204
        await uta.cancel_order(order_id=modified.order_id)
    with pytest.raises(OrderNotFoundError):
        await uta.order_info("123456")
    # Once cancelled, the clientOid may be used again (the UTA rule since 2025-10).
    again = await uta.place_order(SPOT, SYMBOL, "buy", "limit", "0.001", price=FAR_BELOW, client_oid="uta-1")
    assert again.order_id not in (ack.order_id, modified.order_id)
    history = await uta.order_history(SPOT, SYMBOL)
    assert {o.status for o in history} == {OrderStatus.CANCELLED} and len(history) == 2
    walked = [o.order_id async for o in uta.iter_order_history(SPOT, SYMBOL, page_size=1)]
    assert walked == [o.order_id for o in history]


async def test_market_orders_fill_and_show_as_fills(client: Client) -> None:
    uta = client.uta
    buy = await uta.place_order(SPOT, SYMBOL, "buy", "market", "100")  # a market buy spends 100 USDT
    order = await uta.order_info(buy.order_id)
    assert order.status is OrderStatus.FILLED and order.filled_qty and order.amount == Decimal(100)
    assert order.client_oid and len(order.client_oid) == 32  # the client gave it one
    fills = await uta.trade_fills(SPOT)
    assert [f.order_id for f in fills] == [buy.order_id] and fills[0].fees[0].fee
    await uta.place_order(SPOT, SYMBOL, "sell", "market", "0.0005")
    every = [fill async for fill in uta.iter_trade_fills(SPOT, page_size=1)]
    assert len(every) == 2 and every[0].side is Side.SELL


async def test_batches(client: Client) -> None:
    uta = client.uta
    orders = [
        UtaOrderRequest(SPOT, SYMBOL, "buy", "limit", "0.001", price=FAR_BELOW - i, client_oid=f"b-{i}")
        for i in range(3)
    ]
    placed = await uta.batch_place_orders([*orders, UtaOrderRequest(SPOT, SYMBOL, "buy", "limit", "0.001", price=1)])
    assert [item.ok for item in placed] == [True, True, True, False] and placed[3].code == "45110"
    changed = await uta.batch_modify_orders([UtaModifyRequest(SPOT, SYMBOL, client_oid="b-0", qty="0.002")])
    assert changed[0].ok and (await uta.order_info(client_oid="b-0")).qty == Decimal("0.002")
    cancelled = await uta.batch_cancel_orders(SPOT, SYMBOL, client_oids=["b-1", "never"])
    assert [(item.client_oid, item.ok) for item in cancelled] == [("b-1", True), ("never", False)]
    everything = await uta.cancel_symbol_orders(SPOT, SYMBOL)
    assert {item.client_oid for item in everything} == {"b-0", "b-2"}
    assert len(await uta.open_orders()) == 0
    with pytest.raises(InputError, match="orders"):
        await uta.batch_place_orders([])


async def test_futures_positions_close_and_history(client: Client) -> None:
    uta = client.uta
    await uta.place_order(FUTURES, SYMBOL, "buy", "market", "0.01")
    (position,) = await uta.positions(FUTURES, SYMBOL)
    assert (position.pos_side, position.total, position.category) == (HoldSide.LONG, Decimal("0.01"), FUTURES)
    closed = await uta.close_positions(FUTURES, SYMBOL)
    assert len(closed) == 1 and closed[0].ok
    assert await uta.positions(FUTURES) == []
    history = await uta.position_history(FUTURES)
    assert len(history) == 1 and history[0].symbol == SYMBOL and history[0].close_total == Decimal("0.01")
    assert [record.position_id async for record in uta.iter_position_history(FUTURES)] == [history[0].position_id]


async def test_hedge_mode_uses_pos_side(client: Client) -> None:
    uta = client.uta
    await uta.set_hold_mode("hedge_mode")
    await uta.place_order(FUTURES, SYMBOL, "sell", "market", "0.02", pos_side="short")
    (short,) = await uta.positions(FUTURES, SYMBOL, pos_side="short")
    assert short.total == Decimal("0.02") and short.hold_mode is HoldMode.HEDGE
    await uta.place_order(FUTURES, SYMBOL, "buy", "market", "0.02", pos_side="short")  # buy + short closes it
    assert await uta.positions(FUTURES) == []


async def test_strategy_orders(client: Client) -> None:
    uta = client.uta
    await uta.place_order(FUTURES, SYMBOL, "buy", "market", "0.01")
    ack = await uta.place_strategy_order(FUTURES, SYMBOL, "long", take_profit="200000", stop_loss="1000", qty="0.01")
    (pending,) = await uta.open_strategy_orders(FUTURES, SYMBOL)
    assert (pending.order_id, pending.take_profit, pending.stop_loss) == (ack.order_id, Decimal(200_000), Decimal(1000))
    await uta.modify_strategy_order(ack.order_id, stop_loss="2000")
    assert (await uta.open_strategy_orders(FUTURES))[0].stop_loss == Decimal(2000)
    await uta.cancel_strategy_order(ack.order_id)
    assert await uta.open_strategy_orders(FUTURES) == []
    history = await uta.strategy_order_history(FUTURES)
    assert [order.order_id for order in history] == [ack.order_id]
    with pytest.raises(OrderNotFoundError):
        await uta.cancel_strategy_order(ack.order_id)
    with pytest.raises(InputError):
        await uta.place_strategy_order(FUTURES, SYMBOL, "long")


async def test_countdown_cancel_all(sim: Simulator, client: Client) -> None:
    uta = client.uta
    await uta.place_order(SPOT, SYMBOL, "buy", "limit", "0.001", price=FAR_BELOW)
    await uta.countdown_cancel_all(5)
    assert len(await uta.open_orders()) == 1
    sim.clock.jump(6)  # the simulator's clock passes the deadline (well inside the 30 s signing window)
    assert len(await uta.open_orders()) == 0
    with pytest.raises(InputError):
        await uta.countdown_cancel_all(-1)
