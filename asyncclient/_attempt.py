"""A request built once (:class:`PreparedCall`) and what sends it once (:class:`Attempts`).

The retry steps see only this boundary: they prepare a request (a lookup, a smaller batch) and send it once;
everything else of a request's journey (limiter, clock, signer, transport, envelope) lies behind ``send``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ._catalogue import Endpoint

if TYPE_CHECKING:
    from ._protocols import Clock, ClockReading

__all__ = ["Attempts", "PreparedCall"]


class PreparedCall(NamedTuple):
    """A request built once (query, body, scopes) and sent by one or more attempts.

    A named tuple rather than an attrs class: one is built per call, and a tuple is built three times faster.
    """

    endpoint: Endpoint
    scopes: tuple[str, ...]
    params: Mapping[str, Any]
    query: str  # raw, as signed
    body: str | None
    urgent: bool = False
    timeout: float | None = None
    escaped_query: str = ""  # the query as it goes into the URL
    #: The items of a POST whose body is a JSON array (v3 batch endpoints); ``params`` is then empty.
    items: tuple[Mapping[str, Any], ...] | None = None


class Attempts(Protocol):
    """Build a request, and send it once: what a retry step needs (the one-attempt pipeline has both)."""

    def prepare(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
    ) -> PreparedCall: ...

    @property
    def clock(self) -> Clock:
        """The clock that signs the requests (order safety reads it to judge when a re-send is safe)."""
        ...

    @property
    def clock_reading(self) -> ClockReading:
        """Reads :attr:`clock` with its uncertainty (order safety reads it as each order leaves)."""
        ...

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any:
        """Send ``call`` once; ``on_send`` runs when it is handed to the transport (it may reach the exchange)."""
        ...
