"""Checking a signed request the way the exchange does, with code of its own (never the client's signer).

The exchange signs ``timestamp + METHOD + path + ('?' + query if any) + body``: the query as it was sent, in
the order sent, with percent-escapes decoded (raw values), and the body byte for byte. HMAC keys sign with
HMAC-SHA256, RSA keys with RSASSA-PKCS1-v1_5 over SHA-256; both are base64 in ``ACCESS-SIGN``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import unquote_to_bytes

import attrs
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ._routing import SimError

__all__ = [
    "TIMESTAMP_WINDOW_MS",
    "ApiKey",
    "KeyRegistry",
    "authenticate",
    "decode_query",
    "load_public_key",
    "signed_query",
]

#: ``ACCESS-TIMESTAMP`` must be within 30 seconds of the server's clock, either way.
TIMESTAMP_WINDOW_MS = 30_000


def _hide(_: object) -> str:
    return "***"


@attrs.frozen
class ApiKey:
    """A registered key: HMAC (``secret``) or RSA (``public_key``), its passphrase and its account."""

    api_key: str = attrs.field(repr=lambda key: key[:4] + "***")
    uid: str
    passphrase: str = attrs.field(repr=_hide)
    secret: bytes = attrs.field(default=b"", repr=_hide)
    public_key: rsa.RSAPublicKey | None = attrs.field(default=None, repr=_hide)
    # The keyed HMAC state, built once; each check copies it instead of re-deriving the key pads.
    _mac: hmac.HMAC = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_mac", hmac.new(self.secret, digestmod=hashlib.sha256))

    def signature_matches(self, message: bytes, signature: str) -> bool:
        """Whether ``signature`` (base64) signs ``message`` with this key."""
        if self.public_key is not None:
            try:
                raw = base64.b64decode(signature, validate=True)
                self.public_key.verify(raw, message, padding.PKCS1v15(), hashes.SHA256())
            except (binascii.Error, ValueError, InvalidSignature):
                return False
            return True
        mac = self._mac.copy()
        mac.update(message)
        expected = base64.b64encode(mac.digest())
        return hmac.compare_digest(expected, signature.encode("latin-1"))


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """An RSA public key from PEM (``PUBLIC KEY`` or ``RSA PUBLIC KEY``)."""
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        key = serialization.load_der_public_key(base64.b64decode(data))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("rsa_public_key must be an RSA public key")
    return key


class KeyRegistry:
    """The API keys the simulator knows, by key string."""

    def __init__(self) -> None:
        self._keys: dict[str, ApiKey] = {}

    def add(self, key: ApiKey) -> None:
        if key.api_key in self._keys:
            raise ValueError("that API key is already registered")
        self._keys[key.api_key] = key

    def get(self, api_key: str) -> ApiKey | None:
        return self._keys.get(api_key)

    def __len__(self) -> int:
        return len(self._keys)


def decode_query(raw_query: bytes) -> list[tuple[str, str]]:
    """The query's ``(name, value)`` pairs in the order sent, percent-escapes decoded (``+`` stays ``+``)."""
    if not raw_query:
        return []
    pairs = []
    for piece in raw_query.split(b"&"):
        if not piece:
            continue
        name, _, value = piece.partition(b"=")
        if b"%" in piece:
            name, value = unquote_to_bytes(name), unquote_to_bytes(value)
        pairs.append((name.decode("utf-8", "replace"), value.decode("utf-8", "replace")))
    return pairs


def signed_query(raw_query: bytes) -> str:
    """The query string as it enters the signature: as sent, but with values raw (percent-decoded)."""
    if not raw_query:
        return ""
    pieces = []
    for piece in raw_query.split(b"&"):
        if not piece:
            continue
        name, equals, value = piece.partition(b"=")
        pieces.append(unquote_to_bytes(name) + equals + unquote_to_bytes(value))
    return b"&".join(pieces).decode("utf-8", "replace")


def _require(headers: Mapping[str, str], name: str, code: str, msg: str) -> str:
    value = headers.get(name)
    if not value:
        raise SimError(code, msg)
    return value


def authenticate(
    keys: KeyRegistry,
    headers: Mapping[str, str],
    *,
    method: str,
    path: str,
    raw_query: bytes,
    body: bytes,
    now_ms: int,
) -> ApiKey:
    """The key that signed this request, or :class:`SimError` with the exchange's code.

    ``headers`` has lower-case names and latin-1 decoded values, as HTTP carries them. Checks run in this
    order: headers present, timestamp well formed, key known, timestamp inside the window, passphrase,
    signature.
    """
    api_key = _require(headers, "access-key", "40001", "ACCESS_KEY cannot be empty")
    if "access-sign" not in headers:
        raise SimError("40002", "ACCESS_SIGN header is missing")
    signature = _require(headers, "access-sign", "40003", "Signature cannot be empty")
    passphrase = _require(headers, "access-passphrase", "40011", "ACCESS_PASSPHRASE cannot be empty")
    timestamp = _require(headers, "access-timestamp", "40005", "Invalid ACCESS_TIMESTAMP")
    if not timestamp.isdigit() or len(timestamp) > 16:
        raise SimError("40005", "Invalid ACCESS_TIMESTAMP")
    if not api_key.isprintable() or len(api_key) > 256:
        raise SimError("40006", "Invalid ACCESS_KEY")
    key = keys.get(api_key)
    if key is None:
        raise SimError("40037", "Apikey does not exist")
    if abs(int(timestamp) - now_ms) > TIMESTAMP_WINDOW_MS:
        raise SimError("40008", "Request timestamp expired")
    if not hmac.compare_digest(passphrase.encode("latin-1"), key.passphrase.encode()):
        raise SimError("40012", "apikey/password is incorrect")
    query = signed_query(raw_query)
    head = f"{timestamp}{method}{path}?{query}" if query else f"{timestamp}{method}{path}"
    if not key.signature_matches(head.encode() + body, signature):
        raise SimError("40009", "sign signature error")
    return key
