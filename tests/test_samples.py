"""Every documented sample of an endpoint the typed API covers parses into its model, through the client.

The samples (the exchange's documented answers, copied from ``/work/shared/bitget/samples`` into
``tests/samples``) are served by an ``httpx.MockTransport`` keyed by path, so each case runs the whole way:
typed method, client, envelope decoding (``message`` for ``msg``, ``requestTime`` as a string), and the model.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from asyncclient import Client
from asyncclient.models import (
    BatchResult,
    Candle,
    FuturesFill,
    HoldSide,
    MarginMode,
    OrderStatus,
    OrderType,
    Page,
    PositionMode,
    ProductType,
    Side,
    SpotOrderRequest,
    SymbolStatus,
    Trade,
    TradeScope,
    WireModel,
)

SAMPLES = Path(__file__).parent / "samples"


def sample_body(name: str) -> bytes:
    return (SAMPLES / f"{name}.json").read_bytes()


def sample_data(name: str) -> Any:
    return json.loads(sample_body(name))["data"]


class SampleExchange:
    """Answers each path with its sample file; ``variant`` picks a ``__2`` file for a path."""

    def __init__(self) -> None:
        self.variants: dict[str, str] = {}
        self.served: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        name = f"{request.method}_{request.url.path.strip('/').replace('/', '_')}"
        name = self.variants.get(name, name)
        if not (SAMPLES / f"{name}.json").exists():
            return httpx.Response(404, json={"code": "40404", "msg": "no sample", "data": None})
        self.served.append(name)
        return httpx.Response(200, content=sample_body(name), headers={"content-type": "application/json"})


@pytest.fixture
def exchange() -> SampleExchange:
    return SampleExchange()


@pytest.fixture
async def client(exchange: SampleExchange) -> AsyncIterator[Client]:
    transport = httpx.MockTransport(exchange.handler)
    async with Client(
        "key",
        "secret",
        "pass",
        base_url="https://sample.test",
        transport=transport,
        credentials_from_env=False,
    ) as client:
        yield client


@attrs.frozen
class Case:
    sample: str
    call: Callable[[Client], Awaitable[Any]]
    #: Asserts inside, or returns whether the result is right.
    check: Callable[[Any], bool | None]


def _check_spot_symbols(result: Any) -> None:
    (symbol,) = result
    assert (symbol.symbol, symbol.base_coin, symbol.quote_coin) == ("BTCUSDT", "BTC", "USDT")
    assert symbol.price_precision == 4 and symbol.quantity_precision == 8
    assert symbol.min_trade_usdt == Decimal("5") and symbol.status is SymbolStatus.ONLINE


def _check_coins(result: Any) -> None:
    (coin,) = result
    assert coin.coin == "BTC" and coin.transferable is True
    assert coin.chains[0].withdraw_fee == Decimal("0.005") and coin.chains[0].need_tag is False


def _check_orderbook(result: Any) -> None:
    assert result.best_ask.price == Decimal("34567.15") and result.best_bid.size == Decimal("0.2917")
    assert result.timestamp_ms == 1698303884584 and len(result.asks) == len(result.bids) == 2


def _check_spot_candles(result: Any) -> None:
    assert all(isinstance(candle, Candle) for candle in result)
    first = result[0]
    assert first.open_time_ms == 1656604800000 and first.close == Decimal("37773.5")
    assert first.usdt_volume == Decimal("16198849.1079") and first.base_volume == Decimal("428.3462")


def _check_futures_candles(result: Any) -> None:
    assert [candle.open_time_ms for candle in result] == [1695835800000, 1695836100000]
    assert result[1].low == Decimal("26171") and result[1].quote_volume == Decimal("470618.72")
    assert result[1].usdt_volume is None


def _check_spot_order(result: Any) -> None:
    assert result.order_id == "121211212122" and result.client_oid == "1-2-1-2-1"
    assert result.side is Side.BUY and result.order_type is OrderType.MARKET and result.status is OrderStatus.FILLED
    assert result.price_avg == Decimal("0.0699782527055350")
    # feeDetail is JSON inside a string; its per-coin entry becomes a typed fee, exact to the last digit.
    assert [(fee.coin, fee.total_fee) for fee in result.fees] == [("TRX", Decimal("-0.1120792560000000"))]


def _check_futures_order(result: Any) -> None:
    assert result.order_id == "123456" and result.status is OrderStatus.FILLED  # "state" in this endpoint
    assert result.margin_mode is MarginMode.CROSSED  # sent as "cross"
    assert result.reduce_only is True and result.fee is None and result.trade_side is None
    assert result.preset_take_profit_price == Decimal("1910")


def _check_positions(result: Any) -> None:
    (position,) = result
    assert position.symbol == "BTCUSDT" and position.hold_side is HoldSide.LONG
    assert position.liquidation_price == Decimal("24144.1124161806977798")
    assert position.position_mode is PositionMode.HEDGE and position.created_ms == 1691382137448


def _check_futures_page(result: Any) -> None:
    assert isinstance(result, Page) and result.end_id == "123"
    (order,) = result
    assert order.status is OrderStatus.PARTIALLY_FILLED and order.base_volume == Decimal("12.1")


def _check_batch_with_failure(result: Any) -> None:
    assert [ack.order_id for ack in result.succeeded] == ["121211212122"]
    assert len(result.failed) == 1 and result.failed[0].error_message
    assert not result.ok


# The client matches batch answers to the clientOids it sent, so the order carries the sample's clientOid.
SPOT_ORDERS = [SpotOrderRequest(Side.BUY, OrderType.LIMIT, Decimal("0.001"), price=Decimal("30000"), client_oid="1")]

CASES = [
    Case("GET_api_v2_public_time", lambda c: c.server_time(), lambda r: r == 1688008631614),
    Case("GET_api_v2_spot_public_symbols", lambda c: c.spot.symbols(), _check_spot_symbols),
    Case("GET_api_v2_spot_public_coins", lambda c: c.spot.coins(), _check_coins),
    Case(
        "GET_api_v2_spot_market_tickers",
        lambda c: c.spot.tickers("BTCUSDT"),
        lambda r: (
            (r[0].last_price, r[0].ask_size, r[0].change_24h)
            == (Decimal("34413.1"), Decimal("0.0119"), Decimal("0.00069"))
        ),
    ),
    Case("GET_api_v2_spot_market_orderbook", lambda c: c.spot.orderbook("BTCUSDT", limit=2), _check_orderbook),
    Case("GET_api_v2_spot_market_candles", lambda c: c.spot.candles("BTCUSDT", "1min"), _check_spot_candles),
    Case(
        "GET_api_v2_spot_market_history-candles",
        lambda c: c.spot.history_candles("BTCUSDT", "1M", 1656604800000),
        lambda r: len(r) == 5 and r[1].quote_volume == Decimal("1726993402150.991724"),
    ),
    Case(
        "GET_api_v2_spot_market_fills",
        lambda c: c.spot.trades("BFTUSDT"),
        lambda r: [(t.trade_id, t.side) for t in r] == [("1", Side.BUY), ("2", Side.SELL)],
    ),
    Case(
        "GET_api_v2_spot_market_fills-history",
        lambda c: c.spot.trades_history("BTCUSDT"),
        lambda r: r.end_id == "2" and r[0].price == Decimal("2.38735"),
    ),
    Case(
        "POST_api_v2_spot_trade_place-order",
        lambda c: c.spot.place_order("BTCUSDT", "buy", "limit", "0.001", price="30000", client_oid="121211212122"),
        lambda r: (r.order_id, r.client_oid) == ("1001", "121211212122"),
    ),
    Case(
        "POST_api_v2_spot_trade_batch-orders",
        lambda c: c.spot.batch_place_orders("BTCUSDT", SPOT_ORDERS),
        _check_batch_with_failure,
    ),
    Case(
        "POST_api_v2_spot_trade_cancel-order",
        lambda c: c.spot.cancel_order("BTCUSDT", "121211212122"),
        lambda r: r.client_oid == "xx001",
    ),
    Case(
        "POST_api_v2_spot_trade_batch-cancel-order",
        lambda c: c.spot.batch_cancel_orders("BTCUSDT", ["121211212122"], client_oids=["xxx001"]),
        _check_batch_with_failure,
    ),
    Case(
        "POST_api_v2_spot_trade_cancel-symbol-order",
        lambda c: c.spot.cancel_symbol_orders("BGBUSDT"),
        lambda r: r == "BGBUSDT",
    ),
    Case("GET_api_v2_spot_trade_orderInfo", lambda c: c.spot.order("121211212122"), _check_spot_order),
    Case(
        "GET_api_v2_spot_trade_unfilled-orders",
        lambda c: c.spot.open_orders(),
        lambda r: r[0].status is OrderStatus.NEW and r[0].price == Decimal("34829.12") and r.end_id == "2222222",
    ),
    Case(
        "GET_api_v2_spot_trade_history-orders",
        lambda c: c.spot.history_orders(),
        lambda r: r[0].fees[0].coin == "ETH" and r[0].quote_volume == Decimal("19.9762500000000000"),
    ),
    Case(
        "GET_api_v2_spot_trade_fills",
        lambda c: c.spot.fills("BTCUSDT"),
        lambda r: (
            r[0].fee is not None
            and (r[0].fee.fee_coin, r[0].fee.total_fee, r[0].fee.total_deduction_fee)
            == ("BTC", Decimal("-0.0000007"), None)
            and r[0].trade_scope is TradeScope.TAKER
            and r.end_id == "12345678910"
        ),
    ),
    Case(
        "GET_api_v2_spot_account_info",
        lambda c: c.spot.account_info(),
        lambda r: r.authorities == ("trade", "readonly") and r.parent_id == "1" and r.registered_ms == 1246566789345,
    ),
    Case(
        "GET_api_v2_spot_account_assets",
        lambda c: c.spot.assets(),
        lambda r: r[0].coin == "usdt" and r[0].total == Decimal(0),
    ),
    Case(
        "GET_api_v2_spot_account_bills",
        lambda c: c.spot.bills(),
        lambda r: r.end_id == "1291" and r[0].size == Decimal(1),
    ),
    Case(
        "GET_api_v2_mix_market_contracts",
        lambda c: c.futures.contracts(),
        lambda r: (
            r[0].margin_coins == ("USDT",)
            and r[0].max_leverage == Decimal(125)
            and r[0].off_time_ms == -1
            and r[0].delivery_time_ms is None
        ),
    ),
    Case(
        "GET_api_v2_mix_market_ticker",
        lambda c: c.futures.ticker("ETHUSD_231229"),
        lambda r: r.holding_amount == Decimal("9488.49") and r.delivery_time_ms == 1703836799000,
    ),
    Case(
        "GET_api_v2_mix_market_tickers",
        lambda c: c.futures.tickers(),
        lambda r: r[0].funding_rate == Decimal("-0.0007") and r[0].delivery_time_ms is None and len(r) == 2,
    ),
    Case(
        "GET_api_v2_mix_market_merge-depth",
        lambda c: c.futures.orderbook("BTCUSDT", limit=5),
        # Levels are JSON numbers in this sample; they still become exact Decimals.
        lambda r: r.asks[0].price == Decimal("26347.5") and r.bids[1].size == Decimal("0.32"),
    ),
    Case("GET_api_v2_mix_market_candles", lambda c: c.futures.candles("BTCUSDT", "1m"), _check_futures_candles),
    Case(
        "GET_api_v2_mix_market_history-candles",
        lambda c: c.futures.history_candles("BTCUSDT", "1m"),
        _check_futures_candles,
    ),
    Case(
        "GET_api_v2_mix_market_fills",
        lambda c: c.futures.trades("BTCUSDT"),
        lambda r: r[1].price == Decimal("30007.0") and r[1].side is Side.BUY,
    ),
    Case(
        "GET_api_v2_mix_market_fills-history",
        lambda c: _parse_list(c, "GET", "/api/v2/mix/market/fills-history", Trade.from_wire),
        # "Sell"/"Buy" capitalised in this sample: the enum matches without regard to case.
        lambda r: [t.side for t in r] == [Side.SELL, Side.BUY],
    ),
    Case(
        "GET_api_v2_mix_market_current-fund-rate",
        lambda c: c.futures.funding_rate("BTCUSDT"),
        lambda r: r.funding_rate == Decimal("0.0005"),
    ),
    Case(
        "GET_api_v2_mix_market_open-interest",
        lambda c: c.futures.open_interest("BTCUSDT"),
        lambda r: (r.size, r.timestamp_ms) == (Decimal("34278.06"), 1695796781616),
    ),
    Case(
        "GET_api_v2_mix_account_account",
        lambda c: c.futures.account("BTCUSDT"),
        lambda r: (
            r.available == Decimal("13168.86110692")
            and r.unrealized_pnl is None
            and r.position_mode is PositionMode.HEDGE
        ),
    ),
    Case(
        "GET_api_v2_mix_account_accounts",
        lambda c: c.futures.accounts(),
        lambda r: r[0].locked == Decimal("0.31876482") and r[0].margin_mode is None,
    ),
    Case(
        "POST_api_v2_mix_account_set-leverage",
        lambda c: c.futures.set_leverage("BTCUSDT", 20),
        lambda r: (r.long_leverage, r.cross_margin_leverage) == (Decimal(25), Decimal(20)),
    ),
    Case(
        "POST_api_v2_mix_account_set-margin-mode",
        lambda c: c.futures.set_margin_mode("BTCUSDT", MarginMode.ISOLATED),
        lambda r: r.margin_mode is MarginMode.ISOLATED,
    ),
    Case(
        "POST_api_v2_mix_account_set-position-mode",
        lambda c: c.futures.set_position_mode("one_way_mode"),
        lambda r: r is PositionMode.ONE_WAY,
    ),
    Case("GET_api_v2_mix_position_all-position", lambda c: c.futures.positions(), _check_positions),
    Case("GET_api_v2_mix_position_single-position", lambda c: c.futures.position("BTCUSDT"), _check_positions),
    Case(
        "POST_api_v2_mix_order_place-order",
        lambda c: c.futures.place_order("BTCUSDT", Side.BUY, OrderType.MARKET, Decimal("0.01"), client_oid="x1"),
        lambda r: r.order_id == "121211212122",
    ),
    Case(
        "POST_api_v2_mix_order_batch-place-order",
        lambda c: c.futures.batch_place_orders("BTCUSDT", [_futures_order()]),
        lambda r: r.ok and r.succeeded[0].client_oid == "BITGET#121211212122",
    ),
    Case(
        "POST_api_v2_mix_order_cancel-order",
        lambda c: c.futures.cancel_order("BTCUSDT", "123"),
        lambda r: (r.order_id, r.client_oid) == ("123", None),
    ),
    Case(
        "POST_api_v2_mix_order_batch-cancel-orders",
        lambda c: c.futures.batch_cancel_orders("BTCUSDT", ["121211212122", "232"]),
        lambda r: r.failed[0].order_id == "232" and r.failed[0].error_message == "notExistend",
    ),
    Case(
        "POST_api_v2_mix_order_cancel-all-orders",
        lambda c: c.futures.cancel_all_orders(),
        lambda r: len(r.succeeded) == 1 and len(r.failed) == 1,
    ),
    Case(
        "POST_api_v2_mix_order_close-positions",
        lambda c: c.futures.close_positions("BTCUSDT"),
        lambda r: r.failed[0].error_code == "43118",
    ),
    Case("GET_api_v2_mix_order_detail", lambda c: c.futures.order("ETHUSDT", "123456"), _check_futures_order),
    Case("GET_api_v2_mix_order_orders-pending", lambda c: c.futures.open_orders(), _check_futures_page),
    Case("GET_api_v2_mix_order_orders-history", lambda c: c.futures.history_orders(), _check_futures_page),
    Case(
        "GET_api_v2_mix_order_fills",
        lambda c: c.futures.fills(),
        lambda r: r.end_id == "123" and r[0].total_fee == Decimal("-0.017118519726") and r[0].fees[0].deduction,
    ),
    Case(
        "GET_api_v2_mix_order_fill-history",
        lambda c: _parse_page(c, "/api/v2/mix/order/fill-history"),
        lambda r: r.end_id == "1095254722472030209" and r[0].profit == Decimal("0.0252"),
    ),
]


def _futures_order() -> Any:
    from asyncclient.models import FuturesOrderRequest

    return FuturesOrderRequest("buy", "limit", "0.01", price="26000", client_oid="BITGET#121211212122")


async def _parse_list(client: Client, method: str, path: str, parse: Callable[[Any], Any]) -> list[Any]:
    """Endpoints the samples cover but no typed method calls: the model still parses their answer."""
    data = await client.request(method, path, {"symbol": "BTCUSDT", "productType": ProductType.USDT_FUTURES.value})
    return [parse(row) for row in data]


async def _parse_page(client: Client, path: str) -> Page[FuturesFill]:
    data = await client.request("GET", path, {"productType": ProductType.USDT_FUTURES.value})
    return Page(tuple(FuturesFill.from_wire(row) for row in data["fillList"]), data["endId"])


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=[case.sample for case in CASES])
async def test_sample_parses_through_typed_method_and_round_trips(
    client: Client, exchange: SampleExchange, case: Case
) -> None:
    result = await case.call(client)
    assert case.check(result) in (None, True), result
    assert case.sample in exchange.served
    assert_round_trips(result)


def assert_round_trips(result: Any) -> None:
    """Parse, write back the exchange's shape, parse again: the same model, for every model a sample gives."""
    models = list(result) if isinstance(result, list | Page) else [result]
    checked = 0
    for model in models:
        if isinstance(model, WireModel | BatchResult):
            assert type(model).from_wire(json.loads(json.dumps(model.to_wire()))) == model
            checked += 1
        elif isinstance(model, Candle):
            parse = Candle.from_spot_row if model.usdt_volume is not None else Candle.from_futures_row
            assert parse(model.to_row()) == model
            checked += 1
    if not isinstance(result, int | str | PositionMode):
        assert checked == len(models) > 0


@pytest.mark.anyio
async def test_second_orders_pending_variant(client: Client, exchange: SampleExchange) -> None:
    exchange.variants["GET_api_v2_mix_order_orders-pending"] = "GET_api_v2_mix_order_orders-pending__2"
    page = await client.futures.open_orders("BLURUSDT")
    (order,) = page
    assert order.status is OrderStatus.LIVE and order.price_avg is None and order.reduce_only is False
    # "buy_single" is not a documented trade side: kept as an unknown member rather than failing.
    assert order.trade_side is not None and order.trade_side.value == "buy_single" and not order.trade_side.known
    assert order.pos_side is HoldSide.NET


def test_every_sample_file_is_exercised() -> None:
    on_disk = {path.stem for path in SAMPLES.glob("*.json")}
    covered = {case.sample for case in CASES} | {"GET_api_v2_mix_order_orders-pending__2"}
    assert on_disk == covered
