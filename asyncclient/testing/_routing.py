"""The seam between the simulator's protocol layer (HTTP, auth, clock, limits, faults) and its exchange state.

The protocol layer authenticates a request, then calls the handler served at ``(method, path)`` with a
:class:`SimRequest`; the handler returns the envelope's ``data`` or raises :class:`SimError` with the exchange's code.

Each endpoint module declares what it serves, in Starlette's style: a :class:`Mount` (a path prefix) over
:func:`get` and :func:`post` routes. :func:`route_table` flattens the declarations into the ``(method, path)``
table the app looks up, and refuses a path declared twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

__all__ = [
    "ExchangeState",
    "Handler",
    "Mount",
    "OffLoop",
    "Route",
    "SimError",
    "SimRequest",
    "flatten",
    "get",
    "post",
    "route_table",
]


@attrs.frozen
class SimRequest:
    """A request that passed every protocol check."""

    method: str
    path: str
    #: Query parameters (GET, values as sent, percent-decoded) or the decoded JSON body (POST).
    params: Mapping[str, Any]
    #: The account of the API key that signed it; None on public endpoints.
    uid: str | None
    #: The simulator's own clock, in ms.
    now_ms: int
    #: The items of a POST whose body is a JSON array (the v3 batch endpoints); ``params`` is then empty.
    items: tuple[Any, ...] | None = None


class SimError(Exception):
    """An answer the exchange gives as an error envelope: ``{"code": code, "msg": msg, "data": null}``."""

    def __init__(self, code: str, msg: str, http_status: int = 400) -> None:
        super().__init__(f"{code} {msg}")
        self.code = code
        self.msg = msg
        self.http_status = http_status


Handler = Callable[[SimRequest], Any]


class ExchangeState(Protocol):
    """Markets and accounts behind the protocol layer."""

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        """Handlers by ``(method, path)``."""
        ...

    def open_account(self, uid: str, balances: Mapping[str, Decimal]) -> None:
        """Create an account with starting balances (coin -> amount)."""
        ...


@attrs.frozen
class Route:
    """One endpoint a module serves: its method, its path (below the enclosing mounts) and its handler."""

    method: str
    path: str
    handler: Handler


class Mount:
    """Routes under one path prefix (``Mount("/api/v2/convert", [get("/currencies", ...)])``)."""

    __slots__ = ("prefix", "routes")

    def __init__(self, prefix: str, routes: Iterable[Route | Mount]) -> None:
        self.prefix = prefix
        self.routes: tuple[Route | Mount, ...] = tuple(routes)


def get(path: str, handler: Handler) -> Route:
    return Route("GET", path, handler)


def post(path: str, handler: Handler) -> Route:
    return Route("POST", path, handler)


class OffLoop:
    """A handler whose answer takes milliseconds of CPU to build (1,000 candles): the app runs it in a worker thread.

    An exchange's gateway stamps and counts each request as it arrives, however busy the servers behind it
    are. The simulator stamps a request when its event loop reaches it, so a page built on the loop would make
    every request arriving meanwhile queue and be stamped (and counted) late. Built in a thread, the loop keeps
    reading, stamping and counting new requests while the page is made. Called directly, it is the handler.
    """

    __slots__ = ("handler",)

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    def __call__(self, request: SimRequest) -> Any:
        return self.handler(request)


def flatten(routes: Iterable[Route | Mount], prefix: str = "") -> list[Route]:
    """Every declared route with its full path, in declaration order (duplicates kept)."""
    found: list[Route] = []
    for route in routes:
        if isinstance(route, Mount):
            found.extend(flatten(route.routes, prefix + route.prefix))
        else:
            found.append(Route(route.method, prefix + route.path, route.handler))
    return found


def route_table(routes: Iterable[Route | Mount]) -> dict[tuple[str, str], Handler]:
    """Handlers by ``(method, full path)``; a ``(method, path)`` declared twice is a ``ValueError``."""
    table: dict[tuple[str, str], Handler] = {}
    for route in flatten(routes):
        key = (route.method, route.path)
        if key in table:
            raise ValueError(f"{route.method} {route.path} is declared twice")
        table[key] = route.handler
    return table
