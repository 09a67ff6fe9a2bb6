"""Signing: the prehash string the exchange signs, and the signers (HMAC-SHA256, RSA); pure functions, no HTTP.

The exchange signs ``timestamp + METHOD + path + ('?' + query if any) + body``; the query and the body are built
by :mod:`._encoding` and signed byte for byte as sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Mapping
from typing import Protocol

import attrs

from ._encoding import (
    MAX_BODY_DEPTH,
    MAX_BODY_SIZE,
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_VALUE_LENGTH,
    build_array_body,
    build_body,
    build_queries,
    build_query,
    url_query,
    wire_value,
)
from ._errors import InputError, InputTypeError
from ._headers import check_header_value

__all__ = [
    "MAX_BODY_DEPTH",
    "MAX_BODY_SIZE",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_VALUE_LENGTH",
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


def prehash(timestamp: str, method: str, path: str, query: str, body: str) -> str:
    """The exact string the exchange signs."""
    if query:
        return f"{timestamp}{method}{path}?{query}{body}"
    return f"{timestamp}{method}{path}{body}"


class Signer(Protocol):
    """Turns a prehash string into the ``ACCESS-SIGN`` header value."""

    def sign(self, message: str) -> str: ...


_SHA256_BLOCK = 64
#: RFC 2104's inner and outer pads, as ``bytes.translate`` tables.
_INNER_PAD = bytes(byte ^ 0x36 for byte in range(256))
_OUTER_PAD = bytes(byte ^ 0x5C for byte in range(256))


class HmacSigner:
    """HMAC-SHA256, base64: the exchange's system-generated keys.

    The two keyed SHA-256 states of HMAC (key xor inner pad, key xor outer pad) are hashed once; a signature
    copies them. This is what :mod:`hmac` does inside, without its Python wrapper object around each copy: half
    the cost of ``hmac.new(...).copy()`` per signature, on every signed request (the tests check the two agree).
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, secret: str) -> None:
        if not secret:
            raise InputError("api_secret must not be empty")
        key = secret.encode()
        if len(key) > _SHA256_BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(_SHA256_BLOCK, b"\0")
        self._inner = hashlib.sha256(key.translate(_INNER_PAD))
        self._outer = hashlib.sha256(key.translate(_OUTER_PAD))

    def sign(self, message: str) -> str:
        inner = self._inner.copy()
        inner.update(message.encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return binascii.b2a_base64(outer.digest(), newline=False).decode()

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
