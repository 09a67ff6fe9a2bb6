"""What the retry loop drives: a :class:`CallStep` (one call's behaviour between attempts) and its records.

:class:`ResendStep` is the plain one (send the same request again); order placements and cancels have their
own in :mod:`._order_safety`. :class:`AttemptRecord` and :class:`RetryStats` are what the loop keeps.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import attrs

from ._catalogue import Endpoint, Repeat
from ._errors import Error, OutcomeUnknownError
from ._retry_strategies import failure_reason, is_ambiguous

__all__ = ["AttemptKind", "AttemptRecord", "CallStep", "ResendStep", "RetryStats", "Sender", "is_retryable"]


def is_retryable(exc: BaseException, endpoint: Endpoint) -> bool:
    """Whether ``endpoint`` may be tried again after ``exc``.

    Transient failures that certainly were not processed (429, connect errors, timestamp) are retryable
    everywhere; ambiguous ones everywhere but on ``unsafe`` endpoints (placements are made safe by a lookup).
    """
    if failure_reason(exc) is None:
        return False
    return not (is_ambiguous(exc) and endpoint.repeat is Repeat.UNSAFE)


class AttemptKind(enum.StrEnum):
    """What an attempt did: sent the request itself, or asked the exchange whether an order landed."""

    SEND = "send"
    LOOKUP = "lookup"


@attrs.frozen
class AttemptRecord:
    """One failed attempt of a call, as kept in ``exc.attempts`` of the final exception."""

    number: int
    #: ``"send"`` for the request itself, ``"lookup"`` for asking the exchange whether an order landed.
    action: AttemptKind
    error: str
    code: str | None
    http_status: int | None
    #: Seconds waited before the next attempt (0 for the last one).
    wait: float = 0.0


@attrs.define
class RetryStats:
    """What the retry layer did, summed over a client's calls."""

    calls: int = 0
    attempts: int = 0
    #: Calls by how many attempts they took.
    attempts_per_call: Counter[int] = attrs.field(factory=Counter)
    #: Retries by :class:`RetryReason` value.
    retries_by_reason: Counter[str] = attrs.field(factory=Counter)
    budget_exhausted: int = 0
    deadline_exceeded: int = 0
    outcome_unknown: int = 0
    #: Order lookups after an ambiguous placement, and how many found the order already placed.
    lookups: int = 0
    already_placed: int = 0
    #: Cancels whose retry heard "order not found" and were reported as done.
    cancels_already_done: int = 0


class CallStep(Protocol):
    """One call's behaviour between attempts; each :meth:`attempt` makes at least one request."""

    endpoint: Endpoint

    @property
    def action(self) -> AttemptKind:
        """What the last attempt did, for the attempt history."""
        ...

    @property
    def maybe_sent(self) -> bool:
        """Whether an attempt may have reached the exchange without a clear answer since (for a deadline's error)."""
        ...

    async def attempt(self) -> Any:
        """Make the next attempt: return the call's result, or raise what went wrong."""
        ...

    def accept_retry(self, exc: Error) -> bool:
        """Whether this call may be repeated after the transient failure ``exc``."""
        ...

    def final_error(self, exc: Error) -> Error:
        """The exception the caller gets when no attempt is left (an unknown outcome says so)."""
        ...


#: Sends a prepared call once; with ``tracks_sending`` it also takes ``on_send`` (see ``Pipeline.send``).
Sender = Callable[..., Awaitable[Any]]


class ResendStep:
    """Send the same prepared call again.

    Reads and idempotent writes (``safe``, ``cancel``) are repeated after any transient failure; anything else
    only after failures that certainly were not processed. After an ambiguous one the caller learns that the
    outcome is unknown.
    """

    action = AttemptKind.SEND

    def __init__(self, call: Any, send: Sender, *, tracks_sending: bool = False) -> None:
        self._call = call
        self._send = send
        self.endpoint: Endpoint = call.endpoint
        self._unsafe = self.endpoint.repeat not in (Repeat.SAFE, Repeat.CANCEL)
        #: With ``tracks_sending``, ``send`` takes ``on_send`` (the pipeline's does) and tells when a request left;
        #: otherwise every attempt is assumed to have left.
        self._tracks = tracks_sending
        self.maybe_sent = not tracks_sending

    def _sending(self) -> None:
        self.maybe_sent = True

    async def attempt(self) -> Any:
        if not self._tracks:
            return await self._send(self._call)
        try:
            return await self._send(self._call, on_send=self._sending)
        except Error as exc:
            if not is_ambiguous(exc):
                self.maybe_sent = False  # a clear answer: nothing of this call is in doubt
            raise

    def accept_retry(self, exc: Error) -> bool:
        return not (self._unsafe and is_ambiguous(exc))

    def final_error(self, exc: Error) -> Error:
        if self._unsafe and is_ambiguous(exc) and self.maybe_sent:
            params = self._call.params
            oids = tuple(str(params[key]) for key in ("clientOid", "newClientOid") if params.get(key))
            unknown = OutcomeUnknownError(
                f"{self.endpoint.key} may have taken effect and is not safe to repeat; check on the exchange"
                + (f" (clientOid {', '.join(oids)})" if oids else ""),
                method=self.endpoint.method,
                path=self.endpoint.path,
                client_oids=oids,
            )
            unknown.__cause__ = exc
            return unknown
        return exc
