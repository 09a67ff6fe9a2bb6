"""A minimal Redis client (RESP2 over one anyio socket): enough for the shared limiter, on asyncio and trio.

One connection, one command at a time. A command is shielded from cancellation and bounded by a timeout, so a
cancelled caller never leaves a reply unread on the socket; any I/O failure drops the connection and the next
command reconnects.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import anyio
import anyio.abc

from .._errors import Error

__all__ = ["RedisReplyError", "Reply", "RespConnection", "SharedBackendError"]

#: A decoded reply: simple strings as str, bulk strings as bytes, integers, nil as None, arrays as lists.
Reply = str | bytes | int | None | list["Reply"]

_CRLF = b"\r\n"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
_IO_ERRORS = (OSError, TimeoutError, anyio.EndOfStream, anyio.BrokenResourceError, ValueError)


class SharedBackendError(Error):
    """The shared limiter's backend could not be reached or answered badly."""


class RedisReplyError(SharedBackendError):
    """Redis answered a command with an error (``-ERR ...``, ``-NOSCRIPT ...``)."""


def _encode(args: tuple[str | bytes | int | float, ...]) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class RespConnection:
    """Talks to one Redis server given as ``redis://[:password@]host[:port][/db]``."""

    def __init__(self, url: str = DEFAULT_REDIS_URL, *, timeout: float = 5.0) -> None:
        parts = urlsplit(url)
        if parts.scheme != "redis" or not parts.hostname:
            raise ValueError("a Redis URL looks like redis://[:password@]host[:port][/db]")
        self.host = parts.hostname
        self.port = parts.port or 6379
        self.db = int(parts.path.lstrip("/") or 0)
        self._password = unquote(parts.password) if parts.password else None
        self._username = unquote(parts.username) if parts.username else None
        self.timeout = timeout
        self._stream: anyio.abc.ByteStream | None = None
        self._buffer = bytearray()
        self._lock = anyio.Lock()

    def __repr__(self) -> str:  # never the password
        return f"RespConnection(redis://{self.host}:{self.port}/{self.db})"

    async def command(self, *args: str | bytes | int | float) -> Reply:
        """Send one command and return its reply; a Redis error reply raises :class:`RedisReplyError`."""
        async with self._lock:
            with anyio.CancelScope(shield=True):
                reply = await self._command(_encode(args))
        return reply

    async def _command(self, request: bytes) -> Reply:
        try:
            with anyio.fail_after(self.timeout):
                if self._stream is None:
                    await self._connect()
                return await self._exchange(request)
        except RedisReplyError:
            raise
        except _IO_ERRORS as exc:
            await self._drop()
            raise SharedBackendError(f"Redis at {self.host}:{self.port}: {exc!r}") from exc

    async def _exchange(self, request: bytes) -> Reply:
        assert self._stream is not None
        await self._stream.send(request)
        reply = await self._read_reply()
        if isinstance(reply, RedisReplyError):
            raise reply
        return reply

    async def _connect(self) -> None:
        self._stream = await anyio.connect_tcp(self.host, self.port)
        self._buffer.clear()
        if self._password is not None:
            auth = ("AUTH", self._username, self._password) if self._username else ("AUTH", self._password)
            await self._exchange(_encode(auth))
        if self.db:
            await self._exchange(_encode(("SELECT", self.db)))

    async def _drop(self) -> None:
        stream, self._stream = self._stream, None
        self._buffer.clear()
        if stream is not None:
            await stream.aclose()

    async def aclose(self) -> None:
        """Close the connection; safe to call twice."""
        async with self._lock:
            await self._drop()

    async def _read_line(self) -> bytes:
        assert self._stream is not None
        while (end := self._buffer.find(_CRLF)) < 0:
            self._buffer += await self._stream.receive(65536)
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 2]
        return line

    async def _read_exactly(self, size: int) -> bytes:
        assert self._stream is not None
        while len(self._buffer) < size + 2:
            self._buffer += await self._stream.receive(65536)
        data = bytes(self._buffer[:size])
        del self._buffer[: size + 2]
        return data

    async def _read_reply(self) -> Reply | RedisReplyError:
        line = await self._read_line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RedisReplyError(rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            return None if size < 0 else await self._read_exactly(size)
        if kind == b"*":
            count = int(rest)
            if count < 0:
                return None
            items: list[Reply] = []
            for _ in range(count):
                item = await self._read_reply()
                if isinstance(item, RedisReplyError):
                    raise item
                items.append(item)
            return items
        raise ValueError(f"not a RESP2 reply: {line[:40]!r}")
