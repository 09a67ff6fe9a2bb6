"""A deterministic random walk: the price of an instrument as a pure function of (seed, key, time).

The log-price is a sum of value-noise octaves whose periods grow by 4 from 15 s to about half a year, with
amplitudes growing like the square root of the period, so moves over any lag look like a random walk of the chosen
daily volatility. Any instant (past or future) costs a few dozen integer operations, so any window of candles or
trades can be computed on demand and never has to be stored.

Between two multiples of the finest period the path is a straight line, so the extremes over a short interval are
exact (the ends and every 15-second point inside); over long intervals they are sampled.
"""

from __future__ import annotations

import hashlib
import math

__all__ = ["FINEST_PERIOD_MS", "PriceWalk", "noise"]

FINEST_PERIOD_MS = 15_000
_OCTAVES = 11
_DAY_MS = 86_400_000
_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
#: Beyond this many 15-second points, extremes are sampled rather than exact.
_EXACT_POINTS = 240
_SAMPLES = 120


def noise(salt: int, index: int) -> float:
    """A uniform value in [-1, 1) fixed by (salt, index): the splitmix64 finaliser."""
    z = (salt + index * _GOLDEN) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z ^= z >> 31
    return z / 9223372036854775808.0 - 1.0


class PriceWalk:
    """The price path of one instrument."""

    __slots__ = ("_log_base", "_memo", "_octaves")

    def __init__(self, seed: int, key: str, base_price: float, daily_volatility: float = 0.03) -> None:
        octaves: list[tuple[int, int, float]] = []
        for k in range(_OCTAVES):
            period = FINEST_PERIOD_MS * 4**k
            digest = hashlib.blake2b(f"{seed}:{key}:{k}".encode(), digest_size=8).digest()
            amplitude = 0.8 * daily_volatility * math.sqrt(period / _DAY_MS)
            octaves.append((period, int.from_bytes(digest, "big"), amplitude))
        self._octaves = tuple(octaves)
        # The lattice values last used per octave: neighbouring instants share all but the finest ones.
        self._memo: list[tuple[int, float, float]] = [(-1, 0.0, 0.0)] * _OCTAVES
        self._log_base = math.log(base_price)

    def price(self, t_ms: int) -> float:
        """The price at ``t_ms``."""
        total = self._log_base
        memo = self._memo
        for k, (period, salt, amplitude) in enumerate(self._octaves):
            index, offset = divmod(t_ms, period)
            cached = memo[k]
            if cached[0] == index:
                left, right = cached[1], cached[2]
            else:
                left, right = noise(salt, index), noise(salt, index + 1)
                memo[k] = (index, left, right)
            total += amplitude * (left + (right - left) * (offset / period))
        return math.exp(total)

    def extremes(self, start_ms: int, end_ms: int) -> tuple[float, float]:
        """(lowest, highest) price over the closed interval [start_ms, end_ms]."""
        values = [self.price(start_ms)]
        if end_ms > start_ms:
            values.append(self.price(end_ms))
            first = -(-start_ms // FINEST_PERIOD_MS) * FINEST_PERIOD_MS
            if (end_ms - first) // FINEST_PERIOD_MS <= _EXACT_POINTS:
                values.extend(self.price(t) for t in range(first, end_ms, FINEST_PERIOD_MS))
            else:
                stride = (end_ms - start_ms) / _SAMPLES
                values.extend(self.price(start_ms + int(stride * i)) for i in range(1, _SAMPLES))
        return min(values), max(values)
