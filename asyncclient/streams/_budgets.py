"""The exchange's WebSocket limits as limiter scopes, beside the REST scopes of the same limiter.

``ws:ip:connect`` (300 connection attempts in 5 minutes per IP), ``ws:conn:<n>:message`` (10 messages a
second per connection, pings included) and ``ws:conn:<n>:subscribe`` (240 subscribe requests an hour per
connection). Channels per connection (at most 1,000; the exchange recommends fewer than 50) and connections per
IP (at most 100) are counts, not rates: the streams keep those themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from .._catalogue import RateLimit

__all__ = ["CONNECT_SCOPE", "STREAM_LIMITS", "message_scope", "subscribe_scope", "with_stream_limits"]

CONNECT_SCOPE = "ws:ip:connect"
STREAM_LIMITS = {
    "connect": RateLimit(300, 300.0),
    # Counted from the write, while the exchange counts arrivals: a frame held back by a TCP retransmit could land
    # next to later ones. 10 in any 1.25 s keeps 250 ms of such jitter inside the exchange's 10 in any second.
    "message": RateLimit(10, 1.25),
    "subscribe": RateLimit(240, 3600.0),
}


def message_scope(connection: int) -> str:
    return f"ws:conn:{connection}:message"


def subscribe_scope(connection: int) -> str:
    return f"ws:conn:{connection}:subscribe"


def with_stream_limits(rest: Callable[[str], RateLimit]) -> Callable[[str], RateLimit]:
    """A scope -> budget function that knows the WebSocket scopes and asks ``rest`` for every other one."""

    def scope_limit(scope: str) -> RateLimit:
        if scope.startswith("ws:"):
            return STREAM_LIMITS[scope.rsplit(":", 1)[1]]
        return rest(scope)

    return scope_limit
