"""The grant an ``acquire()`` returns: the request path settles it (or gives it back) in a ``finally``.

A slot is held from the moment it is granted until its request is settled, since the exchange counts a request
when it arrives, which may be long after the send. Settle with the instant the server counted the request, when
known (its own stamp, mapped to the local clock), else with nothing: then the slot counts from now.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NO_GRANT", "Grant", "NoGrant"]


class Grant(Protocol):
    """One request's slots in every scope it needs. Settle or give back exactly once; later calls do nothing."""

    def settle(self, at: float | None = None) -> None:
        """The request reached the server (answered, or failed after it left, or was cancelled in flight).

        ``at``: the latest instant, on the limiter's clock (``time.monotonic`` by default), at which the server
        can have counted it; None means now. An instant in the future counts as now.
        """
        ...

    def give_back(self) -> None:
        """The request was never sent: its slots go back at once."""
        ...


class NoGrant:
    """The grant of a limiter that keeps nothing to settle (a bucket, or a limiter whose acquire returns None)."""

    __slots__ = ()

    def settle(self, at: float | None = None) -> None:
        return None

    def give_back(self) -> None:
        return None

    def __repr__(self) -> str:
        return "NO_GRANT"


NO_GRANT = NoGrant()
