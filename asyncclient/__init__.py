"""asyncclient: an async client for the Bitget REST API (classic v2, unified v3) that keeps its rules built in.

``import asyncclient`` loads only the error classes (they have no dependencies); every other public name loads
its module on first use (``asyncclient.Client``, ``from asyncclient import Client``), through the module
``__getattr__`` below. The ``TYPE_CHECKING`` imports name them all for mypy and IDEs.

(Over 300 lines: the public names, each listed for the type checker, the lazy table and ``__all__``.)
"""

from typing import TYPE_CHECKING

from ._errors import (
    AccountModeError,
    AuthenticationError,
    BadRequestError,
    BatchError,
    ClientStateError,
    ClockSyncError,
    DeadlineExceededError,
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
    SharedBackendError,
    SharedBackendUnavailableError,
    StreamAuthError,
    StreamError,
    StreamRefusedError,
    TimestampError,
    TransportError,
)
from ._lazy import lazy_names

if TYPE_CHECKING:
    from ._catalogue import (
        Catalogue,
        Endpoint,
        RateLimit,
        Repeat,
        default_catalogue,
    )
    from ._client import (
        DEFAULT_BASE_URL,
        Client,
        PreparedCall,
    )
    from ._clock import (
        ClockStats,
        ServerClock,
    )
    from ._lifecycle import (
        ClientState,
    )
    from ._limiter import (
        LimiterStats,
        RedisBackend,
        ScopeStats,
        SharedWindowLimiter,
        StrictWindowLimiter,
        TokenBucketLimiter,
    )
    from ._options_view import (
        ClientView,
    )
    from ._retry import (
        AttemptRecord,
        RetryPolicy,
        RetryStats,
    )
    from ._retry_budget import (
        RetryBudget,
    )
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
    from ._signing import (
        Credentials,
        HmacSigner,
        RsaSigner,
    )
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
    from .api._base import (
        CallOptions,
    )
    from .models import (
        AccountMode,
        Category,
        Force,
        Granularity,
        MarginMode,
        OrderType,
        ProductType,
        Side,
    )
    from .streams import (
        Streams,
    )

#: Where each lazily loaded public name lives (the typed API, the models, the streams, the shared limiter and the
#: request stack alike: a script that only catches ``asyncclient.Error`` loads none of them).
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "Catalogue",
            "Endpoint",
            "RateLimit",
            "Repeat",
            "default_catalogue",
        ),
        "._catalogue",
    ),
    **dict.fromkeys(
        (
            "Client",
            "DEFAULT_BASE_URL",
            "PreparedCall",
        ),
        "._client",
    ),
    **dict.fromkeys(
        (
            "ClockStats",
            "ServerClock",
        ),
        "._clock",
    ),
    **dict.fromkeys(
        ("ClientState",),
        "._lifecycle",
    ),
    **dict.fromkeys(
        (
            "LimiterStats",
            "RedisBackend",
            "ScopeStats",
            "SharedWindowLimiter",
            "StrictWindowLimiter",
            "TokenBucketLimiter",
        ),
        "._limiter",
    ),
    **dict.fromkeys(
        ("ClientView",),
        "._options_view",
    ),
    **dict.fromkeys(
        (
            "AttemptRecord",
            "RetryPolicy",
            "RetryStats",
        ),
        "._retry",
    ),
    **dict.fromkeys(
        ("RetryBudget",),
        "._retry_budget",
    ),
    **dict.fromkeys(
        (
            "RetryCondition",
            "RetryReason",
            "RetryState",
            "Stop",
            "Wait",
            "retry_if_resync_helps",
            "retry_if_transient",
            "stop_after_attempt",
            "stop_before_deadline",
            "wait_after_resync",
            "wait_full_jitter",
            "wait_retry_after",
        ),
        "._retry_strategies",
    ),
    **dict.fromkeys(
        (
            "Credentials",
            "HmacSigner",
            "RsaSigner",
        ),
        "._signing",
    ),
    **dict.fromkeys(
        ("CallOptions",),
        ".api._base",
    ),
    **dict.fromkeys(
        (
            "AccountAPI",
            "CommonAPI",
            "ConvertAPI",
            "FuturesAPI",
            "IsolatedMarginAPI",
            "MarginAPI",
            "SpotAPI",
            "TaxAPI",
            "UtaAPI",
            "WalletAPI",
        ),
        ".api",
    ),
    **dict.fromkeys(
        (
            "AccountMode",
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
    **dict.fromkeys(
        ("Streams",),
        ".streams",
    ),
}


__getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "CallOptions",
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
