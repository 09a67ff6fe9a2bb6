"""An httpx transport that hands each request to the simulator's ASGI app in the same process.

Unlike ``httpx.ASGITransport`` it sets the client IP the rate limits count by, and turns an answer the app
dropped into the error a real socket gives (:class:`httpx.RemoteProtocolError`), so clients see the same
failures in-process as over the network.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._app import SimulatorApp
from ._asgi import Message

__all__ = ["SimulatorTransport"]


class SimulatorTransport(httpx.AsyncBaseTransport):
    """Sends requests straight to ``app``, as if from ``client_ip``."""

    def __init__(self, app: SimulatorApp, client_ip: str = "127.0.0.1", client_port: int = 50000) -> None:
        self.app = app
        self.client = (client_ip, client_port)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        url = request.url
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.partition(b"?")[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(name.lower(), value) for name, value in request.headers.raw],
            "client": self.client,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        }
        delivered = False
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        complete = False

        async def receive() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status, headers, complete
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)

        await self.app(scope, receive, send)
        if not status:
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if not complete:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            )
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b"".join(chunks)), request=request)
