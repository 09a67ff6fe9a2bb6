"""The retry policy and the one loop that applies it to a call.

Which failures deserve another attempt, how long to wait and when to stop are small strategy objects (see
:mod:`._retry_strategies`) that a :class:`RetryPolicy` combines. What one call does between attempts (resend
as is, look an order up first ...) is a :class:`CallStep`. :meth:`Retrier.run` is the loop: attempt, judge
the failure, wait, attempt again, under the policy, a per-client :class:`RetryBudget` and the call's deadline,
keeping :class:`RetryStats` and each call's attempt history.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
import attrs

from ._call_step import AttemptKind, AttemptRecord, CallStep, ResendStep, RetryStats, is_retryable
from ._deadline import CALL_DEADLINE, anyio_deadline, passed
from ._errors import DeadlineExceededError, Error, ExchangeError, OutcomeUnknownError
from ._retry_budget import RetryBudget
from ._retry_strategies import (
    MAX_TIMESTAMP_RETRIES,
    RetryCondition,
    RetryReason,
    RetryState,
    Stop,
    Wait,
    failure_reason,
    is_ambiguous,
    retry_if_resync_helps,
    retry_if_transient,
    stop_after_attempt,
    stop_before_deadline,
    wait_after_resync,
    wait_full_jitter,
    wait_retry_after,
)

__all__ = [
    "MAX_TIMESTAMP_RETRIES",
    "AttemptKind",
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


def backoff_delay(
    retry_number: int, *, base: float, cap: float, uniform: Callable[[float, float], float] = random.uniform
) -> float:
    """Exponential backoff, full jitter: a uniform draw in ``[0, min(cap, base * 2 ** (retry_number - 1))]``."""
    ceiling = min(cap, base * 2.0 ** max(retry_number - 1, 0))
    return uniform(0.0, ceiling)


@attrs.frozen
class RetryPolicy:
    """How hard one call tries: the request sent at most ``max_attempts`` times, within ``deadline`` seconds.

    A placement's lookups after ambiguous failures (cheap reads that settle whether it landed) are counted
    apart, up to the same number. Waits between attempts grow exponentially from ``backoff_base`` to
    ``backoff_cap`` with full jitter; a 429's ``Retry-After`` is honoured instead.
    ``RetryPolicy(max_attempts=1)`` turns retries off.

    The numbers build the default strategies; ``retry``, ``wait`` and ``stop`` replace them
    (``stop=stop_after_attempt(3) | stop_before_deadline()``). Whatever the policy says, an endpoint that is not
    safe to repeat is never repeated after an ambiguous failure.

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
    #: None: built from the numbers above (so ``attrs.evolve(policy, max_attempts=9)`` means what it says).
    retry: RetryCondition | None = None
    wait: Wait | None = None
    stop: Stop | None = None

    @property
    def retry_condition(self) -> RetryCondition:
        """``retry``, or by default: a transient failure, and a resync may cure a timestamp refusal."""
        return self.retry or retry_if_transient & retry_if_resync_helps

    @property
    def wait_strategy(self) -> Wait:
        """``wait``, or by default: none after a resync, else a 429's ``Retry-After``, else full jitter."""
        if self.wait is not None:
            return self.wait
        return wait_after_resync() | wait_retry_after() | wait_full_jitter(base=self.backoff_base, cap=self.backoff_cap)

    @property
    def stop_strategy(self) -> Stop:
        """``stop``, or by default: after ``max_attempts``, or when the next attempt would start past the deadline."""
        return self.stop or stop_after_attempt(self.max_attempts) | stop_before_deadline()

    def wait_after(
        self, exc: Error, retry_number: int, uniform: Callable[[float, float], float] = random.uniform
    ) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry) after ``exc``."""
        state = RetryState(exc, failure_reason(exc), retry_number, 0, 0, True, 0.0, 0.0, uniform=uniform)
        return self.wait_strategy(state)


@attrs.define
class _CallHistory:
    """One call's attempts so far, and why retries stopped."""

    deadline_at: float
    records: list[AttemptRecord] = attrs.field(factory=list)
    timestamp_retries: int = 0
    stopped_by: str = ""

    def record(self, step: CallStep, exc: BaseException) -> None:
        exchange = exc if isinstance(exc, ExchangeError) else None
        code, status = (exchange.code, exchange.http_status) if exchange else (None, None)
        self.records.append(AttemptRecord(len(self.records) + 1, step.action, type(exc).__name__, code, status))

    def count(self, kind: AttemptKind) -> int:
        return sum(record.action is kind for record in self.records)


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

    async def run(self, step: CallStep, policy: RetryPolicy | None = None, *, bounded: bool = False) -> Any:
        """Attempt ``step`` until it succeeds or the policy, the deadline or the budget says stop.

        The call's deadline is published in :data:`~._deadline.CALL_DEADLINE`. A ``bounded`` step keeps it in
        every wait of its attempts itself (it sends through the pipeline, which does): its first attempt then
        runs without a cancel scope, and only a call that fails once pays for one, around its retries.
        """
        policy = policy or self.policy
        deadline = min(time.monotonic() + policy.deadline, CALL_DEADLINE.get())
        stats = self.stats
        stats.calls += 1
        self.budget.record_call()
        token = CALL_DEADLINE.set(deadline)
        try:
            if not bounded:
                return await self._retry(step, policy, deadline, None)
            try:
                result = await step.attempt()
            except Error as exc:
                return await self._retry(step, policy, deadline, exc)
            stats.attempts += 1  # _count_attempts(1), inline: the common case
            stats.attempts_per_call[1] += 1
            return result
        finally:
            CALL_DEADLINE.reset(token)

    async def _retry(self, step: CallStep, policy: RetryPolicy, deadline: float, exc: Error | None) -> Any:
        """Attempt (unless ``exc`` says how the first attempt failed), judge, wait and attempt again, under a
        cancel scope at ``deadline``."""
        history = _CallHistory(deadline_at=anyio_deadline(deadline))
        failure: Error | None = None
        with anyio.CancelScope(deadline=history.deadline_at):
            while True:
                if exc is None:
                    try:
                        result = await step.attempt()
                    except Error as failed:
                        exc = failed
                    else:
                        self._count_attempts(len(history.records) + 1)
                        return result
                if passed(deadline):  # a failure at the deadline is the deadline's (a transport cut short)
                    break
                history.record(step, exc)
                wait = self._wait_before_retry(exc, step, history, policy)
                if wait is None:
                    failure = exc
                    break
                await self._before_retry(exc, step, history, wait)
                await anyio.sleep(wait)
                exc = None
        if failure is None:  # only the deadline stops a call without an error of its own
            # Whether an attempt was on its way (or unresolved): a call stopped while waiting for the limiter was not.
            maybe_sent = step.maybe_sent
            failure = DeadlineExceededError(
                f"deadline of {policy.deadline:g}s exceeded"
                + ("" if maybe_sent else " before the request was sent (nothing reached the exchange)"),
                method=step.endpoint.method,
                path=step.endpoint.path,
                maybe_sent=maybe_sent,
            )
            history.record(step, failure)
            history.stopped_by = "deadline"
        self._count_attempts(len(history.records))
        raise self._final(failure, step, history)

    def _wait_before_retry(
        self, exc: Error, step: CallStep, history: _CallHistory, policy: RetryPolicy
    ) -> float | None:
        """Seconds to wait before the next attempt, or None when this failure is final."""
        reason = failure_reason(exc)
        state = RetryState(
            exc=exc,
            reason=reason,
            sends=history.count(AttemptKind.SEND),
            lookups=history.count(AttemptKind.LOOKUP),
            timestamp_retries=history.timestamp_retries,
            can_resync=self._resync is not None,
            now=anyio.current_time(),
            deadline_at=history.deadline_at,
            uniform=self._uniform,
        )
        if not (policy.retry_condition(state) and step.accept_retry(exc)):
            return None
        wait = policy.wait_strategy(state)
        history.stopped_by = policy.stop_strategy.limit(attrs.evolve(state, upcoming_wait=wait)) or ""
        if history.stopped_by:
            return None
        # A retry after a resync is not load on a struggling exchange: only the others are paid from the budget.
        if reason is not RetryReason.TIMESTAMP and not self.budget.try_withdraw():
            history.stopped_by = "budget"
            self.stats.budget_exhausted += 1
            return None
        return wait

    async def _before_retry(self, exc: Error, step: CallStep, history: _CallHistory, wait: float) -> None:
        history.records[-1] = attrs.evolve(history.records[-1], wait=wait)
        reason = failure_reason(exc)
        self.stats.retries_by_reason[str(reason)] += 1
        logger.debug(
            "%s attempt %d failed (%s: %s); retrying in %.3fs",
            step.endpoint.key,
            len(history.records),
            reason,
            type(exc).__name__,
            wait,
        )
        if reason is RetryReason.TIMESTAMP and self._resync is not None:
            history.timestamp_retries += 1
            await self._resync()

    def _count_attempts(self, attempts: int) -> None:
        self.stats.attempts += attempts
        self.stats.attempts_per_call[attempts] += 1

    def _final(self, exc: Error, step: CallStep, history: _CallHistory) -> Error:
        final = step.final_error(exc)
        attempts = len(history.records)
        if history.stopped_by == "deadline":
            self.stats.deadline_exceeded += 1
        if isinstance(final, OutcomeUnknownError):
            self.stats.outcome_unknown += 1
        if history.stopped_by:
            final.add_note(f"retries stopped by the {history.stopped_by} limit after {attempts} attempt(s)")
        final.attempts = tuple(history.records)
        # A final answer at the first attempt is the caller's business; giving up on retries is worth a line.
        logger.log(
            logging.INFO if history.stopped_by or attempts > 1 else logging.DEBUG,
            "%s failed after %d attempt(s)%s: %s",
            step.endpoint.key,
            attempts,
            f" (stopped by the {history.stopped_by} limit)" if history.stopped_by else "",
            type(final).__name__,
        )
        return final
