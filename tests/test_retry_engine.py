"""The retry engine on scripted attempts: attempts, deadline, budget, Retry-After, resync, history, logs."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import anyio
import pytest

from asyncclient import (
    BadRequestError,
    ExchangeError,
    ExchangeUnavailableError,
    OutcomeUnknownError,
    PreparedCall,
    RateLimitError,
    TimestampError,
    TransportError,
    default_catalogue,
)
from asyncclient._retry import (
    MAX_TIMESTAMP_RETRIES,
    DeadlineExceededError,
    ResendStep,
    Retrier,
    RetryBudget,
    RetryPolicy,
)

TICKERS = "/api/v2/spot/market/tickers"
REPLACE = "/api/v2/spot/trade/cancel-replace-order"
FAST = RetryPolicy(max_attempts=4, deadline=5.0, backoff_base=0.001, backoff_cap=0.002)


def prepared(method: str, path: str, params: Mapping[str, Any] | None = None) -> PreparedCall:
    endpoint = default_catalogue().lookup(method, path)
    return PreparedCall(endpoint, endpoint.scopes, params or {}, "", None)


def error(cls: type[ExchangeError], status: int, code: str | None, **extra: Any) -> ExchangeError:
    return cls("scripted", http_status=status, code=code, method="GET", path=TICKERS, **extra)


class Script:
    """Answers attempts from a list: an exception is raised, anything else returned."""

    def __init__(self, outcomes: Sequence[object]) -> None:
        self.outcomes = list(outcomes)
        self.sent = 0

    async def __call__(self, call: PreparedCall) -> Any:
        self.sent += 1
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def unavailable() -> ExchangeError:
    return error(ExchangeUnavailableError, 500, None)


def roomy_budget() -> RetryBudget:
    return RetryBudget(capacity=1000)


@pytest.mark.anyio
async def test_transient_failures_are_retried_until_success() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([unavailable(), error(RateLimitError, 429, "429"), {"ok": 1}])
    assert await retrier.run(ResendStep(prepared("GET", TICKERS), script)) == {"ok": 1}
    assert script.sent == 3
    stats = retrier.stats
    assert stats.calls == 1 and stats.attempts == 3
    assert stats.attempts_per_call == {3: 1}
    assert stats.retries_by_reason == {"unavailable": 1, "rate_limited": 1}


@pytest.mark.anyio
async def test_giving_up_after_max_attempts_keeps_the_history() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([unavailable()])
    with pytest.raises(ExchangeUnavailableError) as caught:
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    assert script.sent == 4
    attempts = caught.value.attempts
    assert [record.number for record in attempts] == [1, 2, 3, 4]
    assert {record.error for record in attempts} == {"ExchangeUnavailableError"}
    assert all(record.http_status == 500 for record in attempts)
    assert all(0.0 <= record.wait <= 0.002 for record in attempts[:-1]) and attempts[-1].wait == 0.0
    assert any("attempts limit" in note for note in caught.value.__notes__)
    assert retrier.stats.attempts_per_call == {4: 1}


@pytest.mark.anyio
async def test_final_answers_are_raised_at_once() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([error(BadRequestError, 400, "40017")])
    with pytest.raises(BadRequestError) as caught:
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    assert script.sent == 1
    assert len(caught.value.attempts) == 1 and caught.value.attempts[0].code == "40017"
    assert retrier.stats.retries_by_reason == {}


@pytest.mark.anyio
async def test_an_empty_budget_makes_callers_fail_fast() -> None:
    budget = RetryBudget(capacity=2, deposit_per_call=0.0, refill_per_second=0.0)
    retrier = Retrier(FAST, budget=budget)
    script = Script([unavailable()])
    for _ in range(5):
        with pytest.raises(ExchangeUnavailableError):
            await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    # Two retries in all (the capacity), then one attempt per call.
    assert script.sent == 5 + 2
    assert retrier.stats.budget_exhausted == 5
    assert budget.exhausted == 5


@pytest.mark.anyio
async def test_the_deadline_bounds_a_hanging_attempt() -> None:
    retrier = Retrier(RetryPolicy(deadline=0.2), budget=roomy_budget())

    async def hang(call: PreparedCall) -> Any:
        await anyio.sleep(60)

    started = anyio.current_time()
    with pytest.raises(DeadlineExceededError) as caught:
        await retrier.run(ResendStep(prepared("GET", TICKERS), hang))
    assert anyio.current_time() - started < 5.0
    assert caught.value.maybe_sent
    assert caught.value.attempts[-1].error == "DeadlineExceededError"
    assert retrier.stats.deadline_exceeded == 1


@pytest.mark.anyio
async def test_a_retry_after_beyond_the_deadline_ends_the_call_now() -> None:
    retrier = Retrier(RetryPolicy(deadline=2.0), budget=roomy_budget())
    script = Script([error(RateLimitError, 429, "429", retry_after=30.0)])
    started = anyio.current_time()
    with pytest.raises(RateLimitError) as caught:
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    assert anyio.current_time() - started < 1.5
    assert script.sent == 1
    assert any("deadline limit" in note for note in caught.value.__notes__)


@pytest.mark.anyio
async def test_retry_after_is_honoured() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([error(RateLimitError, 429, "429", retry_after=0.2), "done"])
    started = anyio.current_time()
    assert await retrier.run(ResendStep(prepared("GET", TICKERS), script)) == "done"
    assert anyio.current_time() - started >= 0.19
    assert retrier.stats.retries_by_reason == {"rate_limited": 1}


@pytest.mark.anyio
async def test_a_timestamp_error_resyncs_the_clock_and_retries_a_bounded_number_of_times() -> None:
    resyncs = 0

    async def resync() -> None:
        nonlocal resyncs
        resyncs += 1

    retrier = Retrier(FAST, budget=RetryBudget(capacity=1, deposit_per_call=0, refill_per_second=0), resync=resync)
    script = Script([error(TimestampError, 400, "40008"), "fresh"])
    assert await retrier.run(ResendStep(prepared("GET", TICKERS), script)) == "fresh"
    assert resyncs == 1
    assert retrier.budget.tokens == 1.0  # a resync retry costs no budget

    script = Script([error(TimestampError, 400, "40008")])
    with pytest.raises(TimestampError):
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    # Once per step of the server's clock, up to MAX_TIMESTAMP_RETRIES: a clock that stays wrong stops there.
    assert script.sent == 1 + MAX_TIMESTAMP_RETRIES and resyncs == 1 + MAX_TIMESTAMP_RETRIES


@pytest.mark.anyio
async def test_without_a_clock_a_timestamp_error_is_final() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([error(TimestampError, 400, "40008")])
    with pytest.raises(TimestampError):
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    assert script.sent == 1


@pytest.mark.anyio
async def test_an_unsafe_call_is_not_repeated_after_an_ambiguous_failure() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    dropped = TransportError("dropped", method="POST", path=REPLACE, maybe_sent=True)
    script = Script([dropped])
    call = prepared("POST", REPLACE, {"symbol": "BTCUSDT", "orderId": "1", "newClientOid": "n-1"})
    with pytest.raises(OutcomeUnknownError) as caught:
        await retrier.run(ResendStep(call, script))
    assert script.sent == 1
    assert caught.value.client_oids == ("n-1",)
    assert caught.value.__cause__ is dropped
    assert caught.value.path == REPLACE
    assert retrier.stats.outcome_unknown == 1


@pytest.mark.anyio
async def test_an_unsafe_call_is_repeated_when_it_never_left() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    refused = TransportError("refused", method="POST", path=REPLACE, maybe_sent=False)
    script = Script([refused, error(RateLimitError, 429, "429"), {"orderId": "2"}])
    assert await retrier.run(ResendStep(prepared("POST", REPLACE), script)) == {"orderId": "2"}
    assert script.sent == 3


@pytest.mark.anyio
async def test_outside_cancellation_is_not_turned_into_an_error() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())

    async def hang(call: PreparedCall) -> Any:
        await anyio.sleep(60)

    with anyio.move_on_after(0.05) as scope:
        await retrier.run(ResendStep(prepared("GET", TICKERS), hang))
    assert scope.cancelled_caught
    assert retrier.stats.deadline_exceeded == 0


@pytest.mark.anyio
async def test_a_per_call_policy_replaces_the_clients() -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([unavailable()])
    with pytest.raises(ExchangeUnavailableError):
        await retrier.run(ResendStep(prepared("GET", TICKERS), script), RetryPolicy(max_attempts=1))
    assert script.sent == 1


@pytest.mark.anyio
async def test_retries_and_give_ups_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    retrier = Retrier(FAST, budget=roomy_budget())
    script = Script([unavailable(), unavailable(), error(BadRequestError, 400, "40017")])
    with caplog.at_level(logging.DEBUG, logger="asyncclient.retry"), pytest.raises(BadRequestError):
        await retrier.run(ResendStep(prepared("GET", TICKERS), script))
    messages = [record.getMessage() for record in caplog.records if record.name == "asyncclient.retry"]
    assert sum("retrying" in message and "unavailable" in message for message in messages) == 2
    assert any("failed after 3 attempt(s)" in message and "BadRequestError" in message for message in messages)
