"""``client.account`` and ``client.common`` against the simulator over HTTP (asyncio and trio)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, InputError
from asyncclient.testing import Simulator
from asyncclient.testing.exchange.state._symbols import SPOT_SYMBOLS

pytestmark = pytest.mark.anyio


async def test_account_info_balances_and_empty_funding_and_sub_accounts(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    info = await bitget_client.account.info()
    assert info.user_id
    await bitget_client.wallet.transfer("USDT", "100", "spot", "crossed_margin")
    balances = {b.account_type: b.usdt_balance for b in await bitget_client.account.balances()}
    assert set(balances) == {"spot", "futures", "funding", "earn", "bots", "margin"}
    assert balances["margin"] == Decimal(100) and balances["spot"] > 0 and balances["funding"] == 0
    assert balances["futures"] > 200_000  # USDT-M 100000 USDT, USDC-M 100000 USDC, COIN-M 2 BTC and 20 ETH
    (usdt,) = await bitget_client.spot.assets("USDT")
    assert balances["spot"] >= usdt.available  # the other coins add their USDT value
    assert await bitget_client.account.funding_assets() == []  # the simulator's funding account is empty
    assert await bitget_client.account.sub_account_assets() == []  # and it has no sub-accounts


async def test_trade_rate_and_announcements(bitget_client: Client) -> None:
    rate = await bitget_client.common.trade_rate("BTCUSDT")
    spec = SPOT_SYMBOLS["BTCUSDT"]
    assert (rate.maker_fee_rate, rate.taker_fee_rate) == (spec.maker_fee_rate, spec.taker_fee_rate)
    futures_rate = await bitget_client.common.trade_rate("BTCUSDT", "mix")
    assert futures_rate.taker_fee_rate == Decimal("0.0006")
    news = await bitget_client.common.announcements()
    assert [a.ann_id for a in news] == ["1002", "1001"] and news[0].created_ms > news[1].created_ms
    (listing,) = await bitget_client.common.announcements(ann_type="coin_listings")
    assert listing.ann_id == "1001" and listing.url
    with pytest.raises(InputError, match="business_type"):
        await bitget_client.common.trade_rate("BTCUSDT", "options")
    with pytest.raises(InputError, match="ann_type"):
        await bitget_client.common.announcements(ann_type="gossip")
