"""Spot cancel-replace against the simulator over HTTP (in-process), on asyncio and trio."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, InputError
from asyncclient.models import OrderStatus, OrderType, Side

pytestmark = pytest.mark.anyio

SYMBOL = "BTCUSDT"


async def _resting_buy(client: Client, client_oid: str) -> tuple[str, Decimal]:
    (ticker,) = await client.spot.tickers(SYMBOL)
    assert ticker.bid_price is not None
    price = (ticker.bid_price / 2).quantize(Decimal("0.01"))
    ack = await client.spot.place_order(SYMBOL, Side.BUY, OrderType.LIMIT, "0.001", price=price, client_oid=client_oid)
    assert ack.order_id is not None
    return ack.order_id, price


async def test_cancel_replace_cancels_the_order_and_places_its_replacement(bitget_client: Client) -> None:
    old_id, price = await _resting_buy(bitget_client, "old-1")
    lower = price - 1
    result = await bitget_client.spot.cancel_replace_order(
        SYMBOL, lower, "0.002", order_id=old_id, new_client_oid="new-1"
    )
    assert result.ok and result.client_oid == "new-1" and result.order_id not in (None, old_id)
    old = await bitget_client.spot.order(old_id)
    assert old.status is OrderStatus.CANCELLED
    new = await bitget_client.spot.order(client_oid="new-1")
    assert (new.side, new.price, new.size, new.status) == (Side.BUY, lower, Decimal("0.002"), OrderStatus.LIVE)
    # The old order is no longer open: nothing is replaced.
    again = await bitget_client.spot.cancel_replace_order(SYMBOL, lower, "0.002", client_oid="old-1")
    assert not again.ok


async def test_batch_cancel_replace_answers_per_item(bitget_client: Client) -> None:
    first, price = await _resting_buy(bitget_client, "b-1")
    results = await bitget_client.spot.batch_cancel_replace_orders(
        [
            {"symbol": SYMBOL, "price": price - 2, "size": "0.001", "order_id": first, "new_client_oid": "b-2"},
            {"symbol": SYMBOL, "price": price, "size": "0.001", "client_oid": "never-placed"},
        ]
    )
    assert [r.ok for r in results] == [True, False]
    assert results[0].client_oid == "b-2"
    with pytest.raises(InputError, match="exactly one"):
        await bitget_client.spot.cancel_replace_order(SYMBOL, "1", "1")
    with pytest.raises(InputError, match="items"):
        await bitget_client.spot.batch_cancel_replace_orders([])
