"""The retry predicates and the backoff, each alone: pure functions, no I/O."""

from __future__ import annotations

import random

import pytest

from asyncclient import (
    AuthenticationError,
    BadRequestError,
    DecodeError,
    DuplicateClientOidError,
    Endpoint,
    ExchangeError,
    ExchangeUnavailableError,
    InsufficientFundsError,
    NotFoundError,
    OrderNotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TimestampError,
    TransportError,
    default_catalogue,
)
from asyncclient._retry import (
    DeadlineExceededError,
    RetryPolicy,
    RetryReason,
    backoff_delay,
    failure_reason,
    is_ambiguous,
    is_retryable,
)

PATH = "/api/v2/spot/trade/place-order"


def answer(cls: type[ExchangeError], status: int = 400, code: str | None = "1") -> ExchangeError:
    return cls("msg", http_status=status, code=code, method="POST", path=PATH)


def transport(maybe_sent: bool) -> TransportError:
    return TransportError("boom", method="POST", path=PATH, maybe_sent=maybe_sent)


def endpoint(method: str, path: str) -> Endpoint:
    return default_catalogue().lookup(method, path)


TICKERS = endpoint("GET", "/api/v2/spot/market/tickers")
PLACE = endpoint("POST", PATH)
BATCH = endpoint("POST", "/api/v2/spot/trade/batch-orders")
CANCEL = endpoint("POST", "/api/v2/spot/trade/cancel-order")
UNSAFE = endpoint("POST", "/api/v2/spot/trade/cancel-replace-order")

FINAL = [
    answer(AuthenticationError, 400, "40009"),
    answer(PermissionDeniedError, 403, "40014"),
    answer(BadRequestError, 400, "40017"),
    answer(InsufficientFundsError, 400, "43012"),
    answer(OrderNotFoundError, 400, "43001"),
    answer(DuplicateClientOidError, 400, "43118"),
    answer(NotFoundError, 404, None),
    answer(ExchangeError, 400, "99999"),
]


@pytest.mark.parametrize("exc", FINAL, ids=lambda exc: type(exc).__name__)
def test_final_answers_are_never_retried(exc: ExchangeError) -> None:
    assert failure_reason(exc) is None
    for ep in (TICKERS, PLACE, BATCH, CANCEL, UNSAFE):
        assert not is_retryable(exc, ep)


def test_transient_failures_are_named() -> None:
    assert failure_reason(answer(RateLimitError, 429, "429")) is RetryReason.RATE_LIMITED
    assert failure_reason(answer(ExchangeUnavailableError, 500, None)) is RetryReason.UNAVAILABLE
    assert failure_reason(answer(ExchangeUnavailableError, 400, "40015")) is RetryReason.UNAVAILABLE
    assert failure_reason(answer(DecodeError, 200, None)) is RetryReason.UNREADABLE
    assert failure_reason(answer(TimestampError, 400, "40008")) is RetryReason.TIMESTAMP
    assert failure_reason(transport(maybe_sent=False)) is RetryReason.CONNECT
    assert failure_reason(transport(maybe_sent=True)) is RetryReason.TRANSPORT
    deadline = DeadlineExceededError("late", method="GET", path=PATH, maybe_sent=True)
    assert failure_reason(deadline) is None
    assert failure_reason(ValueError("a bug")) is None


def test_ambiguity_means_the_exchange_may_have_acted() -> None:
    assert is_ambiguous(transport(maybe_sent=True))
    assert is_ambiguous(answer(ExchangeUnavailableError, 502, None))
    assert is_ambiguous(answer(DecodeError, 200, None))
    assert not is_ambiguous(transport(maybe_sent=False))
    assert not is_ambiguous(answer(RateLimitError, 429, "429"))
    assert not is_ambiguous(answer(TimestampError, 400, "40008"))
    assert not is_ambiguous(answer(BadRequestError, 400, "40017"))


@pytest.mark.parametrize(
    "exc",
    [transport(maybe_sent=False), answer(RateLimitError, 429, "429"), answer(TimestampError, 400, "40008")],
    ids=lambda exc: type(exc).__name__,
)
def test_failures_that_were_not_processed_are_retryable_everywhere(exc: Exception) -> None:
    for ep in (TICKERS, PLACE, BATCH, CANCEL, UNSAFE):
        assert is_retryable(exc, ep)


@pytest.mark.parametrize(
    "exc",
    [transport(maybe_sent=True), answer(ExchangeUnavailableError, 500, None), answer(DecodeError, 200, None)],
    ids=lambda exc: type(exc).__name__,
)
def test_ambiguous_failures_are_retryable_except_on_unsafe_endpoints(exc: Exception) -> None:
    for ep in (TICKERS, PLACE, BATCH, CANCEL):
        assert is_retryable(exc, ep)
    assert not is_retryable(exc, UNSAFE)


def test_unknown_post_endpoints_are_unsafe() -> None:
    unknown = endpoint("POST", "/api/v2/spot/trade/something-new")
    assert not is_retryable(transport(maybe_sent=True), unknown)
    assert is_retryable(transport(maybe_sent=False), unknown)


def upper_bound(low: float, high: float) -> float:
    return high


def test_backoff_grows_exponentially_up_to_the_cap() -> None:
    ceilings = [backoff_delay(n, base=0.1, cap=1.0, uniform=upper_bound) for n in range(1, 8)]
    assert ceilings == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0])


def test_backoff_is_full_jitter_within_the_ceiling() -> None:
    rng = random.Random(7)
    draws = [backoff_delay(4, base=0.1, cap=10.0, uniform=rng.uniform) for _ in range(2000)]
    assert all(0.0 <= draw <= 0.8 for draw in draws)
    # Full jitter: spread over the whole interval, not bunched near the ceiling.
    assert min(draws) < 0.05
    assert max(draws) > 0.75
    assert 0.35 < sum(draws) / len(draws) < 0.45


def test_wait_honours_retry_after_and_skips_waiting_after_a_resync() -> None:
    policy = RetryPolicy(backoff_base=0.1, backoff_cap=2.0)
    limited = RateLimitError("slow", retry_after=3.5, http_status=429, code="429", method="GET", path=PATH)
    assert policy.wait_after(limited, 1, upper_bound) == 3.5
    unsaid = RateLimitError("slow", retry_after=None, http_status=429, code="429", method="GET", path=PATH)
    assert policy.wait_after(unsaid, 2, upper_bound) == pytest.approx(0.2)
    assert policy.wait_after(answer(TimestampError, 400, "40008"), 1, upper_bound) == 0.0
    assert policy.wait_after(answer(ExchangeUnavailableError, 500, None), 3, upper_bound) == pytest.approx(0.4)


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(deadline=0)
    with pytest.raises(ValueError):
        RetryPolicy(backoff_cap=-1)
