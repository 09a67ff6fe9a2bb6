"""``client.isolated_margin`` and the crossed flash repay / liquidation records against the simulator over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, ExchangeError, InputError, InsufficientFundsError
from asyncclient.models import OrderStatus
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio

PAIR = "BTCUSDT"


async def test_fund_borrow_repay_one_pair(bitget_client: Client) -> None:
    isolated = bitget_client.isolated_margin
    await bitget_client.wallet.transfer("USDT", "1000", "spot", "isolated_margin", symbol=PAIR)
    rows = {row.coin: row for row in await isolated.assets(PAIR)}
    assert set(rows) == {"BTC", "USDT"} and rows["USDT"].symbol == PAIR
    assert (rows["USDT"].available, rows["BTC"].available) == (Decimal(1000), Decimal(0))
    limits = await isolated.max_borrowable(PAIR)
    assert (limits.symbol, limits.quote_coin, limits.quote_amount) == (PAIR, "USDT", Decimal(9000))  # leverage 10
    assert limits.base_coin == "BTC" and limits.base_amount > 0
    loan = await isolated.borrow(PAIR, "USDT", "500")
    assert (loan.symbol, loan.coin, loan.borrow_amount) == (PAIR, "USDT", Decimal(500))
    (risk,) = await isolated.risk_rates(PAIR)
    assert risk.symbol == PAIR and risk.risk_rate == Decimal("0.33333333")
    moved_out = await isolated.max_transferable(PAIR)
    assert moved_out.quote_amount < Decimal(1500)
    with pytest.raises(ExchangeError):
        await isolated.borrow(PAIR, "ETH", "1")  # not a coin of the pair
    repaid = await isolated.repay(PAIR, "USDT", "200")
    assert (repaid.symbol, repaid.remaining_debt) == (PAIR, Decimal(300))
    (loan_row,) = await isolated.borrow_history(PAIR)
    assert (loan_row.loan_id, loan_row.symbol) == (loan.loan_id, PAIR)
    (repay_row,) = await isolated.repay_history(PAIR, coin="USDT")
    assert repay_row.repay_id == repaid.repay_id
    assert await isolated.interest_history(PAIR) == []  # no full hour has passed
    assert await bitget_client.margin.assets() == []  # the crossed account is apart
    assert [row.total_amount for row in await isolated.assets("ETHUSDT")] == [0, 0]


async def test_tiers_and_rates_name_both_coins(bitget_client: Client) -> None:
    isolated = bitget_client.isolated_margin
    (tier,) = await isolated.tier_data("ETHUSDT")
    assert (tier.symbol, tier.base_coin, tier.quote_coin, tier.leverage) == ("ETHUSDT", "ETH", "USDT", Decimal(10))
    (rate,) = await isolated.interest_rate("SOLUSDT")
    assert (rate.base_coin, rate.quote_coin, rate.leverage) == ("SOL", "USDT", Decimal(5))
    assert rate.base_daily_interest_rate == rate.quote_daily_interest_rate == Decimal("0.0001")
    with pytest.raises(InputError):
        await isolated.tier_data("")


async def test_isolated_orders_trade_on_the_pair_account(bitget_client: Client) -> None:
    isolated = bitget_client.isolated_margin
    await bitget_client.wallet.transfer("USDT", "200", "spot", "isolated_margin", symbol=PAIR)
    ack = await isolated.place_order(PAIR, "buy", "limit", "0.001", price="10000", client_oid="iso-1")
    (resting,) = await isolated.open_orders(PAIR)
    assert (resting.order_id, resting.client_oid) == (ack.order_id, "iso-1")
    assert await bitget_client.margin.open_orders(PAIR) == []  # not on the crossed account
    batch = await isolated.batch_place_orders(
        PAIR, [{"side": "buy", "order_type": "limit", "size": "0.001", "price": "9000", "client_oid": "iso-2"}]
    )
    assert [item.client_oid for item in batch.succeeded] == ["iso-2"]
    await isolated.cancel_order(PAIR, ack.order_id)
    await isolated.batch_cancel_orders(PAIR, client_oids=["iso-2"])
    assert await isolated.open_orders(PAIR) == []
    statuses = {order.client_oid: order.status for order in await isolated.history_orders(PAIR)}
    assert statuses == {"iso-1": OrderStatus.CANCELLED, "iso-2": OrderStatus.CANCELLED}
    await isolated.place_order(PAIR, "buy", "market", "50", loan_type="autoLoan")
    (fill,) = await isolated.fills(PAIR)
    assert fill.size is not None and fill.size > 0
    with pytest.raises(InsufficientFundsError):
        await isolated.place_order("ETHUSDT", "buy", "market", "50")  # that pair holds nothing


async def test_isolated_orders_whose_answers_are_lost_are_found(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    await bitget_client.wallet.transfer("USDT", "200", "spot", "isolated_margin", symbol=PAIR)
    bitget_simulator.faults.set("/api/v2/margin/isolated/place-order", error_after_accept_rate=1.0)
    ack = await bitget_client.isolated_margin.place_order(PAIR, "buy", "limit", "0.001", price="10000")
    bitget_simulator.faults.clear()
    (resting,) = await bitget_client.isolated_margin.open_orders(PAIR)
    assert resting.order_id == ack.order_id  # placed once, found by its clientOid
    assert ack.client_oid is not None and resting.client_oid == ack.client_oid


async def test_flash_repay_clears_the_debt_and_reports_finish(bitget_client: Client) -> None:
    margin, isolated = bitget_client.margin, bitget_client.isolated_margin
    await bitget_client.wallet.transfer("USDT", "100", "spot", "crossed_margin")
    await margin.borrow("USDT", "50")
    flash = await margin.flash_repay("USDT")
    assert flash.coin == "USDT"
    (usdt,) = await margin.assets("USDT")
    assert (usdt.borrow, usdt.available) == (Decimal(0), Decimal(100))
    (status,) = await margin.flash_repay_status([flash.repay_id])
    assert (status.repay_id, status.status) == (flash.repay_id, "FINISH")
    await bitget_client.wallet.transfer("USDT", "100", "spot", "isolated_margin", symbol=PAIR)
    await isolated.borrow(PAIR, "USDT", "30")
    (row,) = await isolated.flash_repay([PAIR])
    assert row.symbol == PAIR
    assert {a.coin: a.borrow for a in await isolated.assets(PAIR)}["USDT"] == 0
    assert [s.status for s in await isolated.flash_repay_status([row.repay_id, "999"])] == ["FINISH", "FAIL"]
    with pytest.raises(InputError):
        await margin.flash_repay_status([])


async def test_liquidation_records_are_empty_as_the_simulator_never_liquidates(bitget_client: Client) -> None:
    assert await bitget_client.margin.liquidation_history() == []
    assert await bitget_client.margin.liquidation_orders() == []
    assert await bitget_client.isolated_margin.liquidation_history(symbol=PAIR) == []
    assert await bitget_client.isolated_margin.liquidation_orders(symbol=PAIR, limit=10) == []
