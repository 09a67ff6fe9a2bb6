"""Exactly-once placement for the new placing endpoints: an answer lost after the exchange acted is recovered by a
lookup (pending plans, then their history; transfer records), never by a second placement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client
from asyncclient.models import OrderType, PlanListType, Side
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio


async def test_a_spot_trigger_order_whose_answer_is_lost_is_found_not_placed_twice(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    (ticker,) = await bitget_client.spot.tickers("BTCUSDT")
    assert ticker.bid_price is not None
    far = (ticker.bid_price * 3).quantize(Decimal("0.01"))
    bitget_simulator.faults.set("/api/v2/spot/trade/place-plan-order", error_after_accept_rate=1.0)
    ack = await bitget_client.spot.place_plan_order("BTCUSDT", Side.BUY, OrderType.MARKET, "10", far, client_oid="eo-1")
    bitget_simulator.faults.clear()
    (plan,) = await bitget_client.spot.current_plan_orders("BTCUSDT")
    assert (ack.order_id, ack.client_oid) == (plan.order_id, "eo-1")
    assert bitget_client.retry_stats.already_placed == 1


async def test_futures_plan_and_tpsl_orders_are_recovered_by_lookup(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    futures = bitget_client.futures
    ticker = await futures.ticker("BTCUSDT")
    assert ticker.last_price is not None
    far = (ticker.last_price * 3).quantize(Decimal("0.1"))
    bitget_simulator.faults.set("/api/v2/mix/order/place-plan-order", error_after_accept_rate=1.0)
    bitget_simulator.faults.set("/api/v2/mix/order/place-tpsl-order", error_after_accept_rate=1.0)
    plan = await futures.place_plan_order("BTCUSDT", "buy", "market", "0.01", far)
    await futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, "0.01")
    tpsl = await futures.place_tpsl_order("BTCUSDT", "profit_plan", far, "long", size="0.01")
    bitget_simulator.faults.clear()
    (pending,) = await futures.pending_plan_orders(PlanListType.NORMAL_PLAN)
    (take_profit,) = await futures.pending_plan_orders(PlanListType.PROFIT_LOSS)
    assert (plan.order_id, tpsl.order_id) == (pending.order_id, take_profit.order_id)
    assert bitget_client.retry_stats.already_placed == 2


async def test_a_transfer_whose_answer_is_lost_moves_the_money_once(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    (before,) = await bitget_client.spot.assets("USDT")
    bitget_simulator.faults.set("/api/v2/spot/wallet/transfer", error_after_accept_rate=1.0)
    done = await bitget_client.wallet.transfer("USDT", "40", "spot", "usdt_futures", client_oid="eo-t")
    bitget_simulator.faults.clear()
    (after,) = await bitget_client.spot.assets("USDT")
    assert after.available == before.available - 40
    (record,) = await bitget_client.wallet.transfer_records("USDT", client_oid="eo-t")
    assert done.transfer_id == record.transfer_id


async def test_margin_orders_and_batches_whose_answers_are_lost_are_found(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    await bitget_client.wallet.transfer("USDT", "500", "spot", "crossed_margin")
    bitget_simulator.faults.set("/api/v2/margin/crossed/place-order", error_after_accept_rate=1.0)
    bitget_simulator.faults.set("/api/v2/margin/crossed/batch-place-order", error_after_accept_rate=1.0)
    filled = await bitget_client.margin.place_order("BTCUSDT", "buy", "market", "50", client_oid="eo-m")
    batch = await bitget_client.margin.batch_place_orders(
        "BTCUSDT",
        [
            {"side": "buy", "order_type": "limit", "size": "0.001", "price": "10000", "client_oid": "eo-b1"},
            {"side": "buy", "order_type": "limit", "size": "0.001", "price": "9999", "client_oid": "eo-b2"},
        ],
    )
    bitget_simulator.faults.clear()
    (history,) = await bitget_client.margin.history_orders("BTCUSDT")  # the market buy filled: found in history
    assert (filled.order_id, filled.client_oid) == (history.order_id, "eo-m")
    open_orders = await bitget_client.margin.open_orders("BTCUSDT")
    assert sorted(o.client_oid or "" for o in open_orders) == ["eo-b1", "eo-b2"]
    assert sorted(item.client_oid or "" for item in batch.succeeded) == ["eo-b1", "eo-b2"]
