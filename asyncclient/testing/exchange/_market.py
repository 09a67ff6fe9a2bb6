"""Deterministic market data for one instrument: candles, 24-hour statistics, order book levels and public trades.

Everything is a pure function of (seed, instrument, time) built on :class:`PriceWalk`; closed candles are cached
because they never change. Prices are floats while generated and leave as strings at the instrument's precision.
"""

from __future__ import annotations

import hashlib

import attrs

from ._granularity import Granularity
from ._walk import FINEST_PERIOD_MS, PriceWalk, noise

__all__ = ["Candle", "Instrument", "Level", "Stats24h", "Trade", "decimals", "salt"]

_MINUTE = 60_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_CACHE_LIMIT = 200_000
#: Interior points sampled inside a candle longer than a minute (a minute has three breakpoints, all exact).
_INTERIOR_SAMPLES = 4


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

    def price(self, t_ms: int) -> float:
        return self.walk.price(t_ms)

    def candle(self, granularity: Granularity, start_ms: int, now_ms: int) -> Candle:
        """The candle opening at ``start_ms``; the one still open ends at ``now_ms``."""
        end_ms = granularity.next(start_ms)
        closed = end_ms <= now_ms
        key = (granularity.name, start_ms)
        if closed:
            cached = self._candles.get(key)
            if cached is not None:
                return cached
        last_ms = end_ms if closed else now_ms
        walk = self.walk
        open_price = walk.price(start_ms)
        close = walk.price(last_ms)
        span = last_ms - start_ms
        if span <= _MINUTE:
            first = -(-start_ms // FINEST_PERIOD_MS) * FINEST_PERIOD_MS
            inside = [walk.price(t) for t in range(first, last_ms, FINEST_PERIOD_MS) if t > start_ms]
        else:
            stride = span // (_INTERIOR_SAMPLES + 1) // FINEST_PERIOD_MS * FINEST_PERIOD_MS or FINEST_PERIOD_MS
            inside = [walk.price(start_ms + stride * i) for i in range(1, _INTERIOR_SAMPLES + 1)]
        high = max(open_price, close, *inside)
        low = min(open_price, close, *inside)
        minutes = max(span, 0) / _MINUTE
        factor = 1.0 + 0.6 * noise(self._volume_salt, start_ms // _MINUTE)
        candle = Candle(start_ms, open_price, high, low, close, self._minute_volume * minutes * factor)
        if closed:
            if len(self._candles) >= _CACHE_LIMIT:
                self._candles.clear()
            self._candles[key] = candle
        return candle

    def stats_24h(self, now_ms: int, hourly: Granularity, daily_utc: Granularity) -> Stats24h:
        """Open, high, low and volume over the last 24 hours, refreshed once a minute."""
        minute = now_ms // _MINUTE
        if self._stats is not None and self._stats[0] == minute:
            return self._stats[1]
        since = now_ms - _DAY
        starts = hourly.starts(hourly.floor(since), now_ms, 25)
        candles = [self.candle(hourly, start, now_ms) for start in starts]
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
        mid = self.walk.price(now_ms)
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
