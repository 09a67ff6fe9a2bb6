"""The re-send horizon and the "is this order ours?" rule, alone (a fake clock; no server)."""

from __future__ import annotations

import pytest

from asyncclient import RetryPolicy
from asyncclient._resend_guard import (
    CLOCK_MARGIN_S,
    TIMESTAMP_WINDOW_S,
    UNKNOWN_CLOCK_ERROR_S,
    ResendGuard,
    created_ms,
)


class _Clocks:
    """A local monotonic clock and a server clock (ms) with the uncertainty the tracker reports."""

    def __init__(self, uncertainty_ms: float | None) -> None:
        self.local = 100.0
        self.server_ms = 1_700_000_000_000
        self.uncertainty_ms = uncertainty_ms

    def reading(self) -> tuple[int, float | None]:
        return self.server_ms, self.uncertainty_ms

    def advance(self, seconds: float) -> None:
        self.local += seconds
        self.server_ms += int(seconds * 1000)


def _guard(uncertainty_ms: float | None, resend_after: float | None = None) -> tuple[ResendGuard, _Clocks]:
    clocks = _Clocks(uncertainty_ms)
    return ResendGuard(clocks.reading, resend_after=resend_after, now=lambda: clocks.local), clocks


@pytest.mark.parametrize(
    ("uncertainty_ms", "horizon"),
    [(20.0, TIMESTAMP_WINDOW_S + 0.02 + CLOCK_MARGIN_S), (None, TIMESTAMP_WINDOW_S + UNKNOWN_CLOCK_ERROR_S + 1.0)],
)
def test_the_default_horizon_is_the_timestamp_window_plus_the_clocks_error(
    uncertainty_ms: float | None, horizon: float
) -> None:
    guard, clocks = _guard(uncertainty_ms)
    guard.sent()
    sent_at = clocks.local
    assert not guard.may_resend(sent_at + horizon - 0.01)
    assert guard.may_resend(sent_at + horizon)
    assert guard.pause() == guard.lookup_interval  # far from the horizon: the regular spacing


def test_the_horizon_counts_from_the_latest_attempt() -> None:
    guard, clocks = _guard(5.0, resend_after=2.0)
    guard.sent()
    clocks.advance(2.5)
    assert guard.may_resend(clocks.local)
    guard.sent()  # the re-send went unanswered too
    assert not guard.may_resend(clocks.local + 1.9)
    clocks.advance(1.8)
    assert guard.pause() == pytest.approx(0.2)  # the next lookup falls right at the horizon


def test_an_order_older_than_the_first_attempt_is_not_ours() -> None:
    guard, clocks = _guard(50.0)
    first_ms = clocks.server_ms
    guard.sent()
    clocks.advance(3.0)
    guard.sent()  # later attempts do not move the line
    oldest = first_ms - 50 - CLOCK_MARGIN_S * 1000
    assert guard.is_ours({"cTime": str(first_ms + 10)})
    assert guard.is_ours({"createdTime": str(int(oldest))})
    assert not guard.is_ours({"createdTime": str(int(oldest) - 1)})
    assert not guard.is_ours({"cTime": str(first_ms - 60_000)})
    assert guard.is_ours({"orderId": "1"})  # no creation time: cannot be told apart


def test_creation_times_are_read_from_either_spelling() -> None:
    assert created_ms({"cTime": "1700000000123"}) == 1_700_000_000_123
    assert created_ms({"createdTime": 1_700_000_000_000}) == 1_700_000_000_000
    assert created_ms({"cTime": "", "uTime": "5"}) is None


def test_the_policy_keeps_its_positional_form_and_refuses_a_negative_horizon() -> None:
    policy = RetryPolicy(3, 10.0)
    assert (policy.max_attempts, policy.deadline, policy.resend_after, policy.lookup_interval) == (3, 10.0, None, 0.5)
    assert RetryPolicy(max_attempts=2, deadline=5.0, resend_after=0.0).resend_after == 0.0
    with pytest.raises(ValueError):
        RetryPolicy(resend_after=-1.0)
    with pytest.raises(ValueError):
        RetryPolicy(lookup_interval=0.0)
