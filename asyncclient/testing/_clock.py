"""The simulator's own clock: the machine's wall clock plus an offset, a drift and jumps, all changeable live.

The exchange checks ``ACCESS-TIMESTAMP`` against *its* clock, which need not agree with the caller's; this
clock lets a test put the server ahead, behind, drifting away, or jumping, while requests are in flight.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["SimClock"]


class SimClock:
    """``now = wall + offset + drift * (wall - anchor)``; a change re-anchors, so no time is lost or repeated.

    Reads take one immutable snapshot, so a change made from another thread (a test driving a server thread)
    is seen whole or not at all.
    """

    def __init__(self, offset: float = 0.0, drift: float = 0.0, *, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall
        self._lock = threading.Lock()
        # (anchor wall time, offset at the anchor, drift in seconds per second)
        self._state = (wall(), float(offset), float(drift))

    def _offset_at(self, wall_now: float) -> float:
        anchor, offset, drift = self._state
        return offset + drift * (wall_now - anchor)

    def now(self) -> float:
        """The simulator's time in seconds since the epoch."""
        wall_now = self._wall()
        return wall_now + self._offset_at(wall_now)

    def now_ms(self) -> int:
        """The simulator's time in milliseconds, as ``serverTime`` reports it."""
        return int(self.now() * 1000)

    @property
    def offset_ms(self) -> float:
        """How far the simulator's clock is ahead of the machine's wall clock right now, in ms."""
        return self._offset_at(self._wall()) * 1000

    @property
    def drift(self) -> float:
        """Seconds gained (or lost, when negative) per second of wall time."""
        return self._state[2]

    def set_offset(self, seconds: float) -> None:
        """Put the clock ``seconds`` ahead of the wall clock (behind when negative); the drift carries on."""
        with self._lock:
            self._state = (self._wall(), float(seconds), self._state[2])

    def jump(self, seconds: float) -> None:
        """Step the clock forward (or back, when negative) at once."""
        with self._lock:
            wall_now = self._wall()
            self._state = (wall_now, self._offset_at(wall_now) + seconds, self._state[2])

    def set_drift(self, rate: float) -> None:
        """From now on gain ``rate`` seconds per second of wall time; the offset reached so far is kept."""
        with self._lock:
            wall_now = self._wall()
            self._state = (wall_now, self._offset_at(wall_now), float(rate))

    def __repr__(self) -> str:
        return f"SimClock(offset_ms={self.offset_ms:.1f}, drift={self.drift})"
