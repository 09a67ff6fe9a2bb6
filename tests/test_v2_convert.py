"""``client.convert`` against the simulator over HTTP: currencies, a quote, the trade on it, the records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import BadRequestError, Client, InputError, OutcomeUnknownError
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio


async def test_quote_then_trade_moves_the_spot_balances(bitget_client: Client) -> None:
    convert = bitget_client.convert
    coins = {c.coin: c for c in await convert.currencies()}
    assert coins["ETH"].available == Decimal(20) and coins["USDT"].available == Decimal(100000)
    quote = await convert.quote("ETH", "USDT", from_size="1.5")
    assert (quote.from_coin, quote.from_size, quote.to_coin) == ("ETH", Decimal("1.5"), "USDT")
    assert quote.to_size == (quote.from_size * quote.price).quantize(Decimal("1e-8"), "ROUND_DOWN")
    done = await convert.trade(quote)
    assert (done.to_coin, done.to_size, done.price) == ("USDT", quote.to_size, quote.price)
    (eth,) = await bitget_client.spot.assets("ETH")
    assert eth.available == Decimal("18.5")
    (record,) = await convert.records()
    assert (record.from_coin, record.from_size, record.to_size) == ("ETH", Decimal("1.5"), quote.to_size)
    with pytest.raises(BadRequestError):  # a quote is spent by its trade
        await convert.trade(quote)
    by_target = await convert.quote("USDT", "BTC", to_size="0.01")
    assert by_target.to_size == Decimal("0.01") and by_target.from_size > 0
    with pytest.raises(InputError, match="exactly one"):
        await convert.quote("ETH", "USDT")


async def test_a_conversion_whose_answer_is_lost_is_not_repeated(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    quote = await bitget_client.convert.quote("BTC", "USDT", from_size="0.1")
    bitget_simulator.faults.set("/api/v2/convert/trade", error_after_accept_rate=1.0)
    with pytest.raises(OutcomeUnknownError):
        await bitget_client.convert.trade(quote)
    bitget_simulator.faults.clear()
    (record,) = await bitget_client.convert.records()  # it happened, once
    assert record.from_size == Decimal("0.1")
