"""The demo report's figures gathered from the limiter's scopes and from the embedded simulator's records."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .._limiter import LimiterStats
from .demo_report import ScopeWaits

__all__ = ["SimFigures", "scope_waits", "sim_figures"]


def scope_waits(limiter: LimiterStats | None) -> tuple[ScopeWaits, ...]:
    """Per limiter scope: its budget, requests sent, how many waited and for how long."""
    if limiter is None:
        return ()
    return tuple(
        ScopeWaits(
            scope=name,
            limit=f"{scope.limit}/{scope.window:g}s",
            sent=scope.sent,
            waited=scope.waited,
            avg_wait_ms=round(scope.total_wait / scope.waited * 1000, 2) if scope.waited else 0.0,
            max_wait_ms=round(scope.max_wait * 1000, 2),
        )
        for name, scope in sorted(limiter.items())
    )


@attrs.frozen
class SimFigures:
    """What the embedded simulator saw (all None or empty against a real exchange)."""

    by_endpoint: dict[str, int] = attrs.Factory(dict)
    faults: dict[str, int] = attrs.Factory(dict)
    seen: int | None = None
    limit_429s: int | None = None
    injected_429s: int | None = None
    exchange_orders: Mapping[str, Sequence[Mapping[str, Any]]] | None = None


def sim_figures(sim: Any | None, uid: str | None) -> SimFigures:
    """Requests per endpoint, injected faults and 429s, and the orders the simulator holds (``sim`` is its app)."""
    if sim is None:
        return SimFigures()
    by_endpoint: dict[str, int] = {}
    for (method, path, _status), count in sim.records.counts.items():
        key = f"{method} {path}"
        by_endpoint[key] = by_endpoint.get(key, 0) + count
    faults = Counter(request.fault for request in sim.records.requests if request.fault)
    injected = sum(1 for request in sim.records.requests if request.status == 429 and request.fault == "rate_limit")
    return SimFigures(
        by_endpoint=by_endpoint,
        faults=dict(faults),
        seen=sim.records.total,
        limit_429s=sim.records.rate_limited - injected,
        injected_429s=injected,
        exchange_orders=sim.orders_by_client_oid(uid) if uid is not None else None,
    )
