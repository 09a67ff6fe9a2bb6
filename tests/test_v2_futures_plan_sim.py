"""Futures trigger orders and TP/SL in the simulator, through its handlers at chosen instants (deterministic)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from asyncclient.testing._routing import SimRequest
from asyncclient.testing.exchange import Exchange

NOW = 1_732_540_123_456
UID = "1001"
TICK = Decimal("0.1")  # BTCUSDT contract
BASE = {"symbol": "BTCUSDT", "productType": "USDT-FUTURES", "marginCoin": "USDT", "marginMode": "crossed"}
PENDING = "/api/v2/mix/order/orders-plan-pending"
HISTORY = "/api/v2/mix/order/orders-plan-history"


def call(exchange: Exchange, method: str, path: str, params: dict[str, Any], now: int = NOW) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params, UID, now))


def opened() -> Exchange:
    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(100_000)})
    return exchange


def _rising(exchange: Exchange) -> tuple[Decimal, int]:
    """A price above the one at NOW that the walk reaches within the hour, and an instant after it does."""
    price = exchange.markets.quote("BTCUSDT", TICK, NOW).bid
    for minutes in range(1, 61):
        _, high = exchange.markets.extremes("BTCUSDT", NOW + 1, NOW + minutes * 60_000)
        if high > price + 4 * TICK:
            return ((price + high) / 2 / TICK).to_integral_value(ROUND_FLOOR) * TICK, NOW + minutes * 60_000
    raise AssertionError("the walk did not rise within an hour")


def _positions(exchange: Exchange, now: int) -> list[dict[str, Any]]:
    params = {"productType": "USDT-FUTURES", "marginCoin": "USDT"}
    return list(call(exchange, "GET", "/api/v2/mix/position/all-position", params, now))


def test_a_trigger_order_opens_a_position_when_the_walk_reaches_it() -> None:
    exchange = opened()
    trigger, later = _rising(exchange)
    plan = {**BASE, "planType": "normal_plan", "side": "buy", "orderType": "market", "size": "0.01"}
    ack = call(exchange, "POST", "/api/v2/mix/order/place-plan-order", {**plan, "triggerPrice": str(trigger)})
    (waiting,) = call(exchange, "GET", PENDING, {"productType": "USDT-FUTURES", "planType": "normal_plan"})[
        "entrustedList"
    ]
    assert (waiting["orderId"], waiting["planStatus"]) == (ack["orderId"], "not_trigger")
    assert _positions(exchange, NOW) == []
    (position,) = _positions(exchange, later)
    assert (position["holdSide"], Decimal(position["total"])) == ("long", Decimal("0.01"))
    (fired,) = call(exchange, "GET", HISTORY, {"productType": "USDT-FUTURES", "planType": "normal_plan"}, later)[
        "entrustedList"
    ]
    assert fired["planStatus"] == "executed" and fired["executeOrderId"]


def test_a_preset_take_profit_closes_the_position_when_reached() -> None:
    exchange = opened()
    take_profit, later = _rising(exchange)
    far_below = str((take_profit / 2).quantize(TICK))
    order = {**BASE, "side": "buy", "orderType": "market", "size": "0.02"}
    placed = {**order, "presetStopSurplusPrice": str(take_profit), "presetStopLossPrice": far_below}
    call(exchange, "POST", "/api/v2/mix/order/place-order", placed)
    (position,) = _positions(exchange, NOW)
    assert Decimal(position["total"]) == Decimal("0.02")
    tpsl = call(exchange, "GET", PENDING, {"productType": "USDT-FUTURES", "planType": "profit_loss"})["entrustedList"]
    assert sorted(row["planType"] for row in tpsl) == ["pos_loss", "pos_profit"]
    assert _positions(exchange, later) == []  # the take-profit fired and closed it
    done = call(exchange, "GET", HISTORY, {"productType": "USDT-FUTURES", "planType": "profit_loss"}, later)
    assert [row["planType"] for row in done["entrustedList"]] == ["pos_profit"]


def test_tpsl_on_a_position_modify_and_cancel() -> None:
    exchange = opened()
    call(
        exchange,
        "POST",
        "/api/v2/mix/order/place-order",
        {**BASE, "side": "buy", "orderType": "market", "size": "0.01"},
    )
    price = exchange.markets.quote("BTCUSDT", TICK, NOW).bid
    tpsl = {**BASE, "holdSide": "long", "planType": "loss_plan", "size": "0.01"}
    ack = call(exchange, "POST", "/api/v2/mix/order/place-tpsl-order", {**tpsl, "triggerPrice": str(price / 2)})
    moved = call(
        exchange,
        "POST",
        "/api/v2/mix/order/modify-tpsl-order",
        {**BASE, "orderId": ack["orderId"], "triggerPrice": str((price / 3).quantize(TICK)), "size": "0.01"},
    )
    assert moved["orderId"] == ack["orderId"]
    both = call(
        exchange,
        "POST",
        "/api/v2/mix/order/place-pos-tpsl",
        {**BASE, "holdSide": "long", "stopSurplusTriggerPrice": str(price * 2), "stopLossTriggerPrice": str(price / 4)},
    )
    assert len(both) == 2
    cancelled = call(exchange, "POST", "/api/v2/mix/order/cancel-plan-order", {**BASE, "planType": "profit_loss"})
    assert len(cancelled["successList"]) == 3
    assert (
        call(exchange, "GET", PENDING, {"productType": "USDT-FUTURES", "planType": "profit_loss"})["entrustedList"]
        == []
    )
