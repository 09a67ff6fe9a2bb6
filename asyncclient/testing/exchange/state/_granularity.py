"""Candle granularities and where their buckets start: each name's :class:`CandleGrid`.

(Named apart from :class:`asyncclient.models.Granularity`, the client's enum of the names: a grid is what the
simulator needs of one name, its length, time zone and week anchor.)

The exchange opens hour-and-longer candles without a ``utc`` suffix on UTC+8 boundaries (its own samples show
daily and monthly candles opening at 16:00 UTC); the ``...utc`` variants open on UTC boundaries. Weeks open on
Monday.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import attrs

__all__ = ["MIX_GRANULARITIES", "SPOT_GRANULARITIES", "CandleGrid"]

_MINUTE = 60_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_ASIA = 8 * _HOUR
#: 1970-01-05, the first Monday after the epoch.
_FIRST_MONDAY = 4 * _DAY


@attrs.frozen
class CandleGrid:
    """Where the candles of one granularity start: a fixed length (``length_ms``) or a calendar month
    (``length_ms`` None), in a time zone."""

    name: str
    length_ms: int | None
    zone_ms: int = 0
    anchor_ms: int = 0

    def floor(self, t_ms: int) -> int:
        """The start of the bucket holding ``t_ms``."""
        if self.length_ms is None:
            local = datetime.fromtimestamp((t_ms + self.zone_ms) / 1000, UTC)
            start = datetime(local.year, local.month, 1, tzinfo=UTC)
            return int(start.timestamp() * 1000) - self.zone_ms
        shift = self.anchor_ms - self.zone_ms
        return (t_ms - shift) // self.length_ms * self.length_ms + shift

    def next(self, start_ms: int) -> int:
        """The start of the bucket after the one starting at ``start_ms``."""
        if self.length_ms is not None:
            return start_ms + self.length_ms
        local = datetime.fromtimestamp((start_ms + self.zone_ms) / 1000, UTC)
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        return int(datetime(year, month, 1, tzinfo=UTC).timestamp() * 1000) - self.zone_ms

    def previous(self, start_ms: int) -> int:
        """The start of the bucket before the one starting at ``start_ms``."""
        if self.length_ms is not None:
            return start_ms - self.length_ms
        return self.floor(start_ms - 1)

    def starts(self, first_ms: int, last_ms: int, limit: int) -> list[int]:
        """Up to ``limit`` bucket starts in [first_ms, last_ms], the newest ones, oldest first."""
        if last_ms < first_ms:
            return []
        newest = self.floor(last_ms)
        if self.length_ms is not None:
            oldest = max(newest - (limit - 1) * self.length_ms, self.floor(first_ms))
            if oldest < first_ms:
                oldest += self.length_ms
            return list(range(oldest, newest + 1, self.length_ms))
        starts: list[int] = []
        start = newest
        while start >= first_ms and len(starts) < limit:
            starts.append(start)
            start = self.previous(start)
        starts.reverse()
        return starts


def _table(names: tuple[str, ...]) -> Mapping[str, CandleGrid]:
    """Granularities by name, in the order 1m 3m 5m 15m 30m 1h 4h 6h 12h 1d 3d 1w 1M then the utc variants."""
    fixed = (1, 3, 5, 15, 30, 60, 240, 360, 720, 1440, 4320)
    table: dict[str, CandleGrid] = {}
    for name, minutes in zip(names[:11], fixed, strict=True):
        zone = _ASIA if minutes >= 360 else 0
        table[name] = CandleGrid(name, minutes * _MINUTE, zone_ms=zone)
    table[names[11]] = CandleGrid(names[11], 7 * _DAY, zone_ms=_ASIA, anchor_ms=_FIRST_MONDAY)
    table[names[12]] = CandleGrid(names[12], None, zone_ms=_ASIA)
    for name, minutes in (("6Hutc", 360), ("12Hutc", 720), ("1Dutc", 1440), ("3Dutc", 4320)):
        table[name] = CandleGrid(name, minutes * _MINUTE)
    table["1Wutc"] = CandleGrid("1Wutc", 7 * _DAY, anchor_ms=_FIRST_MONDAY)
    table["1Mutc"] = CandleGrid("1Mutc", None)
    return table


SPOT_GRANULARITIES = _table(
    ("1min", "3min", "5min", "15min", "30min", "1h", "4h", "6h", "12h", "1day", "3day", "1week", "1M")
)
MIX_GRANULARITIES = _table(("1m", "3m", "5m", "15m", "30m", "1H", "4H", "6H", "12H", "1D", "3D", "1W", "1M"))
