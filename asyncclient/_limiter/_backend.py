"""Where a shared limiter keeps its windows, so several processes (or hosts) hold one budget together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

__all__ = ["SharedBackend", "WindowSpec"]


@attrs.frozen
class WindowSpec:
    """One scope's strict window as the backend enforces it: ``limit`` sends per ``window`` seconds."""

    scope: str
    limit: int
    window: float  # including the safety margin
    #: At most this many back to back, the rest paced at window / limit (None: whole windows at once).
    burst: int | None = None


class SharedBackend(Protocol):
    """An atomic store of strict windows, with its own clock so hosts need not agree on the time."""

    async def take(self, windows: Sequence[WindowSpec], token: str) -> float:
        """Take a slot of every window at once and return 0, or take none and return the seconds to wait."""
        ...

    async def give_back(self, scopes: Sequence[str], token: str) -> None:
        """Undo a take recorded under ``token`` whose request was never sent."""
        ...

    async def settle(self, taken: Sequence[tuple[Sequence[str], str]]) -> None:
        """Count each take (its scopes, its token) from the backend's present instead: it has been answered."""
        ...

    async def pause(self, scopes: Sequence[str], seconds: float) -> None:
        """Let no take succeed on these scopes for ``seconds`` (after a 429)."""
        ...

    async def aclose(self) -> None: ...
