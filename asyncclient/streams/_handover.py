"""Sockets in tasks of their own, so that a connection can open its successor before it closes itself.

:func:`open_socket` starts a task that enters httpx-ws's ``aconnect_ws`` and holds it open until
:meth:`Socket.close`; the socket is used from the connection's own tasks meanwhile (httpx-ws sessions may be).
A :class:`Handover` carries a subscribed successor from the retiring socket's session to the next.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx
from anyio.abc import TaskGroup
from httpx_ws import AsyncWebSocketSession, aconnect_ws

from ._session import CappedSession

__all__ = ["Handover", "Socket", "open_socket"]


class Socket:
    """An open WebSocket and the means to close it (its task then leaves ``aconnect_ws``)."""

    def __init__(self, ws: AsyncWebSocketSession, done: anyio.Event) -> None:
        self.ws = ws
        self._done = done

    def close(self) -> None:
        self._done.set()


class Handover(Exception):
    """A successor socket, logged in and subscribed to ``states`` (``keys``), with what it received so far."""

    def __init__(self, socket: Socket, states: list[Any], keys: list[Any], buffered: list[str]) -> None:
        super().__init__("handover")
        self.socket = socket
        self.states = states
        self.keys = keys
        self.buffered = buffered


async def open_socket(group: TaskGroup, url: str, http: httpx.AsyncClient, max_message: int) -> Socket:
    """Connect in a new task of ``group``; raises what connecting raised."""
    ready = anyio.Event()
    outcome: list[Socket | BaseException] = []

    async def carry() -> None:
        done = anyio.Event()
        try:
            async with aconnect_ws(
                url,
                http,
                keepalive_ping_interval_seconds=None,  # the exchange wants the text "ping", sent by the connection
                max_message_size_bytes=min(max_message, 65536),  # httpx-ws: the size of each read, not a cap
                session_class=CappedSession,  # the cap on a whole message, as it arrives
            ) as session:
                outcome.append(Socket(session, done))
                ready.set()
                await done.wait()
        except anyio.get_cancelled_exc_class():
            raise
        except BaseException as exc:
            if not outcome:
                outcome.append(exc)
        finally:
            ready.set()

    group.start_soon(carry)
    await ready.wait()
    if not outcome:
        raise anyio.BrokenResourceError("the socket's task ended before it connected")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result
