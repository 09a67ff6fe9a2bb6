"""A stream clock that moves only when a test moves it, so virtual deadlines never race the machine's speed.

A :class:`~asyncclient.streams.ScaledClock` turns every virtual margin into a real-time bound (10 s at 50 times
fast is 0.2 s of real time), which a loaded machine misses. :class:`SteppedClock` stands still while the client
and the simulator work; :meth:`SteppedClock.step` moves it on only once the streams are idle again (every
connection back asleep on the clock, no pong outstanding), so what happens at a virtual moment finishes first.
Give the simulator the same clock's ``now`` as its ``monotonic``.
"""

from __future__ import annotations

import anyio
import anyio.lowlevel

from asyncclient.streams import Streams

__all__ = ["SteppedClock"]

#: Real seconds a step may wait for the streams to be idle: only a hung client gets near it.
IDLE_TIMEOUT = 60.0


class SteppedClock:
    """Virtual monotonic seconds; ``sleep`` returns when :meth:`step` has moved the clock past its deadline."""

    def __init__(self, start: float = 1_000.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, anyio.Event]] = []

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        entry = (self._now + seconds, anyio.Event())
        self._sleepers.append(entry)
        try:
            await entry[1].wait()
        finally:
            if entry in self._sleepers:
                self._sleepers.remove(entry)

    @property
    def sleeping(self) -> int:
        """How many tasks are asleep on this clock."""
        return len(self._sleepers)

    async def idle(self, streams: Streams) -> None:
        """Wait (in real time, polling) until every connection of ``streams`` sleeps on this clock with no pong
        outstanding: its keepalive waits for the next ping, it is not connecting, subscribing or handing over."""
        with anyio.fail_after(IDLE_TIMEOUT):
            while (  # noqa: ASYNC110 - a pong and a sleeper are states of other tasks, not events
                not streams.connections
                or self.sleeping < len(streams.connections)
                or any(c.awaiting_pong for c in streams.connections)
            ):
                await anyio.sleep(0.005)

    async def step(self, seconds: float, streams: Streams) -> None:
        """Move on ``seconds``, wake the sleepers whose deadline passed, and wait until the streams are idle."""
        await self.idle(streams)
        self._now += seconds
        due = [entry for entry in self._sleepers if entry[0] <= self._now]
        for entry in due:
            self._sleepers.remove(entry)
            entry[1].set()
        await anyio.lowlevel.checkpoint()
        await self.idle(streams)
