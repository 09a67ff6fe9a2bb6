"""The clock tracker end to end: a Client against the simulator, whose own clock is off, drifts and jumps.

The simulator checks every ``ACCESS-TIMESTAMP`` against its clock and answers 40008 outside 30 s; these
tests run many signed requests (``GET /api/v2/spot/account/assets``) and assert that no timestamp error
reaches the caller and that the estimated offset is within its uncertainty of the simulator's true offset.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import anyio
import pytest

from asyncclient import Client, ClientStateError, ClockStats, RateLimit, ServerClock, TimestampError
from asyncclient._catalogue import MARKET_SCOPE
from asyncclient.testing import Simulator, serve

ASSETS = "/api/v2/spot/account/assets"
SERVER_TIME = "/api/v2/public/time"
KEY, SECRET, PASSPHRASE = "clock-key", "clock-secret", "clock-passphrase"
#: Budgets far above what these tests send: they are about time, not about limits.
GENEROUS = {f"GET {ASSETS}": RateLimit(100_000), MARKET_SCOPE: RateLimit(100_000)}


class VirtualTime:
    """One clock for the simulator and the client, advanced by the test: minutes pass in milliseconds."""

    def __init__(self) -> None:
        self.now = time.time()
        self.start = self.now

    def wall(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now - self.start


def make_simulator(offset: float = 0.0, drift: float = 0.0, **options: Any) -> Simulator:
    sim = Simulator(clock_offset=offset, clock_drift=drift, rate_limits=False, **options)
    sim.add_account(KEY, SECRET, PASSPHRASE)
    return sim


def make_client(sim: Simulator, **options: Any) -> Client:
    return Client(
        KEY,
        SECRET,
        PASSPHRASE,
        base_url="http://sim.test",
        transport=sim.transport(),
        limits=GENEROUS,
        credentials_from_env=False,
        **options,
    )


def own_clock(client_ref: Callable[[], Client], **options: Any) -> ServerClock:
    """A ServerClock a user builds: it reads the server's time through the client it is given to."""

    async def fetch_server_ms() -> int:
        data = await client_ref().request("GET", SERVER_TIME)
        return int(data["serverTime"])

    return ServerClock(fetch_server_ms, **options)


async def run_signed(client: Client, count: int, *, concurrency: int = 20) -> list[Any]:
    """``count`` signed reads, ``concurrency`` at a time; any exception fails the test."""
    results: list[Any] = []
    limiter = anyio.CapacityLimiter(concurrency)

    async def one() -> None:
        async with limiter:
            results.append(await client.request("GET", ASSETS))

    async with anyio.create_task_group() as group:
        for _ in range(count):
            group.start_soon(one)
    return results


def timestamp_errors(sim: Simulator) -> int:
    """Signed requests the simulator rejected: its only 400s here are 40008."""
    return sim.records.count("GET", ASSETS, 400)


def assert_offset_matches(stats: ClockStats, sim: Simulator) -> None:
    assert stats.synced
    assert abs(stats.offset_ms - sim.clock.offset_ms) <= stats.uncertainty_ms, (stats, sim.clock)


@pytest.mark.anyio
@pytest.mark.parametrize("offset", [45.0, -45.0])
async def test_a_server_clock_45_s_off_never_rejects_a_request(offset: float) -> None:
    sim = make_simulator(offset)
    async with make_client(sim) as client:
        results = await run_signed(client, 500, concurrency=500)
        stats = client.clock_stats
    assert len(results) == 500
    assert {asset["coin"] for asset in results[0]} >= {"USDT", "BTC"}
    assert timestamp_errors(sim) == 0  # synced before the first signed request, not after a rejection
    # One lazy sync shared by all 500: up to three readings, fewer once one comes back within 2 ms.
    assert 1 <= sim.records.count("GET", SERVER_TIME) <= 3
    assert stats is not None
    assert stats.syncs == 1
    assert_offset_matches(stats, sim)


@pytest.mark.anyio
@pytest.mark.parametrize("jump", [60.0, -60.0])
async def test_a_server_clock_jumping_60_s_mid_run_is_followed(jump: float) -> None:
    sim = make_simulator(-45.0)
    async with make_client(sim) as client:
        await run_signed(client, 100)
        sim.clock.jump(jump)
        results = await run_signed(client, 200, concurrency=20)
        stats = client.clock_stats
    assert len(results) == 200
    # The jump was noticed through rejections (each retried once, after a resync) ...
    assert timestamp_errors(sim) >= 1
    # ... and the twenty requests in flight shared a handful of resyncs rather than one each.
    assert stats is not None
    assert 2 <= stats.syncs <= 5
    assert stats.steps >= 1
    assert_offset_matches(stats, sim)


@pytest.mark.anyio
async def test_a_server_clock_drifting_1_s_per_minute_for_an_hour() -> None:
    virtual = VirtualTime()
    sim = make_simulator(45.0, 1 / 60, wall_clock=virtual.wall, monotonic=virtual.monotonic)
    client: Client | None = None

    def current() -> Client:
        assert client is not None
        return client

    # Syncs are forced every ten virtual minutes, standing in for the background loop (which sleeps in real
    # time); between them the drift (10 s per gap) is only corrected for, never resynced away.
    clock = own_clock(current, monotonic=virtual.monotonic, wall=virtual.wall)
    client = make_client(sim, clock=clock)
    errors_before_sync: list[float] = []
    async with client:
        for gap in range(6):
            for _ in range(40):  # one request every 15 virtual seconds: an hour, 60 s of drift
                virtual.now += 15.0
                await client.request("GET", ASSETS)
            if gap >= 1:  # the drift is measured from the second sync on
                stats = client.clock_stats
                assert stats is not None
                error = client.clock.now_ms() - sim.clock.now_ms()
                assert abs(error) <= stats.uncertainty_ms + 1, (gap, error, stats)
                errors_before_sync.append(error)
            await client.sync_clock()
        stats = client.clock_stats
    assert timestamp_errors(sim) == 0
    assert sim.clock.offset_ms == pytest.approx(105_000, abs=1)  # 45 s + 60 s of drift
    assert stats is not None
    assert stats.syncs == 7
    assert stats.drift_measured
    assert stats.drift_ppm == pytest.approx(1e6 / 60, rel=1e-3)
    assert stats.steps == 0
    assert len(errors_before_sync) == 5
    assert max(abs(error) for error in errors_before_sync) <= 5  # uncorrected it would be 10,000 ms
    assert_offset_matches(stats, sim)


@pytest.mark.anyio
async def test_the_local_wall_clock_jumping_moves_no_timestamp(monkeypatch: pytest.MonkeyPatch) -> None:
    sim = make_simulator(45.0)
    real_time, real_time_ns = time.time, time.time_ns
    async with make_client(sim) as client:
        await run_signed(client, 50)
        # An NTP step, a VM pause: the machine's wall clock leaps an hour ahead, then two hours back.
        for leap in (3600.0, -3600.0):
            monkeypatch.setattr(time, "time", lambda leap=leap: real_time() + leap)
            monkeypatch.setattr(time, "time_ns", lambda leap=leap: real_time_ns() + int(leap * 1e9))
            assert len(await run_signed(client, 50)) == 50
        monkeypatch.undo()
        stats = client.clock_stats
    assert timestamp_errors(sim) == 0
    assert stats is not None
    assert stats.syncs == 1
    assert_offset_matches(stats, sim)


@pytest.mark.anyio
async def test_a_jump_of_a_wall_clock_the_user_supplies_resyncs_and_moves_no_timestamp() -> None:
    sim = make_simulator(-45.0)
    leap = 0.0
    client: Client | None = None

    def current() -> Client:
        assert client is not None
        return client

    clock = own_clock(current, wall=lambda: time.time() + leap)
    client = make_client(sim, clock=clock)
    async with client:
        await run_signed(client, 20)
        before = client.clock_stats
        stamp_before = client.clock.now_ms()
        leap = -7200.0
        assert abs(client.clock.now_ms() - stamp_before) < 1000  # the timestamp did not follow the wall clock
        await run_signed(client, 20)
        after = client.clock_stats
    assert timestamp_errors(sim) == 0
    assert before is not None
    assert after is not None
    assert before.syncs == 1
    assert after.syncs == 2  # the clocks parting raised the suspicion: one resync, before the next request
    # Only the offset to the (now wrong) wall clock moved.
    assert after.offset_ms - before.offset_ms == pytest.approx(7_200_000, abs=50)


@pytest.mark.anyio
async def test_turning_the_tracker_off_signs_with_local_time() -> None:
    sim = make_simulator(45.0)
    async with make_client(sim, sync_clock=False) as client:
        with pytest.raises(TimestampError) as caught:
            await client.request("GET", ASSETS)
        stats = client.clock_stats
    assert caught.value.code == "40008"
    assert sim.records.count("GET", SERVER_TIME) == 0
    assert stats is not None
    assert not stats.enabled


@pytest.mark.anyio
async def test_background_resync_runs_in_the_clients_task_group_and_stops_with_it() -> None:
    sim = make_simulator(45.0)
    async with make_client(sim, clock_sync_interval=0.02) as client:
        await anyio.sleep(0.1)
        assert sim.records.count("GET", SERVER_TIME) == 0  # lazy: nothing signed yet, nothing polled
        await client.request("GET", ASSETS)
        with anyio.fail_after(10):
            # Polls the simulator's own records: the client offers no event for a background sync.
            while sim.records.count("GET", SERVER_TIME) < 12:  # noqa: ASYNC110 - the first sync and three more
                await anyio.sleep(0.01)
    polls = sim.records.count("GET", SERVER_TIME)
    await anyio.sleep(0.1)
    assert sim.records.count("GET", SERVER_TIME) == polls  # cancelled on exit: no poll after it


@pytest.mark.anyio
async def test_forcing_a_sync_and_the_public_budget_it_takes() -> None:
    sim = make_simulator(30.0)
    async with make_client(sim) as client:
        stats = await client.sync_clock()
        assert stats is not None
        assert stats.syncs == 1
        stats = await client.sync_clock()
        assert stats is not None
        assert stats.syncs == 2
        assert_offset_matches(stats, sim)
        limiter = client.limiter_stats
    polls = sim.records.count("GET", SERVER_TIME)
    assert 2 <= polls <= 6  # two syncs of one to three readings (a reading within 2 ms ends a sync)
    assert limiter is not None
    assert limiter[MARKET_SCOPE].sent == polls  # every poll took a token from the public budget


@pytest.mark.anyio
async def test_over_loopback_sockets_with_the_server_ahead() -> None:
    sim = make_simulator(45.0)
    async with serve(sim) as url:
        client = Client(KEY, SECRET, PASSPHRASE, base_url=url, limits=GENEROUS, credentials_from_env=False)
        async with client:
            results = await run_signed(client, 40, concurrency=8)
            stats = client.clock_stats
    assert len(results) == 40
    assert timestamp_errors(sim) == 0
    assert stats is not None
    assert stats.round_trip_ms is not None
    assert stats.round_trip_ms > 0
    assert_offset_matches(stats, sim)


@pytest.mark.anyio
async def test_the_callers_own_error_leaves_the_client_unwrapped() -> None:
    sim = make_simulator()
    with pytest.raises(LookupError, match="the caller's"):
        async with make_client(sim):
            raise LookupError("the caller's")


@pytest.mark.anyio
async def test_a_client_cancelled_from_outside_stops_its_background_work() -> None:
    sim = make_simulator(45.0)
    with anyio.move_on_after(0.3) as scope:
        async with make_client(sim, clock_sync_interval=0.01) as client:
            await client.request("GET", ASSETS)
            await anyio.sleep_forever()
    assert scope.cancelled_caught
    polls = sim.records.count("GET", SERVER_TIME)
    assert polls > 3  # the background resync ran ...
    await anyio.sleep(0.1)
    assert sim.records.count("GET", SERVER_TIME) == polls  # ... and stopped with the client


@pytest.mark.anyio
async def test_without_async_with_no_request_is_sent_and_no_clock_sync_starts() -> None:
    sim = make_simulator(-45.0)
    client = make_client(sim)
    with pytest.raises(ClientStateError, match="async with"):
        await client.request("GET", ASSETS)
    await client.aclose()
    await client.aclose()  # idempotent
    assert sim.records.count("GET", SERVER_TIME) == 0 and timestamp_errors(sim) == 0
