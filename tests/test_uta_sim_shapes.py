"""Every v3 answer of the simulated exchange has the shape of the documented sample for its endpoint
(``tests/samples_v3``): the same field names, strings where the sample has strings, lists where it has lists."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from asyncclient.testing._routing import SimRequest
from asyncclient.testing.exchange import Exchange

SAMPLES = Path(__file__).parent / "samples_v3"
NOW = 1_732_540_123_456
UID = "4004"
SPOT = {"category": "SPOT", "symbol": "BTCUSDT"}
FUT = {"category": "USDT-FUTURES", "symbol": "BTCUSDT"}
REST = {**SPOT, "side": "buy", "orderType": "limit", "price": "1000", "qty": "0.01"}
#: Samples the simulator answers with an empty list on purpose (it takes no deposits and makes no withdrawals).
EMPTY = {"GET_api_v3_account_deposit-records", "GET_api_v3_account_withdrawal-records"}
#: Keys a sample writes as a string that the simulator sends as null (a fee on an order that has not traded).
NULLABLE = {"feeCoin", "fee"}


def _call(exchange: Exchange, method: str, path: str, params: dict[str, Any], items: Any = None) -> Any:
    request = SimRequest(method, path, params, UID, NOW, items=None if items is None else tuple(items))
    return exchange.handlers()[(method, path)](request)


def _active_exchange() -> tuple[Exchange, dict[str, str]]:
    """A unified account with a filled and a resting spot order, a closed and an open futures position, money in
    the funding wallet, and a pending and a cancelled TP/SL order."""
    exchange = Exchange(seed=11)
    exchange.open_account(UID, {"USDT": Decimal(50_000), "BTC": Decimal(1)})
    exchange.set_account_mode(UID, "uta")
    _call(exchange, "POST", "/api/v3/trade/place-order", {**SPOT, "side": "buy", "orderType": "market", "qty": "100"})
    resting = _call(exchange, "POST", "/api/v3/trade/place-order", {**REST, "clientOid": "open-1"})
    market = {**FUT, "orderType": "market", "qty": "0.01"}
    _call(exchange, "POST", "/api/v3/trade/place-order", {**market, "side": "buy"})
    _call(exchange, "POST", "/api/v3/trade/place-order", {**market, "side": "sell"})  # closes it: history
    _call(exchange, "POST", "/api/v3/trade/place-order", {**market, "side": "buy"})
    _call(exchange, "POST", "/api/v3/account/set-leverage", {**FUT, "leverage": "10"})
    _call(exchange, "POST", "/api/v3/account/transfer", {"fromType": "uta", "toType": "funding", "coin": "USDT",
                                                          "amount": "10"})  # fmt: skip
    tpsl = {**FUT, "posSide": "long", "takeProfit": "200000", "stopLoss": "1000", "qty": "0.01"}
    cancelled = _call(exchange, "POST", "/api/v3/trade/place-strategy-order", tpsl)
    _call(exchange, "POST", "/api/v3/trade/cancel-strategy-order", {"orderId": cancelled["orderId"]})
    pending = _call(exchange, "POST", "/api/v3/trade/place-strategy-order", tpsl)
    return exchange, {"resting": resting["orderId"], "tpsl": pending["orderId"]}


def _requests(ids: dict[str, str]) -> dict[str, tuple[dict[str, Any], Any]]:
    """Parameters (and array bodies) for each sample's endpoint, keyed by the sample's file name."""
    window = {"startTime": str(NOW - 86_400_000), "endTime": str(NOW)}
    return {
        "GET_api_v3_market_instruments": ({"category": "SPOT"}, None),
        "GET_api_v3_market_instruments__2": ({"category": "USDT-FUTURES"}, None),
        "GET_api_v3_market_tickers": (SPOT, None),
        "GET_api_v3_market_tickers__2": (FUT, None),
        "GET_api_v3_market_orderbook": (SPOT, None),
        "GET_api_v3_market_candles": ({**SPOT, "interval": "1m"}, None),
        "GET_api_v3_market_history-candles": ({**FUT, "interval": "1H", "endTime": str(NOW)}, None),
        "GET_api_v3_market_fills": (SPOT, None),
        "GET_api_v3_market_current-fund-rate": ({"symbol": "BTCUSDT"}, None),
        "GET_api_v3_market_history-fund-rate": (FUT, None),
        "GET_api_v3_market_open-interest": (FUT, None),
        "GET_api_v3_market_position-tier": (FUT, None),
        "GET_api_v3_account_assets": ({}, None),
        "GET_api_v3_account_settings": ({}, None),
        "GET_api_v3_account_funding-assets": ({}, None),
        "GET_api_v3_account_fee-rate": (SPOT, None),
        "GET_api_v3_account_financial-records": ({}, None),
        "GET_api_v3_account_deposit-records": (window, None),
        "GET_api_v3_account_withdrawal-records": (window, None),
        "GET_api_v3_account_switch-status": ({}, None),
        "POST_api_v3_account_transfer": ({"fromType": "funding", "toType": "uta", "coin": "USDT", "amount": "1"}, None),
        "POST_api_v3_account_set-leverage": ({**FUT, "leverage": "5"}, None),
        "POST_api_v3_account_set-hold-mode": ({"holdMode": "one_way_mode"}, None),
        "POST_api_v3_trade_place-order": ({**REST, "clientOid": "new-1"}, None),
        "POST_api_v3_trade_place-batch": ({}, [{**REST, "clientOid": "b-1"}, {**REST, "clientOid": "b-2"}]),
        "POST_api_v3_trade_cancel-order": ({"orderId": ids["resting"]}, None),
        "POST_api_v3_trade_cancel-batch": ({}, [{**SPOT, "orderId": ids["resting"]}, {**SPOT, "orderId": "9"}]),
        "POST_api_v3_trade_cancel-symbol-order": (SPOT, None),
        "POST_api_v3_trade_modify-order": ({**SPOT, "orderId": ids["resting"], "price": "900"}, None),
        "POST_api_v3_trade_batch-modify-order": ({}, [{**SPOT, "clientOid": "open-1", "qty": "0.02"}]),
        "GET_api_v3_trade_order-info": ({"orderId": ids["resting"]}, None),
        "GET_api_v3_trade_unfilled-orders": ({}, None),
        "GET_api_v3_trade_history-orders": ({"category": "SPOT"}, None),
        "GET_api_v3_trade_fills": ({}, None),
        "POST_api_v3_trade_close-positions": ({"category": "USDT-FUTURES"}, None),
        "POST_api_v3_trade_countdown-cancel-all": ({"countdown": "10"}, None),
        "GET_api_v3_position_current-position": ({"category": "USDT-FUTURES"}, None),
        "GET_api_v3_position_history-position": ({"category": "USDT-FUTURES"}, None),
        "POST_api_v3_trade_place-strategy-order": ({**FUT, "posSide": "long", "stopLoss": "1000"}, None),
        "POST_api_v3_trade_modify-strategy-order": ({"orderId": ids["tpsl"], "stopLoss": "2000"}, None),
        "POST_api_v3_trade_cancel-strategy-order": ({"orderId": ids["tpsl"]}, None),
        "GET_api_v3_trade_unfilled-strategy-orders": ({"category": "USDT-FUTURES"}, None),
        "GET_api_v3_trade_history-strategy-orders": ({"category": "USDT-FUTURES"}, None),
        "POST_api_v3_account_switch": ({}, None),
    }


def _same_shape(sample: Any, answer: Any, where: str) -> None:
    if sample is None:  # a documented null answer (switch, cancel-strategy-order)
        assert answer is None, where
    elif isinstance(sample, dict):
        assert isinstance(answer, dict), where
        missing = set(sample) - set(answer)
        assert not missing, f"{where}: missing {sorted(missing)}"
        for key, value in sample.items():
            if value is None or (key in NULLABLE and answer[key] is None):
                continue
            _same_shape(value, answer[key], f"{where}.{key}")
    elif isinstance(sample, list):
        assert isinstance(answer, list), where
        if sample and answer:
            if isinstance(sample[0], list):  # candle rows and book levels: same width
                assert {len(row) for row in answer} == {len(sample[0])}, where
            _same_shape(sample[0], answer[0], f"{where}[0]")
    elif isinstance(sample, str):
        assert isinstance(answer, str), f"{where}: {answer!r} is not a string"
    else:
        assert isinstance(answer, int | float) and not isinstance(answer, bool), where


@pytest.mark.parametrize("name", sorted(_requests({"resting": "", "tpsl": ""})))
def test_answer_has_the_documented_shape(name: str) -> None:
    sample = json.loads((SAMPLES / f"{name}.json").read_text())["data"]
    exchange, ids = _active_exchange()
    if name == "POST_api_v3_account_switch":  # refused while orders are open: a clean account switches
        _call(exchange, "POST", "/api/v3/trade/cancel-symbol-order", SPOT)
        _call(exchange, "POST", "/api/v3/trade/close-positions", {"category": "USDT-FUTURES"})
    method, _, rest = name.partition("_")
    path = "/" + rest.split("__")[0].replace("_", "/")
    params, items = _requests(ids)[name]
    answer = _call(exchange, method, path, params, items)
    if isinstance(sample, list) and sample and name not in EMPTY:
        assert answer, f"{name}: the simulator answered an empty list"
    if isinstance(sample, dict) and isinstance(sample.get("list"), list) and sample["list"]:
        assert answer["list"], f"{name}: the simulator answered an empty list"
    _same_shape(sample, answer, name)
    json.dumps(answer)  # plain JSON-ready data


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"category": "SPOT"},
        {"category": "usdt-futures", "symbol": "NOPEUSDT", "orderId": "abc", "clientOid": "zz"},
        {"category": "SPOT", "symbol": "BTCUSDT", "qty": "-1", "price": "x", "limit": "0", "cursor": "q"},
        {"category": "COIN-FUTURES", "symbol": "BTCUSD", "interval": "7m", "countdown": "-3", "leverage": "999"},
    ],
)
def test_no_v3_route_fails_with_anything_but_the_exchanges_error(params: dict[str, Any]) -> None:
    """Bad or missing parameters get an error envelope (SimError), never an exception of the simulator's own."""
    from asyncclient.testing import SimError

    exchange, _ = _active_exchange()
    answered = refused = 0
    for method, path in exchange.uta.handlers():
        for items in (None, [params, "not an object"]):
            try:
                _call(exchange, method, path, dict(params), items if method == "POST" else None)
                answered += 1
            except SimError as exc:
                assert exc.code.isdigit() and exc.msg, (method, path)
                refused += 1
    assert answered + refused == 2 * len(exchange.uta.handlers()) and refused > 0
