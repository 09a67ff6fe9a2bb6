"""Input checks run before anything is sent: each raises :class:`InputError` (or :class:`InputTypeError`)
naming the argument, for values the exchange would refuse anyway.

They live beside the models because the request models use them as attrs converters
(``coin: str = attrs.field(converter=checks.coin)``); the typed groups call them as ``check.*``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from .._errors import InputError, InputTypeError, shown
from .._signing import MAX_DIGITS, MAX_EXPONENT
from ._convert import decimal_to_wire
from ._enums import Granularity, OpenEnum

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

E = TypeVar("E", bound=OpenEnum)

# Letters (any script: the exchange lists non-ASCII symbols), digits, "_" (delivery contracts) and "$".
# fullmatch everywhere: "$" would match before a trailing newline ("abc\n" would pass).
_SYMBOL = re.compile(r"[\w$]{2,40}")
#: Suffixes of the v1 API (BTCUSDT_SPBL, BTCUSDT_UMCBL): v2 uses plain symbols.
_V1_SUFFIXES = ("_SPBL", "_UMCBL", "_DMCBL", "_CMCBL", "_SUMCBL", "_SDMCBL")
#: Before 2001-09-09 in ms; a smaller "ms" value is almost certainly seconds.
_MIN_MS = 1_000_000_000_000
_ORDER_ID = re.compile(r"[\w\-]{1,64}")
_CLIENT_OID = re.compile(r"[\w\-#:.]{1,64}")
#: Longest numeric string parsed as money (40 digits, a sign, a point and an exponent fit well within it).
_MAX_NUMBER_TEXT = 100


def symbol(value: object, name: str = "symbol", *, example: str = "BTCUSDT") -> str:
    """A v2 symbol such as ``BTCUSDT`` (upper-cased); refuses ``BTC/USDT``, ``BTC-USDT`` and v1 suffixes."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string like {example!r}, got {type(value).__name__}")
    text = value.strip().upper()
    if not _SYMBOL.fullmatch(text) or text.endswith(_V1_SUFFIXES):
        raise InputError(f"{name} must look like {example!r} (no '/', '-', spaces or v1 suffix), got {shown(value)}")
    return text


def coin(value: object, name: str = "coin") -> str:
    """A coin such as ``USDT`` (upper-cased)."""
    return symbol(value, name, example="USDT")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def text(value: object, name: str, *, max_length: int = 256) -> str:
    """A free-text field sent as is (an address, a memo): a non-empty string without control characters.

    Only the ends are stripped of spaces; a CR, LF or NUL anywhere (a CRLF file, a pasted line) is refused, as
    the exchange would act on a value other than the one meant.
    """
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string, got {type(value).__name__}")
    stripped = value.strip(" ")
    if not stripped or len(stripped) > max_length or _CONTROL.search(stripped):
        raise InputError(f"{name} must be 1-{max_length} characters without control characters, got {shown(value)}")
    return stripped


def amount(value: object, name: str, *, allow_zero: bool = False) -> str:
    """A positive price, size or amount as the exchange's decimal string; floats are refused."""
    if isinstance(value, bool | float):
        raise InputTypeError(f"{name} must be a Decimal, an int or a numeric string, not {type(value).__name__}")
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, str):
        if len(value) > _MAX_NUMBER_TEXT:
            raise InputError(f"{name} must be a number of at most {MAX_DIGITS} digits, got {shown(value)}")
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InputError(f"{name} must be a number, got {shown(value)}") from None
    else:
        raise InputTypeError(f"{name} must be a Decimal, an int or a numeric string, got {type(value).__name__}")
    if not number.is_finite():
        raise InputError(f"{name} must be a finite number, got {shown(value)}")
    if len(number.as_tuple().digits) > MAX_DIGITS or not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise InputError(
            f"{name} is out of range: at most {MAX_DIGITS} digits, magnitudes 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT}"
        )
    if number < 0 or (number == 0 and not allow_zero):
        raise InputError(f"{name} must be positive, got {shown(value)}")
    return decimal_to_wire(number)


def choice(value: object, enum: type[E], name: str) -> E:
    """A member of ``enum``, given as the member or its value; unknown values are refused."""
    if isinstance(value, enum) and value.known:
        return value
    if isinstance(value, str):
        member = enum(value)
        if member.known:
            return member
    allowed = ", ".join(repr(member.value) for member in enum)
    raise InputError(f"{name} must be one of {allowed}, got {shown(value)}")


def limit(value: object, name: str = "limit", *, maximum: int, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"{name} must be an int, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise InputError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def time_ms(value: object, name: str) -> int:
    """An epoch time in ms, from an int or an aware datetime; a value that looks like seconds is refused."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InputError(f"{name} must be timezone-aware (a naive datetime is ambiguous), got {shown(value)}")
        return int(value.timestamp() * 1000)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError(f"{name} must be epoch milliseconds (int) or a datetime, got {type(value).__name__}")
    if value < _MIN_MS:
        raise InputError(f"{name} must be epoch milliseconds; {value} looks like seconds or is too early")
    return value


def _iso(ms: int) -> str:
    """Epoch ms as ISO 8601 UTC with milliseconds, for messages a person reads."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def time_window(
    start: object | None,
    end: object | None,
    *,
    max_span_ms: int | None = None,
    start_name: str = "start",
    end_name: str = "end",
) -> tuple[int | None, int | None]:
    """Optional start and end in ms, with start <= end and the span within what the exchange allows."""
    start_ms = None if start is None else time_ms(start, start_name)
    end_ms = None if end is None else time_ms(end, end_name)
    if start_ms is not None and end_ms is not None:
        if start_ms > end_ms:
            raise InputError(f"{start_name} ({_iso(start_ms)}) must not be after {end_name} ({_iso(end_ms)})")
        if max_span_ms is not None and end_ms - start_ms > max_span_ms:
            days = max_span_ms / 86_400_000
            raise InputError(f"{start_name}..{end_name} spans more than the exchange allows ({days:g} days)")
    return start_ms, end_ms


def range_ms(start: object, end: object) -> tuple[int, int]:
    """A required ``[start, end)`` range in ms, start before end (for the iterators)."""
    start_ms, end_ms = time_ms(start, "start"), time_ms(end, "end")
    if start_ms >= end_ms:
        raise InputError(f"start ({_iso(start_ms)}) must be before end ({_iso(end_ms)})")
    return start_ms, end_ms


def granularity(value: object, *, futures: bool) -> Granularity:
    """A :class:`Granularity`, its value, or either product's spelling (``1m``/``1min``, ``1h``/``1H``) on both.

    ``futures`` only orders the spellings the error message lists first.
    """
    if isinstance(value, Granularity):
        return value
    if isinstance(value, str):
        for member in Granularity:
            if value in (member.value, member.spot, member.futures):
                return member
    spelled = ", ".join(member.futures if futures else member.spot for member in Granularity)
    raise InputError(
        f"granularity must be a Granularity or one of {spelled} (either product's spelling works); got {shown(value)}"
    )


def order_id(value: object, name: str = "order_id") -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputTypeError(f"{name} must be a string (or int), got {type(value).__name__}")
    text = str(value).strip()
    if not _ORDER_ID.fullmatch(text):
        raise InputError(f"{name} must be the exchange's order id (letters and digits), got {shown(value)}")
    return text


def client_oid(value: object, name: str = "client_oid") -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not _CLIENT_OID.fullmatch(value):
        raise InputError(f"{name} must be 1-64 letters, digits or '-_#:.', got {shown(value)}")
    return value


def one_of_ids(order_id_value: object | None, client_oid_value: object | None) -> dict[str, str]:
    """``orderId`` or ``clientOid``: exactly one of them identifies an order."""
    if (order_id_value is None) == (client_oid_value is None):
        raise InputError("pass exactly one of order_id and client_oid")
    if order_id_value is not None:
        return {"orderId": order_id(order_id_value)}
    return {"clientOid": client_oid(client_oid_value)}


def batch(values: object, name: str, *, maximum: int) -> Sequence[object]:
    """A list of 1 to ``maximum`` items (the exchange's batch limit)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise InputTypeError(f"{name} must be a list, got {type(values).__name__}")
    if not 1 <= len(values) <= maximum:
        raise InputError(f"{name} must hold 1 to {maximum} items, got {len(values)}")
    return values
