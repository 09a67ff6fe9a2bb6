"""Spot trigger (plan) orders: the simulator fires them on its price walk; ``client.spot`` plan methods over HTTP."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

import pytest

from asyncclient import Client, InputError, OrderNotFoundError
from asyncclient.models import OrderType, PlanStatus, Side
from asyncclient.testing._routing import SimRequest
from asyncclient.testing.exchange import Exchange

NOW = 1_732_540_123_456
UID = "1001"
TICK = Decimal("0.01")  # BTCUSDT
PLACE = "/api/v2/spot/trade/place-plan-order"


def call(exchange: Exchange, method: str, path: str, params: dict[str, Any], now: int = NOW) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params, UID, now))


def _rising_window(exchange: Exchange) -> tuple[Decimal, int]:
    """A trigger above the price at NOW that the walk reaches within the hour, and a time after it does."""
    price = exchange.markets.quote("BTCUSDT", TICK, NOW).bid
    for minutes in range(1, 61):
        _, high = exchange.markets.extremes("BTCUSDT", NOW, NOW + minutes * 60_000)
        if high > price + 4 * TICK:
            trigger = ((price + high) / 2 / TICK).to_integral_value(ROUND_FLOOR) * TICK
            return trigger, NOW + minutes * 60_000
    raise AssertionError("the walk did not rise within an hour")


def test_a_trigger_order_fires_when_the_walk_reaches_it_and_places_its_order() -> None:
    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(10_000)})
    trigger, later = _rising_window(exchange)
    plan = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "triggerPrice": str(trigger)}
    ack = call(exchange, "POST", PLACE, {**plan, "size": "100", "planType": "total", "clientOid": "p1"})
    # Far above anything the walk reaches in the hour: stays waiting.
    far = call(exchange, "POST", PLACE, {**plan, "triggerPrice": str(trigger * 2), "size": "100"})
    current = call(exchange, "GET", "/api/v2/spot/trade/current-plan-order", {"symbol": "BTCUSDT"})
    assert [row["orderId"] for row in current["orderList"]] == [far["orderId"], ack["orderId"]]
    assert current["orderList"][1]["status"] == "not_trigger"

    waiting = call(exchange, "GET", "/api/v2/spot/trade/current-plan-order", {"symbol": "BTCUSDT"}, later)
    assert [row["orderId"] for row in waiting["orderList"]] == [far["orderId"]]
    history = call(exchange, "GET", "/api/v2/spot/trade/history-plan-order", {"symbol": "BTCUSDT"}, later)
    (fired,) = history["orderList"]
    assert (fired["orderId"], fired["status"]) == (ack["orderId"], "triggered")
    (sub,) = call(exchange, "GET", "/api/v2/spot/trade/plan-sub-order", {"planOrderId": ack["orderId"]}, later)
    (order,) = call(exchange, "GET", "/api/v2/spot/trade/orderInfo", {"orderId": sub["orderId"]}, later)
    assert order["status"] == "filled" and Decimal(order["quoteVolume"]) <= 100


def test_a_fired_order_the_account_cannot_pay_for_fails() -> None:
    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(10)})
    trigger, later = _rising_window(exchange)
    params = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "triggerPrice": str(trigger)}
    ack = call(exchange, "POST", PLACE, {**params, "size": "1000", "planType": "total"})
    (failed,) = call(exchange, "GET", "/api/v2/spot/trade/history-plan-order", {"symbol": "BTCUSDT"}, later)[
        "orderList"
    ]
    assert (failed["orderId"], failed["status"]) == (ack["orderId"], "fail")


@pytest.mark.anyio
async def test_plan_methods_over_http(bitget_client: Client) -> None:
    spot = bitget_client.spot
    (ticker,) = await spot.tickers("BTCUSDT")
    assert ticker.bid_price is not None
    far_above = (ticker.bid_price * 3).quantize(TICK)
    ack = await spot.place_plan_order(
        "BTCUSDT", Side.BUY, OrderType.LIMIT, "0.001", far_above, execute_price=far_above, client_oid="plan-1"
    )
    assert ack.client_oid == "plan-1" and ack.order_id
    page = await spot.current_plan_orders("BTCUSDT")
    (plan,) = page
    assert (plan.order_id, plan.status, plan.trigger_price, plan.execute_price) == (
        ack.order_id,
        PlanStatus.NOT_TRIGGER,
        far_above,
        far_above,
    )
    moved = await spot.modify_plan_order(OrderType.MARKET, "0.002", far_above * 2, client_oid="plan-1")
    assert moved.order_id == ack.order_id
    (plan,) = await spot.current_plan_orders("BTCUSDT")
    assert (plan.order_type, plan.size, plan.execute_price) == (OrderType.MARKET, Decimal("0.002"), None)
    assert await spot.plan_sub_orders(ack.order_id) == []
    assert await spot.cancel_plan_order(ack.order_id) is True
    assert list(await spot.current_plan_orders("BTCUSDT")) == []
    (cancelled,) = await spot.history_plan_orders("BTCUSDT")
    assert cancelled.status is PlanStatus.CANCELLED
    with pytest.raises(OrderNotFoundError):
        await spot.cancel_plan_order(ack.order_id)
    second = await spot.place_plan_order("BTCUSDT", "sell", "market", "0.001", (ticker.bid_price / 3).quantize(TICK))
    result = await spot.cancel_plan_orders(["BTCUSDT"])
    assert [item.order_id for item in result.succeeded] == [second.order_id] and second.client_oid


@pytest.mark.anyio
async def test_plan_input_is_checked_before_sending(bitget_client: Client) -> None:
    with pytest.raises(InputError, match="execute_price"):
        await bitget_client.spot.place_plan_order("BTCUSDT", "buy", "limit", "1", "100")
    with pytest.raises(InputError, match="execute_price"):
        await bitget_client.spot.place_plan_order("BTCUSDT", "buy", "market", "1", "100", execute_price="99")
    with pytest.raises(InputError):
        await bitget_client.spot.cancel_plan_order()


def test_plan_rows_have_the_documented_keys() -> None:
    import json
    from pathlib import Path

    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(10_000)})
    call(
        exchange,
        "POST",
        PLACE,
        {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "triggerPrice": "1", "size": "9"},
    )
    served = call(exchange, "GET", "/api/v2/spot/trade/current-plan-order", {"symbol": "BTCUSDT"})
    sample_path = Path(__file__).parent / "samples" / "v2" / "GET_api_v2_spot_trade_current-plan-order.json"
    sample = json.loads(sample_path.read_bytes())["data"]
    assert set(served) == set(sample)
    assert set(served["orderList"][0]) == set(sample["orderList"][0])
