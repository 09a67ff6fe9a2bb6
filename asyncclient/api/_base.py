"""The base of every typed group: one way to send a call and read its answer, with the caller's options.

A group method is a declaration: its path, its request model (which checked the arguments when it was built) and
what to make of the answer (a ``cast_to`` from :mod:`._cast`)::

    async def assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[MarginAsset]:
        return await self._get(ASSETS, CoinFilter(coin=coin), rows(MarginAsset), options)

Every typed method takes the per-call options ``timeout``, ``retry`` and ``urgent`` (as ``client.request`` does);
``client.with_options(...)`` sets them for every call of a view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from ..models._request import WireRequest
from ._protocol import Requester

if TYPE_CHECKING:
    from .._retry import RetryPolicy

__all__ = ["CallOptions", "Group"]

T = TypeVar("T")

#: What a method may send: a request model, or parameters already in the exchange's keys.
Params = WireRequest | Mapping[str, Any] | None


class CallOptions(TypedDict, total=False):
    """Per-call options every typed method takes (``await client.spot.ticker("BTCUSDT", timeout=2)``).

    ``timeout`` bounds each attempt in seconds; ``retry`` replaces the client's :class:`RetryPolicy` for this
    call; ``urgent`` lets the call pass queued ones at the rate limiter (never past the budget).
    """

    timeout: float
    retry: RetryPolicy
    urgent: bool


def wire_params(params: Params) -> dict[str, Any]:
    """The exchange's parameters of ``params``, unset (None) values dropped."""
    if params is None:
        return {}
    if isinstance(params, WireRequest):
        return params.to_wire()
    return {key: value for key, value in params.items() if value is not None}


class Group:
    """Sends through a :class:`Requester` (the client, or a view of it); never imports the client."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    async def _get(
        self, path: str, params: Params, cast_to: Callable[[Any], T], options: CallOptions, *, urgent: bool = False
    ) -> T:
        """GET ``path`` with ``params``; the answer's data through ``cast_to``.

        ``urgent=True`` is the method's own default (a cancel); the caller's ``urgent`` option wins over it.
        """
        data = await self._requester.request("GET", path, wire_params(params), **_with_default(options, urgent))
        return cast_to(data)

    async def _post(
        self, path: str, params: Params, cast_to: Callable[[Any], T], options: CallOptions, *, urgent: bool = False
    ) -> T:
        """POST ``path`` with ``params`` as its JSON body; the answer's data through ``cast_to``."""
        data = await self._requester.request("POST", path, wire_params(params), **_with_default(options, urgent))
        return cast_to(data)


def _with_default(options: CallOptions, urgent: bool) -> CallOptions:
    """The caller's options, with ``urgent`` set only where the method defaults it on and the caller said nothing.

    (An unset ``urgent`` is left out, so a :class:`ClientView`'s own default still applies.)
    """
    if urgent and "urgent" not in options:
        return {**options, "urgent": True}
    return options
