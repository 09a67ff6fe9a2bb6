"""Candle windows as the exchange serves them: the newest ``limit`` buckets to ``endTime``, oldest first."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

from ..state._granularity import CandleGrid
from ..state._instrument import Candle, Instrument
from ._params import Params, invalid, missing

__all__ = ["CandleRows", "candle_window"]

Spec = TypeVar("Spec")
_ROWS_KEPT = 200_000


class CandleRows(Generic[Spec]):
    """Candles as wire rows; rows of closed candles are kept, as a closed candle never changes."""

    def __init__(self, format_row: Callable[[Candle, Spec], list[str]]) -> None:
        self._format_row = format_row
        self._kept: dict[tuple[str, str, int], list[str]] = {}

    def rows(self, symbol: str, granularity: CandleGrid, candles: list[Candle], spec: Spec) -> list[list[str]]:
        kept = self._kept
        rows: list[list[str]] = []
        for candle in candles:
            key = (symbol, granularity.name, candle.start_ms)
            row = kept.get(key)
            if row is None:
                row = self._format_row(candle, spec)
                if candle.closed:
                    if len(kept) >= _ROWS_KEPT:
                        kept.clear()
                    kept[key] = row
            rows.append(row)
        return rows


def candle_window(
    instrument: Instrument,
    granularities: Mapping[str, CandleGrid],
    params: Params,
    now_ms: int,
    *,
    max_limit: int,
    end_required: bool = False,
) -> tuple[CandleGrid, list[Candle]]:
    """The granularity and the candles a ``candles`` or ``history-candles`` request asks for.

    Buckets opening in [startTime, endTime] (endTime defaults to now and never passes it), the newest
    ``limit`` of them, including the one still open.
    """
    name = params.required("granularity")
    granularity = granularities.get(name)
    if granularity is None:
        raise invalid("granularity")
    start = params.integer("startTime", default=0, low=0)
    end = params.integer("endTime", low=0)
    if end is None and end_required:
        raise missing("endTime")
    limit = params.limit(default=100, maximum=max_limit)
    assert start is not None
    last = now_ms if end is None else min(end, now_ms)
    return granularity, instrument.candles(granularity, granularity.starts(start, last, limit), now_ms)
