"""The rate limiter: every budget held as the server counts it, fair, cheap, shareable across processes."""

from ._backend import SharedBackend, WindowSpec
from ._limiter import DEFAULT_MARGIN, FairLimiter, LimitSource, StrictWindowLimiter, TokenBucketLimiter
from ._redis import RedisBackend
from ._resp import RedisReplyError, SharedBackendError
from ._shared import SharedWindowLimiter
from ._stats import LimiterStats, ScopeStats

__all__ = [
    "DEFAULT_MARGIN",
    "FairLimiter",
    "LimitSource",
    "LimiterStats",
    "RedisBackend",
    "RedisReplyError",
    "ScopeStats",
    "SharedBackend",
    "SharedBackendError",
    "SharedWindowLimiter",
    "StrictWindowLimiter",
    "TokenBucketLimiter",
    "WindowSpec",
]
