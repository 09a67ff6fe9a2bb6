"""Shared by the typed groups: the types callers pass for money and times, and list answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..models._requests import Amount

__all__ = ["Amount", "Time", "as_rows"]

#: A time: epoch milliseconds or an aware datetime.
Time = int | datetime


def as_rows(data: Any) -> list[Any]:
    """A list answer; ``null`` (or anything else) means no rows."""
    return list(data) if isinstance(data, list) else []
