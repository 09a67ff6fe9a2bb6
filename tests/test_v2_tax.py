"""``client.tax`` against the simulator over HTTP: the spot, futures, margin and P2P ledgers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, InputError
from asyncclient.models import OrderType, Side

pytestmark = pytest.mark.anyio


async def test_ledgers_list_what_the_account_did(bitget_client: Client) -> None:
    tax = bitget_client.tax
    deposits = await tax.spot_records(coin="ETH")
    assert [(r.coin, r.tax_type, r.amount) for r in deposits] == [("ETH", "deposit", Decimal(20))]
    await bitget_client.wallet.transfer("USDT", "100", "spot", "crossed_margin")
    await bitget_client.futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, "0.01")
    (opened,) = await tax.futures_records()
    assert (opened.symbol, opened.coin, opened.tax_type) == ("BTCUSDT", "USDT", "open_long")
    assert opened.fee is not None and opened.fee < 0
    (moved_in,) = await tax.margin_records()
    assert (moved_in.coin, moved_in.amount, moved_in.balance) == ("USDT", Decimal(100), Decimal(100))
    spot = await tax.spot_records(coin="USDT")
    assert spot[0].tax_type == "transfer_out" and spot[0].amount == -100  # newest first
    older = await tax.spot_records(coin="USDT", id_less_than=spot[0].record_id)
    assert [r.record_id for r in older] == [r.record_id for r in spot[1:]]
    assert await tax.p2p_records() == []
    year_2020 = 1_577_836_800_000
    assert await tax.spot_records(start=year_2020, end=year_2020 + 1000) == []  # nothing happened then
    with pytest.raises(InputError):
        await tax.spot_records(start=year_2020, end=year_2020 + 400 * 86_400_000)  # more than 366 days
