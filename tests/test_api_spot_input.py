"""Spot methods check input before sending (errors name the argument) and build the exchange's params."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from _recording import RecordingRequester

from asyncclient import InputError, InputTypeError, RetryPolicy
from asyncclient.api import SpotAPI
from asyncclient.models import Granularity, OrderType, Side, SpotOrderRequest

ACK = {"orderId": "1", "clientOid": "c"}


@pytest.mark.anyio
async def test_place_order_sends_wire_strings() -> None:
    requester = RecordingRequester(ACK)
    ack = await SpotAPI(requester).place_order(
        "btcusdt", Side.BUY, "limit", Decimal("0.0010"), price=30000, client_oid="my-1"
    )
    assert ack.order_id == "1"
    [(method, path, params, urgent)] = requester.calls
    assert (method, path, urgent) == ("POST", "/api/v2/spot/trade/place-order", False)
    assert params == {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "size": "0.0010",
        "price": "30000",
        "clientOid": "my-1",
    }


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "error", "names"),
    [
        ({"symbol": "BTC/USDT"}, InputError, "symbol"),
        ({"symbol": "BTCUSDT_SPBL"}, InputError, "symbol"),
        ({"symbol": 5}, InputTypeError, "symbol"),
        ({"side": "long"}, InputError, "side"),
        ({"order_type": "stop"}, InputError, "order_type"),
        ({"size": 0.5}, InputTypeError, "size"),
        ({"size": "-1"}, InputError, "size"),
        ({"size": "0"}, InputError, "size"),
        ({"size": "abc"}, InputError, "size"),
        ({"size": Decimal("Infinity")}, InputError, "size"),
        ({"size": True}, InputTypeError, "size"),
        ({"price": 1.5}, InputTypeError, "price"),
        ({"price": None}, InputError, "price is required"),
        ({"order_type": "market"}, InputError, "price must not"),
        ({"force": "day"}, InputError, "force"),
        ({"client_oid": "has space"}, InputError, "client_oid"),
        ({"client_oid": 12}, InputTypeError, "client_oid"),
        ({"stp_mode": "x"}, InputError, "stp_mode"),
    ],
)
async def test_place_order_refuses_bad_input_naming_it(
    kwargs: dict[str, Any], error: type[Exception], names: str
) -> None:
    requester = RecordingRequester(ACK)
    args: dict[str, Any] = {
        "symbol": "BTCUSDT",
        "side": "buy",
        "order_type": "limit",
        "size": "1",
        "price": "10",
    }
    args.update(kwargs)
    with pytest.raises(error, match=names):
        await SpotAPI(requester).place_order(**args)
    assert requester.calls == []


@pytest.mark.anyio
async def test_market_buy_with_quote_amount_and_no_price() -> None:
    requester = RecordingRequester(ACK)
    await SpotAPI(requester).place_order("BTCUSDT", "buy", OrderType.MARKET, "25")
    params = requester.calls[0][2]
    assert params["orderType"] == "market" and "price" not in params and params["size"] == "25"


@pytest.mark.anyio
async def test_cancels_are_urgent_and_need_exactly_one_id() -> None:
    requester = RecordingRequester(ACK)
    spot = SpotAPI(requester)
    await spot.cancel_order("BTCUSDT", "123")
    await spot.cancel_order("BTCUSDT", client_oid="abc")
    await spot.batch_cancel_orders("BTCUSDT", ["1", "2"], client_oids=["x"])
    requester.answer = {"symbol": "BTCUSDT"}
    await spot.cancel_symbol_orders("BTCUSDT")
    assert all(urgent for *_, urgent in requester.calls)
    assert requester.calls[0][2] == {"symbol": "BTCUSDT", "orderId": "123"}
    assert requester.calls[1][2] == {"symbol": "BTCUSDT", "clientOid": "abc"}
    assert requester.calls[2][2]["orderList"] == [{"orderId": "1"}, {"orderId": "2"}, {"clientOid": "x"}]
    bads: list[dict[str, Any]] = [{}, {"order_id": "1", "client_oid": "a"}]
    for bad in bads:
        with pytest.raises(InputError, match="exactly one"):
            await spot.cancel_order("BTCUSDT", **bad)
    with pytest.raises(InputError, match="1 to 50"):
        await spot.batch_cancel_orders("BTCUSDT", [])
    with pytest.raises(InputError, match="1 to 50"):
        await spot.batch_cancel_orders("BTCUSDT", [str(i) for i in range(51)])


@pytest.mark.anyio
async def test_place_and_cancel_forward_the_per_call_options() -> None:
    requester = RecordingRequester(ACK)
    spot, once = SpotAPI(requester), RetryPolicy(max_attempts=1)
    await spot.place_order("BTCUSDT", "buy", "limit", "1", price="10", retry=once, timeout=2.5)
    await spot.cancel_order("BTCUSDT", "1", urgent=False)
    await spot.batch_cancel_orders("BTCUSDT", ["1"], urgent=False)
    await spot.cancel_plan_order("1")
    assert [urgent for *_, urgent in requester.calls] == [False, False, False, True]  # the caller's word wins
    assert requester.options == [(2.5, once), (None, None), (None, None), (None, None)]


@pytest.mark.anyio
async def test_an_iterator_passes_its_options_to_every_page() -> None:
    row = {"symbol": "BTCUSDT", "orderId": "9", "side": "buy", "orderType": "market", "status": "filled", "size": "1"}
    requester = RecordingRequester([row])
    once = RetryPolicy(max_attempts=1)
    orders = [order async for order in SpotAPI(requester).iter_history_orders(page_size=1, timeout=4.0, retry=once)]
    assert len(orders) == 2  # the second page's cursor did not move: the walk ends there
    assert requester.options == [(4.0, once), (4.0, once)]
    assert requester.calls[1][2]["idLessThan"] == "9"


@pytest.mark.anyio
async def test_an_order_request_knows_its_wire_form_and_place_order_sends_it() -> None:
    order = SpotOrderRequest(Side.SELL, "limit", 2, price=Decimal("10.50"), force="post_only", client_oid="w-1")
    assert (order.side, order.size, order.price) == (Side.SELL, Decimal(2), Decimal("10.50"))
    wire = {
        "side": "sell",
        "orderType": "limit",
        "size": "2",
        "price": "10.50",
        "force": "post_only",
        "clientOid": "w-1",
    }
    assert order.to_wire() == wire
    requester = RecordingRequester(ACK)
    spot = SpotAPI(requester)
    await spot.place_order(
        "BTCUSDT",
        "sell",
        "limit",
        2,
        price="10.50",
        force="post_only",
        client_oid="w-1",
        preset_take_profit_price="12",
        preset_stop_loss_price=Decimal("9.0"),
    )
    sent = {"presetTakeProfitPrice": "12", "presetStopLossPrice": "9.0"}
    assert requester.calls[0][2] == {"symbol": "BTCUSDT", **wire, **sent}
    with pytest.raises(InputError, match="preset_stop_loss_price"):
        await SpotAPI(requester).place_order("BTCUSDT", "buy", "market", "5", preset_stop_loss_price="-1")


@pytest.mark.anyio
async def test_batch_place_names_the_bad_item() -> None:
    """A bad order is refused when built (naming its field); a batch names an item that is no order by index."""
    requester = RecordingRequester({"successList": [], "failureList": []})
    good = SpotOrderRequest("buy", "limit", "1", price="10")
    with pytest.raises(InputTypeError, match="size"):
        SpotOrderRequest("buy", "limit", 1.0, price="10")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="price is required"):
        SpotOrderRequest(Side.BUY, OrderType.LIMIT, "1")
    not_an_order = {"side": "buy", "orderType": "limit", "size": "1", "price": "10"}
    with pytest.raises(InputTypeError, match=r"orders\[1\] must be a SpotOrderRequest"):
        await SpotAPI(requester).batch_place_orders("BTCUSDT", [good, not_an_order])  # type: ignore[list-item]
    with pytest.raises(InputTypeError, match="orders must be a list"):
        await SpotAPI(requester).batch_place_orders("BTCUSDT", good)  # type: ignore[arg-type]
    assert requester.calls == []
    await SpotAPI(requester).batch_place_orders("BTCUSDT", [good, good])
    params = requester.calls[0][2]
    assert params["batchMode"] == "single" and len(params["orderList"]) == 2
    assert params["orderList"][0] == {
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "size": "1",
        "price": "10",
    }


@pytest.mark.anyio
async def test_limits_granularity_and_time_windows() -> None:
    requester = RecordingRequester([])
    spot = SpotAPI(requester)
    with pytest.raises(InputError, match="limit must be between 1 and 150"):
        await spot.orderbook("BTCUSDT", limit=151)
    with pytest.raises(InputError, match="limit must be between 1 and 200"):
        await spot.history_candles("BTCUSDT", "1min", 1_700_000_000_000, limit=201)
    with pytest.raises(InputTypeError, match="limit must be an int"):
        await spot.candles("BTCUSDT", "1min", limit="5")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="granularity"):
        await spot.candles("BTCUSDT", "2min")
    with pytest.raises(InputError, match="either product's spelling works"):
        await spot.candles("BTCUSDT", "1hour")
    with pytest.raises(InputError, match="looks like seconds"):
        await spot.history_candles("BTCUSDT", "1min", 1_700_000_000)
    with pytest.raises(InputError, match="must not be after"):
        await spot.fills(start=1_700_000_000_001, end=1_700_000_000_000)
    with pytest.raises(InputError, match="90 days"):
        await spot.history_orders(start=1_700_000_000_000, end=1_700_000_000_000 + 91 * 86_400_000)
    with pytest.raises(InputError, match="7 days"):
        await spot.trades_history("BTCUSDT", start=1_700_000_000_000, end=1_700_000_000_000 + 8 * 86_400_000)
    with pytest.raises(InputError, match="timezone-aware"):
        await spot.fills(start=datetime(2024, 1, 1))
    assert requester.calls == []
    aware = datetime(2024, 1, 1, tzinfo=UTC)
    await spot.candles("BTCUSDT", Granularity.HOUR_1, start=aware, end=aware + timedelta(hours=5), limit=5)
    await spot.candles("BTCUSDT", "1min")
    first, second = (call[2] for call in requester.calls)
    assert first == {
        "symbol": "BTCUSDT",
        "granularity": "1h",
        "startTime": 1704067200000,
        "endTime": 1704067200000 + 5 * 3_600_000,
        "limit": 5,
    }
    assert second == {"symbol": "BTCUSDT", "granularity": "1min"}


@pytest.mark.anyio
async def test_iter_history_candles_walks_forward_in_windows() -> None:
    """Each request asks for the 200 candles before its endTime; candles come out once each, oldest first."""
    minute = 60_000
    start = 1_700_000_040_000 - 1_700_000_040_000 % minute
    end = start + 500 * minute

    class CandleRequester(RecordingRequester):
        async def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, **_: Any) -> Any:
            assert params is not None
            self.calls.append((method, path, dict(params), False))
            end_time = int(params["endTime"])
            # A server that includes the candle at endTime (the iterator must not care).
            opens = [end_time - i * minute for i in range(int(params["limit"]))][::-1]
            return [[str(t), "1", "2", "0.5", "1.5", "10", "15", "15"] for t in opens]

    requester = CandleRequester()
    candles = [c async for c in SpotAPI(requester).iter_history_candles("BTCUSDT", "1min", start, end)]
    opens = [c.open_time_ms for c in candles]
    assert opens == [start + i * minute for i in range(500)]
    assert len(requester.calls) == 3  # 500 candles, 199 new ones a request
    assert all(call[1] == "/api/v2/spot/market/history-candles" for call in requester.calls)


@pytest.mark.anyio
async def test_iter_history_orders_follows_id_cursor_and_splits_long_windows() -> None:
    class OrderRequester(RecordingRequester):
        async def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, **_: Any) -> Any:
            assert params is not None
            self.calls.append((method, path, dict(params), False))
            below = int(params.get("idLessThan", 6))
            ids = [i for i in range(below - 1, 0, -1)][: int(params["limit"])]
            return [
                {
                    "symbol": "BTCUSDT",
                    "orderId": str(i),
                    "side": "buy",
                    "orderType": "limit",
                    "status": "filled",
                    "size": "1",
                }
                for i in ids
            ]

    requester = OrderRequester()
    day = 86_400_000
    start, end = 1_700_000_000_000, 1_700_000_000_000 + 100 * day
    orders = [o async for o in SpotAPI(requester).iter_history_orders(start=start, end=end, page_size=2)]
    # Two windows (90 days, then 10 days), newest first; each pages down through ids 5..1.
    assert [o.order_id for o in orders] == ["5", "4", "3", "2", "1"] * 2
    windows = [(c[2]["startTime"], c[2]["endTime"]) for c in requester.calls]
    assert windows[0] == (end - 90 * day, end) and windows[-1] == (start, end - 90 * day)
    assert [c[2].get("idLessThan") for c in requester.calls[:3]] == [None, "4", "2"]


@pytest.mark.anyio
async def test_iterators_check_their_range_before_the_first_request() -> None:
    requester = RecordingRequester([])
    spot = SpotAPI(requester)
    with pytest.raises(InputError, match=r"start .* must be before end"):
        await anext(spot.iter_history_candles("BTCUSDT", "1min", 1_700_000_060_000, 1_700_000_000_000))
    with pytest.raises(InputError, match="page_size must be between 1 and 100"):
        await anext(spot.iter_fills(page_size=500))
    with pytest.raises(InputError, match="coin must look like 'USDT'"):
        await spot.assets("US DT")
    assert requester.calls == []


def test_every_path_the_typed_api_calls_is_in_the_catalogue() -> None:
    """A path missing from the catalogue would get a guessed budget; the typed API uses only known ones."""
    import re
    from pathlib import Path

    import asyncclient.api
    from asyncclient import default_catalogue

    source = "".join(path.read_text() for path in Path(asyncclient.api.__file__).parent.glob("*.py"))
    paths = set(re.findall(r'"(/api/v2/[\w/-]+)"', source))
    # The margin mixins build their paths on the group's base (crossed or isolated): check every pairing.
    bases = set(re.findall(r'_margin_base(?:: str)? = "(/api/v2/[\w/-]+)"', source))
    suffixes = set(re.findall(r'f"\{self\._margin_base\}(/[\w/-]+)"', source))
    assert len(bases) == 2 and len(suffixes) >= 10
    paths = (paths - bases) | {base + suffix for base in bases for suffix in suffixes}
    known = {endpoint.path for endpoint in default_catalogue().values()}
    assert len(paths) >= 45 and paths <= known, paths - known
