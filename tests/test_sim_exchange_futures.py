"""The USDT-M futures subset of the simulated exchange, through its handlers: positions opened and closed with
the right PnL and fees, resting orders, leverage and modes, and the exchange's errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from asyncclient.testing._routing import SimError, SimRequest
from asyncclient.testing.exchange import Exchange

NOW = 1_732_540_123_456
HOUR = 3_600_000
UID = "2002"
TAKER = Decimal("0.0006")
BASE = {"productType": "USDT-FUTURES", "symbol": "BTCUSDT", "marginCoin": "USDT"}
PLACE = "/api/v2/mix/order/place-order"


def call(exchange: Exchange, method: str, path: str, params: dict[str, Any] | None = None, now: int = NOW) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params or {}, UID, now))


def rejected(exchange: Exchange, method: str, path: str, params: dict[str, Any], now: int = NOW) -> str:
    with pytest.raises(SimError) as caught:
        call(exchange, method, path, params, now)
    return caught.value.code


def opened(usdt: str = "10000") -> Exchange:
    exchange = Exchange(seed=5)
    exchange.open_account(UID, {"USDT": Decimal(usdt)})
    return exchange


def market(side: str, size: str, **extra: str) -> dict[str, str]:
    return {**BASE, "marginMode": "crossed", "side": side, "orderType": "market", "size": size, **extra}


def quote(exchange: Exchange, now: int = NOW) -> tuple[Decimal, Decimal]:
    ticker = call(
        exchange,
        "GET",
        "/api/v2/mix/market/ticker",
        {"productType": "USDT-FUTURES", "symbol": "BTCUSDT"},
        now,
    )
    return Decimal(ticker[0]["bidPr"]), Decimal(ticker[0]["askPr"])


def account(exchange: Exchange, now: int = NOW) -> dict[str, Any]:
    return dict(call(exchange, "GET", "/api/v2/mix/account/account", BASE, now))


def test_long_opened_then_closed_books_pnl_minus_fees() -> None:
    exchange = opened()
    _, ask = quote(exchange)
    call(exchange, "POST", PLACE, market("buy", "0.1"))
    positions = call(exchange, "GET", "/api/v2/mix/position/all-position", {"productType": "USDT-FUTURES"})
    assert len(positions) == 1
    long = positions[0]
    assert (long["holdSide"], long["total"], long["posMode"]) == ("long", "0.1", "one_way_mode")
    assert Decimal(long["openPriceAvg"]) == ask
    assert Decimal(long["marginSize"]) == ask * Decimal("0.1") / 20  # default leverage 20
    assert Decimal(long["liquidationPrice"]) < ask
    later = NOW + 6 * HOUR
    bid_later, _ = quote(exchange, later)
    held = account(exchange, later)
    assert Decimal(held["unrealizedPL"]) == (bid_later - ask) * Decimal("0.1")
    closed = call(exchange, "POST", "/api/v2/mix/order/close-positions", {"productType": "USDT-FUTURES"}, later)
    assert len(closed["successList"]) == 1 and closed["failureList"] == []
    assert call(exchange, "GET", "/api/v2/mix/position/all-position", {"productType": "USDT-FUTURES"}, later) == []
    pnl = (bid_later - ask) * Decimal("0.1")
    fees = (ask + bid_later) * Decimal("0.1") * TAKER
    final = account(exchange, later)
    assert Decimal(final["accountEquity"]) == Decimal(final["available"]) == round(Decimal(10000) + pnl - fees, 8)
    fills = call(exchange, "GET", "/api/v2/mix/order/fills", {"productType": "USDT-FUTURES"}, later)
    assert [Decimal(fill["profit"]) for fill in fills["fillList"]] == [pnl, Decimal(0)]
    assert fills["endId"] == fills["fillList"][-1]["tradeId"]


def test_short_profits_when_the_price_falls_and_buy_reduces_it_in_one_way_mode() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    call(exchange, "POST", PLACE, market("sell", "0.2"))
    later = NOW + 2 * HOUR
    _, ask_later = quote(exchange, later)
    call(exchange, "POST", PLACE, market("buy", "0.05"), later)
    positions = call(exchange, "GET", "/api/v2/mix/position/single-position", BASE, later)
    assert [(p["holdSide"], p["total"]) for p in positions] == [("short", "0.15")]
    assert Decimal(positions[0]["achievedProfits"]) == round((bid - ask_later) * Decimal("0.05"), 8)
    # A buy bigger than the short closes it and opens a long with the rest.
    call(exchange, "POST", PLACE, market("buy", "0.25"), later)
    positions = call(exchange, "GET", "/api/v2/mix/position/single-position", BASE, later)
    assert [(p["holdSide"], p["total"]) for p in positions] == [("long", "0.1")]
    # reduceOnly never opens.
    call(exchange, "POST", PLACE, market("sell", "0.3", reduceOnly="YES"), later)
    assert call(exchange, "GET", "/api/v2/mix/position/single-position", BASE, later) == []
    assert rejected(exchange, "POST", PLACE, market("sell", "0.3", reduceOnly="YES"), later) == "22002"


def test_limit_order_rests_holds_margin_and_cancels() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    price = bid - 3000
    limit = {
        **BASE,
        "marginMode": "crossed",
        "side": "buy",
        "orderType": "limit",
        "price": str(price),
        "size": "0.1",
        "clientOid": "f-1",
    }
    placed = call(exchange, "POST", PLACE, limit)
    held = price * Decimal("0.1") / 20
    assert Decimal(account(exchange)["locked"]) == held
    assert Decimal(account(exchange)["available"]) == Decimal(10000) - held
    pending = call(exchange, "GET", "/api/v2/mix/order/orders-pending", {"productType": "USDT-FUTURES"})
    assert [row["orderId"] for row in pending["entrustedList"]] == [placed["orderId"]]
    row = pending["entrustedList"][0]
    assert (row["status"], row["posSide"], row["tradeSide"]) == ("live", "net", "buy_single")
    assert rejected(exchange, "POST", PLACE, limit) == "43118"
    cancel = {**BASE, "clientOid": "f-1"}
    assert call(exchange, "POST", "/api/v2/mix/order/cancel-order", cancel)["orderId"] == placed["orderId"]
    assert rejected(exchange, "POST", "/api/v2/mix/order/cancel-order", cancel) == "40768"
    assert Decimal(account(exchange)["available"]) == Decimal(10000)
    empty = call(exchange, "GET", "/api/v2/mix/order/orders-pending", {"productType": "USDT-FUTURES"})
    assert empty == {"entrustedList": None, "endId": None}
    detail = call(exchange, "GET", "/api/v2/mix/order/detail", {**BASE, "orderId": placed["orderId"]})
    assert detail["state"] == "cancelled"
    assert rejected(exchange, "GET", "/api/v2/mix/order/detail", {**BASE, "orderId": "1"}) == "40109"


def test_resting_limit_fills_when_the_walk_reaches_it() -> None:
    exchange = opened()
    walk = exchange.markets.instruments["BTCUSDT"].walk
    bid, _ = quote(exchange)
    later = NOW + 3 * HOUR
    low, _ = walk.extremes(NOW, later)
    price = Decimal(repr(low)).quantize(Decimal("0.1")) + Decimal("0.1")
    assert price < bid
    limit = {
        **BASE,
        "marginMode": "crossed",
        "side": "buy",
        "orderType": "limit",
        "price": str(price),
        "size": "0.01",
    }
    placed = call(exchange, "POST", PLACE, limit)
    detail = call(exchange, "GET", "/api/v2/mix/order/detail", {**BASE, "orderId": placed["orderId"]}, later)
    assert detail["state"] == "filled" and Decimal(detail["priceAvg"]) == price
    positions = call(exchange, "GET", "/api/v2/mix/position/all-position", {"productType": "USDT-FUTURES"}, later)
    assert Decimal(positions[0]["openPriceAvg"]) == price
    history = call(exchange, "GET", "/api/v2/mix/order/orders-history", {"productType": "USDT-FUTURES"}, later)
    assert history["entrustedList"][0]["status"] == "filled"
    fills = call(exchange, "GET", "/api/v2/mix/order/fills", {"productType": "USDT-FUTURES"}, later)
    assert fills["fillList"][0]["tradeScope"] == "maker"


def test_margin_and_order_rules() -> None:
    exchange = opened(usdt="100")
    assert rejected(exchange, "POST", PLACE, market("buy", "0.1")) == "40762"  # needs ~300 USDT of margin
    assert rejected(exchange, "POST", PLACE, market("buy", "0.0001")) == "40808"  # 3 size decimals
    assert rejected(exchange, "POST", PLACE, {**market("buy", "0.001"), "orderType": "limit", "price": "1.05"}) == (
        "41103"
    )
    assert rejected(exchange, "POST", PLACE, {**market("buy", "0.001"), "marginCoin": "BTC"}) == "40020"
    assert rejected(exchange, "POST", PLACE, {**market("buy", "0.001"), "productType": "SUSDT-FUTURES"}) == "40020"
    # BTCUSDT is not a COIN-M contract
    assert rejected(exchange, "POST", PLACE, {**market("buy", "0.001"), "productType": "COIN-FUTURES"}) == "40034"
    assert rejected(exchange, "POST", PLACE, {k: v for k, v in market("buy", "0.001").items() if k != "side"}) == (
        "40019"
    )
    assert rejected(exchange, "POST", PLACE, market("buy", "0.001", marginMode="cross")) == "40020"
    call(exchange, "POST", PLACE, market("buy", "0.001"))
    assert exchange.order_count(UID) == 1


def test_leverage_changes_the_margin_and_modes_are_guarded() -> None:
    exchange = opened()
    setting = call(exchange, "POST", "/api/v2/mix/account/set-leverage", {**BASE, "leverage": "5"})
    assert (setting["longLeverage"], setting["shortLeverage"]) == ("5", "5")
    assert rejected(exchange, "POST", "/api/v2/mix/account/set-leverage", {**BASE, "leverage": "500"}) == "40020"
    _, ask = quote(exchange)
    call(exchange, "POST", PLACE, market("buy", "0.1"))
    position = call(exchange, "GET", "/api/v2/mix/position/single-position", BASE)[0]
    assert position["leverage"] == "5" and Decimal(position["marginSize"]) == ask * Decimal("0.1") / 5
    mode = {**BASE, "marginMode": "isolated"}
    assert rejected(exchange, "POST", "/api/v2/mix/account/set-margin-mode", mode) == "45117"
    hedge = {"productType": "USDT-FUTURES", "posMode": "hedge_mode"}
    assert rejected(exchange, "POST", "/api/v2/mix/account/set-position-mode", hedge) == "40920"
    call(
        exchange,
        "POST",
        "/api/v2/mix/order/close-positions",
        {"productType": "USDT-FUTURES", "symbol": "BTCUSDT"},
    )
    assert call(exchange, "POST", "/api/v2/mix/account/set-margin-mode", mode)["marginMode"] == "isolated"
    assert call(exchange, "POST", "/api/v2/mix/account/set-position-mode", hedge) == {"posMode": "hedge_mode"}
    assert account(exchange)["posMode"] == "hedge_mode"


def test_hedge_mode_opens_both_sides_and_closes_by_trade_side() -> None:
    exchange = opened()
    call(
        exchange,
        "POST",
        "/api/v2/mix/account/set-position-mode",
        {"productType": "USDT-FUTURES", "posMode": "hedge_mode"},
    )
    assert rejected(exchange, "POST", PLACE, market("buy", "0.01")) == "40019"  # tradeSide is required
    call(exchange, "POST", PLACE, market("buy", "0.02", tradeSide="open"))
    call(exchange, "POST", PLACE, market("sell", "0.03", tradeSide="open"))
    sides = call(exchange, "GET", "/api/v2/mix/position/all-position", {"productType": "USDT-FUTURES"})
    assert sorted((p["holdSide"], p["total"]) for p in sides) == [("long", "0.02"), ("short", "0.03")]
    call(exchange, "POST", PLACE, market("buy", "0.02", tradeSide="close"))  # side names the position closed
    sides = call(exchange, "GET", "/api/v2/mix/position/all-position", {"productType": "USDT-FUTURES"})
    assert [(p["holdSide"], p["total"]) for p in sides] == [("short", "0.03")]
    history = call(exchange, "GET", "/api/v2/mix/order/orders-history", {"productType": "USDT-FUTURES"})
    assert [row["tradeSide"] for row in history["entrustedList"]] == ["close", "open", "open"]


def test_batch_place_cancel_all_and_paging() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    items = [
        {
            "side": "buy",
            "orderType": "limit",
            "price": str(bid - 100 * i),
            "size": "0.01",
            "clientOid": f"p{i}",
        }
        for i in range(1, 13)
    ]
    items.append({"side": "buy", "orderType": "limit", "price": str(bid - 500), "size": "0.01", "clientOid": "p1"})
    batch = {**BASE, "marginMode": "crossed", "orderList": items}
    result = call(exchange, "POST", "/api/v2/mix/order/batch-place-order", batch)
    assert len(result["successList"]) == 12
    assert [(row["clientOid"], row["errorCode"]) for row in result["failureList"]] == [("p1", "43118")]
    seen: list[str] = []
    params: dict[str, str] = {"productType": "USDT-FUTURES", "limit": "5"}
    while True:
        page = call(exchange, "GET", "/api/v2/mix/order/orders-pending", params)
        if page["entrustedList"] is None:
            break
        seen.extend(row["orderId"] for row in page["entrustedList"])
        params = {**params, "idLessThan": page["endId"]}
    assert seen == [row["orderId"] for row in result["successList"]][::-1]
    first_two = [{"orderId": seen[0]}, {"clientOid": "p2"}, {"orderId": "999"}]
    cancelled = call(exchange, "POST", "/api/v2/mix/order/batch-cancel-orders", {**BASE, "orderIdList": first_two})
    assert len(cancelled["successList"]) == 2 and cancelled["failureList"][0]["errorCode"] == "40768"
    rest = call(exchange, "POST", "/api/v2/mix/order/cancel-all-orders", {"productType": "USDT-FUTURES"})
    assert len(rest["successList"]) == 10
    assert Decimal(account(exchange)["available"]) == Decimal(10000)
