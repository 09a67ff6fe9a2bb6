"""The price walk behind the simulated exchange: a pure function of (seed, symbol, time), the same one or in
bulk, with exact extremes on short intervals, and the candles, fills and quotes built on it agree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncclient.testing._routing import SimError, SimRequest
from asyncclient.testing.exchange import Exchange
from asyncclient.testing.exchange.endpoints._params import Params
from asyncclient.testing.exchange.state._granularity import SPOT_GRANULARITIES
from asyncclient.testing.exchange.state._walk import FINEST_PERIOD_MS, PriceWalk

NOW = 1_732_540_123_456
WALK = PriceWalk(seed=1, key="BTCUSDT", base_price=60_000.0)


def test_a_walk_is_a_pure_function_of_seed_key_and_time() -> None:
    again = PriceWalk(seed=1, key="BTCUSDT", base_price=60_000.0)
    times = [NOW + k * 7_919 for k in range(50)]
    assert [WALK.price(t) for t in times] == [again.price(t) for t in reversed(times)][::-1]
    assert WALK.price(NOW) != PriceWalk(seed=2, key="BTCUSDT", base_price=60_000.0).price(NOW)
    assert WALK.price(NOW) != PriceWalk(seed=1, key="ETHUSDT", base_price=60_000.0).price(NOW)


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=1_500_000_000_000, max_value=1_900_000_000_000),
    step=st.sampled_from([1_000, 7_000, 15_000, 45_000, 60_000, 720_000, 17_280_000]),
    count=st.integers(min_value=1, max_value=300),
)
def test_bulk_prices_equal_single_prices(start: int, step: int, count: int) -> None:
    bulk = WALK.prices(start, step, count)
    single = [WALK.price(start + i * step) for i in range(count)]
    assert len(bulk) == count
    assert all(abs(a / b - 1) < 1e-12 for a, b in zip(bulk, single, strict=True))


@settings(max_examples=40, deadline=None)
@given(
    start=st.integers(min_value=1_600_000_000_000, max_value=1_800_000_000_000),
    length=st.integers(min_value=0, max_value=3_000_000),
)
def test_extremes_over_a_short_interval_are_exact(start: int, length: int) -> None:
    low, high = WALK.extremes(start, start + length)
    # The path is straight between 15-second points, so a dense sampling never goes outside [low, high] ...
    dense = [WALK.price(t) for t in range(start, start + length + 1, max(length // 200, 1))]
    assert low <= min(dense) + 1e-9 and max(dense) - 1e-9 <= high
    # ... and the extremes are reached at the ends or at a 15-second point.
    turns = [WALK.price(start), WALK.price(start + length)]
    first = -(-start // FINEST_PERIOD_MS) * FINEST_PERIOD_MS
    turns += [WALK.price(t) for t in range(first, start + length, FINEST_PERIOD_MS)]
    assert low == pytest.approx(min(turns), rel=1e-12) and high == pytest.approx(max(turns), rel=1e-12)


def test_one_minute_candles_bound_every_trade_and_fill() -> None:
    exchange = Exchange(seed=4)
    handlers = exchange.handlers()

    def get(path: str, params: dict[str, str], uid: str | None = None, now: int = NOW) -> Any:
        return handlers[("GET", path)](SimRequest("GET", path, params, uid, now))

    start = NOW - 20 * 60_000
    candles = get(
        "/api/v2/spot/market/candles",
        {"symbol": "BTCUSDT", "granularity": "1min", "startTime": str(start), "endTime": str(NOW)},
    )
    bounds = {int(row[0]): (float(row[3]), float(row[2])) for row in candles}
    trades = get(
        "/api/v2/spot/market/fills-history",
        {"symbol": "BTCUSDT", "startTime": str(start), "endTime": str(NOW), "limit": "1000"},
    )
    assert len(trades) > 1000 * 0.9
    for trade in trades:
        low, high = bounds[int(trade["ts"]) // 60_000 * 60_000]
        assert low - 0.01 <= float(trade["price"]) <= high + 0.01
    # A resting buy placed just above the lowest price of the next minutes fills, and at a price a candle saw.
    exchange.open_account("9", {"USDT": Decimal(100_000)})
    later = NOW + 30 * 60_000
    low, _ = exchange.markets.instruments["BTCUSDT"].walk.extremes(NOW, later)
    price = (Decimal(repr(low)) + Decimal("0.01")).quantize(Decimal("0.01"))
    order = {"symbol": "BTCUSDT", "side": "buy", "orderType": "limit", "force": "gtc", "price": str(price)}
    placed = handlers[("POST", "/api/v2/spot/trade/place-order")](
        SimRequest("POST", "/api/v2/spot/trade/place-order", {**order, "size": "0.01"}, "9", NOW)
    )
    info = get("/api/v2/spot/trade/orderInfo", {"orderId": placed["orderId"]}, "9", later)
    assert info[0]["status"] == "filled"
    after = get(
        "/api/v2/spot/market/candles",
        {"symbol": "BTCUSDT", "granularity": "1min", "startTime": str(NOW), "endTime": str(later)},
        now=later,
    )
    assert min(float(row[3]) for row in after) <= float(price)


def test_granularity_buckets_tile_time() -> None:
    for name, bucket in SPOT_GRANULARITIES.items():
        start = bucket.floor(NOW)
        assert start <= NOW < bucket.next(start), name
        assert bucket.previous(bucket.next(start)) == start, name
        assert bucket.floor(bucket.next(start) - 1) == start, name


def test_a_body_that_is_not_an_object_is_refused() -> None:
    try:
        Params(["not", "an", "object"])  # type: ignore[arg-type]
    except SimError as error:
        assert error.code == "40017"
    else:
        raise AssertionError("a JSON array was accepted as parameters")
