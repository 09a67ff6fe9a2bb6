"""asyncclient: an async client for the Bitget v2 REST API that keeps the exchange's rules by construction."""

from ._catalogue import Catalogue, Endpoint, RateLimit, Repeat, default_catalogue
from ._client import DEFAULT_BASE_URL, Client, PreparedCall
from ._clock import ClockStats, ClockSyncError, ServerClock
from ._errors import (
    AuthenticationError,
    BadRequestError,
    DecodeError,
    DuplicateClientOidError,
    Error,
    ExchangeError,
    ExchangeUnavailableError,
    InputError,
    InputTypeError,
    InsufficientFundsError,
    InvalidOrderError,
    MissingCredentialsError,
    NotFoundError,
    OrderNotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    TimestampError,
    TransportError,
)
from ._limiter import LimiterStats, ScopeStats, StrictWindowLimiter, TokenBucketLimiter
from ._signing import Credentials, HmacSigner, RsaSigner

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "AuthenticationError",
    "BadRequestError",
    "Catalogue",
    "Client",
    "ClockStats",
    "ClockSyncError",
    "Credentials",
    "DecodeError",
    "DuplicateClientOidError",
    "Endpoint",
    "Error",
    "ExchangeError",
    "ExchangeUnavailableError",
    "HmacSigner",
    "InputError",
    "InputTypeError",
    "InsufficientFundsError",
    "InvalidOrderError",
    "LimiterStats",
    "MissingCredentialsError",
    "NotFoundError",
    "OrderNotFoundError",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PreparedCall",
    "RateLimit",
    "RateLimitError",
    "Repeat",
    "RsaSigner",
    "ScopeStats",
    "ServerClock",
    "StrictWindowLimiter",
    "TimestampError",
    "TokenBucketLimiter",
    "TransportError",
    "default_catalogue",
]
