"""The exchange's WebSocket limits, counted per IP and per connection, and what the simulator saw of them.

Per IP: 300 connection attempts in any 5 minutes and 100 open connections. Per connection: 10 messages a second
(pings included), 240 subscribe requests an hour, 1,000 channels. Going over the message rate closes the
connection (30007); three such closes within 10 minutes block the IP's new connections for 5 minutes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

import attrs

__all__ = ["ConnectionMeter", "IpLimits", "StreamLimits", "StreamStats", "Window"]


@attrs.define
class StreamLimits:
    """The budgets (configuration, not code: the exchange changes them)."""

    attempts_per_ip: int = 300
    attempts_window: float = 300.0
    connections_per_ip: int = 100
    messages_per_second: int = 10
    subscribes_per_hour: int = 240
    channels_per_connection: int = 1000
    offences_to_block: int = 3
    offence_window: float = 600.0
    block_seconds: float = 300.0


@attrs.define
class StreamStats:
    """What the simulator counted: every refusal and disconnect for a limit is a violation."""

    connections: int = 0
    refused: int = 0
    messages: int = 0
    pings: int = 0
    subscribe_requests: int = 0
    violations: list[tuple[int, str]] = attrs.field(factory=list)
    most_open_per_ip: int = 0
    most_channels: int = 0
    busiest_second: int = 0
    busiest_hour_of_subscribes: int = 0
    forced_closes: int = 0
    drops: int = 0
    #: Connections closed because they sent nothing (no ping) for ``ping_timeout``.
    ping_timeouts: int = 0


class Window:
    """Times of recent events; how many fell in the last ``seconds``."""

    __slots__ = ("_times", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._times: deque[float] = deque()

    def add(self, now: float) -> int:
        """Record one event at ``now``; returns how many the window holds with it."""
        times = self._times
        horizon = now - self.seconds
        while times and times[0] <= horizon:
            times.popleft()
        times.append(now)
        return len(times)


class ConnectionMeter:
    """One connection's message and subscribe windows."""

    __slots__ = ("messages", "subscribes")

    def __init__(self) -> None:
        self.messages = Window(1.0)
        self.subscribes = Window(3600.0)


class IpLimits:
    """Attempts, open connections and blocks per IP; ``monotonic`` is the simulator's clock for them."""

    def __init__(self, limits: StreamLimits, stats: StreamStats, monotonic: Callable[[], float]) -> None:
        self.limits = limits
        self.stats = stats
        self._monotonic = monotonic
        self._attempts: dict[str, Window] = {}
        self._open: dict[str, int] = {}
        self._offences: dict[str, Window] = {}
        self._blocked_until: dict[str, float] = {}

    def admit(self, ip: str) -> int | None:
        """Count a connection attempt; None if admitted, else the error code it is refused with."""
        now = self._monotonic()
        limits = self.limits
        window = self._attempts.setdefault(ip, Window(limits.attempts_window))
        if self._blocked_until.get(ip, 0.0) > now:
            return self._refuse(30010, "ip blocked")
        if window.add(now) > limits.attempts_per_ip:
            return self._refuse(30010, "connection attempts over limit")
        open_now = self._open.get(ip, 0) + 1
        if open_now > limits.connections_per_ip:
            return self._refuse(30009, "connections over limit")
        self._open[ip] = open_now
        self.stats.connections += 1
        self.stats.most_open_per_ip = max(self.stats.most_open_per_ip, open_now)
        return None

    def _refuse(self, code: int, reason: str) -> int:
        self.stats.refused += 1
        self.stats.violations.append((code, reason))
        return code

    def closed(self, ip: str) -> None:
        self._open[ip] = max(self._open.get(ip, 1) - 1, 0)

    def offence(self, ip: str) -> None:
        """A connection of this IP went over a limit; repeated offences block the IP."""
        now = self._monotonic()
        window = self._offences.setdefault(ip, Window(self.limits.offence_window))
        if window.add(now) >= self.limits.offences_to_block:
            self._blocked_until[ip] = now + self.limits.block_seconds
