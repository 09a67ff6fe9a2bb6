"""A minimal loopback HTTP/1.1 keep-alive server that answers every request with a canned Bitget envelope.

It exists so that client overhead can be measured with a server whose own speed does not matter: a raw
asyncio protocol, no routing, no parsing beyond finding the end of each request. GET answers one spot ticker
(the server-time path answers the current time, for the client's clock sync), POST answers a placed order.
Run it in its own process: ``python -m benchmarks._fast_server --port N``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from collections.abc import Sequence

__all__ = ["GET_BODY", "POST_BODY", "main"]

GET_BODY = json.dumps(
    {
        "code": "00000",
        "msg": "success",
        "requestTime": 1700000000000,
        "data": [
            {
                "symbol": "BTCUSDT",
                "high24h": "37775.65",
                "open": "35134.2",
                "low24h": "34413.1",
                "lastPr": "34413.1",
                "quoteVolume": "1520.4",
                "baseVolume": "0.0442",
                "usdtVolume": "1520.4",
                "bidPr": "34413.0",
                "askPr": "34413.2",
                "bidSz": "0.0663",
                "askSz": "0.0119",
                "openUtc": "34000.72",
                "ts": "1700000000000",
                "changeUtc24h": "0.00301",
                "change24h": "0.00069",
            }
        ],
    },
    separators=(",", ":"),
).encode()

POST_BODY = json.dumps(
    {
        "code": "00000",
        "msg": "success",
        "requestTime": 1700000000000,
        "data": {"orderId": "1001", "clientOid": "bench-0001"},
    },
    separators=(",", ":"),
).encode()


def _response(body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode() + body


def _server_time_response() -> bytes:
    now_ms = time.time_ns() // 1_000_000
    body = f'{{"code":"00000","msg":"success","requestTime":{now_ms},"data":{{"serverTime":"{now_ms}"}}}}'
    return _response(body.encode())


_GET_RESPONSE = _response(GET_BODY)
_POST_RESPONSE = _response(POST_BODY)
_CONTENT_LENGTH = b"\r\ncontent-length:"
_SERVER_TIME = b"get /api/v2/public/time"


class CannedResponder(asyncio.Protocol):
    """Answers each complete request on a connection, in order; bodies are skipped by their Content-Length."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._transport: asyncio.WriteTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]  # a stream transport (uvloop's is not a subclass)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end]).lower()
            length = 0
            start = head.find(_CONTENT_LENGTH)
            if start >= 0:
                stop = head.find(b"\r\n", start + 2)
                length = int(head[start + len(_CONTENT_LENGTH) : stop if stop >= 0 else None])
            total = end + 4 + length
            if len(buffer) < total:
                return
            del buffer[:total]
            assert self._transport is not None
            if head.startswith(b"post"):
                self._transport.write(_POST_RESPONSE)
            elif head.startswith(_SERVER_TIME):
                self._transport.write(_server_time_response())  # the client's clock sync: a real time
            else:
                self._transport.write(_GET_RESPONSE)


async def serve_forever(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(CannedResponder, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        try:  # the server's speed is not under test; uvloop just keeps it out of the way
            import uvloop
        except ImportError:  # pragma: no cover - depends on the environment
            asyncio.run(serve_forever(args.port))
        else:
            uvloop.run(serve_forever(args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
