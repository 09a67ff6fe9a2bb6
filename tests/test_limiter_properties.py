"""Property tests of the limiter core on a virtual clock: the window guarantee, order, atomicity, liveness."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from asyncclient._catalogue import RateLimit
from asyncclient._limiter._bucket import BucketMeter
from asyncclient._limiter._schedule import FairScheduler, Meter, Waiter
from asyncclient._limiter._window import WindowMeter

BUDGETS = {"a": RateLimit(3, 1.0), "b": RateLimit(2, 0.5), "c": RateLimit(5, 2.0)}
SCOPE_SETS = [("a",), ("b",), ("c",), ("a", "b"), ("a", "c"), ("a", "b", "c"), ("c", "b")]


def window_meter(budget: RateLimit, now: float) -> Meter:
    return WindowMeter(budget.limit, budget.window)


@attrs.frozen
class Arrival:
    at: float
    scopes: tuple[str, ...]
    urgent: bool
    #: Cancelled this long after arriving, if still waiting then.
    cancel_after: float | None
    #: Seconds from the grant to the answer (the slot is held in flight meanwhile, then settled).
    latency: float = 0.0


arrivals_strategy = st.lists(
    st.builds(
        Arrival,
        at=st.floats(0, 5, allow_nan=False),
        scopes=st.sampled_from(SCOPE_SETS),
        urgent=st.booleans(),
        cancel_after=st.none() | st.floats(0, 2, allow_nan=False),
    ),
    max_size=80,
)


@attrs.define
class Run:
    """What happened: when each arrival was granted (None if cancelled first), and every send by scope."""

    granted_at: list[float | None]
    order: list[int]  # arrival indices in grant order
    sends: dict[str, list[float]]
    #: (grant, settle) of each granted arrival, by scope: the server counted it somewhere in between.
    spans: dict[str, list[tuple[float, float]]] = attrs.field(factory=lambda: defaultdict(list))


def simulate(arrivals: list[Arrival], scheduler: FairScheduler) -> Run:
    """Drive the scheduler as the async layer does: arrivals, cancellations, answers (settles), the keeper's
    timer, in time order."""
    index_of: dict[int, int] = {}  # id(waiter) -> arrival index
    waiters: dict[int, Waiter] = {}
    run = Run([None] * len(arrivals), [], defaultdict(list))
    events: list[tuple[float, int, int, str, int]] = []  # (time, tie-break, sequence, kind, arrival index)
    sequence = 0

    def push(at: float, rank: int, kind: str, i: int) -> None:
        nonlocal sequence
        sequence += 1
        heapq.heappush(events, (at, rank, sequence, kind, i))

    for i, arrival in enumerate(arrivals):
        push(arrival.at, 1, "arrive", i)
        if arrival.cancel_after is not None:
            push(arrival.at + arrival.cancel_after, 2, "cancel", i)

    def record(i: int, now: float) -> None:
        run.granted_at[i] = now
        run.order.append(i)
        for name in dict.fromkeys(arrivals[i].scopes):
            run.sends[name].append(now)
            run.spans[name].append((now, now + arrivals[i].latency))
        push(now + arrivals[i].latency, 0, "settle", i)

    def dispatch(now: float) -> None:
        for waiter in scheduler.dispatch(now):
            record(index_of[id(waiter)], now)

    steps = 0
    while events or scheduler.queued:
        steps += 1
        assert steps < 100_000, "the scheduler stopped making progress"
        next_event = events[0][0] if events else math.inf
        if scheduler.keeper is not None and scheduler.wake_at <= next_event:
            assert scheduler.wake_at < math.inf
            dispatch(scheduler.wake_at)
            continue
        now, _, _, kind, i = heapq.heappop(events)
        arrival = arrivals[i]
        if kind == "arrive":
            group = scheduler.group(arrival.scopes, now)
            if scheduler.try_take(group, now):
                record(i, now)
                continue
            waiter = scheduler.enqueue(group, arrival.urgent, now)
            index_of[id(waiter)] = i
            waiters[i] = waiter
            dispatch(now)
        elif kind == "settle":
            granted = run.granted_at[i]
            assert granted is not None
            scheduler.settle(scheduler.group(arrival.scopes, now), granted, now)
            dispatch(now)
        elif i in waiters and run.granted_at[i] is None:
            scheduler.abandon(waiters[i])
            dispatch(now)
    return run


def assert_windows_hold(sends: dict[str, list[float]]) -> None:
    """At most N sends in any window of W seconds: sends N apart are at least W apart."""
    for name, unsorted in sends.items():
        budget = BUDGETS[name]
        times = sorted(unsorted)
        for first, last in zip(times, times[budget.limit :], strict=False):
            assert last - first >= budget.window - 1e-9, (name, first, last)


@settings(max_examples=250, deadline=None)
@given(arrivals_strategy)
def test_windows_hold_and_every_waiter_not_cancelled_is_served(arrivals: list[Arrival]) -> None:
    scheduler = FairScheduler(BUDGETS.__getitem__, window_meter)
    run = simulate(arrivals, scheduler)
    assert_windows_hold(run.sends)
    assert scheduler.queued == 0
    for arrival, granted in zip(arrivals, run.granted_at, strict=True):
        if arrival.cancel_after is None:
            assert granted is not None and granted >= arrival.at
    # atomic: each request's send is recorded in every one of its scopes at one instant, and nothing else is
    expected: dict[str, list[float]] = defaultdict(list)
    for arrival, granted in zip(arrivals, run.granted_at, strict=True):
        if granted is not None:
            for name in dict.fromkeys(arrival.scopes):
                expected[name].append(granted)
    assert {k: sorted(v) for k, v in run.sends.items()} == {k: sorted(v) for k, v in expected.items()}


@settings(max_examples=100, deadline=None)
@given(arrivals_strategy)
def test_slots_are_used_as_soon_as_the_window_allows(arrivals: list[Arrival]) -> None:
    """Work conserving on one scope: a waiter is served at arrival or exactly when a slot comes back."""
    single = [attrs.evolve(arrival, scopes=("a",), urgent=False, cancel_after=None) for arrival in arrivals]
    run = simulate(single, FairScheduler(BUDGETS.__getitem__, window_meter))
    sends = sorted(run.sends["a"])
    for arrival, granted in zip(single, run.granted_at, strict=True):
        assert granted is not None
        if granted > arrival.at:
            # it waited: the send N before it left the window exactly now
            position = sends.index(granted)
            assert position >= 3 and math.isclose(sends[position - 3] + 1.0, granted)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 3, allow_nan=False), max_size=60))
def test_one_scope_serves_first_come_first_served(times: list[float]) -> None:
    arrivals = [Arrival(at, ("a",), False, None) for at in sorted(times)]
    run = simulate(arrivals, FairScheduler(BUDGETS.__getitem__, window_meter))
    assert run.order == sorted(run.order)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 3, allow_nan=False), st.booleans()), max_size=60))
def test_urgent_waiters_go_before_earlier_normal_ones(spec: list[tuple[float, bool]]) -> None:
    arrivals = [Arrival(at, ("a",), urgent, None) for at, urgent in sorted(spec)]
    run = simulate(arrivals, FairScheduler(BUDGETS.__getitem__, window_meter))
    granted = run.granted_at
    for i, first in enumerate(arrivals):
        for j, second in enumerate(arrivals):
            # both were waiting at the moment the earlier of them was served
            gi, gj = granted[i], granted[j]
            assert gi is not None and gj is not None
            if second.urgent and not first.urgent and second.at < gi:
                assert gj <= gi, (i, j)
            if first.urgent == second.urgent and first.at < second.at:
                assert gi <= gj


def test_a_waiter_blocked_elsewhere_does_not_stall_an_independent_scope() -> None:
    scheduler = FairScheduler(BUDGETS.__getitem__, window_meter)
    for _ in range(2):
        assert scheduler.try_take(scheduler.group(("b",), 0.0), 0.0)
        scheduler.settle(scheduler.group(("b",), 0.0), 0.0, 0.0)  # answered at once
    blocked = scheduler.enqueue(scheduler.group(("a", "b"), 0.0), False, 0.0)
    assert scheduler.dispatch(0.0) == []
    # "a" alone may still go twice (one slot of "a" stays held back for the blocked waiter)
    later = [scheduler.enqueue(scheduler.group(("a",), 0.1), False, 0.1) for _ in range(3)]
    assert scheduler.dispatch(0.1) == later[:2]
    assert scheduler.wake_at == 0.5  # when "b" frees
    assert scheduler.dispatch(0.5) == [blocked]


@settings(max_examples=100, deadline=None)
@given(arrivals_strategy, st.integers(1, 5))
def test_paced_windows_hold_and_never_run_ahead_of_the_rate(arrivals: list[Arrival], burst: int) -> None:
    def paced(budget: RateLimit, now: float) -> Meter:
        return WindowMeter(budget.limit, budget.window, burst=burst)

    scheduler = FairScheduler(BUDGETS.__getitem__, paced)
    run = simulate(arrivals, scheduler)
    assert_windows_hold(run.sends)
    assert scheduler.queued == 0
    for name, unsorted in run.sends.items():
        budget, sends = BUDGETS[name], sorted(unsorted)
        interval, size = budget.window / budget.limit, min(burst, budget.limit)
        for i in range(len(sends)):
            for j in range(i, min(len(sends), i + 12)):
                assert j - i + 1 <= size + (sends[j] - sends[i]) / interval + 1e-6


latent_arrivals = st.lists(
    st.builds(
        Arrival,
        at=st.floats(0, 5, allow_nan=False),
        scopes=st.sampled_from(SCOPE_SETS),
        urgent=st.booleans(),
        cancel_after=st.none() | st.floats(0, 2, allow_nan=False),
        latency=st.floats(0, 2.5, allow_nan=False),
    ),
    max_size=60,
)


@settings(max_examples=200, deadline=None)
@given(latent_arrivals)
def test_wherever_the_server_counts_in_flight_requests_no_window_holds_more_than_the_budget(
    arrivals: list[Arrival],
) -> None:
    """Answers up to 2.5 s late (longer than every window): the server may count a request anywhere between its
    grant and its answer, and even so no window of W holds more than N. That holds when each grant finds fewer
    than N other requests granted before it whose answer came less than W before it (issue 14, item 1)."""
    scheduler = FairScheduler(BUDGETS.__getitem__, window_meter)
    run = simulate(arrivals, scheduler)
    assert scheduler.queued == 0
    for name, spans in run.spans.items():
        budget = BUDGETS[name]
        for grant_time, _ in spans:
            holding = [1 for start, end in spans if start <= grant_time < end + budget.window]
            assert len(holding) <= budget.limit, (name, grant_time)
    for arrival, granted_at in zip(arrivals, run.granted_at, strict=True):
        if arrival.cancel_after is None:
            assert granted_at is not None  # every waiter is served in the end: settles wake the queue


def test_settled_sends_count_from_their_answer() -> None:
    meter = WindowMeter(2, 1.0)
    meter.take(0.0)
    meter.take(0.1)
    meter.settle(0.0, 0.5)  # answered at 0.5: the server saw it no later
    meter.settle(0.1, 0.1)  # stamped by the server at once
    assert meter.free(1.05) == 0  # the second leaves the window at 1.1, the first at 1.5
    assert meter.next_free_at(1.05) == 1.1
    assert meter.free(1.1) == 1 and meter.next_free_at(1.2) == 1.2
    assert meter.free(1.5) == 2
    meter.settle(0.1, 2.0)  # settled already: nothing to move
    assert meter.free(2.0) == 2


def test_a_slot_in_flight_never_ages_and_a_forgotten_one_goes_after_max_hold() -> None:
    meter = WindowMeter(1, 1.0, max_hold=10.0)
    meter.take(0.0)
    assert meter.free(5.0) == 0 and meter.in_flight(5.0) == 1
    assert meter.next_free_at(5.0) == 11.0  # counted as settled at the cut-off (10 s), then a window
    assert meter.free(10.5) == 0 and meter.free(11.0) == 1
    meter.take(20.0)
    meter.settle(20.0, 15.0)  # a stamp before the send is impossible: counted from the send
    assert meter.free(20.9) == 0 and meter.free(21.0) == 1
    meter.take(30.0)
    meter.give_back(30.0)
    assert meter.free(30.0) == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=80), st.integers(1, 6))
def test_bucket_mode_never_exceeds_rate_plus_burst(times: list[float], burst: int) -> None:
    rate = 4.0

    def bucket(budget: RateLimit, now: float) -> Meter:
        return BucketMeter(rate, burst, now=now)

    arrivals = [Arrival(at, ("a",), False, None) for at in sorted(times)]
    run = simulate(arrivals, FairScheduler(BUDGETS.__getitem__, bucket))
    sends = sorted(run.sends["a"])
    for i in range(len(sends)):
        for j in range(i, len(sends)):
            assert j - i + 1 <= burst + rate * (sends[j] - sends[i]) + 1e-6


def test_bucket_mode_can_send_twice_the_limit_in_one_window() -> None:
    """The reason the strict window is the default: a full bucket plus its refill breaks a strict window."""

    def bucket(budget: RateLimit, now: float) -> Meter:
        return BucketMeter(budget.limit / budget.window, budget.limit, now=now)

    arrivals = [Arrival(at / 10, ("a",), False, None) for at in range(10)]  # 10 over 0.9 s, limit 3 per 1 s
    run = simulate(arrivals, FairScheduler(BUDGETS.__getitem__, bucket))
    sends = sorted(run.sends["a"])
    assert sum(1 for t in sends if t < 1.0) >= 5
    strict = simulate(arrivals, FairScheduler(BUDGETS.__getitem__, window_meter))
    assert sum(1 for t in strict.sends["a"] if t < 1.0) == 3


meter_operations = st.lists(
    st.tuples(
        st.sampled_from(["take", "settle", "give_back", "look"]),
        st.floats(0, 0.4, allow_nan=False),  # time passing before the operation
        st.floats(0, 1.5, allow_nan=False),  # how long before now a settled request was counted
    ),
    max_size=120,
)


@given(meter_operations, st.integers(1, 4), st.sampled_from([0.5, 2.0]), st.sampled_from([None, 1, 2]))
def test_the_fast_room_check_agrees_with_the_free_count(
    operations: list[tuple[str, float, float]], limit: int, max_hold: float, burst: int | None
) -> None:
    """room() is the limiter's one-pass check on every request's path: at every instant it must say what
    free() > 0 says, through takes, settles (in and out of order), give-backs, expiry and pacing."""
    meter = WindowMeter(limit, 1.0, burst=burst, max_hold=max_hold)
    twin = WindowMeter(limit, 1.0, burst=burst, max_hold=max_hold)  # the same history, asked by free() only
    now, taken = 0.0, list[float]()
    for operation, step, ago in operations:
        now += step
        assert meter.room(now) == (twin.free(now) > 0)
        if operation == "take" and twin.free(now) > 0:
            meter.take(now)
            twin.take(now)
            taken.append(now)
        elif operation in ("settle", "give_back") and taken:
            sent = taken.pop(int(ago * 10) % len(taken))  # not always the oldest
            if operation == "settle":
                meter.settle(sent, max(sent, now - ago))
                twin.settle(sent, max(sent, now - ago))
            else:
                meter.give_back(sent)
                twin.give_back(sent)
        assert meter.used(now) == twin.used(now)
