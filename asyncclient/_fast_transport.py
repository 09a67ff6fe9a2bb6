"""A sender that talks to aiohttp directly, for asyncio users who want less CPU per request.

It has :class:`~asyncclient._transport.HttpSender`'s interface, so the client cannot tell them apart, but skips
httpx altogether: no Request or Response objects, no byte-stream plumbing, just aiohttp's C-accelerated HTTP
parser and its connection pool. The path, escaped query and body are already strings the client built, so the
URL is assembled from pre-parsed parts and nothing is re-encoded. aiohttp runs on asyncio only, so trio users
keep httpx's own transport (the default). Needs the ``fast`` extra: ``pip install 'bitget-asyncclient[fast]'``.
"""

from __future__ import annotations

import math
import ssl
import sys
from collections.abc import Awaitable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Self

from ._body import DEFAULT_MAX_RESPONSE_SIZE, BodyLimit, read_body
from ._errors import DecodeError, InputError, TransportError
from ._transport import closed_error

if TYPE_CHECKING:
    import aiohttp
    import yarl

__all__ = ["AiohttpSender"]

_MAX_CONNECTIONS = 100
_KEEPALIVE_SECONDS = 5.0
#: Distinct per-call timeouts whose aiohttp objects are kept.
_TIMEOUTS_KEPT = 16


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


def _open_session(ssl_context: ssl.SSLContext | None) -> aiohttp.ClientSession:
    """The aiohttp session, opened lazily inside the running event loop on the first request."""
    import aiohttp

    connector = aiohttp.TCPConnector(
        limit=_MAX_CONNECTIONS, keepalive_timeout=_KEEPALIVE_SECONDS, ssl=ssl_context if ssl_context else True
    )
    # No cookie jar: like httpx's transports, nothing the server sets is sent back on later requests. Bodies are
    # decompressed by read_body, within the size cap, not by aiohttp (which would inflate a bomb whole).
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
        headers={"Accept-Encoding": "gzip, deflate"},
    )


def _send_state(exc: Exception) -> tuple[str, bool]:
    """What failed, and whether the request can have left this machine.

    Only a failure to connect (refused, unresolvable, TLS handshake, connect or pool timeout) proves the
    request never left; a server that closed, reset or timed out after the request was written may have acted
    on it, and the retry layer must not repeat an order on that.
    """
    import aiohttp

    never_sent = isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError | aiohttp.InvalidURL)
    return f"{type(exc).__name__}: {exc}", not never_sent


class AiohttpSender:
    """Sends prepared requests on one aiohttp session and turns failures below HTTP into :class:`TransportError`."""

    def __init__(self, base_url: str, timeout: float, *, max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE) -> None:
        try:
            import aiohttp
            import yarl
        except ImportError as exc:
            raise InputError("fast_transport needs aiohttp: pip install 'bitget-asyncclient[fast]'") from exc
        # Outside any event loop the check waits for the first request, which always runs inside one.
        if _in_trio():
            raise _refuse("the client was created")
        self._aiohttp = aiohttp
        self._build_url = yarl.URL.build
        self._base = yarl.URL(base_url, encoded=True)
        self._paths: dict[str, yarl.URL] = {}
        self._default_timeout = self._timeout_for(timeout)
        self._timeouts: dict[float, aiohttp.ClientTimeout] = {}
        self._session: aiohttp.ClientSession | None = None
        self._closed = False
        self._max_size = max_response_size

    def _timeout_for(self, seconds: float) -> aiohttp.ClientTimeout:
        # The whole attempt (connecting, sending, reading the whole body) within ``seconds``, as with httpx. A
        # connect or per-read timeout as long as the total could never fire first (each starts after the attempt
        # did), and each costs a timer per request (a connect timeout, some 5 us): the total alone bounds it.
        # ceil_threshold: aiohttp rounds a deadline past that many seconds up to the whole second, so a timeout
        # cut to a call's deadline would fire late; every timeout here fires at its instant.
        return self._aiohttp.ClientTimeout(total=seconds, ceil_threshold=math.inf)

    def _remember_timeout(self, seconds: float) -> aiohttp.ClientTimeout:
        """The timeout of ``seconds``, kept for the next call when it is one of a few set by callers; a timeout cut
        to a call's deadline is different every time and is not kept (the cache stays small)."""
        if len(self._timeouts) >= _TIMEOUTS_KEPT:
            return self._timeout_for(seconds)
        return self._timeouts.setdefault(seconds, self._timeout_for(seconds))

    def url(self, path: str, query: str) -> yarl.URL:
        """The URL of ``path`` with an already-escaped ``query``; the path part is built once and cached."""
        base = self._paths.get(path)
        if base is None:
            base = self._paths[path] = self._base.with_path(path, encoded=True)
        if not query:
            return base
        return self._build_url(
            scheme=base.scheme, authority=base.raw_authority, path=base.raw_path, query_string=query, encoded=True
        )

    def _open(self) -> aiohttp.ClientSession:
        if self._closed:
            raise closed_error()
        if not _asyncio_running():
            raise _refuse("a request was sent")
        ssl_context = None
        if self._base.scheme == "https":
            import httpx

            ssl_context = httpx.create_ssl_context()  # the same CAs (certifi) as httpx's own transport
        self._session = _open_session(ssl_context)
        return self._session

    async def send(
        self,
        method: str,
        path: str,
        query: str,
        *,
        headers: Mapping[str, str],
        content: str | None,
        timeout: float | None,
    ) -> tuple[int, Mapping[str, str], bytes]:
        """Send once and read the whole body."""
        session = self._session or self._open()
        if timeout is None:
            client_timeout = self._default_timeout
        else:
            client_timeout = self._timeouts.get(timeout) or self._remember_timeout(timeout)
        failure: tuple[str, bool] | None = None
        too_large: DecodeError | None = None
        try:
            async with session.request(
                method,
                self.url(path, query),
                headers=headers,
                data=None if content is None else content.encode(),
                timeout=client_timeout,
                allow_redirects=False,  # as httpx's transports: a redirect is an answer, not something to follow
            ) as response:
                body = await self._reader(response, method, path)
        except DecodeError as exc:  # too large, or not decompressible: ours, raised by read_body
            too_large = exc
        except (self._aiohttp.ClientError, TimeoutError) as exc:
            failure = _send_state(exc)
        if too_large is not None:
            raise too_large
        if failure is not None:
            # Raised outside the handler on purpose: aiohttp's exception can hold the request and its signed
            # headers (API key, passphrase), which must not travel along as the cause or context of ours.
            message, maybe_sent = failure
            raise TransportError(message, method=method, path=path, maybe_sent=maybe_sent)
        return response.status, response.headers, body

    def _reader(self, response: aiohttp.ClientResponse, method: str, path: str) -> Awaitable[bytes]:
        """The read of the whole body within the cap (to be awaited): at once when its declared length is within it
        and it is not compressed (aiohttp's parser then stops at that length), else chunk by chunk through
        :func:`read_body`."""
        headers = response.headers
        declared = headers.get("Content-Length")
        if (
            declared is not None
            and declared.isdigit()
            and int(declared) <= self._max_size
            and "Content-Encoding" not in headers
        ):
            return response.read()
        limit = BodyLimit(self._max_size, method, path, response.status)
        return read_body(response.content.iter_any(), headers, limit)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close aiohttp's session and its connections; safe to call twice."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None:
            await session.close()
