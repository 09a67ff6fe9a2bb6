"""The in-process limiters on asyncio and trio: fast path, order, priority, cancellation, 429s, stats."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence

import anyio
import httpx
import pytest

from asyncclient import (
    Client,
    LimiterStats,
    RateLimit,
    RateLimitError,
    StrictWindowLimiter,
    TokenBucketLimiter,
)
from asyncclient._catalogue import MARKET_SCOPE, OVERALL_SCOPE
from asyncclient._limiter import FairLimiter
from asyncclient._limiter._schedule import Waiter
from asyncclient._retry import RetryPolicy

pytestmark = pytest.mark.anyio

SHORT = RateLimit(3, 0.2)
LONG = RateLimit(2, 30.0)  # never frees during a test: whoever waits on it waits until cancelled


def budgets(**overrides: RateLimit) -> Callable[[str], RateLimit]:
    def limit_for(scope: str) -> RateLimit:
        return overrides.get(scope.replace(":", "_"), SHORT)

    return limit_for


async def send(limiter: FairLimiter, scopes: Sequence[str], *, urgent: bool = False) -> None:
    """Take the slots of a request answered at once (the client settles when the answer arrives)."""
    grant = await limiter.acquire(scopes, urgent=urgent)
    grant.settle()


async def wait_until(condition: Callable[[], bool]) -> None:
    """Let other tasks run until ``condition`` holds (a test helper: the library itself never polls)."""
    with anyio.fail_after(10):
        while not condition():  # noqa: ASYNC110
            await anyio.sleep(0.001)


async def queue_in_order(tasks: anyio.abc.TaskGroup, jobs: list[Callable[[], Awaitable[None]]]) -> None:
    """Start each job once the previous one is queued, so arrival order is known on both backends.

    ``acquire`` queues its caller before its first checkpoint, so a job that has started is queued.
    """
    started: list[int] = []
    for number, job in enumerate(jobs):

        async def run(job: Callable[[], Awaitable[None]] = job, number: int = number) -> None:
            started.append(number)
            await job()

        tasks.start_soon(run)
        await wait_until(lambda number=number: len(started) == number + 1)  # type: ignore[misc]


async def test_uncontended_acquire_does_not_yield() -> None:
    limiter = StrictWindowLimiter(budgets(ip_overall=RateLimit(10_000, 60), ip_market=RateLimit(1_000, 1)))
    other_task_ran = False

    def mark() -> None:
        nonlocal other_task_ran
        other_task_ran = True

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(_set, mark)
        for _ in range(500):
            await send(limiter, (OVERALL_SCOPE, MARKET_SCOPE))
        assert not other_task_ran  # 500 acquires and not one checkpoint
    assert limiter.stats[MARKET_SCOPE].sent == 500


async def _set(mark: Callable[[], None]) -> None:
    mark()


async def test_strict_window_spaces_bursts_by_the_window() -> None:
    limiter = StrictWindowLimiter(budgets(), margin=0.01)
    sends: list[float] = []

    async def worker() -> None:
        for _ in range(3):
            await send(limiter, ("ip:a",))
            sends.append(time.monotonic())

    async with anyio.create_task_group() as tasks:
        for _ in range(3):
            tasks.start_soon(worker)
    assert len(sends) == 9
    sends.sort()
    for first, fourth in zip(sends, sends[3:], strict=False):
        assert fourth - first >= 0.2  # 3 per 0.2 s (+ margin), never more
    stats = limiter.stats["ip:a"]
    assert stats.sent == 9 and stats.waited >= 3
    assert stats.max_wait >= 0.15 and stats.avg_wait > 0


# One slot per window below: each pass grants one waiter, so the order of grants is the order tasks resume in
# (trio resumes tasks woken together in random order).
ONE_AT_A_TIME = RateLimit(1, 0.03)


async def test_a_burst_goes_at_once_and_the_rest_is_paced() -> None:
    """burst=0.5 of 6 per 0.3 s: 3 back to back, then one every 50 ms; still never 6 in any 0.3 s."""
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(6, 0.3)), margin=0.0, burst=0.5)
    sends: list[float] = []
    for count in range(9):
        await send(limiter, ("ip:a",))
        sends.append(time.monotonic())
        if count == 2:
            assert limiter.stats["ip:a"].waited == 0  # the burst: three slots without waiting
    # Then paced at window / limit: send k (k >= 3) is due (k - 2) * 50 ms after the first, never earlier.
    # (Lower bounds only: a slow machine may resume a task late, never early.)
    for k in range(3, 6):
        assert sends[k] - sends[0] >= (k - 2) * 0.05 - 0.002
    for first, seventh in zip(sends, sends[6:], strict=False):
        assert seventh - first >= 0.3


async def test_waiters_are_served_first_come_first_served() -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=ONE_AT_A_TIME), margin=0.0)
    limiter.penalize(("ip:a",), 0.2)  # closed while the waiters queue
    served: list[int] = []

    def job(i: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await send(limiter, ("ip:a",))
            served.append(i)

        return run

    async with anyio.create_task_group() as tasks:
        await queue_in_order(tasks, [job(i) for i in range(8)])
    assert served == list(range(8))


async def test_urgent_requests_jump_the_queue_of_their_scope() -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=ONE_AT_A_TIME), margin=0.0)
    limiter.penalize(("ip:a",), 0.2)  # closed while the waiters queue
    served: list[str] = []

    def job(name: str, urgent: bool) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            await send(limiter, ("ip:a",), urgent=urgent)
            served.append(name)

        return run

    async with anyio.create_task_group() as tasks:
        jobs = [job(f"poll{i}", False) for i in range(4)] + [job("cancel", True), job("cancel2", True)]
        await queue_in_order(tasks, jobs)
    assert served[:2] == ["cancel", "cancel2"]
    assert served[2:] == ["poll0", "poll1", "poll2", "poll3"]


async def test_other_scopes_do_not_wait_behind_a_full_one() -> None:
    """A cancel (overall + its own key scope) goes at once while market polls queue on the market scope."""
    limiter = StrictWindowLimiter(budgets(ip_market=LONG, ip_overall=RateLimit(100, 60)), burst=None)
    market = (OVERALL_SCOPE, MARKET_SCOPE)
    cancel = (OVERALL_SCOPE, "key:abc:/api/v2/spot/trade/cancel-order")
    async with anyio.create_task_group() as tasks:
        for _ in range(50):
            tasks.start_soon(send, limiter, market)
        await wait_until(lambda: limiter.waiting == 48)
        with anyio.fail_after(5):
            await send(limiter, cancel)
        assert limiter.waiting == 48
        tasks.cancel_scope.cancel()
    stats = limiter.stats
    assert stats[cancel[1]].sent == 1 and stats[MARKET_SCOPE].sent == 2
    assert stats[OVERALL_SCOPE].sent == 3  # the queued polls took nothing from the overall budget


async def test_a_request_takes_all_its_scopes_at_once_or_none() -> None:
    limiter = StrictWindowLimiter(budgets(ip_b=RateLimit(1, 0.3)), margin=0.0, burst=None)
    await send(limiter, ("ip:b",))  # "b" is full for 0.3 s
    done: list[str] = []

    async def both() -> None:
        await send(limiter, ("ip:a", "ip:b"))
        done.append("a+b")

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(both)
        await wait_until(lambda: limiter.waiting == 1)
        # while a+b waits for "b", "a" is not held: two of its three slots go to others at once
        await send(limiter, ("ip:a",))
        await send(limiter, ("ip:a",))
        assert limiter.stats["ip:a"].sent == 2 and done == []
    assert done == ["a+b"]
    assert limiter.stats["ip:a"].sent == 3 and limiter.stats["ip:b"].sent == 2


async def test_a_cancelled_waiter_takes_nothing_and_stalls_nobody() -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=ONE_AT_A_TIME), margin=0.0)
    limiter.penalize(("ip:a",), 0.2)  # closed while the waiters queue
    served: list[int] = []
    scopes: dict[int, anyio.CancelScope] = {}

    def job(i: int) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            with anyio.CancelScope() as scope:
                scopes[i] = scope
                await send(limiter, ("ip:a",))
                served.append(i)

        return run

    async with anyio.create_task_group() as tasks:
        await queue_in_order(tasks, [job(i) for i in range(5)])
        scopes[0].cancel()  # the first waiter keeps the timer: cancelling it must not stall the rest
        scopes[2].cancel()
        await wait_until(lambda: limiter.waiting == 3)
    assert served == [1, 3, 4]
    assert limiter.stats["ip:a"].sent == 3
    assert limiter.waiting == 0


async def test_a_slot_in_flight_is_held_until_its_request_is_settled() -> None:
    """Answers slower than the window: the slot does not expire while the request travels (issue 14, item 1)."""
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(1, 0.1)), margin=0.0, burst=None)
    grant = await limiter.acquire(("ip:a",))
    got: list[float] = []

    async def next_request() -> None:
        await send(limiter, ("ip:a",))
        got.append(time.monotonic())

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(next_request)
        await anyio.sleep(0.3)  # three windows pass with the first request still unanswered
        assert got == [] and limiter.stats["ip:a"].in_window == 1
        answered = time.monotonic()
        grant.settle()  # answered now: the slot leaves a window later
    assert got[0] - answered >= 0.1 - 0.002


async def test_a_slot_settled_at_the_server_stamp_leaves_a_window_after_it() -> None:
    """Settled with the instant the server counted the request: the waiter goes a window after that instant."""
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(1, 0.2)), margin=0.0, burst=None)
    grant = await limiter.acquire(("ip:a",))
    counted = time.monotonic()  # the server stamped it at once; the answer takes 0.15 s more
    got: list[float] = []

    async def next_request() -> None:
        await send(limiter, ("ip:a",))
        got.append(time.monotonic())

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(next_request)
        await anyio.sleep(0.15)
        grant.settle(time.monotonic() - counted)  # counted that many seconds ago
        grant.settle()  # a second settle does nothing
    assert got[0] - counted >= 0.2 - 0.002  # not before a window after the stamp
    # and much sooner than a window after the answer would allow (0.35 s): a lower bound only is asserted
    # in tests (a slow machine resumes late); the benchmarks measure the gain.
    assert limiter.stats["ip:a"].sent == 2


async def test_a_settle_with_a_stamp_older_than_the_window_frees_the_slot_at_once() -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(1, 0.1)), margin=0.0, burst=None)
    grant = await limiter.acquire(("ip:a",))
    counted = time.monotonic()
    await anyio.sleep(0.15)
    grant.settle(time.monotonic() - counted)
    assert limiter.stats["ip:a"].in_window == 0
    with anyio.fail_after(1):
        await send(limiter, ("ip:a",))


async def test_a_grant_given_back_frees_its_slot_and_a_forgotten_one_is_dropped_after_max_hold() -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(1, 30.0)), margin=0.0, burst=None, max_hold=0.1)
    grant = await limiter.acquire(("ip:a",))
    grant.give_back()  # never sent
    assert limiter.stats["ip:a"].sent == 0 and limiter.stats["ip:a"].in_window == 0
    grant.settle()  # after a give-back, nothing happens
    await limiter.acquire(("ip:a",))  # taken and forgotten: held max_hold, then counted for a window
    assert limiter.stats["ip:a"].in_window == 1
    with pytest.raises(TimeoutError), anyio.fail_after(0.3):
        await send(limiter, ("ip:a",))


async def test_a_429_pointing_at_the_ip_cap_pauses_it_for_the_lockout() -> None:
    locked = RateLimit(6000, 60.0, lockout=300.0)
    limiter = StrictWindowLimiter(budgets(ip_overall=locked), margin=0.0)
    scopes = (OVERALL_SCOPE, MARKET_SCOPE)
    await send(limiter, scopes)
    limiter.penalize(scopes, 1.0)  # an endpoint's 429: the IP cap stays open
    assert limiter.stats[OVERALL_SCOPE].paused_for == 0
    limiter.penalize(scopes, 300.0)  # a Retry-After no 1-second window gives: the IP is locked out
    assert limiter.stats[OVERALL_SCOPE].paused_for > 299
    roomy = RateLimit(100, 1.0)
    other = StrictWindowLimiter(budgets(ip_overall=RateLimit(10, 60.0, lockout=300.0), ip_market=roomy), burst=None)
    for _ in range(9):
        await send(other, scopes)
    other.penalize(scopes, None)  # no Retry-After, but this process filled 90% of the IP cap itself
    assert other.stats[OVERALL_SCOPE].paused_for > 299
    assert other.stats[MARKET_SCOPE].paused_for <= 1.0  # the endpoint's own scope: a backoff only


async def test_penalize_pauses_the_scope_until_retry_after() -> None:
    limiter = StrictWindowLimiter(budgets(ip_overall=RateLimit(100, 60)), margin=0.0)
    scopes = (OVERALL_SCOPE, "ip:a")
    await send(limiter, scopes)
    started = time.monotonic()  # the pause runs from the penalty, so time it from there
    limiter.penalize(scopes, 0.3)
    stats = limiter.stats
    assert stats["ip:a"].rate_limited == 1 and stats[OVERALL_SCOPE].rate_limited == 1
    assert 0.2 < stats["ip:a"].paused_for <= 0.3
    assert stats[OVERALL_SCOPE].paused_for == 0  # one endpoint's 429 does not stop the whole IP
    await send(limiter, (OVERALL_SCOPE,))  # goes at once
    await send(limiter, scopes)
    assert time.monotonic() - started >= 0.29
    assert limiter.stats["ip:a"].paused_for == 0


async def test_penalize_without_retry_after_backs_off_exponentially() -> None:
    limiter = StrictWindowLimiter(budgets(), margin=0.0)
    limiter.penalize(("ip:a",), None)
    first = limiter.stats["ip:a"].paused_for
    limiter.penalize(("ip:a",), None)
    second = limiter.stats["ip:a"].paused_for
    limiter.penalize(("ip:a",), None)
    third = limiter.stats["ip:a"].paused_for
    assert first == pytest.approx(0.2, abs=0.01)
    assert second == pytest.approx(0.4, abs=0.01)
    assert third == pytest.approx(0.8, abs=0.01)
    assert limiter.stats.rate_limited == 3


async def test_penalize_logs_a_warning_and_waits_log_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(1, 0.05)), margin=0.0)
    with caplog.at_level(logging.DEBUG, logger="asyncclient.limiter"):
        await send(limiter, ("ip:a",))
        await send(limiter, ("ip:a",))
        limiter.penalize(("ip:a",), 0.01)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    debugs = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert len(warnings) == 1 and "ip:a" in warnings[0].getMessage()
    assert len(debugs) == 1 and "waited" in debugs[0].getMessage()


async def test_token_bucket_mode_allows_a_burst_then_refills_at_the_rate() -> None:
    limiter = TokenBucketLimiter(budgets(ip_a=RateLimit(5, 0.1)))
    for _ in range(5):
        await send(limiter, ("ip:a",))  # the full burst, at once
    assert limiter.stats["ip:a"].waited == 0
    burst_done = time.monotonic()
    for _ in range(5):
        await send(limiter, ("ip:a",))  # then one token per 20 ms
    assert limiter.stats["ip:a"].waited >= 4
    assert time.monotonic() - burst_done >= 0.09
    assert limiter.stats["ip:a"].sent == 10


async def test_waiting_does_not_poll() -> None:
    """50 waiters over ~5 windows: passes are bounded by arrivals, timer wake-ups and grants, not by time."""
    limiter = StrictWindowLimiter(budgets(ip_a=RateLimit(10, 0.1)), margin=0.0, burst=None)
    core = limiter._core
    passes = 0
    dispatch = core.dispatch

    def counting_dispatch(now: float) -> list[Waiter]:
        nonlocal passes
        passes += 1
        return dispatch(now)

    core.dispatch = counting_dispatch  # type: ignore[method-assign]
    limiter.penalize(("ip:a",), 0.1)
    async with anyio.create_task_group() as tasks:
        for _ in range(50):
            tasks.start_soon(send, limiter, ("ip:a",))
    assert limiter.stats["ip:a"].sent == 50
    assert passes <= 50 + 30  # one per arrival, about two per window (timer, new keeper); polling: hundreds


async def test_client_limits_configure_the_default_limiter() -> None:
    async with Client(limits={MARKET_SCOPE: RateLimit(2, 1.0)}, credentials_from_env=False) as client:
        stats = client.limiter_stats
        assert stats is not None and len(stats) == 0
        limiter = client.pipeline.limiter
        assert isinstance(limiter, StrictWindowLimiter)
        await send(limiter, (OVERALL_SCOPE, MARKET_SCOPE))
        stats = client.limiter_stats
        assert stats is not None and stats[MARKET_SCOPE].limit == 2 and stats[OVERALL_SCOPE].limit == 6000


async def test_client_builds_a_strict_limiter_and_feeds_it_429s() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "0.1"}, json={"code": "429", "msg": "too many"})

    policy = RetryPolicy(max_attempts=2)
    async with Client(transport=httpx.MockTransport(answer), credentials_from_env=False, retry=policy) as client:
        with pytest.raises(RateLimitError):
            await client.request("GET", "/api/v2/spot/market/tickers")
        stats = client.limiter_stats
    assert isinstance(stats, LimiterStats)
    # each attempt took its own token, and each 429 paused the market budget
    assert stats[MARKET_SCOPE].sent == 2 and stats[MARKET_SCOPE].rate_limited == 2
    assert stats[OVERALL_SCOPE].sent == 2 and stats[OVERALL_SCOPE].paused_for == 0
    assert 0 < stats[MARKET_SCOPE].paused_for <= 0.1
