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

from ._errors import InputError, InputTypeError

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


def wire_value(name: str, value: object) -> str:
    """One parameter as the exchange expects it on the wire: a plain string, money never a float."""
    if type(value) is str:  # the common case, without the isinstance chain
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"parameter {name!r} must be a finite number, got {value}")
        return format(value, "f")
    if isinstance(value, float):
        raise InputTypeError(f"parameter {name!r} is a float ({value!r}); pass a Decimal or a string for money")
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
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
        raw.append(f"{key}={text}")
        escaped.append(f"{_escape(key)}={_escape(text)}")
    return "&".join(raw), "&".join(escaped)


def _json_ready(name: str, value: Any) -> Any:
    if type(value) is str:
        return value
    if isinstance(value, Mapping):
        return {str(k): _json_ready(str(k), v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_json_ready(name, item) for item in value]
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
    if type(params) is dict and all(type(key) is str and type(value) is str for key, value in params.items()):
        return _dumps(params)  # already what _json_ready would build: skip the copy
    return _dumps(_json_ready("body", params))


def build_array_body(items: Sequence[Mapping[str, object]]) -> str:
    """Compact JSON for a POST body that is an array of objects (the v3 batch endpoints), as :func:`build_body`."""
    return _dumps(_json_ready("body", list(items)))


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
