"""The unified-account (v3) models against every documented answer in ``samples_v3/`` that a typed method reads.

The samples are the exchange's documented payloads (copied from ``/work/shared/bitget/samples_v3``); each is
parsed the way its typed method parses it, every declared field is checked to be read (not left in ``extra``),
and the model written back with ``to_wire()`` reads to the same value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from asyncclient.api._cast import cursor_page, rows_in
from asyncclient.models import (
    AccountMode,
    Candle,
    Category,
    HoldSide,
    OrderAck,
    OrderStatus,
    PositionTier,
    SwitchState,
    UtaAssets,
    UtaBatchItem,
    UtaDepositRecord,
    UtaFeeRate,
    UtaFill,
    UtaFinancialRecord,
    UtaFundingAsset,
    UtaFundingRate,
    UtaFundingRateHistory,
    UtaInstrument,
    UtaOpenInterest,
    UtaOrder,
    UtaOrderBook,
    UtaPosition,
    UtaPositionRecord,
    UtaSettings,
    UtaStrategyOrder,
    UtaSwitchStatus,
    UtaTicker,
    UtaTrade,
    UtaTransfer,
    UtaWithdrawalRecord,
    WireModel,
)

SAMPLES = Path(__file__).parent / "samples_v3"


def _data(name: str) -> Any:
    return json.loads((SAMPLES / f"{name}.json").read_text())["data"]


def _rows(model: type[WireModel]) -> Callable[[Any], list[WireModel]]:
    return rows_in("list", model)


def _one(model: type[WireModel]) -> Callable[[Any], list[WireModel]]:
    return lambda data: [model.from_wire(data)]


def _page(model: type[WireModel]) -> Callable[[Any], list[WireModel]]:
    return lambda data: list(cursor_page(model)(data))


#: Sample -> how its typed method reads it.
READERS: dict[str, Callable[[Any], list[WireModel]]] = {
    "GET_api_v3_market_instruments": _rows(UtaInstrument),
    "GET_api_v3_market_instruments__2": _rows(UtaInstrument),
    "GET_api_v3_market_instruments__3": _rows(UtaInstrument),
    "GET_api_v3_market_tickers": _rows(UtaTicker),
    "GET_api_v3_market_tickers__2": _rows(UtaTicker),
    "GET_api_v3_market_orderbook": _one(UtaOrderBook),
    "GET_api_v3_market_fills": _rows(UtaTrade),
    "GET_api_v3_market_current-fund-rate": _rows(UtaFundingRate),
    "GET_api_v3_market_history-fund-rate": lambda d: [UtaFundingRateHistory.from_wire(r) for r in d["resultList"]],
    "GET_api_v3_market_open-interest": _one(UtaOpenInterest),
    "GET_api_v3_market_position-tier": _rows(PositionTier),
    "GET_api_v3_account_assets": _one(UtaAssets),
    "GET_api_v3_account_settings": _one(UtaSettings),
    "GET_api_v3_account_funding-assets": _rows(UtaFundingAsset),
    "GET_api_v3_account_fee-rate": _one(UtaFeeRate),
    "GET_api_v3_account_financial-records": _page(UtaFinancialRecord),
    "GET_api_v3_account_deposit-records": _rows(UtaDepositRecord),
    "GET_api_v3_account_withdrawal-records": _rows(UtaWithdrawalRecord),
    "GET_api_v3_account_switch-status": _one(UtaSwitchStatus),
    "POST_api_v3_account_transfer": _one(UtaTransfer),
    "POST_api_v3_trade_place-order": _one(OrderAck),
    "POST_api_v3_trade_place-batch": _rows(UtaBatchItem),
    "POST_api_v3_trade_cancel-order": _one(OrderAck),
    "POST_api_v3_trade_cancel-batch": _rows(UtaBatchItem),
    "POST_api_v3_trade_cancel-symbol-order": _rows(UtaBatchItem),
    "POST_api_v3_trade_modify-order": _one(OrderAck),
    "POST_api_v3_trade_batch-modify-order": _rows(UtaBatchItem),
    "POST_api_v3_trade_close-positions": _rows(UtaBatchItem),
    "GET_api_v3_trade_order-info": _one(UtaOrder),
    "GET_api_v3_trade_unfilled-orders": _page(UtaOrder),
    "GET_api_v3_trade_history-orders": _page(UtaOrder),
    "GET_api_v3_trade_fills": _page(UtaFill),
    "GET_api_v3_position_current-position": _rows(UtaPosition),
    "GET_api_v3_position_history-position": _page(UtaPositionRecord),
    "POST_api_v3_trade_place-strategy-order": _one(OrderAck),
    "POST_api_v3_trade_modify-strategy-order": _one(OrderAck),
    "GET_api_v3_trade_unfilled-strategy-orders": _rows(UtaStrategyOrder),
    "GET_api_v3_trade_history-strategy-orders": _rows(UtaStrategyOrder),
}
#: Samples whose typed method returns None (the answer is ``"success"`` or null).
NO_MODEL = {
    "POST_api_v3_account_set-leverage",
    "POST_api_v3_account_set-hold-mode",
    "POST_api_v3_account_switch",
    "POST_api_v3_trade_countdown-cancel-all",
    "POST_api_v3_trade_cancel-strategy-order",
}
#: Keys each model leaves in ``extra`` on purpose (fields of other products or of little use).
UNREAD_OK = {
    "feeRateUpRatio",
    "maxSymbolOrderNum",
    "maxProductOrderNum",
    "offTime",
    "limitOpenTime",
    "maintainTime",
    "areaSymbol",
    "isRwa",
    "openCostUpRatio",
    "maxPositionNum",
    "deliveryTime",
    "deliveryStartTime",
    "deliveryPeriod",
    "launchTime",
    "maxMarketOrderQty",
    "deliveryStatus",
    "btcUnrealizedPnl",
    "positionMgnRatio",
    "isBorrowable",
    "maxCrossedLeverage",
    "maxIsolatedLeverage",
    "warningRiskRatio",
    "liquidationRiskRatio",
    "userMinBorrow",
    "isIsolatedBaseBorrowable",
    "isIsolatedQuoteBorrowable",
    "isIsolatedQuotedBorrowable",
    "isCrossBorrowable",
}


#: Samples read by their own test below (candle rows are lists, not a model's mapping).
READ_ELSEWHERE = {"GET_api_v3_market_candles", "GET_api_v3_market_history-candles"}
_API = Path(__file__).parent.parent / "asyncclient" / "api"


def _samples_of_typed_paths() -> set[str]:
    """The samples (``GET_api_v3_..``, ``..__2``) of every v3 path the typed ``client.uta`` methods call."""
    paths = {path for source in _API.glob("_uta*.py") for path in re.findall(r'"(/api/v3/[^"]+)"', source.read_text())}
    assert len(paths) >= 40
    names = {sample.stem for sample in SAMPLES.glob("*.json")}
    return {
        name
        for path in paths
        for name in names
        if re.fullmatch(r"(GET|POST)_" + re.escape(path.strip("/").replace("/", "_")) + r"(__\d+)?", name)
    }


def test_every_typed_sample_has_a_reader() -> None:
    """Every sample of an endpoint client.uta serves is read by a model here (or returns None), and back."""
    typed_paths = {name for name in READERS} | NO_MODEL
    for name in typed_paths:
        assert (SAMPLES / f"{name}.json").exists(), name
    unread = _samples_of_typed_paths() - typed_paths - READ_ELSEWHERE
    assert unread == set(), "samples of typed client.uta paths that no model test reads"


@pytest.mark.parametrize("name", sorted(READERS))
def test_sample_parses_and_round_trips(name: str) -> None:
    models = READERS[name](_data(name))
    assert models, f"{name}: no rows read"
    for model in models:
        unread = set(model.extra) - UNREAD_OK
        assert not unread, f"{name}: keys not read by {type(model).__name__}: {sorted(unread)}"
        assert type(model).from_wire(model.to_wire()) == model


def test_values_read_exactly() -> None:
    spot, futures = (
        UtaInstrument.from_wire(_data(n)[0])
        for n in ("GET_api_v3_market_instruments", "GET_api_v3_market_instruments__2")
    )
    assert spot.category is Category.SPOT and spot.min_order_qty == Decimal("0.00001") and spot.price_precision == 2
    assert futures.category is Category.USDT_FUTURES and futures.max_leverage == Decimal(125)
    book = UtaOrderBook.from_wire(_data("GET_api_v3_market_orderbook"))
    assert book.best_ask is not None and book.best_ask.price == Decimal("73000.0")
    assert book.bids[1].size == Decimal("10.000") and book.timestamp_ms == 1730969017964
    order = UtaOrder.from_wire(_data("GET_api_v3_trade_order-info"))
    assert order.status is OrderStatus.FILLED and not order.is_open and order.reduce_only is False
    assert order.fees[0].fee == Decimal("0.00000744") and order.amount == Decimal(100)
    open_page = cursor_page(UtaOrder)(_data("GET_api_v3_trade_unfilled-orders"))
    assert open_page.end_id == "1235058132196622336" and open_page[0].pos_side is HoldSide.LONG
    assert open_page[0].fees[0].coin is None
    settings = UtaSettings.from_wire(_data("GET_api_v3_account_settings"))
    assert settings.account_mode is AccountMode.HYBRID and len(settings.symbol_configs) == 8
    assets = UtaAssets.from_wire(_data("GET_api_v3_account_assets"))
    usdt = assets.coin("usdt")
    assert usdt is not None and usdt.available == Decimal("6.19300826")
    status = UtaSwitchStatus.from_wire(_data("GET_api_v3_account_switch-status"))
    assert status.status is SwitchState.FAIL and status.reason == "upgrade_disabled"
    failed = rows_in("list", UtaBatchItem)(_data("POST_api_v3_trade_cancel-symbol-order"))[0]
    assert not failed.ok and failed.code == "24056"
    assert UtaBatchItem.from_wire(_data("POST_api_v3_trade_place-batch")[0]).ok


def test_candle_rows() -> None:
    for name in ("GET_api_v3_market_candles", "GET_api_v3_market_history-candles"):
        candles = [Candle.from_futures_row(row) for row in _data(name)]
        assert candles[0].open_time_ms == 1687708800000 and candles[1].low == Decimal(24000)
        assert candles[0].quote_volume == Decimal("81246917.3294")
