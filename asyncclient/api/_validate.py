"""The input checks, as the typed groups call them (``check.symbol(...)``); they live in ``models._checks``."""

from __future__ import annotations

from ..models._checks import (
    amount,
    batch,
    choice,
    client_oid,
    coin,
    granularity,
    limit,
    one_of_ids,
    order_id,
    range_ms,
    symbol,
    text,
    time_ms,
    time_window,
)

__all__ = [
    "amount",
    "batch",
    "choice",
    "client_oid",
    "coin",
    "granularity",
    "limit",
    "one_of_ids",
    "order_id",
    "range_ms",
    "symbol",
    "text",
    "time_ms",
    "time_window",
]
