"""asyncclient: an async client for the Bitget REST API (classic v2, unified v3) that keeps its rules built in."""

import importlib
from typing import TYPE_CHECKING, Any

from ._catalogue import Catalogue, Endpoint, RateLimit, Repeat, default_catalogue
from ._client import DEFAULT_BASE_URL, Client, PreparedCall
from ._clock import ClockStats, ClockSyncError, ServerClock
from ._errors import (
    AccountModeError,
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
    ResponseTooLargeError,
    TimestampError,
    TransportError,
)
from ._lifecycle import ClientState, ClientStateError
from ._limiter import (
    LimiterStats,
    ScopeStats,
    SharedBackendError,
    SharedBackendUnavailableError,
    StrictWindowLimiter,
    TokenBucketLimiter,
)
from ._options_view import ClientView
from ._retry import AttemptRecord, DeadlineExceededError, RetryPolicy, RetryStats
from ._retry_budget import RetryBudget
from ._retry_strategies import (
    RetryCondition,
    RetryReason,
    RetryState,
    Stop,
    Wait,
    retry_if_resync_helps,
    retry_if_transient,
    stop_after_attempt,
    stop_before_deadline,
    wait_after_resync,
    wait_full_jitter,
    wait_retry_after,
)
from ._signing import Credentials, HmacSigner, RsaSigner

if TYPE_CHECKING:
    from ._limiter import RedisBackend, SharedWindowLimiter
    from .api import (
        AccountAPI,
        CommonAPI,
        ConvertAPI,
        FuturesAPI,
        IsolatedMarginAPI,
        MarginAPI,
        SpotAPI,
        TaxAPI,
        UtaAPI,
        WalletAPI,
    )
    from .models import AccountMode, BatchError, Category, Force, Granularity, MarginMode, OrderType, ProductType, Side
    from .streams import StreamAuthError, StreamError, StreamRefusedError, Streams

# The typed API and its models load on first use, keeping ``import asyncclient`` light for request() users.
_LAZY = {
    # The shared (Redis) limiter loads on first use too: most clients never need it.
    "RedisBackend": "._limiter",
    "SharedWindowLimiter": "._limiter",
    "AccountAPI": ".api",
    "CommonAPI": ".api",
    "ConvertAPI": ".api",
    "FuturesAPI": ".api",
    "MarginAPI": ".api",
    "IsolatedMarginAPI": ".api",
    "SpotAPI": ".api",
    "TaxAPI": ".api",
    "WalletAPI": ".api",
    "UtaAPI": ".api",
    **dict.fromkeys(
        (
            "AccountMode",
            "BatchError",
            "Category",
            "Force",
            "Granularity",
            "MarginMode",
            "OrderType",
            "ProductType",
            "Side",
        ),
        ".models",
    ),
    # The WebSocket streams (httpx-ws) load on first use too; their models are in asyncclient.streams.
    **dict.fromkeys(("StreamAuthError", "StreamError", "StreamRefusedError", "Streams"), ".streams"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'asyncclient' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "DEFAULT_BASE_URL",
    "AccountAPI",
    "AccountMode",
    "AccountModeError",
    "AttemptRecord",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "Catalogue",
    "Category",
    "Client",
    "ClientState",
    "ClientStateError",
    "ClientView",
    "ClockStats",
    "ClockSyncError",
    "CommonAPI",
    "ConvertAPI",
    "Credentials",
    "DeadlineExceededError",
    "DecodeError",
    "DuplicateClientOidError",
    "Endpoint",
    "Error",
    "ExchangeError",
    "ExchangeUnavailableError",
    "Force",
    "FuturesAPI",
    "Granularity",
    "HmacSigner",
    "InputError",
    "InputTypeError",
    "InsufficientFundsError",
    "InvalidOrderError",
    "IsolatedMarginAPI",
    "LimiterStats",
    "MarginAPI",
    "MarginMode",
    "MissingCredentialsError",
    "NotFoundError",
    "OrderNotFoundError",
    "OrderType",
    "OutcomeUnknownError",
    "PermissionDeniedError",
    "PreparedCall",
    "ProductType",
    "RateLimit",
    "RateLimitError",
    "RedisBackend",
    "Repeat",
    "ResponseTooLargeError",
    "RetryBudget",
    "RetryCondition",
    "RetryPolicy",
    "RetryReason",
    "RetryState",
    "RetryStats",
    "RsaSigner",
    "ScopeStats",
    "ServerClock",
    "SharedBackendError",
    "SharedBackendUnavailableError",
    "SharedWindowLimiter",
    "Side",
    "SpotAPI",
    "Stop",
    "StreamAuthError",
    "StreamError",
    "StreamRefusedError",
    "Streams",
    "StrictWindowLimiter",
    "TaxAPI",
    "TimestampError",
    "TokenBucketLimiter",
    "TransportError",
    "UtaAPI",
    "Wait",
    "WalletAPI",
    "default_catalogue",
    "retry_if_resync_helps",
    "retry_if_transient",
    "stop_after_attempt",
    "stop_before_deadline",
    "wait_after_resync",
    "wait_full_jitter",
    "wait_retry_after",
]
