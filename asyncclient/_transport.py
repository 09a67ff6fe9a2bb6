"""One HTTP exchange: send a prepared request with httpx and turn transport failures into typed errors."""

from __future__ import annotations

import httpx

from ._errors import TransportError

__all__ = ["RawResponse", "send"]

RawResponse = tuple[int, httpx.Headers, bytes]


async def send(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    path: str,
    headers: dict[str, str],
    content: str | None,
    timeout: float | None,
) -> RawResponse:
    """Send once and read the whole body; every failure below HTTP becomes a :class:`TransportError`."""
    try:
        response = await http.request(
            method,
            url,
            content=content,
            headers=headers,
            timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        # The request never left: nothing can have reached the exchange.
        raise TransportError(f"{type(exc).__name__}: {exc}", method=method, path=path, maybe_sent=False) from exc
    except httpx.TransportError as exc:
        # Read/write errors, read timeouts, dropped connections: the exchange may have acted on it.
        raise TransportError(f"{type(exc).__name__}: {exc}", method=method, path=path, maybe_sent=True) from exc
    return response.status_code, response.headers, response.content
