"""Decoding the exchange's answer: the ``{"code","msg","requestTime","data"}`` envelope, or a typed error."""

from __future__ import annotations

import datetime
import email.utils
import json
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

from ._errors import DecodeError, ExchangeError, RateLimitError, error_for

__all__ = [
    "DEFAULT_MAX_RETRY_AFTER",
    "SUCCESS_CODE",
    "decode_envelope",
    "parse_json",
    "parse_retry_after",
    "server_stamp_ms",
]

SUCCESS_CODE = "00000"

_loads: Callable[[bytes], Any]
try:  # orjson is several times faster on large market-data bodies; optional.
    import orjson

    _loads = orjson.loads
    _DECODE_ERRORS: tuple[type[Exception], ...] = (orjson.JSONDecodeError, UnicodeDecodeError)
except ImportError:  # pragma: no cover - depends on the environment
    _loads = json.loads
    _DECODE_ERRORS = (json.JSONDecodeError, UnicodeDecodeError)


#: The longest pause a server's ``Retry-After`` may impose (seconds); ``Client(max_retry_after=...)`` changes it.
DEFAULT_MAX_RETRY_AFTER = 60.0


def parse_retry_after(
    value: str | None, *, maximum: float = DEFAULT_MAX_RETRY_AFTER, now: Callable[[], float] = time.time
) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (RFC 9110: delta-seconds or an HTTP-date), at most ``maximum``.

    None when absent, unparsable, negative or not finite (``inf``, ``nan``): the retry layer's own backoff then
    applies. One hostile or broken answer must not pause a budget for days, so the value is clamped.
    """
    if not value or len(value) > 64:
        return None
    text = value.strip()
    seconds: float | None
    try:
        seconds = float(text)
    except ValueError:
        seconds = _seconds_until(text, now)
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, maximum)


def _seconds_until(http_date: str, now: Callable[[], float]) -> float | None:
    """Seconds from now until an HTTP-date (``Wed, 21 Oct 2015 07:28:00 GMT``); 0 for a date in the past."""
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)  # HTTP-dates are GMT by definition
    return max(0.0, when.timestamp() - now())


#: Where a stamp is kept when it is not in the envelope: the v3 API's header (the same instant, epoch ms).
_STAMP_HEADER = "x-bg-request-accept-time"
#: An epoch-ms stamp has 13 digits; more than 19 is not a stamp (and an int of any length must not be built).
_STAMP_MAX_DIGITS = 19
_STAMP_LIMIT = 10**_STAMP_MAX_DIGITS
#: Stands for "not parsed yet" in :func:`decode_envelope` (None is a document: the JSON ``null``).
_UNPARSED: Any = object()


def parse_json(body: bytes) -> Any:
    """The body's JSON document, parsed once for the stamp and the envelope; None when it is not JSON (the
    envelope's decoding then says what it is)."""
    try:
        return _loads(body)
    except _DECODE_ERRORS:
        return None


def server_stamp_ms(headers: Mapping[str, str], document: Any) -> int | None:
    """When the server took the request (epoch ms): the v3 ``X-BG-REQUEST-ACCEPT-TIME`` header, else the
    envelope's ``requestTime`` (a number or a string of digits) in the parsed ``document``; None when neither
    is there or readable."""
    header = headers.get(_STAMP_HEADER)
    if header is not None:
        value: object = header.strip()
    elif type(document) is dict:
        value = document.get("requestTime")
    else:
        return None
    if type(value) is int:
        return value if 0 <= value < _STAMP_LIMIT else None
    if type(value) is str and value.isdigit() and value.isascii() and len(value) <= _STAMP_MAX_DIGITS:
        return int(value)
    return None


def _as_int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return None


def decode_envelope(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    path: str,
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
    document: Any = _UNPARSED,
) -> Any:
    """The envelope's ``data`` on success (HTTP 200 and code ``00000``); otherwise raise the matching error.

    A success envelope without ``data`` is a :class:`DecodeError` (every endpoint answers it, ``null`` at least).
    A 429's ``Retry-After`` is parsed and clamped to ``max_retry_after`` here, so nothing below sees a raw value.
    ``document``: the body already parsed by :func:`parse_json` (else it is parsed here).
    """
    payload = parse_json(body) if document is _UNPARSED else document
    if type(payload) is dict and status == 200 and payload.get("code") == SUCCESS_CODE and "data" in payload:
        return payload["data"]  # the common answer, first: nothing else to look at
    text = body[:2000].decode("utf-8", "replace")
    if not isinstance(payload, dict) or "code" not in payload:
        cls = error_for(status, None)
        message = f"response is not the exchange's JSON envelope ({len(body)} bytes)"
        if status < 400 or cls is ExchangeError:
            cls = DecodeError
        elif cls is not RateLimitError:
            # An error status with an unreadable body: keep the status class, but say the body was unreadable.
            message = f"HTTP {status} with a body that is not the exchange's envelope"
        _raise(cls, message, status, None, method, path, None, text, headers, max_retry_after)
    code = str(payload["code"])[:64]
    if status == 200 and code == SUCCESS_CODE:
        if "data" not in payload:
            _raise(DecodeError, "a success envelope without data", status, code, method, path, None, text, headers, 0)
        return payload["data"]
    message = str(payload.get("msg") or payload.get("message") or "")[:500]
    _raise(
        error_for(status, code),
        message,
        status,
        code,
        method,
        path,
        _as_int(payload.get("requestTime")),
        text,
        headers,
        max_retry_after,
    )


def _raise(
    cls: type[ExchangeError],
    message: str,
    status: int,
    code: str | None,
    method: str,
    path: str,
    request_time: int | None,
    body: str,
    headers: Mapping[str, str],
    max_retry_after: float,
) -> Any:
    fields: dict[str, Any] = {
        "http_status": status,
        "code": code,
        "method": method,
        "path": path,
        "request_time": request_time,
        "body": body,
    }
    if issubclass(cls, RateLimitError):
        retry_after = parse_retry_after(headers.get("retry-after"), maximum=max_retry_after)
        raise cls(message, retry_after=retry_after, **fields)
    raise cls(message, **fields)
