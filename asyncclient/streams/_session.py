"""httpx-ws's WebSocket session with a real cap on the size of one message.

httpx-ws 0.9 uses ``max_message_size_bytes`` only as the size of each socket read and joins the fragments of a
message without bound, so one endless message (or a huge one) from a hostile server would fill memory. Here
the wsproto connection under the session counts the message being received and raises
:class:`StreamMessageTooLargeError` past the cap, which ends the session (the connection then reconnects).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import wsproto.events
from httpx_ws import AsyncWebSocketSession
from wsproto.connection import Connection

from ._errors import StreamMessageTooLargeError

__all__ = ["MAX_MESSAGE", "CappedSession"]

#: The largest message read (bytes of a binary message, characters of a text one); the exchange's are far smaller.
MAX_MESSAGE = 8 * 1024 * 1024


class _CappedConnection:
    """A wsproto connection whose ``events()`` refuse a message growing past ``cap``."""

    def __init__(self, inner: Connection, cap: int) -> None:
        self._inner = inner
        self._cap = cap
        self._size = 0

    @property
    def state(self) -> Any:
        return self._inner.state

    def send(self, event: wsproto.events.Event) -> bytes:
        return self._inner.send(event)

    def receive_data(self, data: bytes | None) -> None:
        self._inner.receive_data(data)

    def events(self) -> Iterator[wsproto.events.Event]:
        for event in self._inner.events():
            if isinstance(event, wsproto.events.Message):
                self._size += len(event.data)
                if self._size > self._cap:
                    raise StreamMessageTooLargeError(f"a message went past {self._cap} bytes: refused")
                if event.message_finished:
                    self._size = 0
            yield event


class CappedSession(AsyncWebSocketSession):
    """:class:`httpx_ws.AsyncWebSocketSession` reading messages of at most :data:`MAX_MESSAGE`."""

    max_message = MAX_MESSAGE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection = _CappedConnection(self.connection, self.max_message)  # type: ignore[assignment]
