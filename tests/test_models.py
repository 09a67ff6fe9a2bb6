"""Models read what the exchange really sends: strings or numbers, "" for absent, JSON inside strings, extra
fields, unknown enum values; they write the same shape back; money stays exact."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncclient.models import (
    BatchError,
    BatchResult,
    Candle,
    FuturesOrder,
    Granularity,
    MarginMode,
    OrderBook,
    OrderStatus,
    Page,
    Position,
    ProductType,
    ResponseFormatError,
    Side,
    SpotOrder,
    SpotTicker,
    Trade,
)

TRADE = {
    "symbol": "BTCUSDT",
    "tradeId": "7",
    "side": "buy",
    "price": "100.5",
    "size": "0.25",
    "ts": "1700000000000",
}


def test_numbers_as_strings_or_json_numbers_give_the_same_decimals() -> None:
    as_strings = Trade.from_wire(TRADE)
    as_numbers = Trade.from_wire({**TRADE, "price": 100.5, "size": 0.25, "ts": 1700000000000})
    assert as_strings == as_numbers
    assert isinstance(as_numbers.price, Decimal) and as_numbers.price == Decimal("100.5")
    assert as_numbers.timestamp_ms == 1700000000000


def test_json_float_keeps_its_written_digits() -> None:
    # 0.1 + 0.2 style artefacts must not leak into money: the repr digits are used, never binary expansion.
    trade = Trade.from_wire({**TRADE, "price": 0.1})
    assert trade.price == Decimal("0.1") and str(trade.price) == "0.1"


def test_empty_string_and_null_mean_absent() -> None:
    ticker = SpotTicker.from_wire({"symbol": "BTCUSDT", "lastPr": "", "bidPr": None, "ts": "1700000000000"})
    assert ticker.last_price is None and ticker.bid_price is None and ticker.ask_price is None


def test_missing_optional_fields_are_none_and_missing_required_field_is_named() -> None:
    order = SpotOrder.from_wire(
        {"symbol": "X", "orderId": "1", "side": "buy", "orderType": "limit", "status": "live", "size": "1"}
    )
    assert order.price is None and order.created_at is None and order.fees == ()
    with pytest.raises(ResponseFormatError, match="'size'"):
        Trade.from_wire({k: v for k, v in TRADE.items() if k != "size"})


def test_unreadable_field_names_model_and_field() -> None:
    with pytest.raises(ResponseFormatError, match=r"Trade\.price .*'price'"):
        Trade.from_wire({**TRADE, "price": "abc"})
    with pytest.raises(ResponseFormatError, match="finite"):
        Trade.from_wire({**TRADE, "price": "NaN"})


def test_extra_fields_are_kept_read_only_and_written_back() -> None:
    trade = Trade.from_wire({**TRADE, "newField": {"nested": 1}, "another": "x"})
    assert dict(trade.extra) == {"newField": {"nested": 1}, "another": "x"}
    with pytest.raises(TypeError):
        trade.extra["another"] = "y"  # type: ignore[index]
    wire = trade.to_wire()
    assert wire["newField"] == {"nested": 1} and wire["price"] == "100.5"
    assert Trade.from_wire(wire) == trade


def test_unknown_enum_values_are_kept_not_fatal() -> None:
    trade = Trade.from_wire({**TRADE, "side": "liquidation_buy"})
    assert trade.side.value == "liquidation_buy" and trade.side.known is False
    assert trade.side != Side.BUY and Side("liquidation_buy") is trade.side  # one member per value
    assert trade.to_wire()["side"] == "liquidation_buy"
    assert Side.BUY.known and list(Side) == [Side.BUY, Side.SELL]  # unknowns do not join the known set


def test_enums_match_other_cases_and_aliases() -> None:
    assert Side("Sell") is Side.SELL and Side("BUY") is Side.BUY
    assert MarginMode("cross") is MarginMode.CROSSED
    assert OrderStatus("canceled") is OrderStatus.CANCELLED
    assert OrderStatus.PARTIALLY_FILLED.is_open and not OrderStatus.FILLED.is_open
    assert ProductType.USDT_FUTURES.default_margin_coin == "USDT"
    assert ProductType.COIN_FUTURES.default_margin_coin is None


def test_json_inside_a_string_is_decoded_with_exact_numbers() -> None:
    fee_detail = '{"newFees":{"t":-0.1},"BTC":{"deduction":false,"feeCoinCode":"BTC","totalFee":-0.00000123}}'
    order = SpotOrder.from_wire(
        {
            "symbol": "BTCUSDT",
            "orderId": "1",
            "side": "sell",
            "orderType": "market",
            "status": "filled",
            "size": "1",
            "feeDetail": fee_detail,
        }
    )
    (fee,) = order.fees
    assert fee.coin == "BTC" and fee.total_fee == Decimal("-0.00000123") and fee.deduction is False
    assert SpotOrder.from_wire(order.to_wire()) == order


def test_booleans_in_the_exchanges_spellings() -> None:
    base = {"symbol": "X", "orderId": "1", "side": "buy", "orderType": "limit", "status": "live", "size": "1"}
    assert FuturesOrder.from_wire({**base, "reduceOnly": "YES"}).reduce_only is True
    assert FuturesOrder.from_wire({**base, "reduceOnly": "no"}).reduce_only is False
    assert FuturesOrder.from_wire({**base, "reduceOnly": ""}).reduce_only is None


def test_timestamps_are_int_ms_with_aware_datetime_accessors() -> None:
    trade = Trade.from_wire(TRADE)
    assert trade.timestamp == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    book = OrderBook.from_wire({"asks": [], "bids": [["1", "2"]], "ts": 1700000000000})
    assert book.timestamp.tzinfo is UTC and book.best_ask is None and book.best_bid is not None


def test_models_are_frozen_slotted_hashable_and_keyword_only() -> None:
    trade = Trade.from_wire(TRADE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trade.price = Decimal(1)  # type: ignore[misc]
    assert not hasattr(trade, "__dict__")
    assert len({trade, Trade.from_wire(TRADE)}) == 1
    built = Trade(symbol="X", trade_id="1", side=Side.SELL, price=Decimal(1), size=Decimal(2), timestamp_ms=1)
    assert built.extra == {} and Trade.from_wire(built.to_wire()) == built


def test_candle_rows_spot_and_futures() -> None:
    spot = Candle.from_spot_row(["1700000000000", "1", "3", "0.5", "2", "10", "25", "20"])
    assert (spot.usdt_volume, spot.quote_volume) == (Decimal(25), Decimal(20))
    futures = Candle.from_futures_row([1700000000000, 1, 3, 0.5, 2, 10, 20])
    assert futures.usdt_volume is None and futures.low == Decimal("0.5")
    assert Candle.from_spot_row(spot.to_row()) == spot and Candle.from_futures_row(futures.to_row()) == futures
    with pytest.raises(ResponseFormatError):
        Candle.from_futures_row(["1700000000000", "1"])


def test_decimal_written_without_exponent() -> None:
    trade = Trade.from_wire({**TRADE, "size": "1E-8", "price": "1E+3"})
    assert trade.to_wire()["size"] == "0.00000001" and trade.to_wire()["price"] == "1000"


def test_batch_result_failures_typed_and_raisable() -> None:
    result = BatchResult.from_wire(
        {
            "successList": [{"orderId": "1", "clientOid": "a"}],
            "failureList": [{"orderId": "", "clientOid": "b", "errorMsg": "balance", "errorCode": "43012"}],
        }
    )
    assert result.succeeded[0].order_id == "1" and not result.ok
    failure = result.failed[0]
    assert (failure.order_id, failure.client_oid, failure.error_code) == (None, "b", "43012")
    with pytest.raises(BatchError, match=r"1 of 2 .*b \[43012\]: balance") as raised:
        result.raise_for_failures()
    assert raised.value.result is result
    empty = BatchResult.from_wire({"successList": None, "failureList": None})
    assert empty.ok and empty.raise_for_failures() is empty


def test_page_is_a_sequence_with_a_cursor() -> None:
    page = Page((1, 2, 3), end_id="3")
    assert list(page) == [1, 2, 3] and page[-1] == 3 and len(page) == 3 and page[1:] == (2, 3)
    assert Page(()).end_id is None


def test_position_mode_and_margin_in_positions() -> None:
    position = Position.from_wire(
        {"symbol": "BTCUSDT", "marginCoin": "USDT", "holdSide": "short", "total": 2, "marginMode": "crossed"}
    )
    assert position.total == Decimal(2) and position.margin_mode is MarginMode.CROSSED


def test_granularity_spellings() -> None:
    assert (Granularity.MINUTE_1.spot, Granularity.MINUTE_1.futures) == ("1min", "1m")
    assert (Granularity.HOUR_4.spot, Granularity.HOUR_4.futures) == ("4h", "4H")
    assert Granularity.DAY_1_UTC.spot == Granularity.DAY_1_UTC.futures == "1Dutc"
    assert Granularity.HOUR_1.milliseconds == 3_600_000


@settings(max_examples=150, deadline=None)
@given(
    price=st.decimals(min_value=Decimal("1e-12"), max_value=Decimal("1e12"), allow_nan=False, places=12),
    size=st.decimals(min_value=0, max_value=Decimal("1e9"), allow_nan=False, places=8),
    side=st.sampled_from(["buy", "sell", "Buy", "liquidation"]),
    timestamp_ms=st.integers(min_value=0, max_value=4_102_444_800_000),
    as_json_number=st.booleans(),
)
def test_trade_round_trips_for_any_exact_values(
    price: Decimal, size: Decimal, side: str, timestamp_ms: int, as_json_number: bool
) -> None:
    wire: dict[str, object] = {"symbol": "BTCUSDT", "tradeId": "1", "side": side, "price": str(price)}
    wire["size"] = str(size)
    wire["ts"] = timestamp_ms if as_json_number else str(timestamp_ms)
    trade = Trade.from_wire(wire)
    assert trade.price == price and trade.size == size and trade.timestamp_ms == timestamp_ms
    assert "E" not in trade.to_wire()["price"]
    assert Trade.from_wire(trade.to_wire()) == trade


def test_time_accessors_are_utc_datetimes_or_none_when_the_exchange_left_the_time_out() -> None:
    moment = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    base = {"symbol": "X", "orderId": "1", "side": "buy", "orderType": "limit", "status": "live", "size": "1"}
    order = SpotOrder.from_wire({**base, "cTime": "1700000000000", "uTime": "1700000001000"})
    assert order.created_at == moment and order.updated_at == datetime(2023, 11, 14, 22, 13, 21, tzinfo=UTC)
    futures = FuturesOrder.from_wire({**base, "cTime": "1700000000000"})
    assert futures.created_at == moment and futures.updated_at is None
    position = Position.from_wire({"symbol": "X", "marginCoin": "USDT", "holdSide": "long", "total": "1"})
    assert position.created_at is None
