"""The exception hierarchy, rooted in :class:`Error`, and the map from the exchange's codes to it.

Every exception carries what a caller needs to act (HTTP status, the exchange's code and message, the method and
path) and never a credential: the request's headers are not kept.

(Over 300 lines on purpose: every error class of the library lives here, the streams' and the limiter's
included, beside the one table of the exchange's codes.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AccountModeError",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "ClientStateError",
    "ClockSyncError",
    "DeadlineExceededError",
    "DecodeError",
    "DuplicateClientOidError",
    "Error",
    "ExchangeError",
    "ExchangeUnavailableError",
    "InputError",
    "InputTypeError",
    "InsufficientFundsError",
    "InvalidOrderError",
    "MissingCredentialsError",
    "NotFoundError",
    "OrderNotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedisReplyError",
    "ResponseFormatError",
    "ResponseTooLargeError",
    "SharedBackendError",
    "SharedBackendUnavailableError",
    "StreamAuthError",
    "StreamClosedError",
    "StreamError",
    "StreamFormatError",
    "StreamMessageTooLargeError",
    "StreamRefusedError",
    "TimestampError",
    "TransportError",
    "codes_of",
    "error_for",
    "shown",
]

#: Longest message an :class:`InputError` keeps; a 10 MB argument must not become a 10 MB exception.
_MAX_MESSAGE = 600


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages about arguments that may be huge."""
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 2 * limit]  # not the whole of a huge string through repr()
        text = repr(value)
        return f"{text[: limit - 20]}...' (cut)"
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class Error(Exception):
    """The root of every exception this library raises on purpose."""

    #: Attempts made before this error was final (filled in by the retry layer; empty for a single attempt).
    attempts: tuple[Any, ...] = ()


class InputError(Error, ValueError):
    """An argument the exchange would refuse; raised before anything is sent.

    The message is cut to a few hundred characters, and never holds a credential.
    """

    def __init__(self, message: str, *args: object) -> None:
        if isinstance(message, str) and len(message) > _MAX_MESSAGE:
            message = f"{message[: _MAX_MESSAGE - 30]}... ({len(message)} characters)"
        super().__init__(message, *args)


class InputTypeError(InputError, TypeError):
    """An argument of the wrong type (a float where money is meant, say); raised before anything is sent."""


class MissingCredentialsError(Error):
    """A signed endpoint was called on a client without API key, secret and passphrase."""


class TransportError(Error):
    """The request failed below HTTP: connect error, read error, timeout or dropped connection.

    ``maybe_sent`` is False only when the request certainly never reached the server (a connect error).
    """

    def __init__(self, message: str, *, method: str, path: str, maybe_sent: bool) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.maybe_sent = maybe_sent

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.args[0]}"


class DeadlineExceededError(TransportError):
    """The call's overall deadline passed before it could finish (an attempt may have been in flight)."""


class ClientStateError(Error, RuntimeError):
    """A call on a client that is not open (outside ``async with``, or after it closed), or reopening one."""


class ClockSyncError(Error):
    """The server's time could not be read, so a signed request could not be timed; ``__cause__`` says why."""


class ResponseFormatError(Error, ValueError):
    """A response field could not be read as the type its model declares (names the model and the field)."""


class BatchError(Error):
    """Raised (when asked for) by a batch call in which some items failed; ``result`` (a ``BatchResult``) holds
    both lists."""

    def __init__(self, message: str, result: Any) -> None:
        super().__init__(message)
        self.result = result


class SharedBackendError(Error):
    """The shared limiter's backend could not be reached or answered badly."""


class SharedBackendUnavailableError(SharedBackendError):
    """The backend could not be reached (refused, timed out, connection lost); ``__cause__`` says why."""


class RedisReplyError(SharedBackendError):
    """Redis answered a command with an error (``ERR ...``, a script error, a wrong type)."""


class StreamError(Error):
    """Something went wrong on a stream."""


class StreamRefusedError(StreamError):
    """The exchange refused a request (an ``{"event": "error"}`` answer): its code (30001-30016) and text."""

    def __init__(self, code: int, msg: str, channel: str | None = None) -> None:
        super().__init__(f"{code} {msg}" + (f" ({channel})" if channel else ""))
        self.code = code
        self.msg = msg
        self.channel = channel


class StreamAuthError(StreamRefusedError):
    """Login was refused (30005, 30011-30015): retrying will not help."""


class StreamFormatError(StreamError, ValueError):
    """A pushed message could not be read as the channel's model."""


class StreamClosedError(StreamError):
    """The streams were closed while a subscription was still being read."""


class StreamMessageTooLargeError(StreamError):
    """The server sent a message past the streams' cap (8 MiB): the connection is dropped and made again."""


class ExchangeError(Error):
    """The exchange answered, and not with success. Unknown codes raise this class itself."""

    def __init__(
        self,
        message: str,
        *,
        http_status: int,
        code: str | None,
        method: str,
        path: str,
        request_time: int | None = None,
        body: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.code = code
        self.method = method
        self.path = path
        self.request_time = request_time
        #: The raw body (truncated to 2,000 characters); the exchange never echoes credentials.
        self.body = body[:2000]

    def __str__(self) -> str:
        code = f" code={self.code}" if self.code is not None else ""
        return f"{self.method} {self.path} -> HTTP {self.http_status}{code}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(http_status={self.http_status}, code={self.code!r}, "
            f"message={self.message!r}, method={self.method!r}, path={self.path!r})"
        )


class DecodeError(ExchangeError):
    """The body is not the exchange's JSON envelope (an HTML error page, truncated JSON ...)."""


class ResponseTooLargeError(DecodeError):
    """The answer was larger than ``Client(max_response_size=...)`` allows (raw or decompressed); not read further.

    Not retried (the next answer would be as large); like any unreadable answer it may have been acted on.
    """


class AuthenticationError(ExchangeError):
    """Missing or wrong key, signature or passphrase (40001-40012, 40037 ...)."""


class PermissionDeniedError(ExchangeError):
    """The key may not do this (40014, 40018 IP not whitelisted ...)."""


class AccountModeError(PermissionDeniedError):
    """The key's account is in the other mode: the classic (v2) and unified (v3) APIs exclude each other.

    40085: a unified account's key on a classic endpoint; 40084: a classic account's key on a v3 endpoint.
    ``account_mode`` is the mode the key's account is in (``"unified"`` or ``"classic"``), and the message says
    which typed group serves it.
    """

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message, **fields)
        unified = self.code == "40085"
        self.account_mode = "unified" if unified else "classic"
        self.hint = (
            "this key belongs to a unified account: use client.uta"
            if unified
            else "this key belongs to a classic account: use client.spot / client.futures"
        )

    def __str__(self) -> str:
        return f"{super().__str__()} ({self.hint})"


class TimestampError(ExchangeError):
    """``ACCESS-TIMESTAMP`` outside the server's 30-second window (40008, 40004, 40005)."""


class RateLimitError(ExchangeError):
    """HTTP 429 or a rate-limit code; ``retry_after`` is in seconds when the server said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.retry_after = retry_after


class BadRequestError(ExchangeError):
    """Parameters the exchange rejected (40017, 40019, 40020 ...)."""


class InvalidOrderError(BadRequestError):
    """An order the exchange refused: precision, minimum size, position mode (40808, 41103, 45110 ...)."""


class DuplicateClientOidError(InvalidOrderError):
    """An order with this ``clientOid`` already exists (43118, 40708, 45034; v3: 25212)."""


class InsufficientFundsError(ExchangeError):
    """Not enough balance or margin (43012, 40711, 40712, 40762)."""


class OrderNotFoundError(ExchangeError):
    """The order does not exist (43001, 40768, 40109, 22001, 43025; v3: 25204)."""


class NotFoundError(ExchangeError):
    """HTTP 404: the path does not exist."""


class ExchangeUnavailableError(ExchangeError):
    """5xx, maintenance or "system busy, try again" (40015, 40200)."""


class OutcomeUnknownError(Error):
    """A request that is not safe to repeat failed after it may have reached the exchange.

    It was not repeated. ``client_oids`` (and ``cause``) tell what to look up to learn whether it took effect.
    """

    def __init__(self, message: str, *, method: str, path: str, client_oids: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.client_oids = client_oids


_CODES: dict[str, type[ExchangeError]] = {}
for _cls, _codes in (
    (
        AuthenticationError,
        "40001 40002 40003 40006 40009 40010 40011 40012 40013 40036 40037 40041 40099 400172",
    ),
    (PermissionDeniedError, "40014 40016 40018 40038 49003"),
    (AccountModeError, "40084 40085"),
    (TimestampError, "40004 40005 40008"),
    (RateLimitError, "429 1001 50009"),
    (BadRequestError, "40007 40017 40019 40020 40034 40306 40079"),
    (InvalidOrderError, "40808 41103 45110 43006 43027 45111 40774 40761 43005 45118 40723 40309 40308 41114 43115"),
    (DuplicateClientOidError, "43118 40708 45034 25212"),
    (InsufficientFundsError, "43012 40711 40712 40762"),
    (OrderNotFoundError, "43001 40768 40109 22001 43025 25204"),
    (ExchangeUnavailableError, "40015 40200"),
):
    for _code in _codes.split():
        _CODES[_code] = _cls

_STATUSES: Mapping[int, type[ExchangeError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
}


def codes_of(cls: type[ExchangeError]) -> frozenset[str]:
    """The business codes that raise ``cls`` (the one table every code-reading module asks)."""
    return frozenset(code for code, found in _CODES.items() if found is cls)


def error_for(http_status: int, code: str | None) -> type[ExchangeError]:
    """The exception class for an answer: the business code decides, the HTTP status is the fallback."""
    if http_status == 429:
        return RateLimitError
    if http_status == 404:
        return NotFoundError
    if code is not None and code in _CODES:
        return _CODES[code]
    if http_status >= 500:
        return ExchangeUnavailableError
    if code is not None:
        return ExchangeError
    return _STATUSES.get(http_status, ExchangeError)
