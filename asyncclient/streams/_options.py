"""Checks of the options of :class:`~asyncclient.streams.Streams`, run when it is built (before any connect).

A wrong option (a NaN interval, a zero batch, a queue of -5) would otherwise fail inside a connection's task,
which drops and reconnects without end; here it is an :class:`~asyncclient.InputError` at once.
"""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from .._errors import InputError, InputTypeError, shown

__all__ = ["check_count", "check_seconds", "check_url"]


def check_count(name: str, value: object, minimum: int, maximum: int, why: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise InputError(f"{name} must be {minimum}..{maximum}{why}: {value}")
    return value


def check_seconds(name: str, value: object, *, maximum: float = math.inf, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero) or seconds > maximum:
        low = "0" if allow_zero else "more than 0"
        raise InputError(f"{name} must be finite seconds, {low} and at most {maximum:g}: {shown(value)}")
    return seconds


def check_url(url: object) -> str:
    if not isinstance(url, str):
        raise InputTypeError(f"url must be a string, got {type(url).__name__}")
    parts = urlsplit(url)
    if (
        parts.scheme not in ("ws", "wss", "http", "https")
        or not parts.hostname
        or any(c.isspace() or ord(c) < 0x20 for c in url)
    ):
        raise InputError(f"url must be a ws:// or wss:// (or http[s]://) URL, got {shown(url)}")
    return url
