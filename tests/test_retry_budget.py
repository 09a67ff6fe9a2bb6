"""The retry budget on a virtual clock: starts full, empties under failures, refills, bounds retries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asyncclient._retry_budget import RetryBudget


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_full_bucket_allows_capacity_retries_then_refuses() -> None:
    clock = VirtualClock()
    budget = RetryBudget(capacity=5, deposit_per_call=0.0, refill_per_second=0.0, clock=clock)
    assert [budget.try_withdraw() for _ in range(7)] == [True] * 5 + [False] * 2
    assert budget.exhausted == 2


def test_time_refills_the_bucket_up_to_its_capacity() -> None:
    clock = VirtualClock()
    budget = RetryBudget(capacity=4, deposit_per_call=0.0, refill_per_second=2.0, clock=clock)
    for _ in range(4):
        assert budget.try_withdraw()
    assert not budget.try_withdraw()
    clock.now += 0.5  # one token back
    assert budget.try_withdraw()
    assert not budget.try_withdraw()
    clock.now += 100.0
    assert budget.tokens == pytest.approx(4.0)


def test_calls_deposit_a_fraction_of_a_token() -> None:
    clock = VirtualClock()
    budget = RetryBudget(capacity=1, deposit_per_call=0.25, refill_per_second=0.0, clock=clock)
    assert budget.try_withdraw()
    for _ in range(3):
        budget.record_call()
    assert not budget.try_withdraw()  # 0.75 of a token is not a retry
    budget.record_call()
    assert budget.try_withdraw()


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        RetryBudget(capacity=0.5)
    with pytest.raises(ValueError):
        RetryBudget(deposit_per_call=-1)


def test_repr_shows_the_level() -> None:
    budget = RetryBudget(capacity=10, clock=VirtualClock())
    assert "tokens=10.0/10" in repr(budget)


@given(
    capacity=st.integers(min_value=1, max_value=50),
    deposit=st.floats(min_value=0.0, max_value=1.0),
    refill=st.floats(min_value=0.0, max_value=20.0),
    events=st.lists(
        st.tuples(st.sampled_from(["call", "retry", "wait"]), st.floats(min_value=0.0, max_value=2.0)),
        max_size=300,
    ),
)
def test_retries_never_exceed_capacity_plus_deposits_plus_refill(
    capacity: int, deposit: float, refill: float, events: list[tuple[str, float]]
) -> None:
    clock = VirtualClock()
    budget = RetryBudget(capacity=capacity, deposit_per_call=deposit, refill_per_second=refill, clock=clock)
    calls = granted = 0
    for kind, amount in events:
        if kind == "call":
            budget.record_call()
            calls += 1
        elif kind == "retry":
            granted += budget.try_withdraw()
        else:
            clock.now += amount
    assert granted <= capacity + deposit * calls + refill * clock.now + 1e-9
    assert 0.0 <= budget.tokens <= capacity
