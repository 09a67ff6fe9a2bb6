"""The simulator app's ASGI plumbing: the envelope, reading a body, sending an answer or losing it, lifespan.

A fault that strikes after the work changes the answer here (:func:`faulted`): a 500, nginx's 502 page, a body
cut in half; a dropped answer promises a body and never sends it, so the server closes the connection.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import attrs

from . import _json
from ._faults import Fault

__all__ = [
    "Answer",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "drop",
    "drop_start",
    "envelope",
    "faulted",
    "lifespan",
    "read_body",
    "respond",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

JSON = b"application/json"
HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
    b"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@attrs.frozen
class Answer:
    status: int
    body: bytes
    uid: str | None = None
    retry_after: str | None = None
    content_type: bytes = JSON


def envelope(code: str, msg: str, request_time: int, data: Any = None) -> bytes:
    return _json.dumps({"code": code, "msg": msg, "requestTime": request_time, "data": data})


async def read_body(receive: Receive) -> bytes:
    message = await receive()
    body: bytes = message.get("body", b"")
    if not message.get("more_body", False):
        return body
    chunks = [body]
    while message.get("more_body", False):
        message = await receive()
        chunks.append(message.get("body", b""))
    return b"".join(chunks)


async def respond(send: Send, answer: Answer, accept_time_ms: int | None = None) -> None:
    headers = [(b"content-type", answer.content_type), (b"content-length", str(len(answer.body)).encode())]
    if accept_time_ms is not None:
        headers.append((b"x-bg-request-accept-time", str(accept_time_ms).encode()))
    if answer.retry_after is not None:
        headers.append((b"retry-after", answer.retry_after.encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


async def drop(send: Send) -> None:
    """Lose the answer: promise a body, then return without it, so the server closes the connection."""
    await drop_start(send)


async def drop_start(send: Send) -> None:
    """Promise a body that never comes: the connection closes when the app returns."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1048576")]})
    await send({"type": "http.response.body", "body": b"", "more_body": True})


async def lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def faulted(answer: Answer, fault: Fault | None, now_ms: int) -> tuple[Answer, Fault | None]:
    """The answer as a fault that strikes after the work changes it, and the fault that took effect."""
    if fault is Fault.ERROR or fault is Fault.ERROR_AFTER_ACCEPT:
        return Answer(500, envelope("500", "Internal Server Error", now_ms), answer.uid), fault
    if fault is Fault.HTML_502:
        return Answer(502, HTML_502, content_type=b"text/html"), fault
    if fault is Fault.TRUNCATE:
        if answer.status == 200:
            return attrs.evolve(answer, body=answer.body[: len(answer.body) // 2]), fault
        return answer, None  # only a success is cut; an error answer goes out whole
    return answer, fault
