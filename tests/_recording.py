"""A stand-in for the client in input tests: records every call (and its ``timeout`` and ``retry``) and answers
with a fixed payload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asyncclient import RetryPolicy

__all__ = ["RecordingRequester"]


class RecordingRequester:
    """Records every call (and its ``timeout`` and ``retry``) and answers with ``answer``."""

    def __init__(self, answer: Any = None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, dict[str, Any], bool]] = []
        self.options: list[tuple[float | None, RetryPolicy | None]] = []

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        self.calls.append((method, path, dict(params or {}), urgent))
        self.options.append((timeout, retry))
        return self.answer
