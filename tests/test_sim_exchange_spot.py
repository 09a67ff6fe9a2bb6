"""Spot accounts of the simulated exchange, through its handlers: order lifecycle, exact balance moves, the
exchange's errors (43118, 43012, 41103, 40808, 45110, 40019, 40020, 43001), batches and paging."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

import pytest

from asyncclient.testing._routing import SimError, SimRequest
from asyncclient.testing.exchange import Exchange
from asyncclient.testing.exchange.state._walk import FINEST_PERIOD_MS

NOW = 1_732_540_123_456
UID = "1001"
TICK = Decimal("0.01")  # BTCUSDT
FEE = Decimal("0.001")
PLACE = "/api/v2/spot/trade/place-order"


def call(exchange: Exchange, method: str, path: str, params: dict[str, Any] | None = None, now: int = NOW) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params or {}, UID, now))


def rejected(exchange: Exchange, method: str, path: str, params: dict[str, Any], now: int = NOW) -> str:
    with pytest.raises(SimError) as caught:
        call(exchange, method, path, params, now)
    return caught.value.code


def opened(usdt: str = "10000", btc: str = "1") -> Exchange:
    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(usdt), "BTC": Decimal(btc)})
    return exchange


def holdings(exchange: Exchange, now: int = NOW) -> dict[str, tuple[Decimal, Decimal]]:
    rows = call(exchange, "GET", "/api/v2/spot/account/assets", now=now)
    return {row["coin"]: (Decimal(row["available"]), Decimal(row["frozen"])) for row in rows}


def limit(side: str, price: Decimal, size: str, **extra: str) -> dict[str, str]:
    return {
        "symbol": "BTCUSDT",
        "side": side,
        "orderType": "limit",
        "force": "gtc",
        "price": str(price),
        "size": size,
        **extra,
    }


def order(exchange: Exchange, order_id: str, now: int = NOW) -> dict[str, Any]:
    found = call(exchange, "GET", "/api/v2/spot/trade/orderInfo", {"orderId": order_id}, now)
    assert len(found) == 1
    return dict(found[0])


def quote(exchange: Exchange, now: int = NOW) -> tuple[Decimal, Decimal]:
    ticker = call(exchange, "GET", "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"}, now)[0]
    return Decimal(ticker["bidPr"]), Decimal(ticker["askPr"])


def crossing(exchange: Exchange, is_buy: bool) -> tuple[Decimal, int]:
    """A limit price away from the market now that the walk reaches within 30 minutes, and the first 15-second
    point (where the path turns) at which it does."""
    walk = exchange.markets.instruments["BTCUSDT"].walk
    first = -(-NOW // FINEST_PERIOD_MS) * FINEST_PERIOD_MS
    points = [first + k * FINEST_PERIOD_MS for k in range(120)]
    prices = {t: Decimal(repr(walk.price(t))) for t in points}
    if is_buy:
        target = (min(prices.values()) / TICK).to_integral_value(ROUND_CEILING) * TICK
        reached = next(t for t in points if prices[t] <= target)
    else:
        target = (max(prices.values()) / TICK).to_integral_value(ROUND_FLOOR) * TICK
        reached = next(t for t in points if prices[t] >= target)
    return target, reached


def test_limit_buy_freezes_rests_fills_when_the_price_falls_to_it() -> None:
    exchange = opened()
    price, reached = crossing(exchange, is_buy=True)
    bid, _ = quote(exchange)
    assert price < bid
    placed = call(exchange, "POST", PLACE, limit("buy", price, "0.05", clientOid="buy-1"))
    cost = price * Decimal("0.05")
    assert holdings(exchange)["USDT"] == (Decimal(10000) - cost, cost)
    assert order(exchange, placed["orderId"])["status"] == "live"
    before = reached - FINEST_PERIOD_MS
    assert order(exchange, placed["orderId"], before)["status"] == "live"
    unfilled = call(exchange, "GET", "/api/v2/spot/trade/unfilled-orders", now=before)
    assert [row["orderId"] for row in unfilled] == [placed["orderId"]]
    filled = order(exchange, placed["orderId"], reached)
    assert filled["status"] == "filled"
    assert Decimal(filled["priceAvg"]) == price and Decimal(filled["baseVolume"]) == Decimal("0.05")
    assert holdings(exchange, reached) == {
        "USDT": (Decimal(10000) - cost, Decimal(0)),
        "BTC": (Decimal(1) + Decimal("0.05") * (1 - FEE), Decimal(0)),
    }
    assert call(exchange, "GET", "/api/v2/spot/trade/unfilled-orders", now=reached) == []
    fills = call(exchange, "GET", "/api/v2/spot/trade/fills", now=reached)
    assert fills[0]["tradeScope"] == "maker" and fills[0]["feeDetail"]["feeCoin"] == "BTC"


def test_limit_sell_fills_when_the_price_rises_to_it() -> None:
    exchange = opened()
    price, reached = crossing(exchange, is_buy=False)
    placed = call(exchange, "POST", PLACE, limit("sell", price, "0.2"))
    assert holdings(exchange)["BTC"] == (Decimal("0.8"), Decimal("0.2"))
    assert order(exchange, placed["orderId"], reached - FINEST_PERIOD_MS)["status"] == "live"
    assert order(exchange, placed["orderId"], reached)["status"] == "filled"
    proceeds = price * Decimal("0.2")
    assert holdings(exchange, reached) == {
        "USDT": (Decimal(10000) + proceeds * (1 - FEE), Decimal(0)),
        "BTC": (Decimal("0.8"), Decimal(0)),
    }


def test_market_buy_spends_a_quote_amount_in_whole_lots() -> None:
    exchange = opened()
    _, ask = quote(exchange)
    placed = call(exchange, "POST", PLACE, {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "size": "250"})
    bought = (Decimal(250) / ask).quantize(Decimal("0.000001"), rounding=ROUND_FLOOR)
    info = order(exchange, placed["orderId"])
    assert info["status"] == "filled" and info["price"] == "0" and info["size"] == "250"
    assert Decimal(info["baseVolume"]) == bought and Decimal(info["quoteVolume"]) == bought * ask
    assert holdings(exchange) == {
        "USDT": (Decimal(10000) - bought * ask, Decimal(0)),
        "BTC": (Decimal(1) + bought * (1 - FEE), Decimal(0)),
    }


def test_market_sell_gets_the_bid_less_the_fee() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    call(exchange, "POST", PLACE, {"symbol": "BTCUSDT", "side": "sell", "orderType": "market", "size": "0.5"})
    assert holdings(exchange) == {
        "USDT": (Decimal(10000) + bid * Decimal("0.5") * (1 - FEE), Decimal(0)),
        "BTC": (Decimal("0.5"), Decimal(0)),
    }


def test_marketable_limit_orders_and_time_in_force() -> None:
    exchange = opened()
    bid, ask = quote(exchange)
    taker = call(exchange, "POST", PLACE, limit("buy", ask + 100, "0.01"))
    info = order(exchange, taker["orderId"])
    assert info["status"] == "filled" and Decimal(info["priceAvg"]) == ask  # filled at the ask, not the limit
    post_only = call(exchange, "POST", PLACE, limit("buy", ask, "0.01", force="post_only"))
    assert order(exchange, post_only["orderId"])["status"] == "cancelled"
    ioc = call(exchange, "POST", PLACE, limit("buy", bid - 1000, "0.01", force="ioc"))
    assert order(exchange, ioc["orderId"])["status"] == "cancelled"
    usdt_available, usdt_frozen = holdings(exchange)["USDT"]
    assert usdt_frozen == 0 and usdt_available == Decimal(10000) - ask * Decimal("0.01")


def test_cancel_unfreezes_and_cancelling_again_is_43001() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    placed = call(exchange, "POST", PLACE, limit("buy", bid - 5000, "0.1", clientOid="c-1"))
    assert holdings(exchange)["USDT"][1] == (bid - 5000) * Decimal("0.1")
    cancelled = call(exchange, "POST", "/api/v2/spot/trade/cancel-order", {"symbol": "BTCUSDT", "clientOid": "c-1"})
    assert cancelled == {"orderId": placed["orderId"], "clientOid": "c-1"}
    assert holdings(exchange)["USDT"] == (Decimal(10000), Decimal(0))
    again = {"symbol": "BTCUSDT", "orderId": placed["orderId"]}
    assert rejected(exchange, "POST", "/api/v2/spot/trade/cancel-order", again) == "43001"
    assert rejected(exchange, "POST", "/api/v2/spot/trade/cancel-order", {"symbol": "BTCUSDT", "orderId": "42"}) == (
        "43001"
    )
    assert rejected(exchange, "POST", "/api/v2/spot/trade/cancel-order", {"symbol": "BTCUSDT"}) == "40017"
    history = call(exchange, "GET", "/api/v2/spot/trade/history-orders")
    assert [(row["orderId"], row["status"]) for row in history] == [(placed["orderId"], "cancelled")]


def test_duplicate_client_oid_is_refused_and_only_one_order_exists() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    params = limit("buy", bid - 1000, "0.01", clientOid="same")
    first = call(exchange, "POST", PLACE, params)
    assert rejected(exchange, "POST", PLACE, params) == "43118"
    market = {"symbol": "BTCUSDT", "side": "sell", "orderType": "market", "size": "0.01", "clientOid": "same"}
    assert rejected(exchange, "POST", PLACE, market) == "43118"
    by_oid = exchange.orders_by_client_oid(UID)
    assert [entry["orderId"] for entry in by_oid["same"]] == [first["orderId"]]
    assert exchange.order_count(UID) == 1
    assert holdings(exchange)["USDT"][1] == (bid - 1000) * Decimal("0.01")  # frozen once, not twice
    by_client = call(exchange, "GET", "/api/v2/spot/trade/orderInfo", {"clientOid": "same"})
    assert [row["orderId"] for row in by_client] == [first["orderId"]]


def test_a_client_oid_is_free_again_once_its_order_is_filled_or_cancelled() -> None:
    """v2 de-duplicates a clientOid only while its order is open (the doc: "only while unfilled")."""
    exchange = opened()
    bid, _ = quote(exchange)
    market = {"symbol": "BTCUSDT", "side": "sell", "orderType": "market", "size": "0.01", "clientOid": "again"}
    first = call(exchange, "POST", PLACE, market)  # fills at once
    second = call(exchange, "POST", PLACE, market)  # accepted: a second order
    resting = limit("buy", bid - 1000, "0.01", clientOid="again")
    third = call(exchange, "POST", PLACE, resting)
    assert rejected(exchange, "POST", PLACE, resting) == "43118"  # refused while the third one is open
    call(exchange, "POST", "/api/v2/spot/trade/cancel-order", {"symbol": "BTCUSDT", "orderId": third["orderId"]})
    fourth = call(exchange, "POST", PLACE, resting)
    ids = [first["orderId"], second["orderId"], third["orderId"], fourth["orderId"]]
    assert [entry["orderId"] for entry in exchange.orders_by_client_oid(UID)["again"]] == ids
    by_client = call(exchange, "GET", "/api/v2/spot/trade/orderInfo", {"clientOid": "again"})
    assert [row["orderId"] for row in by_client] == [fourth["orderId"]]  # the latest


def test_insufficient_balance_leaves_balances_untouched() -> None:
    exchange = opened(usdt="100", btc="0.001")
    bid, _ = quote(exchange)
    assert rejected(exchange, "POST", PLACE, limit("buy", bid - 10, "0.01")) == "43012"
    market_buy = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "size": "100.5"}
    assert rejected(exchange, "POST", PLACE, market_buy) == "43012"
    assert rejected(exchange, "POST", PLACE, limit("sell", bid + 10, "0.002")) == "43012"
    assert holdings(exchange) == {"USDT": (Decimal(100), Decimal(0)), "BTC": (Decimal("0.001"), Decimal(0))}
    assert exchange.order_count(UID) == 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"price": "60000.123"}, "41103"),  # BTCUSDT prices have 2 decimals
        ({"size": "0.0000001"}, "40808"),  # and sizes 6
        ({"size": "0.00001", "price": "60000"}, "45110"),  # 0.6 USDT < 5 USDT
        ({"size": None}, "40019"),
        ({"price": None}, "40019"),
        ({"force": None}, "40019"),
        ({"side": "hold"}, "40020"),
        ({"orderType": "stop"}, "40020"),
        ({"price": "abc"}, "40020"),
        ({"size": "-1"}, "40020"),
        ({"symbol": "NOPEUSDT"}, "40034"),
    ],
)
def test_order_rules(changes: dict[str, str | None], code: str) -> None:
    exchange = opened()
    params: dict[str, Any] = {**limit("buy", Decimal(60000), "0.01"), **changes}
    assert rejected(exchange, "POST", PLACE, {k: v for k, v in params.items() if v is not None}) == code


def test_market_buy_size_is_checked_against_the_quote_precision() -> None:
    exchange = opened()
    market = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market"}
    assert rejected(exchange, "POST", PLACE, {**market, "size": "10.1234567"}) == "40808"
    assert rejected(exchange, "POST", PLACE, {**market, "size": "4.99"}) == "45110"
    call(exchange, "POST", PLACE, {**market, "size": "10.123456"})


def test_batch_orders_report_each_failure_and_place_the_rest() -> None:
    exchange = opened(usdt="1000")
    bid, _ = quote(exchange)
    low = str(bid - 1000)
    items = [
        {
            "side": "buy",
            "orderType": "limit",
            "force": "gtc",
            "price": low,
            "size": "0.001",
            "clientOid": "b1",
        },
        {
            "side": "buy",
            "orderType": "limit",
            "force": "gtc",
            "price": low,
            "size": "0.001",
            "clientOid": "b1",
        },
        {"side": "buy", "orderType": "limit", "force": "gtc", "price": low, "size": "5", "clientOid": "b3"},
        {
            "side": "buy",
            "orderType": "limit",
            "force": "gtc",
            "price": "1.001",
            "size": "10",
            "clientOid": "b4",
        },
        {"side": "sell", "orderType": "market", "size": "0.01", "clientOid": "b5"},
    ]
    result = call(exchange, "POST", "/api/v2/spot/trade/batch-orders", {"symbol": "BTCUSDT", "orderList": items})
    assert [row["clientOid"] for row in result["successList"]] == ["b1", "b5"]
    assert [(row["clientOid"], row["errorCode"]) for row in result["failureList"]] == [
        ("b1", "43118"),
        ("b3", "43012"),
        ("b4", "41103"),
    ]
    assert exchange.order_count(UID) == 2
    too_many = {"symbol": "BTCUSDT", "orderList": [items[0]] * 51}
    assert rejected(exchange, "POST", "/api/v2/spot/trade/batch-orders", too_many) == "40306"
    eth = {"side": "buy", "orderType": "limit", "force": "gtc", "price": "1000.12", "size": "0.01"}
    multiple = {"batchMode": "multiple", "orderList": [{**eth, "symbol": "ETHUSDT", "clientOid": "m1"}, eth]}
    mixed = call(exchange, "POST", "/api/v2/spot/trade/batch-orders", multiple)
    assert [row["clientOid"] for row in mixed["successList"]] == ["m1"]
    assert [row["errorCode"] for row in mixed["failureList"]] == ["40019"]  # each item names its symbol


def test_batch_cancel_and_cancel_by_symbol() -> None:
    exchange = opened()
    bid, _ = quote(exchange)
    ids = [call(exchange, "POST", PLACE, limit("buy", bid - 100 * i, "0.01"))["orderId"] for i in range(1, 5)]
    result = call(
        exchange,
        "POST",
        "/api/v2/spot/trade/batch-cancel-order",
        {"symbol": "BTCUSDT", "orderList": [{"orderId": ids[0]}, {"orderId": ids[1]}, {"orderId": ids[0]}]},
    )
    assert [row["orderId"] for row in result["successList"]] == ids[:2]
    assert [(row["orderId"], row["errorCode"]) for row in result["failureList"]] == [(ids[0], "43001")]
    assert call(exchange, "POST", "/api/v2/spot/trade/cancel-symbol-order", {"symbol": "BTCUSDT"}) == {
        "symbol": "BTCUSDT"
    }
    assert call(exchange, "GET", "/api/v2/spot/trade/unfilled-orders") == []
    assert holdings(exchange)["USDT"] == (Decimal(10000), Decimal(0))


def test_history_fills_and_bills_paging_cover_everything_once() -> None:
    exchange = opened(usdt="100000")
    market = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "size": "20"}
    placed = [call(exchange, "POST", PLACE, market, NOW + i)["orderId"] for i in range(23)]

    def pages(path: str, cursor_field: str, page_size: int) -> list[str]:
        seen: list[str] = []
        params: dict[str, str] = {"limit": str(page_size)}
        while True:
            page = call(exchange, "GET", path, params, NOW + 100)
            seen.extend(row[cursor_field] for row in page)
            if len(page) < page_size:
                return seen
            params = {"limit": str(page_size), "idLessThan": page[-1][cursor_field]}

    assert pages("/api/v2/spot/trade/history-orders", "orderId", 10) == placed[::-1]
    trade_ids = pages("/api/v2/spot/trade/fills", "tradeId", 7)
    assert len(trade_ids) == 23 == len(set(trade_ids))
    assert trade_ids == sorted(trade_ids, reverse=True)
    bill_ids = pages("/api/v2/spot/account/bills", "billId", 9)
    assert len(bill_ids) == 23 * 2 + 2  # two coins move per fill, plus the two opening deposits
    windowed = call(
        exchange,
        "GET",
        "/api/v2/spot/trade/history-orders",
        {"startTime": str(NOW + 5), "endTime": str(NOW + 9)},
    )
    assert [row["orderId"] for row in windowed] == placed[5:10][::-1]
    only_btc = call(exchange, "GET", "/api/v2/spot/account/bills", {"coin": "BTC", "limit": "500"}, NOW + 100)
    assert {row["coin"] for row in only_btc} == {"BTC"} and len(only_btc) == 24


def test_order_info_is_a_list_and_unknown_orders_give_an_empty_one() -> None:
    exchange = opened()
    assert call(exchange, "GET", "/api/v2/spot/trade/orderInfo", {"orderId": "123"}) == []
    assert rejected(exchange, "GET", "/api/v2/spot/trade/orderInfo", {}) == "40017"
    info = call(exchange, "GET", "/api/v2/spot/account/info")
    assert info["userId"] == UID
