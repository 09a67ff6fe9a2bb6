"""Retry decisions as small strategy objects combined with ``|`` and ``&``, in tenacity's style.

A :class:`~asyncclient.RetryPolicy` reads like a sentence built from them::

    RetryPolicy(
        retry=retry_if_transient & retry_if_resync_helps,
        wait=wait_after_resync() | wait_retry_after() | wait_full_jitter(base=0.1, cap=5.0),
        stop=stop_after_attempt(5) | stop_before_deadline(),
    )

Each piece looks at one :class:`RetryState` (the failure just seen, counts so far, the clock) and decides one
thing. They are our own rather than tenacity's because tenacity's see a ``RetryCallState`` without the facts a
decision here needs (attempts apart from order lookups, the failure's :class:`RetryReason`, the call's deadline),
and because running every call through tenacity's machinery cost more than the request's own overhead.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import attrs

from ._errors import (
    DeadlineExceededError,
    DecodeError,
    Error,
    ExchangeUnavailableError,
    RateLimitError,
    ResponseTooLargeError,
    TimestampError,
    TransportError,
)

__all__ = [
    "MAX_TIMESTAMP_RETRIES",
    "RetryCondition",
    "RetryReason",
    "RetryState",
    "Stop",
    "Wait",
    "failure_reason",
    "is_ambiguous",
    "retry_if_resync_helps",
    "retry_if_transient",
    "stop_after_attempt",
    "stop_before_deadline",
    "wait_after_resync",
    "wait_full_jitter",
    "wait_retry_after",
]

#: Resync-and-retry rounds one call makes after "timestamp expired": one per step of the server's clock.
MAX_TIMESTAMP_RETRIES = 2


class RetryReason(enum.StrEnum):
    """Why a failed attempt may deserve another: the transient failures, named."""

    RATE_LIMITED = "rate_limited"  # 429 or a rate-limit code: not processed
    UNAVAILABLE = "unavailable"  # 5xx, HTML error page, "system busy": may have been processed
    UNREADABLE = "unreadable"  # a 2xx/3xx body that is not the envelope (truncated): may have been processed
    CONNECT = "connect"  # never reached the server
    TRANSPORT = "transport"  # read error, timeout, dropped connection: may have been processed
    TIMESTAMP = "timestamp"  # outside the 30 s window: not processed; resync the clock first


def failure_reason(exc: BaseException) -> RetryReason | None:
    """The transient failure ``exc`` is, or None for a final answer (auth, permission, bad request ...)."""
    if isinstance(exc, TransportError):
        if isinstance(exc, DeadlineExceededError):
            return None
        return RetryReason.TRANSPORT if exc.maybe_sent else RetryReason.CONNECT
    if isinstance(exc, RateLimitError):
        return RetryReason.RATE_LIMITED
    if isinstance(exc, ExchangeUnavailableError):
        return RetryReason.UNAVAILABLE
    if isinstance(exc, ResponseTooLargeError):
        return None  # the next answer would be as large: reading it again helps nobody
    if isinstance(exc, DecodeError):
        return RetryReason.UNREADABLE
    if isinstance(exc, TimestampError):
        return RetryReason.TIMESTAMP
    return None


def is_ambiguous(exc: BaseException) -> bool:
    """Whether the exchange may have acted on the request: a 5xx, an unreadable body, a dropped connection."""
    if isinstance(exc, TransportError):
        return exc.maybe_sent
    return isinstance(exc, ExchangeUnavailableError | DecodeError)


@attrs.frozen
class RetryState:
    """What every decision sees after a failed attempt of one call."""

    exc: Error
    reason: RetryReason | None
    #: Attempts that sent the request itself, and order lookups, this one included.
    sends: int
    lookups: int
    #: Resync-and-retry rounds already made after "timestamp expired".
    timestamp_retries: int
    #: Whether the client has a clock to resync.
    can_resync: bool
    #: ``anyio.current_time()`` now, and the call's deadline on that clock.
    now: float
    deadline_at: float
    #: Seconds the wait strategy chose before the next attempt (0 until it has chosen).
    upcoming_wait: float = 0.0
    #: The source of jitter: ``uniform(low, high)``; tests pin it.
    uniform: Callable[[float, float], float] = attrs.field(default=None, eq=False, repr=False)


class RetryCondition:
    """Whether a failure deserves another attempt: ``a & b`` both, ``a | b`` either."""

    __slots__ = ("_test", "name")

    def __init__(self, test: Callable[[RetryState], bool], name: str) -> None:
        self._test = test
        self.name = name

    def __call__(self, state: RetryState) -> bool:
        return self._test(state)

    def __and__(self, other: RetryCondition) -> RetryCondition:
        return RetryCondition(lambda state: self(state) and other(state), f"({self.name} & {other.name})")

    def __or__(self, other: RetryCondition) -> RetryCondition:
        return RetryCondition(lambda state: self(state) or other(state), f"({self.name} | {other.name})")

    def __repr__(self) -> str:
        return self.name


#: A transient failure (429, 5xx, unreadable answer, transport error, timestamp): never a final answer.
retry_if_transient = RetryCondition(lambda state: state.reason is not None, "retry_if_transient")
#: Not "timestamp expired", or it is and a resync of the clock may cure it (a bounded number of times).
retry_if_resync_helps = RetryCondition(
    lambda state: (
        state.reason is not RetryReason.TIMESTAMP
        or (state.can_resync and state.timestamp_retries < MAX_TIMESTAMP_RETRIES)
    ),
    "retry_if_resync_helps",
)


class Stop:
    """When to give up: :meth:`limit` names the limit that stops (``"attempts"``, ``"deadline"``) or is None.

    ``a | b`` stops when either does (naming the first that fires), ``a & b`` when both do.
    """

    __slots__ = ("_limit", "name")

    def __init__(self, limit: Callable[[RetryState], str | None], name: str) -> None:
        self._limit = limit
        self.name = name

    def limit(self, state: RetryState) -> str | None:
        return self._limit(state)

    def __call__(self, state: RetryState) -> bool:
        return self._limit(state) is not None

    def __or__(self, other: Stop) -> Stop:
        return Stop(lambda state: self.limit(state) or other.limit(state), f"({self.name} | {other.name})")

    def __and__(self, other: Stop) -> Stop:
        def both(state: RetryState) -> str | None:
            first, second = self.limit(state), other.limit(state)
            return f"{first} and {second}" if first and second else None

        return Stop(both, f"({self.name} & {other.name})")

    def __repr__(self) -> str:
        return self.name


def stop_after_attempt(max_attempts: int) -> Stop:
    """Stop once the request was sent ``max_attempts`` times (order lookups are counted apart, to the same cap)."""
    return Stop(
        lambda state: "attempts" if max(state.sends, state.lookups) >= max_attempts else None,
        f"stop_after_attempt({max_attempts})",
    )


def stop_before_deadline() -> Stop:
    """Stop when the next attempt could not start before the call's deadline (after the chosen wait)."""
    return Stop(
        lambda state: "deadline" if state.now + state.upcoming_wait >= state.deadline_at else None,
        "stop_before_deadline()",
    )


class Wait:
    """Seconds to wait before the next attempt; None when this strategy has no opinion.

    ``a | b`` asks ``a`` first and ``b`` when ``a`` has none; a wait with no opinion at all waits 0.
    """

    __slots__ = ("_seconds", "name")

    def __init__(self, seconds: Callable[[RetryState], float | None], name: str) -> None:
        self._seconds = seconds
        self.name = name

    def seconds(self, state: RetryState) -> float | None:
        return self._seconds(state)

    def __call__(self, state: RetryState) -> float:
        return self._seconds(state) or 0.0

    def __or__(self, other: Wait) -> Wait:
        def first(state: RetryState) -> float | None:
            own = self.seconds(state)
            return own if own is not None else other.seconds(state)

        return Wait(first, f"({self.name} | {other.name})")

    def __repr__(self) -> str:
        return self.name


def wait_after_resync() -> Wait:
    """No wait after "timestamp expired": the clock was resynced, nothing else to wait for."""
    return Wait(lambda state: 0.0 if state.reason is RetryReason.TIMESTAMP else None, "wait_after_resync()")


def wait_retry_after() -> Wait:
    """A 429's ``Retry-After``, when the exchange gave one."""

    def retry_after(state: RetryState) -> float | None:
        return state.exc.retry_after if isinstance(state.exc, RateLimitError) else None

    return Wait(retry_after, "wait_retry_after()")


def wait_full_jitter(*, base: float, cap: float) -> Wait:
    """Exponential backoff, full jitter: a uniform draw in ``[0, min(cap, base * 2 ** (retry - 1))]``.

    Full jitter spreads the retries of many callers that failed together, so they do not return together.
    """

    def jittered(state: RetryState) -> float:
        retry_number = state.sends + state.lookups  # the failed attempts so far: 1 before the first retry
        ceiling = min(cap, base * 2.0 ** max(retry_number - 1, 0))
        return state.uniform(0.0, ceiling)

    return Wait(jittered, f"wait_full_jitter(base={base:g}, cap={cap:g})")
