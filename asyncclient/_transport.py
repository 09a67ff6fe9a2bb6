"""One HTTP exchange: hand a prepared request straight to an httpx transport and read the whole answer.

The client builds the path, the escaped query and the body itself, once, so this layer skips what
``httpx.AsyncClient.request`` would redo on every call (merging and re-parsing the URL and params, cookies,
auth and redirect handling) and talks to the transport — httpx's own narrow interface — directly. Any httpx
transport works: the default pooled HTTP transport, ``ASGITransport``, a ``MockTransport`` or an aiohttp-backed one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import anyio
import httpx

from ._body import DEFAULT_MAX_RESPONSE_SIZE, BodyLimit, read_body
from ._errors import DecodeError, Error, TransportError
from ._lifecycle import ClientState, ClientStateError, not_open_error

__all__ = ["HttpSender", "RawResponse", "closed_error"]

RawResponse = tuple[int, httpx.Headers, bytes]


def _url_with_query_fast(base: httpx.URL, query: str) -> httpx.URL:
    """``base`` with an already-escaped query, without re-parsing the URL (httpx keeps a parse-result tuple)."""
    url = object.__new__(httpx.URL)
    url._uri_reference = base._uri_reference._replace(query=query)
    return url


def _url_with_query_slow(base: httpx.URL, query: str) -> httpx.URL:
    return httpx.URL(f"{base}?{query}")


def _pick_url_builder() -> Any:
    """Use the fast builder only if this httpx version gives the same URL as a full parse would."""
    base = httpx.URL("http://example.invalid:8080/api/v2/spot/market/tickers")
    query = "limit=20&symbol=%E9%BE%99USDT&x=$A"
    try:
        fast = _url_with_query_fast(base, query)
    except (AttributeError, TypeError):
        return _url_with_query_slow
    slow = _url_with_query_slow(base, query)
    same = fast == slow and fast.raw_path == slow.raw_path and fast.query == slow.query
    return _url_with_query_fast if same else _url_with_query_slow


_url_with_query = _pick_url_builder()


#: httpx errors raised before any byte of the request can have left this machine.
_NEVER_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


class HttpSender:
    """Sends prepared requests on one httpx transport and turns failures below HTTP into :class:`TransportError`.

    ``timeout`` bounds each attempt as a whole (connecting, sending, and reading the whole body): a server that
    drips its answer a byte at a time is cut off at ``timeout`` rather than at the call's deadline. The body is
    read raw and decompressed here within ``max_response_size`` (see :mod:`._body`).
    """

    def __init__(
        self,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None,
        timeout: float,
        *,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        self._base_url = base_url
        self._transport = transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50)
        )
        self._seconds = timeout
        self._timeout = self._timeouts(timeout)
        self._paths: dict[str, httpx.URL] = {}
        self._max_size = max_response_size
        self._closed = False

    @staticmethod
    def _timeouts(seconds: float) -> dict[str, float]:
        return {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}

    @property
    def transport(self) -> httpx.AsyncBaseTransport:
        return self._transport

    def url(self, path: str, query: str) -> httpx.URL:
        """The URL of ``path`` with an escaped ``query``; the path part is parsed once and cached."""
        base = self._paths.get(path)
        if base is None:
            base = self._paths[path] = httpx.URL(self._base_url + path)
        return _url_with_query(base, query) if query else base

    async def send(
        self,
        method: str,
        path: str,
        query: str,
        *,
        headers: Mapping[str, str],
        content: str | None,
        timeout: float | None,
    ) -> RawResponse:
        """Send once and read the whole body, all within ``timeout`` seconds."""
        if self._closed:
            raise closed_error()
        seconds = self._seconds if timeout is None else timeout
        request = httpx.Request(
            method,
            self.url(path, query),
            headers=headers,
            content=content,
            extensions={"timeout": self._timeout if timeout is None else self._timeouts(timeout)},
        )
        failure: Error | None = None
        status = 0
        try:
            with anyio.fail_after(seconds):
                response = await self._transport.handle_async_request(request)
                status = response.status_code
                try:
                    limit = BodyLimit(self._max_size, method, path, status)
                    body = await _body_of(response, limit)
                finally:
                    await response.aclose()
        except DecodeError as exc:  # too large, or not decompressible: ours, raised by read_body
            failure = exc
        except TimeoutError:
            message = f"Timeout: no complete answer within the timeout of {seconds:g}s"
            failure = TransportError(message, method=method, path=path, maybe_sent=True)
        except _NEVER_SENT as exc:
            # The request never left: nothing can have reached the exchange.
            failure = TransportError(f"{type(exc).__name__}: {exc}", method=method, path=path, maybe_sent=False)
        except httpx.RequestError as exc:
            # Read/write errors, read timeouts, dropped connections: the exchange may have acted on it.
            failure = TransportError(f"{type(exc).__name__}: {exc}", method=method, path=path, maybe_sent=True)
        except httpx.StreamError as exc:
            failure = TransportError(f"{type(exc).__name__}: {exc}", method=method, path=path, maybe_sent=True)
        if failure is not None:
            # Raised outside the handler on purpose: httpx's exception holds the request and its signed headers
            # (API key, passphrase), which must not travel along as the cause or context of ours.
            raise failure
        return status, response.headers, body

    async def __aenter__(self) -> Self:
        await self._transport.__aenter__()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._closed = True
        await self._transport.aclose()


async def _body_of(response: httpx.Response, limit: BodyLimit) -> bytes:
    """The body, read raw within ``limit``; or, from a transport that read it already, what it read."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return await read_body(response.aiter_raw(), response.headers, limit)
    if len(content) > limit.max_size:
        raise limit.too_large("decompressed")
    return content


def closed_error() -> ClientStateError:
    """What a request on a closed sender raises (the client checks first): nothing was sent, retrying cannot help."""
    return not_open_error(ClientState.CLOSED)
