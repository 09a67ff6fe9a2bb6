"""Where a shared limiter keeps its windows, so several processes (or hosts) hold one budget together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from .._errors import RedisReplyError, SharedBackendError, SharedBackendUnavailableError

__all__ = [
    "RedisReplyError",
    "SharedBackend",
    "SharedBackendError",
    "SharedBackendUnavailableError",
    "Taken",
    "WindowSpec",
]


@attrs.frozen
class WindowSpec:
    """One scope's strict window as the backend enforces it: ``limit`` requests per ``window`` seconds."""

    scope: str
    limit: int
    window: float  # including the safety margin
    #: At most this many back to back, the rest paced at window / limit (None: whole windows at once).
    burst: int | None = None


@attrs.frozen
class Taken:
    """One settled take: its scopes, its token, and how many seconds before the backend's present the server
    counted the request (0: count it from now)."""

    scopes: Sequence[str]
    token: str
    ago: float = 0.0


class SharedBackend(Protocol):
    """An atomic store of strict windows, with its own clock so hosts need not agree on the time.

    A take holds its slot *in flight* (it does not age) until it is settled or ``hold`` seconds pass.
    """

    async def take(self, windows: Sequence[WindowSpec], token: str, *, hold: float, poll: float) -> float:
        """Take a slot of every window at once and return 0, or take none and return the seconds to wait
        (at most ``poll`` when only slots still in flight block, since a settle elsewhere may free one)."""
        ...

    async def give_back(self, scopes: Sequence[str], token: str) -> None:
        """Undo a take recorded under ``token`` whose request was never sent."""
        ...

    async def settle(self, taken: Sequence[Taken]) -> None:
        """Each take's slot leaves the window ``window`` seconds after the instant its request was counted."""
        ...

    async def pause(self, scopes: Sequence[str], seconds: float) -> None:
        """Let no take succeed on these scopes for ``seconds`` (after a 429)."""
        ...

    async def aclose(self) -> None: ...
