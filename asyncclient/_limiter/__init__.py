"""The rate limiter: every budget held as the server counts it, fair, cheap, shareable across processes."""

from ._limiter import DEFAULT_MARGIN, FairLimiter, LimitSource, StrictWindowLimiter, TokenBucketLimiter
from ._stats import LimiterStats, ScopeStats

__all__ = [
    "DEFAULT_MARGIN",
    "FairLimiter",
    "LimitSource",
    "LimiterStats",
    "ScopeStats",
    "StrictWindowLimiter",
    "TokenBucketLimiter",
]
