"""Building what is signed and signing it: pure functions over strings, no HTTP.

The exchange signs ``timestamp + METHOD + path + ('?' + query if any) + body``. The query is built once from
raw values with keys sorted, and the same string is signed and sent (percent-encoding only what a URL cannot
carry); the body is compact JSON, built once, signed and sent byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import quote

import attrs

from ._errors import InputError, InputTypeError, shown
from ._headers import check_header_value

__all__ = [
    "Credentials",
    "HmacSigner",
    "RsaSigner",
    "Signer",
    "build_array_body",
    "build_body",
    "build_queries",
    "build_query",
    "prehash",
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


def build_body(params: Mapping[str, object] | None) -> str:
    """Compact JSON for a POST body; every scalar becomes a string as the exchange documents, ``None`` dropped."""
    if not params:
        return "{}"
    if type(params) is dict and all(
        type(key) is str and type(value) is str and len(value) <= MAX_VALUE_LENGTH for key, value in params.items()
    ):
        body = _dumps(params)  # already what _json_ready would build: skip the copy
    else:
        body = _dumps(_json_ready("body", params))
    if len(body) > MAX_BODY_SIZE:
        raise InputError(f"the body is {len(body)} characters long, over {MAX_BODY_SIZE}")
    return body


def build_array_body(items: Sequence[Mapping[str, object]]) -> str:
    """Compact JSON for a POST body that is an array of objects (the v3 batch endpoints), as :func:`build_body`."""
    body = _dumps(_json_ready("body", list(items)))
    if len(body) > MAX_BODY_SIZE:
        raise InputError(f"the body is {len(body)} characters long, over {MAX_BODY_SIZE}")
    return body


def prehash(timestamp: str, method: str, path: str, query: str, body: str) -> str:
    """The exact string the exchange signs."""
    if query:
        return f"{timestamp}{method}{path}?{query}{body}"
    return f"{timestamp}{method}{path}{body}"


class Signer(Protocol):
    """Turns a prehash string into the ``ACCESS-SIGN`` header value."""

    def sign(self, message: str) -> str: ...


class HmacSigner:
    """HMAC-SHA256, base64: the exchange's system-generated keys."""

    __slots__ = ("_mac",)

    def __init__(self, secret: str) -> None:
        if not secret:
            raise InputError("api_secret must not be empty")
        # The keyed state is built once; each signature copies it instead of re-deriving the key pads.
        self._mac = hmac.new(secret.encode(), digestmod=hashlib.sha256)

    def sign(self, message: str) -> str:
        mac = self._mac.copy()
        mac.update(message.encode())
        return base64.b64encode(mac.digest()).decode()

    def __repr__(self) -> str:
        return "HmacSigner(secret=***)"


class RsaSigner:
    """RSASSA-PKCS1-v1_5 over SHA-256, base64: user-generated RSA keys (PEM, PKCS#1 or PKCS#8)."""

    __slots__ = ("_key",)

    def __init__(self, private_key_pem: str | bytes) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        data = private_key_pem.encode() if isinstance(private_key_pem, str) else private_key_pem
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise InputError("private_key is not a PEM RSA private key") from exc
        if not isinstance(key, rsa.RSAPrivateKey):
            raise InputError("private_key must be an RSA key")
        self._key = key

    def sign(self, message: str) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        return base64.b64encode(self._key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()

    def __repr__(self) -> str:
        return "RsaSigner(private_key=***)"


@attrs.frozen
class Credentials:
    """An API key with its secret (HMAC) or RSA private key, and its passphrase. Secrets never show in repr."""

    api_key: str = attrs.field(repr=lambda key: key[:4] + "***" if key else "''")
    api_secret: str = attrs.field(default="", repr=False)
    passphrase: str = attrs.field(default="", repr=False)
    private_key: str = attrs.field(default="", repr=False)

    def __attrs_post_init__(self) -> None:
        for name in ("api_key", "api_secret", "passphrase", "private_key"):
            if not isinstance(getattr(self, name), str):
                raise InputTypeError(f"{name} must be a string")
        missing = [
            name
            for name, given in (
                ("api_key", self.api_key),
                ("api_secret (or private_key, for an RSA key)", self.api_secret or self.private_key),
                ("passphrase", self.passphrase),
            )
            if not given
        ]
        if missing:
            raise InputError(
                f"incomplete credentials: {' and '.join(missing)} missing (a signed call needs api_key, "
                "api_secret or private_key, and passphrase; or leave all out for public endpoints only)"
            )
        # Both travel in headers: a CR, LF or NUL (or a non-ASCII letter) would break or split the request.
        check_header_value("api_key", self.api_key)
        check_header_value("passphrase", self.passphrase)
        if self.api_secret:
            check_header_value("api_secret", self.api_secret)  # signed, not sent: a stray CR signs wrongly
        if self.api_secret and self.private_key:
            raise InputError("give exactly one of api_secret (HMAC keys) and private_key (RSA keys)")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        """Credentials from ``BITGET_API_KEY``, ``BITGET_API_SECRET`` (or ``BITGET_PRIVATE_KEY``) and
        ``BITGET_PASSPHRASE``; None when no key is set."""
        env = os.environ if environ is None else environ
        key = env.get("BITGET_API_KEY", "")
        if not key:
            return None
        return cls(
            api_key=key,
            api_secret=env.get("BITGET_API_SECRET", ""),
            passphrase=env.get("BITGET_PASSPHRASE", ""),
            private_key=env.get("BITGET_PRIVATE_KEY", ""),
        )

    def signer(self) -> Signer:
        return RsaSigner(self.private_key) if self.private_key else HmacSigner(self.api_secret)

    @property
    def key_id(self) -> str:
        """A short fingerprint of the API key, used to name its budgets without showing the key."""
        return hashlib.sha256(self.api_key.encode()).hexdigest()[:12]
