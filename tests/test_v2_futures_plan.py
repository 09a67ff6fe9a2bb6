"""``client.futures`` trigger orders, trailing stops and TP/SL against the simulator over HTTP (asyncio and trio)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, InputError
from asyncclient.models import FuturesPlanType, HoldSide, OrderType, PlanListType, Side

pytestmark = pytest.mark.anyio

SYMBOL = "BTCUSDT"


async def _price(client: Client) -> Decimal:
    ticker = await client.futures.ticker(SYMBOL)
    assert ticker.last_price is not None
    return ticker.last_price


async def test_trigger_orders_and_trailing_stops(bitget_client: Client) -> None:
    futures = bitget_client.futures
    far = (await _price(bitget_client) * 3).quantize(Decimal("0.1"))
    ack = await futures.place_plan_order(
        SYMBOL, Side.BUY, OrderType.LIMIT, "0.01", far, price=far, take_profit_trigger_price=far * 2, client_oid="fp-1"
    )
    assert ack.client_oid == "fp-1"
    (plan,) = await futures.pending_plan_orders(PlanListType.NORMAL_PLAN)
    assert (plan.order_id, plan.plan_type, plan.trigger_price, plan.take_profit_trigger_price) == (
        ack.order_id,
        FuturesPlanType.NORMAL_PLAN,
        far,
        far * 2,
    )
    moved = await futures.modify_plan_order(SYMBOL, client_oid="fp-1", new_trigger_price=far + 1, new_size="0.02")
    assert moved.order_id == ack.order_id
    (plan,) = await futures.pending_plan_orders("normal_plan", symbol=SYMBOL)
    assert (plan.trigger_price, plan.size) == (far + 1, Decimal("0.02"))
    trailing = await futures.place_trailing_stop(SYMBOL, "sell", "0.01", far, "1.5")
    (track,) = await futures.pending_plan_orders(PlanListType.TRACK_PLAN)
    assert (track.order_id, track.callback_ratio) == (trailing.order_id, Decimal("1.5"))
    cancelled = await futures.cancel_plan_orders(SYMBOL, order_ids=[ack.order_id or ""])
    assert [item.order_id for item in cancelled.succeeded] == [ack.order_id]
    (done,) = await futures.history_plan_orders("normal_plan")
    assert done.plan_status == "cancelled"
    with pytest.raises(InputError, match="callback_ratio"):
        await futures.place_trailing_stop(SYMBOL, "sell", "0.01", far, "11")
    with pytest.raises(InputError, match="price"):
        await futures.place_plan_order(SYMBOL, "buy", "limit", "0.01", far)


async def test_tpsl_on_a_position_and_preset_on_an_order(bitget_client: Client) -> None:
    futures = bitget_client.futures
    price = await _price(bitget_client)
    above, below = (price * 2).quantize(Decimal("0.1")), (price / 2).quantize(Decimal("0.1"))
    await futures.place_order(
        SYMBOL, Side.BUY, OrderType.MARKET, "0.01", preset_take_profit_price=above, preset_stop_loss_price=below
    )
    presets = await futures.pending_plan_orders(PlanListType.PROFIT_LOSS)
    assert {(p.plan_type, p.trigger_price) for p in presets} == {
        (FuturesPlanType.POS_PROFIT, above),
        (FuturesPlanType.POS_LOSS, below),
    }
    partial = await futures.place_tpsl_order(SYMBOL, FuturesPlanType.LOSS_PLAN, below, HoldSide.LONG, size="0.005")
    moved = await futures.modify_tpsl_order(SYMBOL, below - 1, order_id=partial.order_id, size="0.005")
    assert moved.order_id == partial.order_id
    both = await futures.place_position_tpsl(
        SYMBOL, "long", take_profit_trigger_price=above + 1, stop_loss_trigger_price=below - 2
    )
    assert len(both) == 2 and both[0].take_profit_client_oid and both[0].stop_loss_client_oid
    assert len(await futures.pending_plan_orders("profit_loss")) == 5
    cancelled = await futures.cancel_plan_orders(SYMBOL, plan_type="profit_loss")
    assert len(cancelled.succeeded) == 5
    with pytest.raises(InputError, match="TP/SL"):
        await futures.place_tpsl_order(SYMBOL, "normal_plan", below, "long")
    with pytest.raises(InputError, match="both"):
        await futures.place_position_tpsl(SYMBOL, "long")
