"""What a typed group needs of the client: one ``request()`` coroutine. The groups never import the client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._retry import RetryPolicy

__all__ = ["Requester"]


class Requester(Protocol):
    """Sends one call through the client's limiter, clock, signing and retries; returns the data."""

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any: ...
