"""The retry policy: which failures are worth another attempt, how long to wait, and when to give up.

Built on tenacity (``AsyncRetrying`` sleeping with ``anyio.sleep``, so trio works). Each decision is a small
named function tested alone: :func:`failure_reason` (is this failure transient at all?), :func:`is_ambiguous`
(may the exchange have acted on it?), :func:`is_retryable` (may this endpoint be tried again after it?) and
:func:`backoff_delay` (exponential backoff, full jitter, a cap; a 429's ``Retry-After`` wins when present).

What one call does between attempts (resend as is, look an order up first ...) is a :class:`CallStep`;
:class:`Retrier` runs steps under a :class:`RetryPolicy`, a per-client :class:`RetryBudget` and an overall
deadline, and keeps :class:`RetryStats`.
"""

from __future__ import annotations

import enum
import functools
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

import anyio
import attrs

if TYPE_CHECKING:  # tenacity is imported on the first retry: most calls never need it
    from tenacity import RetryCallState

from ._catalogue import Endpoint, Repeat
from ._errors import (
    DecodeError,
    Error,
    ExchangeError,
    ExchangeUnavailableError,
    OutcomeUnknownError,
    RateLimitError,
    ResponseTooLargeError,
    TimestampError,
    TransportError,
)
from ._retry_budget import RetryBudget

__all__ = [
    "AttemptRecord",
    "CallStep",
    "DeadlineExceededError",
    "ResendStep",
    "Retrier",
    "RetryBudget",
    "RetryPolicy",
    "RetryReason",
    "RetryStats",
    "backoff_delay",
    "failure_reason",
    "is_ambiguous",
    "is_retryable",
]

logger = logging.getLogger("asyncclient.retry")

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


class DeadlineExceededError(TransportError):
    """The call's overall deadline passed before it could finish (an attempt may have been in flight)."""


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


def is_retryable(exc: BaseException, endpoint: Endpoint) -> bool:
    """Whether ``endpoint`` may be tried again after ``exc``.

    Transient failures that certainly were not processed (429, connect errors, timestamp) are retryable
    everywhere; ambiguous ones everywhere but on ``unsafe`` endpoints (placements are made safe by a lookup).
    """
    if failure_reason(exc) is None:
        return False
    return not (is_ambiguous(exc) and endpoint.repeat is Repeat.UNSAFE)


def backoff_delay(
    retry_number: int, *, base: float, cap: float, uniform: Callable[[float, float], float] = random.uniform
) -> float:
    """Exponential backoff, full jitter: a uniform draw in ``[0, min(cap, base * 2 ** (retry_number - 1))]``.

    Full jitter spreads the retries of many callers that failed together, so they do not return together.
    """
    ceiling = min(cap, base * 2.0 ** max(retry_number - 1, 0))
    return uniform(0.0, ceiling)


@attrs.frozen
class RetryPolicy:
    """How hard one call tries: the request sent at most ``max_attempts`` times, within ``deadline`` seconds.

    A placement's lookups after ambiguous failures (cheap reads that settle whether it landed) are counted
    apart, up to the same number. Waits between attempts grow exponentially from ``backoff_base`` to
    ``backoff_cap`` with full jitter; a 429's ``Retry-After`` is honoured instead.
    ``RetryPolicy(max_attempts=1)`` turns retries off.

    A placement whose attempt went unanswered and whose order is not found is looked up again every
    ``lookup_interval`` seconds, and sent again only ``resend_after`` seconds after that attempt left. The
    default (None) is the safe horizon: 30 s (the exchange's timestamp window) plus the clock's uncertainty
    plus a margin, after which the exchange cannot accept that attempt any more (see ``docs/rules.md``). A
    smaller number re-sends sooner, at the risk of a second order if the exchange processes the first one later.
    """

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    deadline: float = attrs.field(default=30.0, validator=attrs.validators.gt(0))
    backoff_base: float = attrs.field(default=0.1, validator=attrs.validators.ge(0))
    backoff_cap: float = attrs.field(default=5.0, validator=attrs.validators.ge(0))
    resend_after: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(0)), kw_only=True
    )
    lookup_interval: float = attrs.field(default=0.5, validator=attrs.validators.gt(0), kw_only=True)

    def wait_after(
        self, exc: BaseException, retry_number: int, uniform: Callable[[float, float], float] = random.uniform
    ) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry) after ``exc``."""
        if isinstance(exc, TimestampError):
            return 0.0  # the clock was resynced; nothing else to wait for
        if isinstance(exc, RateLimitError) and exc.retry_after is not None:
            return exc.retry_after
        return backoff_delay(retry_number, base=self.backoff_base, cap=self.backoff_cap, uniform=uniform)


@attrs.frozen
class AttemptRecord:
    """One failed attempt of a call, as kept in ``exc.attempts`` of the final exception."""

    number: int
    #: ``"send"`` for the request itself, ``"lookup"`` for asking the exchange whether an order landed.
    action: str
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
    #: What the last attempt did (``"send"`` or ``"lookup"``), for the attempt history.
    action: str

    async def attempt(self) -> Any:
        """Make the next attempt: return the call's result, or raise what went wrong."""
        ...

    def accept_retry(self, exc: Error) -> bool:
        """Learn from a transient failure; False when this call must not be repeated after it."""
        ...

    def final_error(self, exc: Error) -> Error:
        """The exception the caller gets when no attempt is left (an unknown outcome says so)."""
        ...


#: Sends a prepared call once; with ``tracks_sending`` it also takes ``on_send`` (see ``Client.send``).
Sender = Callable[..., Awaitable[Any]]


class ResendStep:
    """Send the same prepared call again.

    Reads and idempotent writes (``safe``, ``cancel``) are repeated after any transient failure; anything else
    only after failures that certainly were not processed. After an ambiguous one the caller learns that the
    outcome is unknown.
    """

    action = "send"

    def __init__(self, call: Any, send: Sender, *, tracks_sending: bool = False) -> None:
        self._call = call
        self._send = send
        self.endpoint: Endpoint = call.endpoint
        self._unsafe = self.endpoint.repeat not in (Repeat.SAFE, Repeat.CANCEL)
        #: With ``tracks_sending``, ``send`` takes ``on_send`` (the client's does) and tells when a request left;
        #: otherwise every attempt is assumed to have left.
        self._tracks = tracks_sending
        #: Whether an attempt may have reached the exchange without a clear answer since.
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
        return failure_reason(exc) is not None and not (self._unsafe and is_ambiguous(exc))

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


@attrs.define
class _CallState:
    deadline_at: float
    history: list[AttemptRecord] = attrs.field(factory=list)
    timestamp_retries: int = 0
    resync_pending: bool = False
    replayed: bool = False
    stopped_by: str = ""


class Retrier:
    """Runs calls under a policy with the client's budget; resyncs the clock on timestamp errors."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        budget: RetryBudget | None = None,
        resync: Callable[[], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.budget = budget if budget is not None else RetryBudget()
        self.stats = RetryStats()
        self._resync = resync
        self._uniform = (rng or random.Random()).uniform

    async def run(self, step: CallStep, policy: RetryPolicy | None = None) -> Any:
        """Attempt ``step`` until it succeeds or the policy, the deadline or the budget says stop."""
        policy = policy or self.policy
        state = _CallState(deadline_at=anyio.current_time() + policy.deadline)
        self.stats.calls += 1
        self.budget.record_call()
        failure: Error | None = None
        with anyio.CancelScope(deadline=state.deadline_at) as scope:
            try:
                # Most calls succeed at once: the first attempt runs outside tenacity, which costs more than
                # the request's own overhead; tenacity takes over from the first failure worth a retry.
                result: Any = await step.attempt()
            except Error as exc:
                if self._wants_retry(exc, step, state):
                    try:
                        result = await self._retry(exc, step, state, policy)
                    except Error as final:
                        failure = final
                else:
                    failure = exc
            if failure is None:
                self._count_attempts(len(state.history) + 1)
                return result
        if failure is None:  # only the deadline stops a call without an error of its own
            assert scope.cancelled_caught
            # Whether an attempt was on its way (or unresolved): a call stopped while waiting for the limiter was not.
            maybe_sent = bool(getattr(step, "maybe_sent", True))
            failure = DeadlineExceededError(
                f"deadline of {policy.deadline:g}s exceeded"
                + ("" if maybe_sent else " before the request was sent (nothing reached the exchange)"),
                method=step.endpoint.method,
                path=step.endpoint.path,
                maybe_sent=maybe_sent,
            )
            state.history.append(AttemptRecord(len(state.history) + 1, step.action, type(failure).__name__, None, None))
            state.stopped_by = "deadline"
        self._count_attempts(len(state.history))
        raise self._final(failure, step, state)

    async def _retry(self, first: Error, step: CallStep, state: _CallState, policy: RetryPolicy) -> Any:
        """Run the retries with tenacity; its first "attempt" replays the failure already judged worth one."""
        replay: list[Error] = [first]

        async def attempt() -> Any:
            if replay:
                raise replay.pop()
            return await step.attempt()

        def wants_retry(exc: BaseException) -> bool:
            if exc is first and not replay and not state.replayed:
                state.replayed = True
                return True  # judged (and recorded) by run() already
            return self._wants_retry(exc, step, state)

        from tenacity import AsyncRetrying, retry_if_exception

        retrying = AsyncRetrying(
            sleep=anyio.sleep,
            retry=retry_if_exception(wants_retry),
            wait=lambda retry_state: self._wait(retry_state, policy),
            stop=lambda retry_state: self._should_stop(retry_state, policy, state),
            # A partial of a coroutine function, so tenacity awaits it (a lambda's coroutine it would not).
            before_sleep=functools.partial(self._before_sleep, step=step, state=state),
            reraise=True,
        )
        return await retrying(attempt)

    def _wants_retry(self, exc: BaseException, step: CallStep, state: _CallState) -> bool:
        if not isinstance(exc, Error):
            return False  # cancellation and bugs propagate untouched
        state.history.append(
            AttemptRecord(
                number=len(state.history) + 1,
                action=step.action,
                error=type(exc).__name__,
                code=exc.code if isinstance(exc, ExchangeError) else None,
                http_status=exc.http_status if isinstance(exc, ExchangeError) else None,
            )
        )
        reason = failure_reason(exc)
        if reason is None or not step.accept_retry(exc):
            return False
        if reason is RetryReason.TIMESTAMP:
            # Resync and retry; again if the server's clock stepped again meanwhile (two steps a second apart),
            # a bounded number of times.
            if self._resync is None or state.timestamp_retries >= MAX_TIMESTAMP_RETRIES:
                return False
            state.timestamp_retries += 1
            state.resync_pending = True
        return True

    def _wait(self, retry_state: RetryCallState, policy: RetryPolicy) -> float:
        assert retry_state.outcome is not None
        exc = retry_state.outcome.exception()
        assert exc is not None
        return policy.wait_after(exc, retry_state.attempt_number, self._uniform)

    def _should_stop(self, retry_state: RetryCallState, policy: RetryPolicy, state: _CallState) -> bool:
        lookups = sum(record.action == "lookup" for record in state.history)
        if max(len(state.history) - lookups, lookups) >= policy.max_attempts:
            state.stopped_by = "attempts"
        elif anyio.current_time() + retry_state.upcoming_sleep >= state.deadline_at:
            state.stopped_by = "deadline"
        elif state.resync_pending:
            return False  # one timestamp retry after a resync is not load on a struggling exchange
        elif not self.budget.try_withdraw():
            state.stopped_by = "budget"
            self.stats.budget_exhausted += 1
        else:
            return False
        return True

    async def _before_sleep(self, retry_state: RetryCallState, step: CallStep, state: _CallState) -> None:
        assert retry_state.outcome is not None
        exc = retry_state.outcome.exception()
        wait = retry_state.upcoming_sleep
        state.history[-1] = attrs.evolve(state.history[-1], wait=wait)
        reason = failure_reason(exc) if exc is not None else None
        self.stats.retries_by_reason[str(reason)] += 1
        logger.debug(
            "%s attempt %d failed (%s: %s); retrying in %.3fs",
            step.endpoint.key,
            retry_state.attempt_number,
            reason,
            type(exc).__name__,
            wait,
        )
        if state.resync_pending and self._resync is not None:
            state.resync_pending = False
            await self._resync()

    def _count_attempts(self, attempts: int) -> None:
        self.stats.attempts += attempts
        self.stats.attempts_per_call[attempts] += 1

    def _final(self, exc: Error, step: CallStep, state: _CallState) -> Error:
        final = step.final_error(exc)
        if state.stopped_by == "deadline":
            self.stats.deadline_exceeded += 1
        if isinstance(final, OutcomeUnknownError):
            self.stats.outcome_unknown += 1
        if state.stopped_by:
            final.add_note(f"retries stopped by the {state.stopped_by} limit after {len(state.history)} attempt(s)")
        final.attempts = tuple(state.history)
        # A final answer at the first attempt is the caller's business; giving up on retries is worth a line.
        logger.log(
            logging.INFO if state.stopped_by or len(state.history) > 1 else logging.DEBUG,
            "%s failed after %d attempt(s)%s: %s",
            step.endpoint.key,
            len(state.history),
            f" (stopped by the {state.stopped_by} limit)" if state.stopped_by else "",
            type(final).__name__,
        )
        return final
