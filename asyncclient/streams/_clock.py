"""The time the streams run on: keepalive, backoff and connection age read it; the default is anyio's.

:class:`ScaledClock` runs faster than real time, for tests that cover hours of keepalive in seconds (give the
simulator the same clock's ``now`` as its ``monotonic``).
"""

from __future__ import annotations

import time
from typing import Protocol

import anyio

__all__ = ["RealClock", "ScaledClock", "StreamClock"]


class StreamClock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class RealClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class ScaledClock:
    """``scale`` seconds pass for every real second: ``now()`` runs ``scale`` times fast, sleeps are shorter."""

    def __init__(self, scale: float) -> None:
        if scale <= 0:
            raise ValueError(f"scale must be > 0, got {scale}")
        self.scale = scale
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.scale

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds / self.scale)
