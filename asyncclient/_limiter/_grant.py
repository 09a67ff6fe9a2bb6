"""The grant an ``acquire()`` returns: the request path settles it (or gives it back) in a ``finally``.

A slot is held from the moment it is granted until its request is settled, since the exchange counts a request
when it arrives, which may be long after the send. Settle with the instant the server counted the request, when
known (its own stamp, mapped to the local clock, as seconds before now), else with nothing: then the slot counts
from now. Seconds *before now* rather than an instant, so the grant needs no clock shared with its caller.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["NO_GRANT", "Grant", "NoGrant"]


class Grant(Protocol):
    """One request's slots in every scope it needs. Settle or give back exactly once; later calls do nothing."""

    def settle(self, ago: float = 0.0) -> None:
        """The request reached the server (answered, or failed after it left, or was cancelled in flight).

        ``ago``: the server counted it no later than this many seconds before now (0: now; negative counts as 0).
        """
        ...

    def give_back(self) -> None:
        """The request was never sent: its slots go back at once."""
        ...


class NoGrant:
    """The grant of a limiter that keeps nothing to settle (a bucket, or a limiter whose acquire returns None)."""

    __slots__ = ()

    def settle(self, ago: float = 0.0) -> None:
        return None

    def give_back(self) -> None:
        return None

    def __repr__(self) -> str:
        return "NO_GRANT"


NO_GRANT = NoGrant()
