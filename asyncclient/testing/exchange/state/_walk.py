"""A deterministic random walk: the price of an instrument as a pure function of (seed, key, time).

The log-price is a sum of value-noise octaves whose periods grow by 4 from 15 s to about half a year, with
amplitudes growing like the square root of the period, so moves over any lag look like a random walk of the
chosen daily volatility. Any instant, past or future, can be computed on demand, so no history is stored.

Between two multiples of the finest period the path is a straight line, so the extremes over a short interval
are exact (the ends and every 15-second point inside); over long intervals they are sampled.
"""

from __future__ import annotations

import hashlib
import math
from itertools import pairwise
from operator import add

__all__ = ["FINEST_PERIOD_MS", "PriceWalk", "noise"]

FINEST_PERIOD_MS = 15_000
_OCTAVES = 11
_DAY_MS = 86_400_000
_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
#: Beyond this many 15-second points, extremes are sampled rather than exact.
_EXACT_POINTS = 240
_SAMPLES = 120
_UNIT = 2.0**-52


def noise(salt: int, index: int) -> float:
    """A uniform value in [-1, 1) fixed by (salt, index): a multiply-xorshift hash of the index."""
    z = ((salt ^ index) * 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 32)) * 0xD6E8FEB86659FD93) & _MASK
    return (z >> 11) * _UNIT - 1.0


class _Octave:
    """One octave: a lattice point every ``period`` ms with a seeded value in [-amplitude, amplitude)."""

    __slots__ = ("_memo", "_salt", "amplitude", "period")

    def __init__(self, period: int, salt: int, amplitude: float) -> None:
        self.period = period
        self.amplitude = amplitude
        self._salt = salt
        #: The cell last used (index, left, right): neighbouring instants share all but the finest cells.
        self._memo: tuple[int, float, float] = (-1, 0.0, 0.0)

    def lattice(self, first: int, last: int) -> list[float]:
        """The lattice values from index ``first`` to ``last`` inclusive."""
        salt, scale = self._salt, self.amplitude
        return [scale * noise(salt, index) for index in range(first, last + 1)]

    def at(self, t_ms: int) -> float:
        index, offset = divmod(t_ms, self.period)
        memo = self._memo
        if memo[0] != index:
            scale = self.amplitude
            memo = self._memo = (
                index,
                scale * noise(self._salt, index),
                scale * noise(self._salt, index + 1),
            )
        return memo[1] + (memo[2] - memo[1]) * (offset / self.period)

    def on_grid(self, start_ms: int, step_ms: int, count: int) -> list[float]:
        """The octave at ``count`` points ``step_ms`` apart (``step_ms <= period``)."""
        period = self.period
        first = start_ms // period
        lattice = self.lattice(first, (start_ms + step_ms * (count - 1)) // period + 1)
        offset = start_ms - first * period
        if step_ms == period:  # one point per cell, all at the same offset
            fraction = offset / period
            return [left + (right - left) * fraction for left, right in pairwise(lattice)]
        values: list[float] = []
        cell = 0
        while len(values) < count:
            left = lattice[cell]
            slope = (lattice[cell + 1] - left) / period
            points = min(-(-(period - offset) // step_ms), count - len(values))
            base, rise = left + slope * offset, slope * step_ms
            values.extend([base + rise * m for m in range(points)])
            offset += points * step_ms
            cell += offset // period
            offset %= period
        return values


class PriceWalk:
    """The price path of one instrument."""

    __slots__ = ("_log_base", "_octaves")

    def __init__(self, seed: int, key: str, base_price: float, daily_volatility: float = 0.03) -> None:
        octaves: list[_Octave] = []
        for k in range(_OCTAVES):
            period = FINEST_PERIOD_MS * 4**k
            digest = hashlib.blake2b(f"{seed}:{key}:{k}".encode(), digest_size=8).digest()
            amplitude = 0.8 * daily_volatility * math.sqrt(period / _DAY_MS)
            octaves.append(_Octave(period, int.from_bytes(digest, "big"), amplitude))
        self._octaves = tuple(octaves)
        self._log_base = math.log(base_price)

    def price(self, t_ms: int) -> float:
        """The price at ``t_ms``."""
        return math.exp(self._log_base + sum(octave.at(t_ms) for octave in self._octaves))

    def prices(self, start_ms: int, step_ms: int, count: int) -> list[float]:
        """The prices at ``start_ms + i * step_ms`` for i < count: the values of :meth:`price`, in bulk."""
        totals = [self._log_base] * count
        for octave in self._octaves:
            if step_ms <= octave.period:
                part = octave.on_grid(start_ms, step_ms, count)
            else:
                part = [octave.at(start_ms + j * step_ms) for j in range(count)]
            totals = list(map(add, totals, part))
        return [math.exp(total) for total in totals]

    def extremes(self, start_ms: int, end_ms: int) -> tuple[float, float]:
        """(lowest, highest) price over the closed interval [start_ms, end_ms]."""
        values = [self.price(start_ms)]
        if end_ms > start_ms:
            values.append(self.price(end_ms))
            first = -(-start_ms // FINEST_PERIOD_MS) * FINEST_PERIOD_MS
            inside = (end_ms - 1 - first) // FINEST_PERIOD_MS + 1
            if 0 < inside <= _EXACT_POINTS:
                values.extend(self.prices(first, FINEST_PERIOD_MS, inside))
            elif inside > _EXACT_POINTS:
                stride = (end_ms - start_ms) / _SAMPLES
                values.extend(self.price(start_ms + int(stride * i)) for i in range(1, _SAMPLES))
        return min(values), max(values)
