"""The rate limiter: every budget held as the server counts it, fair, cheap, shareable across processes."""

from typing import TYPE_CHECKING

from .._lazy import lazy_names
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
from ._stats import LimiterStats, ScopeStats
from ._window import RATE_MARGIN

if TYPE_CHECKING:
    from ._redis import RedisBackend
    from ._shared import SharedGrant, SharedWindowLimiter

# The Redis backend and the shared limiter load on first use: a client without redis_url never needs them.
_LAZY = {"RedisBackend": "._redis", "SharedGrant": "._shared", "SharedWindowLimiter": "._shared"}


__getattr__ = lazy_names(__name__, _LAZY, globals())


__all__ = [
    "DEFAULT_MARGIN",
    "NO_GRANT",
    "RATE_MARGIN",
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
