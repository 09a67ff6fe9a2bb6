"""A hostile HTTP server on a loopback port, for the ``test_hostile_*`` files.

Raw sockets on 127.0.0.1 with an OS-assigned port, one thread per connection, so it misbehaves the same way under
asyncio and trio and below any HTTP library: each request is answered by a script of :class:`Write`,
:class:`Pause` and :class:`Reset` steps (or endless ones), and every request it received is kept for the tests
to count. ``KINDS`` parametrizes a test over both transports: httpx on asyncio and trio, aiohttp (asyncio only,
being an asyncio library) as the third case.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs
import pytest

from asyncclient import Client, RetryPolicy

__all__ = [
    "KEY",
    "KINDS",
    "NO_RETRY",
    "PASSPHRASE",
    "SECRET",
    "HostileServer",
    "Pause",
    "Received",
    "Reset",
    "Step",
    "Write",
    "answer",
    "endless",
    "envelope",
    "make_client",
]

KEY, SECRET, PASSPHRASE = "hostile-key-7Q2W", "hostile-secret-Z9X8", "hostile-pass-K4L5"
NO_RETRY = RetryPolicy(max_attempts=1, deadline=60.0)
#: (anyio backend, transport): httpx on both backends, aiohttp on asyncio (it runs on nothing else).
KINDS = pytest.mark.parametrize(
    ("anyio_backend", "kind"), [("asyncio", "httpx"), ("trio", "httpx"), ("asyncio", "aiohttp")]
)


@attrs.frozen
class Write:
    data: bytes


@attrs.frozen
class Pause:
    seconds: float


@attrs.frozen
class Reset:
    """Abort the connection with a TCP RST (SO_LINGER 0), mid-answer if it comes after a partial write."""


Step = Write | Pause | Reset
Script = Callable[["Received"], Iterable[Step]]


@attrs.frozen
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


def answer(status: int, body: bytes | str, headers: dict[str, str] | None = None, *, length: bool = True) -> Write:
    """A whole HTTP/1.1 answer; ``length=False`` leaves out Content-Length (the body then ends at close)."""
    data = body.encode() if isinstance(body, str) else body
    fields = {"Content-Type": "application/json", "Connection": "close", **(headers or {})}
    if length and "Content-Length" not in fields:
        fields["Content-Length"] = str(len(data))
    head = f"HTTP/1.1 {status} X\r\n" + "".join(f"{key}: {value}\r\n" for key, value in fields.items()) + "\r\n"
    return Write(head.encode("latin-1") + data)


def envelope(data: Any = None, code: str = "00000", **extra: Any) -> bytes:
    return json.dumps({"code": code, "msg": "success", "requestTime": 1, "data": data, **extra}).encode()


class HostileServer:
    """Serves ``script`` on ``127.0.0.1:<free port>`` until the block ends; ``received`` lists every request."""

    def __init__(self, script: Script) -> None:
        self._script = script
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.received: list[Received] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(path is None or request.path == path for request in self.received)

    def __enter__(self) -> HostileServer:
        thread = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._listener.close()
        for thread in list(self._threads):
            thread.join(5.0)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(connection,), name="hostile-conn", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, connection: socket.socket) -> None:
        try:
            request = self._read(connection)
            if request is None:
                return
            with self._lock:
                self.received.append(request)
            for step in self._script(request):
                if self._stop.is_set():
                    return
                if isinstance(step, Write):
                    connection.sendall(step.data)
                elif isinstance(step, Pause):
                    if self._stop.wait(step.seconds):
                        return
                else:
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
        except OSError:
            return  # the client hung up (as it should, on an endless or oversized answer)
        finally:
            connection.close()

    @staticmethod
    def _read(connection: socket.socket) -> Received | None:
        connection.settimeout(5.0)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
        return Received(method, target.split("?", 1)[0], headers, body)


def endless(chunk: bytes) -> Iterator[Step]:
    """A chunked answer that never ends (each chunk framed), until the client hangs up."""
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    yield Write(head.encode())
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while True:
        yield Write(frame)


def make_client(url: str, kind: str, *, signed: bool = False, **options: Any) -> Client:
    """A client of the hostile server on the transport ``kind`` (``"httpx"`` or ``"aiohttp"``)."""
    options.setdefault("retry", NO_RETRY)
    options.setdefault("sync_clock", False)
    credentials = (KEY, SECRET, PASSPHRASE) if signed else (None, None, None)
    return Client(*credentials, base_url=url, fast_transport=kind == "aiohttp", credentials_from_env=False, **options)
