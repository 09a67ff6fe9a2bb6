"""The seam between the simulator's protocol layer (HTTP, auth, clock, limits, faults) and its exchange state.

The protocol layer authenticates a request, then calls the handler registered for ``(method, path)`` with a
:class:`SimRequest`; the handler returns the envelope's ``data`` or raises :class:`SimError` with the exchange's code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Protocol

import attrs

__all__ = ["ExchangeState", "Handler", "SimError", "SimRequest"]


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
