"""An httpx transport backed by aiohttp, for asyncio users who want less CPU per request.

httpx stays the interface; only the bytes on the wire go through aiohttp's C-accelerated HTTP parser and
its connection pool. aiohttp runs on asyncio only, so trio users keep httpx's own transport (the default).
Needs the ``fast`` extra: ``pip install 'asyncclient[fast]'``.
"""

from __future__ import annotations

import ssl
import sys
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
    return transport
