"""Shared by the typed groups: unset parameters dropped, list answers, amounts, query windows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..models._requests import Amount
from . import _validate as check
from ._paging import windows_newest_first

__all__ = ["Amount", "Time", "as_rows", "drop_none", "optional_amount", "query_windows"]

#: A time: epoch milliseconds or an aware datetime.
Time = int | datetime


def drop_none(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters without the ones left unset (the exchange reads a missing key as "no filter")."""
    return {key: value for key, value in params.items() if value is not None}


def as_rows(data: Any) -> list[Any]:
    """A list answer; ``null`` (or anything else) means no rows."""
    return list(data) if isinstance(data, list) else []


def optional_amount(value: Amount | None, name: str) -> str | None:
    return None if value is None else check.amount(value, name)


def query_windows(start: Time | None, end: Time | None, span_ms: int) -> list[tuple[int | None, int | None]]:
    """The query windows of an iterator: the exchange's span limit applies to each; one when open-ended."""
    start_ms, end_ms = check.time_window(start, end)
    if start_ms is None or end_ms is None:
        return [(start_ms, end_ms)]
    return list(windows_newest_first(start_ms, end_ms, span_ms))
