"""The retry strategies alone (stop, wait, retry combined with | and &) and a policy built from them."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from asyncclient import (
    BadRequestError,
    ExchangeUnavailableError,
    PreparedCall,
    RateLimitError,
    RetryPolicy,
    TimestampError,
    default_catalogue,
    retry_if_resync_helps,
    retry_if_transient,
    stop_after_attempt,
    stop_before_deadline,
    wait_after_resync,
    wait_full_jitter,
    wait_retry_after,
)
from asyncclient._call_step import ResendStep
from asyncclient._errors import Error
from asyncclient._retry import Retrier, RetryBudget
from asyncclient._retry_strategies import MAX_TIMESTAMP_RETRIES, RetryCondition, RetryState, failure_reason

TICKERS = "/api/v2/spot/market/tickers"


async def always_busy(call: PreparedCall) -> Any:
    SENT.append(call)
    raise ExchangeUnavailableError("busy", http_status=500, code=None, method="GET", path=TICKERS)


SENT: list[PreparedCall] = []


def state(exc: Error, *, sends: int = 1, lookups: int = 0, now: float = 0.0, deadline_at: float = 30.0) -> RetryState:
    return RetryState(exc, failure_reason(exc), sends, lookups, 0, True, now, deadline_at, uniform=lambda a, b: b)


def answer(cls: type[Error], status: int, code: str | None, **extra: object) -> Error:
    return cls("x", http_status=status, code=code, method="GET", path=TICKERS, **extra)  # type: ignore[call-arg]


def test_stop_or_names_the_limit_that_fired() -> None:
    stop = stop_after_attempt(3) | stop_before_deadline()
    busy = answer(ExchangeUnavailableError, 500, None)
    assert stop.limit(state(busy, sends=2)) is None
    assert stop.limit(state(busy, sends=3)) == "attempts"
    assert stop.limit(state(busy, sends=1, now=31.0)) == "deadline"
    assert not stop(state(busy, sends=2)) and stop(state(busy, sends=3))
    # lookups are counted apart: three sends and two lookups is not five attempts
    assert stop.limit(state(busy, sends=2, lookups=2)) is None


def test_stop_and_needs_both() -> None:
    stop = stop_after_attempt(2) & stop_before_deadline()
    busy = answer(ExchangeUnavailableError, 500, None)
    assert stop.limit(state(busy, sends=5)) is None
    assert stop.limit(state(busy, sends=5, now=40.0)) == "attempts and deadline"


def test_wait_or_asks_the_next_only_without_an_opinion() -> None:
    wait = wait_after_resync() | wait_retry_after() | wait_full_jitter(base=0.1, cap=1.0)
    assert wait(state(answer(TimestampError, 400, "40008"))) == 0.0
    assert wait(state(answer(RateLimitError, 429, "429", retry_after=2.5))) == 2.5
    # no Retry-After: the jitter's ceiling (uniform pinned to its upper bound), doubling per failed attempt
    assert wait(state(answer(RateLimitError, 429, "429"), sends=1)) == pytest.approx(0.1)
    assert wait(state(answer(ExchangeUnavailableError, 500, None), sends=3)) == pytest.approx(0.4)
    assert wait(state(answer(ExchangeUnavailableError, 500, None), sends=9)) == pytest.approx(1.0)


def test_retry_conditions_combine() -> None:
    busy, refused = answer(ExchangeUnavailableError, 500, None), answer(BadRequestError, 400, "40034")
    stale = answer(TimestampError, 400, "40008")
    default = retry_if_transient & retry_if_resync_helps
    assert default(state(busy)) and not default(state(refused)) and default(state(stale))
    again = RetryState(stale, failure_reason(stale), 1, 0, MAX_TIMESTAMP_RETRIES - 1, True, 0.0, 30.0)
    exhausted = RetryState(stale, failure_reason(stale), 1, 0, MAX_TIMESTAMP_RETRIES, True, 0.0, 30.0)
    assert default(again) and not default(exhausted)  # a bounded number of resyncs
    also_bad_requests = retry_if_transient | RetryCondition(lambda s: isinstance(s.exc, BadRequestError), "bad")
    assert also_bad_requests(state(refused))
    assert repr(default) == "(retry_if_transient & retry_if_resync_helps)"


@pytest.mark.anyio
async def test_a_policy_built_from_strategies_drives_the_loop() -> None:
    policy = RetryPolicy(stop=stop_after_attempt(2), wait=wait_full_jitter(base=0.001, cap=0.001))
    retrier = Retrier(policy, budget=RetryBudget(capacity=100))
    SENT.clear()
    endpoint = default_catalogue().lookup("GET", TICKERS)
    call = PreparedCall(endpoint, endpoint.scopes, {}, "", None)
    with pytest.raises(ExchangeUnavailableError) as caught:
        await retrier.run(ResendStep(call, always_busy))
    assert len(SENT) == 2
    assert [record.action for record in caught.value.attempts] == ["send", "send"]
    assert "stopped by the attempts limit" in "".join(caught.value.__notes__)


def test_the_numbers_still_build_the_default_strategies() -> None:
    policy = RetryPolicy(max_attempts=3, deadline=5.0)
    busy = answer(ExchangeUnavailableError, 500, None)
    assert policy.stop_strategy.limit(state(busy, sends=3)) == "attempts"
    assert policy.stop_strategy.limit(state(busy, sends=1, now=6.0, deadline_at=5.0)) == "deadline"
    assert attrs.evolve(policy, max_attempts=9).stop_strategy.limit(state(busy, sends=3)) is None
