"""Shared by the typed groups: unset parameters dropped, list answers, amounts, checked list queries."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from ..models._requests import Amount
from . import _validate as check

__all__ = ["Amount", "Time", "as_rows", "drop_none", "now_ms", "optional_amount", "symbol_list_query"]

#: A time: epoch milliseconds or an aware datetime.
Time = int | datetime


def drop_none(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters without the ones left unset (the exchange reads a missing key as "no filter")."""
    return {key: value for key, value in params.items() if value is not None}


def now_ms() -> int:
    """This machine's time in epoch ms: the default ``end`` of a history query (a skew of seconds is harmless)."""
    return int(time.time() * 1000)


def as_rows(data: Any) -> list[Any]:
    """A list answer; ``null`` (or anything else) means no rows."""
    return list(data) if isinstance(data, list) else []


def optional_amount(value: Amount | None, name: str) -> str | None:
    return None if value is None else check.amount(value, name)


def symbol_list_query(
    symbol: str | None,
    start: Time | None,
    end: Time | None,
    id_less_than: str | None,
    limit: int | None,
    *,
    max_span_ms: int,
    max_limit: int,
) -> dict[str, Any]:
    """The parameters of an order or fill list: optional symbol, time window, ``idLessThan`` cursor, page size."""
    start_ms, end_ms = check.time_window(start, end, max_span_ms=max_span_ms)
    return {
        "symbol": None if symbol is None else check.symbol(symbol),
        "startTime": start_ms,
        "endTime": end_ms,
        "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
        "limit": None if limit is None else check.limit(limit, maximum=max_limit),
    }
