"""Wait until streams are live instead of sleeping a guess: a fixed sleep assumes the machine subscribes fast."""

from __future__ import annotations

import anyio

from asyncclient.streams import Streams
from asyncclient.testing import Simulator

__all__ = ["until_live"]


async def until_live(sim: Simulator, *streams: Streams, timeout: float = 60.0) -> None:
    """Until the simulator holds every channel of ``streams`` and each of their connections is live (logged in,
    subscribed, caught up over REST, read). ``timeout`` is real seconds and only bounds a hang."""
    wanted = sum(each.channel_count for each in streams)
    connections = [connection for each in streams for connection in each.connections]
    with anyio.fail_after(timeout):
        while (
            not connections
            or sum(len(session.channels) for session in list(sim.streams.sessions)) < wanted
            or not all(connection.live for connection in connections)
        ):
            await anyio.sleep(0.01)
            connections = [connection for each in streams for connection in each.connections]
