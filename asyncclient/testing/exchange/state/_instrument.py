"""Deterministic market data of one instrument: candles, 24-hour statistics, book levels, public trades.

Everything is a pure function of (seed, instrument, time) built on :class:`PriceWalk`; closed candles are
cached because they never change. Prices are floats while generated and leave as strings at the instrument's
precision.
"""

from __future__ import annotations

import hashlib

import attrs

from ._granularity import CandleGrid
from ._walk import FINEST_PERIOD_MS, PriceWalk, noise

__all__ = ["Candle", "Instrument", "Level", "Stats24h", "Trade", "decimals", "salt"]

_MINUTE = 60_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_CACHE_LIMIT = 200_000
#: Interior points sampled inside a month or the candle still open.
_INTERIOR_SAMPLES = 4


def _grid_step(length_ms: int) -> int:
    """The spacing of the points sampled inside a closed candle of fixed length, on the 15-second grid where
    the path turns: every turn for a minute, else a fifth (or, for 3 minutes, a quarter) of the candle."""
    if length_ms <= _MINUTE:
        return FINEST_PERIOD_MS
    parts = 5 if length_ms % (5 * FINEST_PERIOD_MS) == 0 else 4
    return length_ms // parts


def decimals(value: float, places: int) -> str:
    """A float as the exchange writes it: fixed point with ``places`` decimals."""
    return f"{value:.{places}f}"


@attrs.frozen
class Candle:
    start_ms: int
    open: float
    high: float
    low: float
    close: float
    base_volume: float
    #: False for the candle still open (it changes until it closes).
    closed: bool = True


@attrs.frozen
class Stats24h:
    open: float
    high: float
    low: float
    base_volume: float
    open_utc: float


@attrs.frozen
class Level:
    price: float
    size: float


@attrs.frozen
class Trade:
    trade_id: int
    ts: int
    price: float
    size: float
    side: str


def salt(seed: int, key: str, purpose: str) -> int:
    digest = hashlib.blake2b(f"{seed}:{key}:{purpose}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class Instrument:
    """Market data of one instrument; ``key`` (the symbol) and the seed fix its price path."""

    def __init__(self, seed: int, key: str, base_price: float) -> None:
        self.walk = PriceWalk(seed, key, base_price)
        self._volume_salt = salt(seed, key, "volume")
        self._book_salt = salt(seed, key, "book")
        self._trade_salt = salt(seed, key, "trade")
        # Base volume per minute, about 2-20 million USDT a day at the typical price.
        daily_usdt = 2e6 * (5.5 + 4.5 * noise(salt(seed, key, "daily"), 0))
        self._minute_volume = daily_usdt / 1440 / base_price
        self._candles: dict[tuple[str, int], Candle] = {}
        self._stats: tuple[int, Stats24h] | None = None
        self._last: tuple[int, float] = (-1, 0.0)

    def price(self, t_ms: int) -> float:
        """The price at ``t_ms``; the last answer is kept, as one request asks for "now" several times."""
        if self._last[0] != t_ms:
            self._last = (t_ms, self.walk.price(t_ms))
        return self._last[1]

    def candles(self, granularity: CandleGrid, starts: list[int], now_ms: int) -> list[Candle]:
        """The candles opening at ``starts`` (ascending); closed fixed-length ones in one sweep."""
        length = granularity.length_ms
        if length is None:
            return [self.candle(granularity, start, now_ms) for start in starts]
        found: dict[int, Candle] = {}
        missing: list[int] = []
        for start in starts:
            if start + length <= now_ms:
                cached = self._candles.get((granularity.name, start))
                if cached is None:
                    missing.append(start)
                else:
                    found[start] = cached
        if missing:
            step = _grid_step(length)
            per_candle = length // step
            first = missing[0]
            prices = self.walk.prices(first, step, (missing[-1] - first) // step + per_candle + 1)
            for start in missing:
                offset = (start - first) // step
                points = prices[offset : offset + per_candle + 1]
                candle = Candle(start, points[0], max(points), min(points), points[-1], self._volume(start, length))
                found[start] = self._remember(granularity.name, candle)
        return [found[start] if start in found else self.candle(granularity, start, now_ms) for start in starts]

    def candle(self, granularity: CandleGrid, start_ms: int, now_ms: int) -> Candle:
        """The candle opening at ``start_ms``; the one still open ends at ``now_ms``."""
        end_ms = granularity.next(start_ms)
        closed = end_ms <= now_ms
        if closed:
            cached = self._candles.get((granularity.name, start_ms))
            if cached is not None:
                return cached
            if granularity.length_ms is not None:
                return self.candles(granularity, [start_ms], now_ms)[0]
        # A month, or the candle still open: a few points spread over its span.
        last_ms = end_ms if closed else now_ms
        walk = self.walk
        span = last_ms - start_ms
        stride = max(span // (_INTERIOR_SAMPLES + 1) // FINEST_PERIOD_MS * FINEST_PERIOD_MS, FINEST_PERIOD_MS)
        inside = [walk.price(t) for t in range(start_ms + stride, last_ms, stride)][:_INTERIOR_SAMPLES]
        open_price, close = walk.price(start_ms), walk.price(last_ms)
        candle = Candle(
            start_ms,
            open_price,
            max(open_price, close, *inside),
            min(open_price, close, *inside),
            close,
            self._volume(start_ms, max(span, 0)),
            closed,
        )
        return self._remember(granularity.name, candle) if closed else candle

    def _volume(self, start_ms: int, span_ms: int) -> float:
        factor = 1.0 + 0.6 * noise(self._volume_salt, start_ms // _MINUTE)
        return self._minute_volume * span_ms / _MINUTE * factor

    def _remember(self, name: str, candle: Candle) -> Candle:
        if len(self._candles) >= _CACHE_LIMIT:
            self._candles.clear()
        self._candles[(name, candle.start_ms)] = candle
        return candle

    def stats_24h(self, now_ms: int, hourly: CandleGrid, daily_utc: CandleGrid) -> Stats24h:
        """Open, high, low and volume over the last 24 hours, refreshed once a minute."""
        minute = now_ms // _MINUTE
        if self._stats is not None and self._stats[0] == minute:
            return self._stats[1]
        since = now_ms - _DAY
        starts = hourly.starts(hourly.floor(since), now_ms, 25)
        candles = self.candles(hourly, starts, now_ms)
        stats = Stats24h(
            open=self.walk.price(since),
            high=max(candle.high for candle in candles),
            low=min(candle.low for candle in candles),
            base_volume=sum(candle.base_volume for candle in candles[1:]),
            open_utc=self.walk.price(daily_utc.floor(now_ms)),
        )
        self._stats = (minute, stats)
        return stats

    def book(self, now_ms: int, step: float, depth: int) -> tuple[list[Level], list[Level]]:
        """(asks, bids), best first, ``depth`` levels each, ``step`` apart, changing every second."""
        mid = self.price(now_ms)
        best_bid = (mid // step) * step
        second = now_ms // 1000
        asks: list[Level] = []
        bids: list[Level] = []
        for i in range(depth):
            noise_index = second * 1024 + i * 2
            ask_size = (300.0 + 250.0 * noise(self._book_salt, noise_index)) / mid * (1 + i / 10)
            bid_size = (300.0 + 250.0 * noise(self._book_salt, noise_index + 1)) / mid * (1 + i / 10)
            asks.append(Level(best_bid + step * (i + 1), ask_size))
            if best_bid - step * i > 0:
                bids.append(Level(best_bid - step * i, bid_size))
        return asks, bids

    def trade(self, second: int) -> Trade:
        """The one public trade of ``second`` (its id is the second, so ids grow with time)."""
        salt = self._trade_salt
        ts = second * 1000 + int(499.5 * (1.0 + noise(salt, second * 3)))
        price = self.walk.price(ts)
        size = (150.0 + 140.0 * noise(salt, second * 3 + 1)) / price
        side = "buy" if noise(salt, second * 3 + 2) >= 0 else "sell"
        return Trade(second, ts, price, size, side)

    def trades(self, before_id: int, not_before_ms: int, not_after_ms: int, limit: int) -> list[Trade]:
        """Up to ``limit`` trades with id < ``before_id`` inside the time window, newest first."""
        second = min(before_id - 1, not_after_ms // 1000)
        found: list[Trade] = []
        while len(found) < limit and second * 1000 + 999 >= not_before_ms:
            trade = self.trade(second)
            if not_before_ms <= trade.ts <= not_after_ms:
                found.append(trade)
            second -= 1
        return found
