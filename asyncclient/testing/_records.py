"""What the simulator saw: requests by endpoint and status, the recent requests, and orders by ``clientOid``.

Tests read it to assert what reached the server, for instance that a retried order was placed once.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

__all__ = ["DROPPED", "RecordedRequest", "Records"]

#: The status recorded for a request whose connection was dropped without an answer.
DROPPED = 0


@attrs.frozen
class RecordedRequest:
    """One request as the server saw it (no secrets: the query and the uid only)."""

    method: str
    path: str
    query: str
    status: int
    client_ip: str
    uid: str | None
    #: The simulator's clock when the request arrived, in ms.
    time_ms: int
    #: The fault injected into this request, if any (``Fault.value``).
    fault: str | None = None


class Records:
    """Counters and a bounded log of recent requests, safe to read from another thread."""

    def __init__(
        self,
        *,
        keep: int = 10_000,
        orders_lookup: Callable[[str], Mapping[str, Sequence[Mapping[str, Any]]]] | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, int]] = Counter()
        self._recent: deque[RecordedRequest] = deque(maxlen=keep)
        self._orders_lookup = orders_lookup

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._counts[(request.method, request.path, request.status)] += 1
            self._recent.append(request)

    @property
    def counts(self) -> dict[tuple[str, str, int], int]:
        """Requests by ``(method, path, status)`` since the start (or the last :meth:`clear`)."""
        with self._lock:
            return dict(self._counts)

    def count(self, method: str | None = None, path: str | None = None, status: int | None = None) -> int:
        """How many requests matched every filter given."""
        return sum(
            number
            for (seen_method, seen_path, seen_status), number in self.counts.items()
            if (method is None or method == seen_method)
            and (path is None or path == seen_path)
            and (status is None or status == seen_status)
        )

    @property
    def requests(self) -> list[RecordedRequest]:
        """The most recent requests, oldest first."""
        with self._lock:
            return list(self._recent)

    @property
    def rate_limited(self) -> int:
        """How many requests were answered 429."""
        return self.count(status=429)

    @property
    def total(self) -> int:
        return self.count()

    def orders_by_client_oid(self, uid: str) -> Mapping[str, Sequence[Mapping[str, Any]]]:
        """The account's orders grouped by ``clientOid`` (from the exchange state)."""
        if self._orders_lookup is None:
            return {}
        return self._orders_lookup(uid)

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()
            self._recent.clear()
