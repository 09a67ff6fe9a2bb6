"""An httpx transport backed by aiohttp, for asyncio users who want less CPU per request.

httpx stays the interface; only the bytes on the wire go through aiohttp's C-accelerated HTTP parser and
its connection pool. aiohttp runs on asyncio only, so trio users keep httpx's own transport (the default).
Needs the ``fast`` extra: ``pip install 'asyncclient[fast]'``.
"""

from __future__ import annotations

import ssl
import sys
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

from ._errors import InputError

if TYPE_CHECKING:
    import aiohttp

__all__ = ["build_fast_transport"]

_MAX_CONNECTIONS = 100
_KEEPALIVE_SECONDS = 5.0


def _in_trio() -> bool:
    trio = sys.modules.get("trio")
    if trio is None:
        return False
    try:
        trio.lowlevel.current_root_task()
    except RuntimeError:
        return False
    return True


def _asyncio_running() -> bool:
    asyncio = sys.modules.get("asyncio")  # not imported here: trio users should not pay for its import
    if asyncio is None:
        return False
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _refuse(where: str) -> InputError:
    return InputError(
        f"fast_transport uses aiohttp, which runs on asyncio only ({where} outside asyncio); "
        "leave fast_transport off to use httpx's own transport, which runs on trio too"
    )


def _open_session(ssl_context: ssl.SSLContext) -> aiohttp.ClientSession:
    """The aiohttp session, opened lazily inside the running event loop on the first request."""
    import aiohttp

    if not _asyncio_running():
        raise _refuse("a request was sent")
    connector = aiohttp.TCPConnector(limit=_MAX_CONNECTIONS, keepalive_timeout=_KEEPALIVE_SECONDS, ssl=ssl_context)
    return aiohttp.ClientSession(connector=connector)


def build_fast_transport() -> httpx.AsyncBaseTransport:
    """An ``httpx-aiohttp`` transport; raises :class:`InputError` under trio or when the extra is missing."""
    try:
        import aiohttp  # noqa: F401
        from httpx_aiohttp import AiohttpTransport
    except ImportError as exc:
        raise InputError("fast_transport needs aiohttp and httpx-aiohttp: pip install 'asyncclient[fast]'") from exc
    # Outside any event loop the check waits for the first request, which always runs inside one.
    if _in_trio():
        raise _refuse("the client was created")
    transport = AiohttpTransport()  # builds httpx's SSL context (certifi's CAs) once
    transport.client = lambda: _open_session(transport.ssl_context)
    return _SendStateTransport(transport)


def _remapped(exc: httpx.TransportError) -> httpx.TransportError:
    """The httpx error that says truthfully whether the request can have left.

    httpx-aiohttp maps every aiohttp connection error to ``ConnectTimeout``, including a server that closed the
    connection after reading the request: the retry layer would take that for "never sent" and repeat an order.
    """
    import aiohttp

    cause = exc.__cause__
    if not isinstance(cause, aiohttp.ClientError):
        return exc
    if isinstance(cause, aiohttp.ClientConnectorError):
        return httpx.ConnectError(str(exc))  # no connection was made
    if isinstance(cause, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(str(exc))
    if isinstance(cause, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(str(exc))
    return httpx.ReadError(str(exc))  # disconnected, reset, bad payload: the request may have been acted on


class _SendStateStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.TransportError as exc:
            raise _remapped(exc) from exc.__cause__

    async def aclose(self) -> None:
        await self._inner.aclose()


class _SendStateTransport(httpx.AsyncBaseTransport):
    """The aiohttp-backed transport, with its errors remapped by :func:`_remapped`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError as exc:
            raise _remapped(exc) from exc.__cause__
        assert isinstance(response.stream, httpx.AsyncByteStream)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_SendStateStream(response.stream),
            extensions=response.extensions,
        )

    async def __aenter__(self) -> _SendStateTransport:
        await self._inner.__aenter__()
        return self

    async def aclose(self) -> None:
        await self._inner.aclose()
