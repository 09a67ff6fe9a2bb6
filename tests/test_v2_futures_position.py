"""``client.futures`` modify-order, click-backhand and margin adjustment against the simulator over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import BadRequestError, Client, InputError
from asyncclient.models import HoldSide, MarginMode, OrderStatus, OrderType, Side

pytestmark = pytest.mark.anyio

SYMBOL = "BTCUSDT"


async def test_modify_order_replaces_an_open_limit_order(bitget_client: Client) -> None:
    futures = bitget_client.futures
    ticker = await futures.ticker(SYMBOL)
    assert ticker.last_price is not None
    low = (ticker.last_price / 2).quantize(Decimal("0.1"))
    ack = await futures.place_order(SYMBOL, Side.BUY, OrderType.LIMIT, "0.01", price=low, client_oid="m-1")
    moved = await futures.modify_order(
        SYMBOL, client_oid="m-1", new_price=low - 1, new_size="0.02", new_client_oid="m-2"
    )
    assert moved.client_oid == "m-2" and moved.order_id != ack.order_id
    assert (await futures.order(SYMBOL, ack.order_id)).status is OrderStatus.CANCELLED
    new = await futures.order(SYMBOL, client_oid="m-2")
    assert (new.price, new.size, new.status) == (low - 1, Decimal("0.02"), OrderStatus.LIVE)
    with pytest.raises(InputError, match="at least one"):
        await futures.modify_order(SYMBOL, order_id="1")


async def test_click_backhand_reverses_the_position(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.place_order(SYMBOL, Side.BUY, OrderType.MARKET, "0.01")
    (long,) = await futures.positions()
    assert long.hold_side is HoldSide.LONG
    ack = await futures.click_backhand(SYMBOL, Side.BUY, client_oid="rev-1")
    assert ack.client_oid == "rev-1"
    (short,) = await futures.positions()
    assert (short.hold_side, short.total) == (HoldSide.SHORT, Decimal("0.01"))


async def test_adjust_margin_of_an_isolated_position(bitget_client: Client) -> None:
    futures = bitget_client.futures
    await futures.set_margin_mode(SYMBOL, MarginMode.ISOLATED)
    await futures.place_order(SYMBOL, Side.BUY, OrderType.MARKET, "0.01", margin_mode=MarginMode.ISOLATED)
    (before,) = await futures.positions()
    await futures.adjust_margin(SYMBOL, HoldSide.LONG, "25")
    (after,) = await futures.positions()
    assert after.margin_size is not None and before.margin_size is not None
    assert after.margin_size == before.margin_size + 25
    await futures.adjust_margin(SYMBOL, "long", Decimal(-25))
    (back,) = await futures.positions()
    assert back.margin_size == before.margin_size
    with pytest.raises(BadRequestError):  # below the initial margin
        await futures.adjust_margin(SYMBOL, "long", "-1000000")
    with pytest.raises(InputError):
        await futures.adjust_margin(SYMBOL, "long", 1.5)  # type: ignore[arg-type]
