"""Converters from what the exchange really sends to Python values, and back.

The exchange sends numbers as JSON strings (sometimes as JSON numbers), ``""`` or ``null`` for absent
values, booleans as ``"true"``/``"YES"``/``"yes"``, and some objects as JSON inside a string. Every converter
here accepts all of these; money always becomes :class:`~decimal.Decimal`, never a float.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "ConversionError",
    "decimal_to_wire",
    "ms_to_datetime",
    "ms_to_optional_datetime",
    "to_bool",
    "to_decimal",
    "to_int",
    "to_json_value",
    "to_optional_decimal",
    "to_optional_int",
    "to_optional_str",
    "to_str",
]

_TRUE = frozenset({"true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})


class ConversionError(ValueError):
    """A field's value cannot be read as the type the model declares."""


def is_absent(value: object) -> bool:
    """``None`` and ``""`` both mean "no value" on the wire."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_decimal(value: object) -> Decimal:
    """A JSON string or number as an exact Decimal (a JSON float goes through ``str`` to keep its digits)."""
    if type(value) is str:  # the common case, first: Decimal() itself skips surrounding whitespace
        text = value
    elif isinstance(value, Decimal):
        return value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = str(value)
    else:
        raise ConversionError(f"expected a number, got {value!r}")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ConversionError(f"expected a number, got {value!r}") from None
    if not result.is_finite():
        raise ConversionError(f"expected a finite number, got {value!r}")
    return result


def to_optional_decimal(value: object) -> Decimal | None:
    return None if is_absent(value) else to_decimal(value)


def to_int(value: object) -> int:
    """A JSON string or number holding an integer (``"1695808949356"``, ``20``, ``"20.0"``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise ConversionError(f"expected an integer, got {value!r}")
    return int(number)


def to_optional_int(value: object) -> int | None:
    return None if is_absent(value) else to_int(value)


def to_str(value: object) -> str:
    """Text; ``None`` becomes ``""`` and numbers keep their digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float | Decimal):
        return str(value).lower() if isinstance(value, bool) else str(value)
    raise ConversionError(f"expected text, got {value!r}")


def to_optional_str(value: object) -> str | None:
    return None if is_absent(value) else to_str(value)


def to_bool(value: object) -> bool:
    """``true``/``"true"``/``"YES"``/``"yes"``/``1`` and their opposites."""
    if isinstance(value, bool):
        return value
    text = to_str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConversionError(f"expected a boolean, got {value!r}")


def to_json_value(value: object) -> Any:
    """A field that may hold JSON inside a string (spot order ``feeDetail``); JSON numbers become Decimal."""
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            return json.loads(value, parse_float=Decimal)
        except json.JSONDecodeError:
            raise ConversionError(f"expected JSON text, got {value[:80]!r}") from None
    return value


def as_mapping(value: object) -> Mapping[str, Any]:
    """An object, or JSON text holding one; absent becomes an empty mapping."""
    decoded = to_json_value(value)
    if decoded is None:
        return {}
    if not isinstance(decoded, Mapping):
        raise ConversionError(f"expected an object, got {value!r}")
    return decoded


def ms_to_datetime(ms: int) -> datetime:
    """Epoch milliseconds as an aware UTC datetime."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def ms_to_optional_datetime(ms: int | None) -> datetime | None:
    """:func:`ms_to_datetime` for a time the exchange may leave out."""
    return None if ms is None else ms_to_datetime(ms)


def decimal_to_wire(value: Decimal) -> str:
    """A Decimal as the exchange writes it: plain notation, never an exponent."""
    return format(value, "f")
