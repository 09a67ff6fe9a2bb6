"""Encoding request parameters for the wire: the query string and the JSON body, each built once.

The query is built from raw values with keys sorted, and the same string is signed and sent (percent-encoding only
what a URL cannot carry); the body is compact JSON, signed and sent byte for byte. Values are checked on the way:
bounded lengths, depth and size, money as plain decimals.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from ._errors import InputError, InputTypeError, shown

__all__ = [
    "MAX_BODY_DEPTH",
    "MAX_BODY_SIZE",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_VALUE_LENGTH",
    "build_array_body",
    "build_body",
    "build_queries",
    "build_query",
    "url_query",
    "wire_value",
]

# Characters a query value may carry unescaped; '&', '=', '+', '#', '%' and spaces must be escaped.
_URL_SAFE = "$-_.~!*'(),:@/"
# Text made only of characters that ``quote(text, _URL_SAFE)`` leaves alone: most names and values, kept as is.
_URL_PLAIN = re.compile(r"[A-Za-z0-9$\-_.~!*'(),:@/]*").fullmatch
# Compact JSON, kept non-ASCII as is: built once rather than on every json.dumps call.
_JSON_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)

#: Bounds on what a request may carry; real ones are far below (a 50-order batch is ~20 kB, nested 3 deep).
MAX_VALUE_LENGTH = 8192
MAX_BODY_DEPTH = 16
MAX_BODY_SIZE = 1024 * 1024
#: Money: at most this many significant digits, and a decimal exponent within +-MAX_EXPONENT.
MAX_DIGITS = 40
MAX_EXPONENT = 30
_MAX_INT = 10**MAX_DIGITS


def _check_decimal(name: str, value: Decimal) -> str:
    if not value.is_finite():
        raise InputError(f"parameter {name!r} must be a finite number, got {value}")
    digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS or not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise InputError(
            f"parameter {name!r} is out of range ({digits} digits, exponent {value.adjusted()}): "
            f"at most {MAX_DIGITS} digits and magnitudes 1e-{MAX_EXPONENT} to 1e{MAX_EXPONENT}"
        )
    return format(value, "f")


def _check_length(name: str, text: str) -> str:
    if len(text) > MAX_VALUE_LENGTH:
        raise InputError(f"parameter {name!r} is {len(text)} characters long, over {MAX_VALUE_LENGTH}")
    return text


def wire_value(name: str, value: object) -> str:
    """One parameter as the exchange expects it on the wire: a plain string, money never a float."""
    if type(value) is str:  # the common case, without the isinstance chain
        return value if len(value) <= MAX_VALUE_LENGTH else _check_length(name, value)
    if isinstance(value, str):
        return _check_length(name, str(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -_MAX_INT < value < _MAX_INT:
            raise InputError(f"parameter {name!r} is out of range (more than {MAX_DIGITS} digits)")
        return str(value)
    if isinstance(value, Decimal):
        return _check_decimal(name, value)
    if isinstance(value, float):
        raise InputTypeError(f"parameter {name!r} is a float ({value!r}); pass a Decimal or a string for money")
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return _check_length(name, value.value)
    raise InputTypeError(f"parameter {name!r} has unsupported type {type(value).__name__}")


def build_query(params: Mapping[str, object] | None) -> str:
    """The raw query string that is signed: keys sorted, ``None`` dropped, values unescaped."""
    if not params:
        return ""
    return "&".join(f"{key}={wire_value(key, params[key])}" for key in sorted(params) if params[key] is not None)


def _escape(text: str) -> str:
    return text if _URL_PLAIN(text) else quote(text, _URL_SAFE)


def url_query(params: Mapping[str, object] | None) -> str:
    """The same query as :func:`build_query`, escaped for the URL; the server unescapes it before checking."""
    return build_queries(params)[1]


def build_queries(params: Mapping[str, object] | None) -> tuple[str, str]:
    """:func:`build_query` and :func:`url_query` together, each value converted once."""
    if not params:
        return "", ""
    raw: list[str] = []
    escaped: list[str] = []
    for key in sorted(params):
        value = params[key]
        if value is None:
            continue
        text = wire_value(key, value)
        if len(key) > 128:
            raise InputError(f"parameter name {shown(key)} is over 128 characters")
        raw.append(f"{key}={text}")
        escaped.append(f"{_escape(key)}={_escape(text)}")
    return "&".join(raw), "&".join(escaped)


def _json_ready(name: str, value: Any, depth: int = 0) -> Any:
    if type(value) is str:
        return value if len(value) <= MAX_VALUE_LENGTH else _check_length(name, value)
    if isinstance(value, Mapping | list | tuple):
        if depth >= MAX_BODY_DEPTH:
            raise InputError(f"the body nests deeper than {MAX_BODY_DEPTH} levels (at {name!r}); real ones nest 3")
        if isinstance(value, Mapping):
            return {
                _check_length("a key", k) if isinstance(k, str) else wire_value("a key", k): _json_ready(
                    str(k)[:40], v, depth + 1
                )
                for k, v in value.items()
                if v is not None
            }
        return [_json_ready(name, item, depth + 1) for item in value]
    return wire_value(name, value)


def _dumps_std(document: Any) -> str:
    return _JSON_ENCODER.encode(document)


try:  # orjson writes the same compact text as the encoder above, ten times faster; optional.
    import orjson
except ImportError:  # pragma: no cover - orjson comes with the fast extra and the dev tools
    _dumps = _dumps_std
else:

    def _dumps(document: Any) -> str:
        try:
            return orjson.dumps(document).decode()
        except orjson.JSONEncodeError:  # a lone surrogate, deep nesting: the standard library's answer
            return _JSON_ENCODER.encode(document)


def _plain(params: Mapping[str, object]) -> bool:
    """Whether ``params`` is a dict of short strings already: what :func:`_json_ready` would build (no copy)."""
    if type(params) is not dict:
        return False
    for key, value in params.items():  # a loop, not all(...): no generator to resume per item
        if type(key) is not str or type(value) is not str or len(value) > MAX_VALUE_LENGTH:
            return False
    return True


def build_body(params: Mapping[str, object] | None, *, plain: bool | None = None) -> str:
    """Compact JSON for a POST body; every scalar becomes a string as the exchange documents, ``None`` dropped.

    ``plain``: the caller already knows whether ``params`` is a dict of strings within the length cap (then it
    is dumped as it is); None looks.
    """
    if not params:
        return "{}"
    if plain is None:
        plain = _plain(params)
    body = _dumps(params) if plain else _dumps(_json_ready("body", params))
    if len(body) > MAX_BODY_SIZE:
        raise InputError(f"the body is {len(body)} characters long, over {MAX_BODY_SIZE}")
    return body


def build_array_body(items: Sequence[Mapping[str, object]]) -> str:
    """Compact JSON for a POST body that is an array of objects (the v3 batch endpoints), as :func:`build_body`."""
    body = _dumps(_json_ready("body", list(items)))
    if len(body) > MAX_BODY_SIZE:
        raise InputError(f"the body is {len(body)} characters long, over {MAX_BODY_SIZE}")
    return body
