"""Every answer of the simulated exchange has the shape of the documented sample for its endpoint
(``tests/samples``): the same field names, strings where the sample has strings, lists where it has lists."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from asyncclient.testing._routing import SimRequest
from asyncclient.testing.exchange import Exchange

SAMPLES = Path(__file__).parent / "samples"
NOW = 1_732_540_123_456
UID = "3003"
FUT = {"productType": "USDT-FUTURES"}
FUT_BTC = {**FUT, "symbol": "BTCUSDT", "marginCoin": "USDT"}
#: Fields one sample writes as a string that the exchange also sends as null (the samples disagree).
NULLABLE = {"deliveryStartTime", "deliveryTime", "triggerPrice"}


def _call(exchange: Exchange, method: str, path: str, params: dict[str, Any]) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params, UID, NOW))


def _active_exchange() -> tuple[Exchange, dict[str, str]]:
    """An account with a filled and a resting spot order, a futures position and a resting futures order."""
    exchange = Exchange(seed=11)
    exchange.open_account(UID, {"USDT": Decimal(50_000), "BTC": Decimal(1)})
    spot = {"symbol": "BTCUSDT", "orderType": "market", "side": "buy", "size": "100", "clientOid": "s-filled"}
    filled = _call(exchange, "POST", "/api/v2/spot/trade/place-order", spot)
    resting = {
        **spot,
        "orderType": "limit",
        "force": "gtc",
        "price": "1000",
        "size": "0.01",
        "clientOid": "s-open",
    }
    _call(exchange, "POST", "/api/v2/spot/trade/place-order", resting)
    futures = {**FUT_BTC, "marginMode": "crossed", "side": "buy", "orderType": "market", "size": "0.01"}
    _call(exchange, "POST", "/api/v2/mix/order/place-order", futures)
    pending = {**futures, "orderType": "limit", "price": "1000", "clientOid": "f-open"}
    placed = _call(exchange, "POST", "/api/v2/mix/order/place-order", pending)
    return exchange, {"spot": filled["orderId"], "futures": placed["orderId"]}


def _requests(ids: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Parameters for each sample's endpoint (keyed by the sample's file name)."""
    low = {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "price": "1000",
        "size": "0.01",
    }
    futures_low = {**FUT_BTC, "marginMode": "crossed", **low}
    return {
        "GET_api_v2_spot_public_symbols": {},
        "GET_api_v2_spot_public_coins": {},
        "GET_api_v2_spot_market_tickers": {"symbol": "BTCUSDT"},
        "GET_api_v2_spot_market_orderbook": {"symbol": "BTCUSDT"},
        "GET_api_v2_spot_market_candles": {"symbol": "BTCUSDT", "granularity": "1min"},
        "GET_api_v2_spot_market_history-candles": {
            "symbol": "BTCUSDT",
            "granularity": "1M",
            "endTime": str(NOW),
        },
        "GET_api_v2_spot_market_fills": {"symbol": "BTCUSDT"},
        "GET_api_v2_spot_market_fills-history": {"symbol": "BTCUSDT"},
        "GET_api_v2_spot_account_info": {},
        "GET_api_v2_spot_account_assets": {},
        "GET_api_v2_spot_account_bills": {},
        "GET_api_v2_spot_trade_orderInfo": {"orderId": ids["spot"]},
        "GET_api_v2_spot_trade_unfilled-orders": {},
        "GET_api_v2_spot_trade_history-orders": {},
        "GET_api_v2_spot_trade_fills": {},
        "POST_api_v2_spot_trade_place-order": low,
        "POST_api_v2_spot_trade_batch-orders": {
            "symbol": "BTCUSDT",
            "orderList": [low, {**low, "price": "1.001"}],
        },
        "POST_api_v2_spot_trade_cancel-order": {"symbol": "BTCUSDT", "clientOid": "s-open"},
        "POST_api_v2_spot_trade_batch-cancel-order": {
            "symbol": "BTCUSDT",
            "orderList": [{"clientOid": "s-open"}, {"orderId": "1"}],
        },
        "POST_api_v2_spot_trade_cancel-symbol-order": {"symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_contracts": FUT,
        "GET_api_v2_mix_market_ticker": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_tickers": FUT,
        "GET_api_v2_mix_market_merge-depth": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_candles": {**FUT, "symbol": "BTCUSDT", "granularity": "5m"},
        "GET_api_v2_mix_market_history-candles": {**FUT, "symbol": "BTCUSDT", "granularity": "5m"},
        "GET_api_v2_mix_market_fills": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_fills-history": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_open-interest": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_market_current-fund-rate": {**FUT, "symbol": "BTCUSDT"},
        "GET_api_v2_mix_account_account": FUT_BTC,
        "GET_api_v2_mix_account_accounts": FUT,
        "GET_api_v2_mix_position_all-position": FUT,
        "GET_api_v2_mix_position_single-position": FUT_BTC,
        "GET_api_v2_mix_order_detail": {**FUT_BTC, "orderId": ids["futures"]},
        "GET_api_v2_mix_order_orders-pending": FUT,
        "GET_api_v2_mix_order_orders-pending__2": FUT,
        "GET_api_v2_mix_order_orders-history": FUT,
        "GET_api_v2_mix_order_fills": FUT,
        "POST_api_v2_mix_account_set-leverage": {**FUT_BTC, "leverage": "10"},
        "POST_api_v2_mix_account_set-margin-mode": {
            **FUT,
            "symbol": "ETHUSDT",
            "marginCoin": "USDT",
            "marginMode": "isolated",
        },
        "POST_api_v2_mix_account_set-position-mode": {**FUT, "posMode": "one_way_mode"},
        "POST_api_v2_mix_order_place-order": {**futures_low, "clientOid": "f-2"},
        "POST_api_v2_mix_order_batch-place-order": {
            **futures_low,
            "orderList": [low, {**low, "price": "1.05"}],
        },
        "POST_api_v2_mix_order_cancel-order": {**FUT_BTC, "clientOid": "f-open"},
        "POST_api_v2_mix_order_batch-cancel-orders": {**FUT_BTC, "orderIdList": [{"orderId": "1"}]},
        "POST_api_v2_mix_order_cancel-all-orders": FUT,
        "POST_api_v2_mix_order_close-positions": FUT,
    }


def _same_shape(sample: Any, answer: Any, where: str) -> None:
    if isinstance(sample, dict):
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


# Each sample gets a fresh exchange, so one cancel does not affect another.
@pytest.mark.parametrize("name", sorted(_requests({"spot": "", "futures": ""})))
def test_answer_has_the_documented_shape(name: str) -> None:
    sample = json.loads((SAMPLES / f"{name}.json").read_text())["data"]
    exchange, ids = _active_exchange()
    method, _, rest = name.partition("_")
    path = "/" + rest.split("__")[0].replace("_", "/")
    answer = _call(exchange, method, path, _requests(ids)[name])
    if isinstance(sample, list) and sample:
        assert answer, f"{name}: the simulator answered an empty list"
    _same_shape(sample, answer, name)
    json.dumps(answer)  # plain JSON-ready data
