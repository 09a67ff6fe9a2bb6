"""Candle windows as the exchange serves them: the newest ``limit`` buckets up to ``endTime``, oldest first."""

from __future__ import annotations

from collections.abc import Mapping

from ._granularity import Granularity
from ._market import Candle, Instrument
from ._params import Params, invalid, missing

__all__ = ["candle_window"]


def candle_window(
    instrument: Instrument,
    granularities: Mapping[str, Granularity],
    params: Params,
    now_ms: int,
    *,
    max_limit: int,
    end_required: bool = False,
) -> list[Candle]:
    """The candles a ``candles`` or ``history-candles`` request asks for.

    Buckets opening in [startTime, endTime] (endTime defaults to now and never passes it), the newest ``limit`` of
    them, including the one still open.
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
    return [instrument.candle(granularity, s, now_ms) for s in granularity.starts(start, last, limit)]
