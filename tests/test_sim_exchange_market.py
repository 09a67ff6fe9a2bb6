"""The simulated exchange's public market data, called through its handlers (no HTTP): determinism, candle
windows and granularities, order books, tickers, trade paging and the parameter errors."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from asyncclient.testing import Simulator
from asyncclient.testing._routing import SimError, SimRequest
from asyncclient.testing.exchange import Exchange
from asyncclient.testing.exchange.state._granularity import MIX_GRANULARITIES, SPOT_GRANULARITIES

NOW = 1_732_540_123_456  # 2024-11-25T13:08:43.456Z
MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
FUTURES = {"productType": "USDT-FUTURES"}


def get(exchange: Exchange, path: str, params: dict[str, str] | None = None, now: int = NOW) -> Any:
    handler = exchange.handlers()[("GET", path)]
    return handler(SimRequest("GET", path, params or {}, None, now))


def error_of(exchange: Exchange, path: str, params: dict[str, str]) -> tuple[str, str]:
    with pytest.raises(SimError) as caught:
        get(exchange, path, params)
    return caught.value.code, caught.value.msg


def test_same_seed_same_answers_other_seed_other_prices() -> None:
    paths = [
        ("/api/v2/spot/market/tickers", {}),
        ("/api/v2/spot/market/candles", {"symbol": "ETHUSDT", "granularity": "5min", "limit": "50"}),
        ("/api/v2/spot/market/orderbook", {"symbol": "SOLUSDT", "limit": "20"}),
        ("/api/v2/spot/market/fills-history", {"symbol": "BTCUSDT", "limit": "50"}),
        ("/api/v2/mix/market/tickers", FUTURES),
    ]
    one, again, other = Exchange(seed=7), Exchange(seed=7), Exchange(seed=8)
    for path, params in paths:
        assert get(one, path, params) == get(again, path, params), path
    assert get(one, *paths[0])[0]["lastPr"] != get(other, *paths[0])[0]["lastPr"]


def test_price_moves_with_time_and_stays_plausible() -> None:
    exchange = Exchange()
    prices = [
        float(get(exchange, "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"}, NOW + i * HOUR)[0]["lastPr"])
        for i in range(48)
    ]
    assert len(set(prices)) > 40
    assert all(20_000 < price < 180_000 for price in prices)
    moves = [abs(b / a - 1) for a, b in pairwise(prices)]
    assert max(moves) < 0.05  # an hour never moves 5 % with 3 % daily volatility


def test_symbols_and_contracts_carry_their_rules() -> None:
    exchange = Exchange()
    symbols = get(exchange, "/api/v2/spot/public/symbols")
    assert len(symbols) >= 24
    btc = next(row for row in symbols if row["symbol"] == "BTCUSDT")
    assert btc["pricePrecision"] == "2" and btc["quantityPrecision"] == "6" and btc["status"] == "online"
    assert btc["minTradeUSDT"] == "5"
    assert get(exchange, "/api/v2/spot/public/symbols", {"symbol": "ethusdt"})[0]["symbol"] == "ETHUSDT"
    contracts = get(exchange, "/api/v2/mix/market/contracts", {"productType": "usdt-futures"})
    eth = next(row for row in contracts if row["symbol"] == "ETHUSDT")
    assert (eth["pricePlace"], eth["volumePlace"], eth["sizeMultiplier"], eth["minTradeNum"]) == (
        "2",
        "2",
        "0.01",
        "0.01",
    )
    coins = get(exchange, "/api/v2/spot/public/coins", {"coin": "btc"})
    assert [row["coin"] for row in coins] == ["BTC"]


@pytest.mark.parametrize("granularity", list(SPOT_GRANULARITIES))
def test_spot_candles_every_granularity_consistent(granularity: str) -> None:
    rows = get(
        Exchange(),
        "/api/v2/spot/market/candles",
        {"symbol": "BTCUSDT", "granularity": granularity, "limit": "30"},
    )
    assert 1 <= len(rows) <= 30
    assert all(len(row) == 8 and all(isinstance(cell, str) for cell in row) for row in rows)
    starts = [int(row[0]) for row in rows]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert starts[-1] <= NOW
    bucket = SPOT_GRANULARITIES[granularity]
    for start, following in pairwise(starts):
        assert bucket.floor(start) == start
        assert bucket.next(start) == following  # consecutive buckets, no gaps
    for row in rows:
        opened, high, low, close = (float(cell) for cell in row[1:5])
        assert high >= max(opened, close) >= min(opened, close) >= low > 0
    for before, after in pairwise(rows):
        assert before[4] == after[1]  # each candle opens where the previous one closed


@pytest.mark.parametrize("granularity", ["1m", "15m", "1H", "4H", "1D", "1W", "1M", "6Hutc", "1Dutc"])
def test_mix_candles_are_seven_strings(granularity: str) -> None:
    rows = get(
        Exchange(),
        "/api/v2/mix/market/candles",
        {**FUTURES, "symbol": "BTCUSDT", "granularity": granularity, "limit": "5"},
    )
    assert len(rows) == 5
    assert all(len(row) == 7 for row in rows)
    bucket = MIX_GRANULARITIES[granularity]
    assert all(bucket.floor(int(row[0])) == int(row[0]) for row in rows)


def test_daily_and_monthly_candles_open_at_utc_plus_8_midnight() -> None:
    exchange = Exchange()
    params = {"symbol": "BTCUSDT", "limit": "3"}
    daily = get(exchange, "/api/v2/spot/market/candles", {**params, "granularity": "1day"})
    assert all(int(row[0]) % DAY == 16 * HOUR for row in daily)
    daily_utc = get(exchange, "/api/v2/spot/market/candles", {**params, "granularity": "1Dutc"})
    assert all(int(row[0]) % DAY == 0 for row in daily_utc)
    monthly = get(exchange, "/api/v2/spot/market/candles", {**params, "granularity": "1M"})
    # 2024-08-31, 09-30 and 10-31 at 16:00 UTC are the first days of September, October, November in UTC+8.
    assert [int(row[0]) for row in monthly] == [1725120000000, 1727712000000, 1730390400000]


def test_candle_window_start_end_and_limit() -> None:
    exchange = Exchange()
    base = {"symbol": "ETHUSDT", "granularity": "1min"}
    end = (NOW - 10 * HOUR) // MINUTE * MINUTE + 1_234  # inside a minute
    rows = get(exchange, "/api/v2/spot/market/candles", {**base, "endTime": str(end), "limit": "100"})
    assert len(rows) == 100
    assert int(rows[-1][0]) == end // MINUTE * MINUTE  # newest bucket opening at or before endTime
    start = end - 30 * MINUTE
    window = get(exchange, "/api/v2/spot/market/candles", {**base, "startTime": str(start), "endTime": str(end)})
    assert [int(row[0]) for row in window] == list(range(start - 1_234 + MINUTE, end, MINUTE))
    capped = get(exchange, "/api/v2/spot/market/candles", {**base, "limit": "5000"})
    assert len(capped) == 1000
    # The same bucket asked through different windows is the same candle.
    assert window[-1] == rows[-1]


def test_history_candles_need_end_time_and_cap_at_200() -> None:
    exchange = Exchange()
    path = "/api/v2/spot/market/history-candles"
    assert error_of(exchange, path, {"symbol": "BTCUSDT", "granularity": "1h"}) == (
        "40019",
        "Parameter endTime cannot be empty",
    )
    rows = get(exchange, path, {"symbol": "BTCUSDT", "granularity": "1h", "endTime": str(NOW), "limit": "500"})
    assert len(rows) == 200
    recent = get(exchange, "/api/v2/spot/market/candles", {"symbol": "BTCUSDT", "granularity": "1h"})
    closed = [row for row in recent if int(row[0]) + HOUR <= NOW]
    assert closed[-1] in rows  # closed candles are identical from either endpoint


def test_market_parameter_errors() -> None:
    exchange = Exchange()
    candles = "/api/v2/spot/market/candles"
    assert error_of(exchange, candles, {"granularity": "1min"})[0] == "40019"
    assert error_of(exchange, candles, {"symbol": "BTCUSDT", "granularity": "2min"}) == (
        "40020",
        "Parameter granularity error",
    )
    assert error_of(exchange, candles, {"symbol": "NOPEUSDT", "granularity": "1min"})[0] == "40034"
    assert error_of(exchange, candles, {"symbol": "BTCUSDT", "granularity": "1min", "limit": "x"})[0] == "40020"
    assert error_of(exchange, "/api/v2/mix/market/tickers", {})[0] == "40019"
    mix_candles = {**FUTURES, "symbol": "BTCUSDT", "granularity": "1m", "kLineType": "LAST"}
    assert error_of(exchange, "/api/v2/mix/market/candles", mix_candles)[0] == "40020"
    spot_name = {**mix_candles, "kLineType": "MARK", "granularity": "1min"}  # a spot granularity name
    assert error_of(exchange, "/api/v2/mix/market/candles", spot_name)[0] == "40020"
    assert error_of(exchange, "/api/v2/mix/market/tickers", {"productType": "OTHER-FUTURES"})[0] == "40020"
    assert error_of(exchange, "/api/v2/spot/market/orderbook", {"symbol": "BTCUSDT", "type": "step9"})[0] == ("40020")


def test_orderbook_is_sorted_and_spread_is_one_tick() -> None:
    exchange = Exchange()
    book = get(exchange, "/api/v2/spot/market/orderbook", {"symbol": "BTCUSDT", "limit": "20"})
    asks = [float(price) for price, _ in book["asks"]]
    bids = [float(price) for price, _ in book["bids"]]
    assert len(asks) == len(bids) == 20
    assert asks == sorted(asks) and bids == sorted(bids, reverse=True)
    assert round(asks[0] - bids[0], 2) == 0.01
    ticker = get(exchange, "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"})[0]
    assert (ticker["bidPr"], ticker["askPr"]) == (book["bids"][0][0], book["asks"][0][0])
    merged = get(exchange, "/api/v2/spot/market/merge-depth", {"symbol": "BTCUSDT", "precision": "scale2"})
    assert merged["scale"] == "1" and len(merged["asks"]) == 100
    mix = get(exchange, "/api/v2/mix/market/merge-depth", {**FUTURES, "symbol": "BTCUSDT", "limit": "5"})
    assert len(mix["bids"]) == 5 and isinstance(mix["bids"][0][0], float)  # numbers, as documented


def test_ticker_24h_figures_hold_together() -> None:
    for ticker in get(Exchange(), "/api/v2/spot/market/tickers"):
        last, high, low = float(ticker["lastPr"]), float(ticker["high24h"]), float(ticker["low24h"])
        assert low <= last <= high, ticker["symbol"]
        assert float(ticker["change24h"]) == pytest.approx(last / float(ticker["open"]) - 1, abs=1e-4)
        assert float(ticker["askPr"]) > float(ticker["bidPr"])


def test_trade_history_paging_covers_every_trade_once() -> None:
    exchange = Exchange()
    path = "/api/v2/spot/market/fills-history"
    start = NOW - 30 * MINUTE
    window = {"symbol": "BTCUSDT", "startTime": str(start), "endTime": str(NOW), "limit": "400"}
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page = get(exchange, path, window if cursor is None else {**window, "idLessThan": cursor})
        seen.extend(row["tradeId"] for row in page)
        assert [int(row["ts"]) for row in page] == sorted((int(row["ts"]) for row in page), reverse=True)
        if len(page) < 400:
            break
        cursor = page[-1]["tradeId"]
    assert len(seen) == len(set(seen))
    assert len(seen) in (1800, 1801)  # one trade a second over 30 minutes
    everything = get(exchange, path, {**window, "limit": "1000"}) + get(
        exchange, path, {**window, "limit": "1000", "idLessThan": seen[999]}
    )
    assert [row["tradeId"] for row in everything] == seen
    recent = get(exchange, "/api/v2/spot/market/fills", {"symbol": "BTCUSDT", "limit": "3"})
    assert [row["tradeId"] for row in recent] == seen[:3]


def test_futures_public_endpoints() -> None:
    exchange = Exchange()
    symbol = {**FUTURES, "symbol": "BTCUSDT"}
    ticker = get(exchange, "/api/v2/mix/market/ticker", symbol)
    assert len(ticker) == 1 and ticker[0]["symbol"] == "BTCUSDT"
    price = get(exchange, "/api/v2/mix/market/symbol-price", symbol)[0]
    assert price["price"] == ticker[0]["lastPr"] == price["markPrice"]
    rates = get(exchange, "/api/v2/mix/market/current-fund-rate", FUTURES)
    assert len(rates) == len(get(exchange, "/api/v2/mix/market/contracts", FUTURES))
    assert all(abs(float(rate["fundingRate"])) < 0.001 for rate in rates)
    interest = get(exchange, "/api/v2/mix/market/open-interest", symbol)
    assert float(interest["openInterestList"][0]["size"]) > 0
    history = get(exchange, "/api/v2/mix/market/fills-history", {**symbol, "limit": "10"})
    assert {row["side"] for row in history} <= {"Buy", "Sell"}
    older = get(exchange, "/api/v2/mix/market/history-candles", {**symbol, "granularity": "1H", "limit": "500"})
    assert len(older) == 200


def test_margin_currencies_is_a_public_endpoint_listing_the_margin_pairs() -> None:
    """Listing spot markets (ccxt's ``load_markets``) also asks for the margin pairs."""
    path = "/api/v2/margin/currencies"
    pairs = get(Exchange(), path)
    assert "BTCUSDT" in {pair["symbol"] for pair in pairs} and all(pair["isBorrowable"] is True for pair in pairs)
    route = Simulator().app.routes[("GET", path)]
    assert route.endpoint.known and not route.endpoint.signed  # served without a signature, 10/s per IP
    assert route.endpoint.limit.per_second == 10


def test_trade_rate_answers_the_listed_fee_rates_of_a_spot_pair_or_contract() -> None:
    """``GET /api/v2/common/trade-rate`` (ccxt's ``fetch_trading_fee``), shaped like the documented sample."""
    exchange = Exchange()
    path = "/api/v2/common/trade-rate"
    spot = get(exchange, path, {"symbol": "BTCUSDT", "businessType": "spot"})
    assert spot == {"makerFeeRate": "0.001", "takerFeeRate": "0.001"}
    futures = get(exchange, path, {"symbol": "BTCUSDT", "businessType": "MIX"})
    assert futures == {"makerFeeRate": "0.0002", "takerFeeRate": "0.0006"}
    assert error_of(exchange, path, {"symbol": "BTCUSDT"})[0] == "40019"
    assert error_of(exchange, path, {"businessType": "spot"})[0] == "40019"
    assert error_of(exchange, path, {"symbol": "BTCUSDT", "businessType": "margin"})[0] == "40020"
    assert error_of(exchange, path, {"symbol": "NOPEUSDT", "businessType": "spot"})[0] == "40034"
    assert Simulator().app.routes[("GET", path)].endpoint.signed
