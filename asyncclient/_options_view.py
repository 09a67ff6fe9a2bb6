"""``client.with_options(...)``: the same client under other per-call defaults (timeout, retry policy, urgency).

A view shares everything that makes the client what it is (connection pool, limiter, clock, retry budget,
credentials, lifecycle); it only fills in the options a call does not give. Its typed groups send through it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ._call_checks import check_timeout
from ._errors import InputTypeError
from ._groups import TypedGroups
from ._retry import RetryPolicy

__all__ = ["ClientView"]


class _Requests(Protocol):
    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any: ...


class ClientView(TypedGroups):
    """A client with other defaults per call; build with :meth:`Client.with_options`."""

    def __init__(
        self,
        client: _Requests,
        *,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
        urgent: bool | None = None,
    ) -> None:
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise InputTypeError(f"retry must be a RetryPolicy, got {type(retry).__name__}")
        if urgent is not None and not isinstance(urgent, bool):
            raise InputTypeError(f"urgent must be True or False, got {type(urgent).__name__}")
        self._client = client
        self.timeout = check_timeout(timeout) if timeout is not None else None
        self.retry = retry
        self.urgent = urgent

    def __repr__(self) -> str:
        return f"ClientView(timeout={self.timeout!r}, retry={self.retry!r}, urgent={self.urgent!r})"

    def with_options(
        self, *, timeout: float | None = None, retry: RetryPolicy | None = None, urgent: bool | None = None
    ) -> ClientView:
        """A view with these options over this one's."""
        return ClientView(
            self._client,
            timeout=self.timeout if timeout is None else timeout,
            retry=self.retry if retry is None else retry,
            urgent=self.urgent if urgent is None else urgent,
        )

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool | None = None,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        """:meth:`Client.request`, with this view's options where the call gives none."""
        return await self._client.request(
            method,
            path,
            params,
            urgent=(self.urgent or False) if urgent is None else urgent,
            timeout=self.timeout if timeout is None else timeout,
            retry=self.retry if retry is None else retry,
        )
