"""The rate limiter: every budget held as the server counts it, fair, cheap, shareable across processes."""

from ._backend import (
    RedisReplyError,
    SharedBackend,
    SharedBackendError,
    SharedBackendUnavailableError,
    Taken,
    WindowSpec,
)
from ._grant import NO_GRANT, Grant
from ._limiter import (
    DEFAULT_MARGIN,
    FairLimiter,
    LimitSource,
    StrictWindowLimiter,
    TokenBucketLimiter,
    WindowGrant,
)
from ._redis import RedisBackend
from ._shared import SharedGrant, SharedWindowLimiter
from ._stats import LimiterStats, ScopeStats

__all__ = [
    "DEFAULT_MARGIN",
    "NO_GRANT",
    "FairLimiter",
    "Grant",
    "LimitSource",
    "LimiterStats",
    "RedisBackend",
    "RedisReplyError",
    "ScopeStats",
    "SharedBackend",
    "SharedBackendError",
    "SharedBackendUnavailableError",
    "SharedGrant",
    "SharedWindowLimiter",
    "StrictWindowLimiter",
    "Taken",
    "TokenBucketLimiter",
    "WindowGrant",
    "WindowSpec",
]
