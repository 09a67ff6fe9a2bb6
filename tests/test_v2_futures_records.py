"""Futures on every product line against the simulator over HTTP: USDC-M and COIN-M trading, max openable size,
liquidation price, position history and account bills."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import BadRequestError, Client, InputError, InsufficientFundsError
from asyncclient.models import HoldSide, OrderStatus, OrderType, ProductType, Side
from asyncclient.testing import DEMO_BALANCES

pytestmark = pytest.mark.anyio


async def test_coin_m_places_and_cancels_margined_in_the_base_coin(bitget_client: Client) -> None:
    coin_m = bitget_client.futures_for(ProductType.COIN_FUTURES)
    before = await coin_m.account("BTCUSD", "BTC")
    assert before.margin_coin == "BTC" and before.available == Decimal(str(DEMO_BALANCES["BTC"]))
    ticker = await coin_m.ticker("BTCUSD")
    assert ticker.last_price is not None
    low = (ticker.last_price / 2).quantize(Decimal("0.1"))
    ack = await coin_m.place_order("BTCUSD", Side.BUY, OrderType.LIMIT, "0.01", price=low, margin_coin="BTC")
    (resting,) = await coin_m.open_orders("BTCUSD")
    assert resting.order_id == ack.order_id and resting.margin_coin == "BTC"
    await coin_m.cancel_order("BTCUSD", ack.order_id, margin_coin="BTC")
    assert (await coin_m.order("BTCUSD", ack.order_id)).status is OrderStatus.CANCELLED
    await coin_m.place_order("BTCUSD", Side.BUY, OrderType.MARKET, "0.01", margin_coin="BTC")
    (position,) = await coin_m.positions()
    assert (position.symbol, position.margin_coin, position.total) == ("BTCUSD", "BTC", Decimal("0.01"))
    # inverse: the margin is the size over the leverage, in BTC (a few USD of BTC, not thousands)
    assert position.margin_size is not None and position.margin_size < Decimal("0.001")
    assert await bitget_client.futures.positions() == []  # the USDT-M line is untouched
    with pytest.raises(InputError):
        await coin_m.place_order("BTCUSD", Side.BUY, OrderType.MARKET, "0.01")  # COIN-M needs its margin coin


async def test_usdc_m_trades_on_its_own_wallet(bitget_client: Client) -> None:
    usdc_m = bitget_client.futures_for("USDC-FUTURES")
    (account,) = await usdc_m.accounts()
    assert account.margin_coin == "USDC" and account.available == Decimal(str(DEMO_BALANCES["USDT"]))
    await usdc_m.place_order("ETHPERP", Side.SELL, OrderType.MARKET, "0.1")
    (position,) = await usdc_m.positions()
    assert (position.symbol, position.hold_side, position.margin_coin) == ("ETHPERP", HoldSide.SHORT, "USDC")
    (after,) = await usdc_m.accounts()
    assert after.available is not None and account.available is not None and after.available < account.available
    usdt_account = await bitget_client.futures.account("ETHUSDT")
    assert usdt_account.available == Decimal(str(DEMO_BALANCES["USDT"]))


async def test_max_openable_is_what_the_balance_opens(bitget_client: Client) -> None:
    futures = bitget_client.futures
    most = await futures.max_openable("BTCUSDT", HoldSide.LONG)
    assert most > 0
    limit_most = await futures.max_openable("BTCUSDT", "long", OrderType.LIMIT, open_price="30000")
    assert limit_most > most  # half the price: about twice the size
    with pytest.raises(InsufficientFundsError):
        await futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, most * 2)
    with pytest.raises(InputError, match="open_price"):
        await futures.max_openable("BTCUSDT", "long", OrderType.LIMIT)


async def test_liquidation_price_brackets_the_entry(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.set_leverage("BTCUSDT", 10)
    long = await futures.liquidation_price("BTCUSDT", HoldSide.LONG, "0.01", OrderType.LIMIT, open_price="60000")
    short = await futures.liquidation_price("BTCUSDT", HoldSide.SHORT, "0.01", OrderType.LIMIT, open_price="60000")
    assert long < 60000 < short
    assert long == Decimal("60000") * (1 - Decimal("0.1") + Decimal("0.004"))
    with pytest.raises(InputError):
        await futures.liquidation_price("BTCUSDT", "long", "-1")


async def test_position_history_and_bills_after_a_round_trip(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, "0.01")
    assert (await futures.position_history()).items == ()
    await futures.close_positions("BTCUSDT")
    page = await futures.position_history("BTCUSDT")
    (closed,) = page
    assert page.end_id == closed.position_id
    assert closed.hold_side is HoldSide.LONG
    assert (closed.open_total, closed.close_total) == (Decimal("0.01"), Decimal("0.01"))
    assert closed.open_fee is not None and closed.close_fee is not None and closed.open_fee < 0
    assert closed.net_profit == closed.pnl + closed.open_fee + closed.close_fee
    bills = await futures.bills()
    assert [bill.business_type for bill in bills] == ["close_long", "open_long"]  # newest first
    account = await futures.account("BTCUSDT")
    assert bills[0].balance is not None and account.account_equity == bills[0].balance  # flat: equity = wallet
    assert [b.business_type for b in await futures.bills(business_type="open_long")] == ["open_long"]
    older = await futures.bills(id_less_than=bills[0].bill_id)
    assert [b.bill_id for b in older] == [bills[1].bill_id]


async def test_transfers_fund_the_usdc_and_coin_lines_and_show_in_their_bills(bitget_client: Client) -> None:
    wallet = bitget_client.wallet
    coin_m = bitget_client.futures_for(ProductType.COIN_FUTURES)
    before = await coin_m.account("ETHUSD", "ETH")
    await wallet.transfer("ETH", "1.5", "spot", "coin_futures")
    after = await coin_m.account("ETHUSD", "ETH")
    assert before.available is not None and after.available == before.available + Decimal("1.5")
    await wallet.transfer("USDC", "1", "usdc_futures", "spot")
    (bill,) = await bitget_client.futures_for("USDC-FUTURES").bills()
    assert (bill.business_type, bill.coin, bill.amount) == ("trans_to_exchange", "USDC", Decimal(-1))
    assert await wallet.transferable_coins("spot", "coin_futures") == ["BTC", "ETH"]
    with pytest.raises(BadRequestError):
        await wallet.transfer("USDT", "1", "spot", "coin_futures")  # COIN-M holds base coins only


async def test_position_history_is_newest_closed_first_and_pages_back(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, "0.01")  # opened first
    await futures.place_order("ETHUSDT", Side.BUY, OrderType.MARKET, "0.1")
    await futures.close_positions("ETHUSDT")  # closed first
    await futures.close_positions("BTCUSDT")
    newest, older = await futures.position_history()
    assert (newest.symbol, older.symbol) == ("BTCUSDT", "ETHUSDT")
    assert newest.position_id is not None
    (back,) = await futures.position_history(id_less_than=newest.position_id)
    assert back.symbol == "ETHUSDT"
