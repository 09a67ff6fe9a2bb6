"""Rate limits counted the strict way: at most N requests in *any* window of W seconds, per IP or per account.

The budgets come from the endpoint catalogue the client reads too: the overall 6000/min per IP, the public
market group's 20/s per IP, a public endpoint's own lower budget per IP, each signed endpoint's budget per
account (UID: every API key of one account shares it), and the per-account cap of each product line. A request
is admitted only when every budget it takes from has room; a refused request takes from none. A budget with a
lockout (the per-IP cap) refuses everything for the lockout once it has refused one request.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Sequence

from .._catalogue import Catalogue, RateLimit

__all__ = ["RateLimits", "StrictWindow", "retry_after_seconds"]


class StrictWindow:
    """The times of the last ``limit`` admitted requests; full while the oldest is younger than ``window``."""

    __slots__ = ("_times", "limit", "locked_until", "lockout", "window")

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit.limit
        self.window = limit.window
        self.lockout = limit.lockout
        self.locked_until = -math.inf
        self._times: deque[float] = deque()

    def wait_time(self, now: float) -> float:
        """Seconds until a request could be admitted; 0 when it can be now."""
        if self.locked_until > now:
            return self.locked_until - now
        times = self._times
        horizon = now - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if len(times) < self.limit:
            return 0.0
        return times[0] - horizon

    def take(self, now: float) -> None:
        self._times.append(now)

    def refuse(self, now: float) -> None:
        """This window refused a request: a budget with a lockout now refuses everything for that long."""
        if self.lockout is not None and self.locked_until <= now:
            self.locked_until = now + self.lockout

    def __len__(self) -> int:
        return len(self._times)


class RateLimits:
    """Every strict window, keyed by ``(scope, subject)``: the subject is the client IP, or the account (UID)
    for ``uid:`` scopes (the API key for the older ``key:`` ones)."""

    def __init__(
        self, catalogue: Catalogue, *, enabled: bool = True, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.catalogue = catalogue
        self.enabled = enabled
        self._monotonic = monotonic
        self._windows: dict[tuple[str, str], StrictWindow] = {}

    def _window(self, scope: str, subject: str) -> StrictWindow:
        key = (scope, subject)
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = StrictWindow(self.catalogue.scope_limit(scope))
        return window

    def admit(self, scopes: Sequence[str], client_ip: str, api_key: str | None = None, uid: str | None = None) -> float:
        """Take one request from every scope and return 0, or take nothing and return the seconds to wait.

        Scopes starting with ``uid:`` are counted per ``uid`` (``key:`` per ``api_key``); others per ``client_ip``.
        """
        if not self.enabled:
            return 0.0
        now = self._monotonic()
        windows = [self._window(scope, _subject(scope, client_ip, api_key, uid)) for scope in scopes]
        waits = [window.wait_time(now) for window in windows]
        wait = max(waits)
        if wait > 0:
            for window, own in zip(windows, waits, strict=True):
                if own > 0:
                    window.refuse(now)
            return max(window.wait_time(now) for window in windows)
        for window in windows:
            window.take(now)
        return 0.0

    def reset(self) -> None:
        """Forget every request counted so far."""
        self._windows.clear()


def _subject(scope: str, client_ip: str, api_key: str | None, uid: str | None) -> str:
    if uid is not None and scope.startswith("uid:"):
        return uid
    if api_key is not None and scope.startswith("key:"):
        return api_key
    return client_ip


def retry_after_seconds(wait: float) -> str:
    """A ``Retry-After`` value: whole seconds, rounded up, at least 1."""
    return str(max(1, math.ceil(wait)))
