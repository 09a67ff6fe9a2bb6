"""The clock-skew tracker on a virtual clock: offset, uncertainty, anchoring, drift, sharing, failures."""

from __future__ import annotations

import logging
import time

import anyio
import anyio.lowlevel
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asyncclient import ClockStats, ClockSyncError, ServerClock
from asyncclient._clock_stats import ClockModel, Reading, SyncOutcome
from asyncclient._protocols import clock_reading

EPOCH = 1_750_000_000.0


class VirtualTime:
    """True time advanced by hand; the local wall clock is true time plus an error that a test can jump."""

    def __init__(self) -> None:
        self.mono = 5_000.0
        self.wall_error = 0.0
        self.asleep = 0.0

    def monotonic(self) -> float:
        return self.mono

    def true(self) -> float:
        return EPOCH + self.mono + self.asleep

    def mono_frozen_for(self, seconds: float) -> None:
        """A suspend: true time moves on, the monotonic clock does not."""
        self.asleep += seconds

    def wall(self) -> float:
        return self.true() + self.wall_error


class FakeServer:
    """A server clock ``offset`` s ahead of true time, gaining ``drift`` s per s; a fetch costs two legs."""

    def __init__(self, time_: VirtualTime, offset: float = 0.0, *, up: float = 0.01, down: float = 0.01) -> None:
        self.time = time_
        self.offset = offset
        self.drift = 0.0
        self._drift_since = time_.true()
        self.up = up
        self.down = down
        self.legs: list[tuple[float, float]] = []  # per-call latencies, used first when given
        self.fetches = 0
        self.fail_with: Exception | None = None
        self.gate: anyio.Event | None = None

    def set_drift(self, rate: float) -> None:
        self.offset = self.offset_now()
        self._drift_since = self.time.true()
        self.drift = rate

    def offset_now(self) -> float:
        return self.offset + self.drift * (self.time.true() - self._drift_since)

    def now_ms(self) -> float:
        return (self.time.true() + self.offset_now()) * 1000

    async def fetch(self) -> int:
        self.fetches += 1
        up, down = self.legs.pop(0) if self.legs else (self.up, self.down)
        if self.gate is not None:
            await self.gate.wait()
        await anyio.lowlevel.checkpoint()
        if self.fail_with is not None:
            raise self.fail_with
        self.time.mono += up
        server_ms = int(self.now_ms())
        self.time.mono += down
        return server_ms


def make_clock(server: FakeServer, **options: float) -> ServerClock:
    return ServerClock(server.fetch, monotonic=server.time.monotonic, wall=server.time.wall, **options)  # type: ignore[arg-type]


def error_ms(clock: ServerClock, server: FakeServer) -> float:
    return clock.now_ms() - server.now_ms()


@pytest.mark.anyio
@pytest.mark.parametrize("offset", [45.0, -45.0, 0.0, 3600.0])
async def test_offset_within_uncertainty_with_symmetric_latency(offset: float) -> None:
    server = FakeServer(VirtualTime(), offset)
    clock = make_clock(server)
    await clock.ready()
    stats = clock.stats
    assert stats.synced
    # Half the 20 ms round trip, plus half a server tick (plus 100 ppm of unmeasured drift over 40 ms).
    assert stats.uncertainty_ms == pytest.approx(10.5, abs=0.01)
    assert abs(stats.offset_ms - offset * 1000) <= 1.0  # symmetric legs: the midpoint is exact to the tick
    assert abs(error_ms(clock, server)) <= 1.0


@pytest.mark.anyio
async def test_asymmetric_latency_error_is_half_the_difference_and_inside_the_uncertainty() -> None:
    server = FakeServer(VirtualTime(), 45.0, up=0.050, down=0.010)
    clock = make_clock(server)
    await clock.ready()
    stats = clock.stats
    error = stats.offset_ms - 45_000
    # The server read its clock 50 ms after the send, 20 ms after the midpoint: the estimate runs 20 ms ahead.
    assert error == pytest.approx(20.0, abs=1.0)
    assert abs(error) <= stats.uncertainty_ms == pytest.approx(30.5, abs=0.1)


@pytest.mark.anyio
async def test_keeps_the_reading_with_the_smallest_round_trip() -> None:
    server = FakeServer(VirtualTime(), -45.0)
    server.legs = [(0.400, 0.010), (0.002, 0.002), (0.010, 0.300)]
    clock = make_clock(server, samples=3)
    await clock.ready()
    assert server.fetches == 3
    assert clock.stats.round_trip_ms == pytest.approx(4.0)
    assert clock.stats.uncertainty_ms == pytest.approx(2.5, abs=0.1)
    assert abs(clock.stats.offset_ms + 45_000) <= 2.5


@pytest.mark.anyio
async def test_timestamps_follow_the_monotonic_clock_not_the_wall_clock() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0)
    clock = make_clock(server)
    await clock.ready()
    before = clock.now_ms()
    time_.wall_error = -3600.0  # the local wall clock steps an hour back after the sync
    assert clock.now_ms() == before
    time_.mono += 12.5
    assert clock.now_ms() - before == pytest.approx(12_500, abs=1)
    assert abs(error_ms(clock, server)) <= 1.0
    # The offset is reported against the wall clock as it now reads.
    assert clock.stats.offset_ms == pytest.approx(45_000 + 3_600_000, abs=1.0)
    assert clock.stats.last_sync_age_s == pytest.approx(12.5)


@pytest.mark.anyio
async def test_after_a_suspend_the_next_caller_resyncs_first() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0)
    clock = make_clock(server, samples=1)
    await clock.ready()
    # Linux's monotonic clock stands still while the machine sleeps; true (and wall) time does not.
    time_.mono_frozen_for(3600.0)
    assert error_ms(clock, server) == pytest.approx(-3_600_000, abs=1)
    await clock.ready()
    assert clock.stats.syncs == 2
    assert abs(error_ms(clock, server)) <= 1.0
    await clock.ready()  # the clocks agree again: no further sync
    assert clock.stats.syncs == 2


@pytest.mark.anyio
async def test_a_failed_resync_after_a_local_jump_keeps_the_last_sync() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0)
    clock = make_clock(server, samples=1)
    await clock.ready()
    time_.wall_error = 600.0
    server.fail_with = OSError("unreachable")
    await clock.ready()  # no exception: the last sync stays in use
    assert clock.stats.failures == 1
    assert abs(error_ms(clock, server)) <= 1.0
    await clock.ready()  # not asked again on every request
    assert server.fetches == 2


@pytest.mark.anyio
async def test_500_concurrent_first_callers_share_one_sync() -> None:
    server = FakeServer(VirtualTime(), 45.0)
    server.gate = anyio.Event()
    clock = make_clock(server, samples=3)
    stamps: list[int] = []

    async def sign_one() -> None:
        await clock.ready()
        stamps.append(clock.now_ms())

    async with anyio.create_task_group() as group:
        for _ in range(500):
            group.start_soon(sign_one)
        await anyio.sleep(0.01)
        server.gate.set()
    assert server.fetches == 3  # one sync of three readings
    assert clock.stats.syncs == 1
    assert len(stamps) == 500
    assert all(abs(stamp - server.now_ms()) <= 1 for stamp in stamps)


@pytest.mark.anyio
async def test_concurrent_resyncs_coalesce_and_a_recent_sync_is_reused() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 0.0)
    clock = make_clock(server, samples=1, resync_cooldown=1.0)
    await clock.ready()
    time_.mono += 5.0
    server.offset = 60.0  # the server's clock jumps
    server.gate = anyio.Event()
    async with anyio.create_task_group() as group:
        for _ in range(100):
            group.start_soon(clock.resync)
        await anyio.sleep(0.01)
        server.gate.set()
    assert clock.stats.syncs == 2
    assert clock.stats.steps == 1
    assert abs(error_ms(clock, server)) <= 1.0
    await clock.resync()  # a request that failed before that sync landed: the fresh sync is reused
    assert clock.stats.syncs == 2
    time_.mono += 2.0
    await clock.resync()  # later: a new sync
    assert clock.stats.syncs == 3
    await clock.sync()  # forced: always a new one
    assert clock.stats.syncs == 4


@pytest.mark.anyio
async def test_a_rejection_after_a_sync_that_corrected_nothing_syncs_again() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0)
    clock = make_clock(server, samples=1, resync_cooldown=1.0)
    await clock.ready()
    time_.mono += 5.0
    await clock.sync()  # a steady sync: it moved nothing
    time_.mono += 0.1
    server.offset = -45.0  # so a rejection now means the server's clock moved since
    await clock.resync()
    assert clock.stats.syncs == 3
    assert abs(error_ms(clock, server)) <= 1.0


class _OnlyTheProtocol:
    """The clock seen through :class:`~asyncclient._protocols.Clock` alone (no ``reading`` of its own)."""

    def __init__(self, clock: ServerClock) -> None:
        self.now_ms = clock.now_ms
        self.local_instant = clock.local_instant


@pytest.mark.anyio
@pytest.mark.parametrize("drift", [0.0, 1 / 60])
async def test_the_clocks_own_reading_agrees_with_one_made_from_the_protocol(drift: float) -> None:
    """Order safety reads the clock with its uncertainty as each order leaves: ServerClock's one-step reading
    must say what now_ms() and local_instant() say together, before the first sync, after it, and drifting."""
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0, up=0.004, down=0.009)
    server.set_drift(drift)
    clock = make_clock(server, samples=1)
    generic = clock_reading(_OnlyTheProtocol(clock))  # type: ignore[arg-type]
    assert clock_reading(clock) == clock.reading  # a ServerClock reads itself
    unsynced = clock.reading()
    assert unsynced[1] is None and unsynced == generic()
    for _ in range(4):
        await clock.sync()
        time_.mono += 30.0
        own, built = clock.reading(), generic()
        assert own[0] == built[0]
        assert own[1] is not None and built[1] is not None
        # The protocol's way maps the truncated ms back (up to 1 ms off): the drift allowance over that instant.
        assert own[1] == pytest.approx(built[1], abs=1e-3)
        assert own[1] >= clock.stats.uncertainty_ms - 1e-6


@pytest.mark.anyio
async def test_drift_is_measured_and_corrected_between_syncs() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 45.0, up=0.005, down=0.005)
    server.set_drift(1 / 60)  # one second per minute
    clock = make_clock(server, samples=1)
    await clock.ready()
    assert not clock.stats.drift_measured
    for _ in range(5):
        time_.mono += 60.0
        await clock.sync()
    stats = clock.stats
    assert stats.drift_measured
    assert stats.drift_ppm == pytest.approx(1e6 / 60, abs=50)
    assert stats.drift_ms_per_s == pytest.approx(1000 / 60, abs=0.05)
    # Between syncs the prediction keeps up: 59 s later, uncorrected would be ~983 ms behind.
    time_.mono += 59.0
    stats = clock.stats
    assert abs(error_ms(clock, server)) <= stats.uncertainty_ms < 20
    assert abs(stats.offset_ms - server.offset_now() * 1000) <= stats.uncertainty_ms


@pytest.mark.anyio
async def test_a_change_of_drift_is_relearned() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, 0.0, up=0.002, down=0.002)
    server.set_drift(0.01)
    clock = make_clock(server, samples=1)
    await clock.ready()
    for _ in range(3):
        time_.mono += 30.0
        await clock.sync()
    assert clock.stats.drift_ppm == pytest.approx(10_000, abs=20)
    server.set_drift(-0.01)
    for _ in range(3):
        time_.mono += 30.0
        await clock.sync()
    assert clock.stats.drift_ppm == pytest.approx(-10_000, abs=20)
    assert clock.stats.steps == 0


@pytest.mark.anyio
async def test_a_server_step_is_detected_and_followed() -> None:
    time_ = VirtualTime()
    server = FakeServer(time_, -45.0)
    clock = make_clock(server, samples=1)
    await clock.ready()
    time_.mono += 60.0
    await clock.sync()
    server.offset += 60.0
    time_.mono += 60.0
    await clock.sync()
    stats = clock.stats
    assert stats.steps == 1
    assert abs(stats.offset_ms - 15_000) <= stats.uncertainty_ms
    assert stats.drift_ppm == pytest.approx(0, abs=1000)


@pytest.mark.anyio
async def test_turned_off_uses_local_wall_time_and_never_fetches() -> None:
    time_ = VirtualTime()
    clock = ServerClock(enabled=False, monotonic=time_.monotonic, wall=time_.wall)
    await clock.ready()
    await clock.resync()
    stats = await clock.sync()
    assert clock.now_ms() == int(time_.wall() * 1000)
    assert stats == ClockStats(
        enabled=False,
        synced=False,
        offset_ms=0.0,
        uncertainty_ms=0.0,
        round_trip_ms=None,
        last_sync_age_s=None,
        drift_ppm=0.0,
        drift_measured=False,
        syncs=0,
        failures=0,
        steps=0,
    )
    assert repr(clock) == "ServerClock(enabled=False)"


@pytest.mark.anyio
async def test_a_failed_sync_reaches_every_waiter_and_the_next_call_tries_again() -> None:
    server = FakeServer(VirtualTime(), 45.0)
    server.fail_with = OSError("connection refused")
    server.gate = anyio.Event()
    clock = make_clock(server)
    failures: list[ClockSyncError] = []

    async def sign_one() -> None:
        try:
            await clock.ready()
        except ClockSyncError as exc:
            failures.append(exc)

    async with anyio.create_task_group() as group:
        for _ in range(20):
            group.start_soon(sign_one)
        await anyio.sleep(0.01)
        server.gate.set()
    assert len(failures) == 20
    assert all(isinstance(exc.__cause__, OSError) for exc in failures)
    assert server.fetches == 1
    assert clock.stats.failures == 1
    assert not clock.stats.synced
    server.fail_with = None
    await clock.ready()
    assert clock.stats.synced
    assert clock.stats.syncs == 1


@pytest.mark.anyio
async def test_a_cancelled_leader_does_not_strand_the_waiters() -> None:
    server = FakeServer(VirtualTime(), 45.0)
    server.gate = anyio.Event()
    clock = make_clock(server, samples=1)
    done = anyio.Event()

    async def waiter() -> None:
        await clock.ready()
        done.set()

    async with anyio.create_task_group() as group:
        with anyio.move_on_after(0.05):
            await clock.ready()  # leads the sync, then gives up
        group.start_soon(waiter)
        await anyio.sleep(0.01)
        server.gate.set()
        with anyio.fail_after(5):
            await done.wait()
    assert clock.stats.synced
    assert clock.stats.failures == 0


@pytest.mark.anyio
async def test_background_loop_stays_lazy_then_resyncs_on_its_interval() -> None:
    fetches = 0
    fifth_fetch = anyio.Event()

    async def fetch() -> int:
        nonlocal fetches
        fetches += 1
        if fetches == 5:
            fifth_fetch.set()  # four syncs of one reading each are done by now
            await anyio.sleep_forever()
        await anyio.lowlevel.checkpoint()
        return int(time.time() * 1000) + 45_000

    clock = ServerClock(fetch, samples=1, sync_interval=0.02)
    async with anyio.create_task_group() as group:
        await group.start(clock.run)
        await anyio.sleep(0.15)
        assert fetches == 0  # nothing signed yet: no poll
        await clock.ready()
        with anyio.fail_after(10):
            await fifth_fetch.wait()
        group.cancel_scope.cancel()
    assert clock.stats.syncs == 4
    assert abs(clock.stats.offset_ms - 45_000) <= clock.stats.uncertainty_ms + 1


@pytest.mark.anyio
async def test_background_failures_are_logged_and_the_loop_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    calls = 0
    sixth_call = anyio.Event()

    async def flaky_fetch() -> int:
        nonlocal calls
        calls += 1
        if calls == 6:
            sixth_call.set()  # calls 1, 4 and 5 made syncs; 2 and 3 failed
            await anyio.sleep_forever()
        await anyio.lowlevel.checkpoint()
        if calls in (2, 3):
            raise OSError("server time unavailable")
        return int(time.time() * 1000)

    clock = ServerClock(flaky_fetch, samples=1, sync_interval=0.02)
    caplog.set_level(logging.DEBUG, logger="asyncclient.clock")
    async with anyio.create_task_group() as group:
        await group.start(clock.run)
        await clock.ready()
        with anyio.fail_after(10):
            await sixth_call.wait()
        group.cancel_scope.cancel()
    assert clock.stats.syncs == 3
    assert clock.stats.failures == 2
    warnings = [r for r in caplog.records if r.name == "asyncclient.clock" and r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "server time unavailable" in warnings[0].getMessage()
    synced = [r for r in caplog.records if r.name == "asyncclient.clock" and "clock sync" in r.msg]
    assert synced
    assert isinstance(synced[0].args, tuple)  # formatted lazily, by the logging system


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="fetch_server_ms"):
        ServerClock()
    with pytest.raises(ValueError, match="samples"):
        ServerClock(FakeServer(VirtualTime()).fetch, samples=0)
    with pytest.raises(ValueError, match="sync_interval"):
        ServerClock(FakeServer(VirtualTime()).fetch, sync_interval=0)


def test_model_tells_a_drift_change_from_a_step() -> None:
    model = ClockModel(max_drift=0.05, max_rate_error=1e-4)
    assert model.update(Reading(0.0, 0.002, 1_000_000))[0] is SyncOutcome.FIRST
    assert model.update(Reading(100.0, 100.002, 1_100_000))[0] is SyncOutcome.STEADY
    assert model.rate_error is not None  # 3 ms of uncertainty over 100 s: 30 ppm, precise enough
    assert model.rate == pytest.approx(0, abs=1e-6)
    # 2 s more than predicted over 100 s: a 2% drift, below the largest believable one.
    assert model.update(Reading(200.0, 200.002, 1_202_000))[0] is SyncOutcome.DRIFT_CHANGED
    assert model.rate_error is None
    # 50 s more over 100 s: a step.
    outcome, surprise = model.update(Reading(300.0, 300.002, 1_352_000))
    assert outcome is SyncOutcome.STEP
    assert surprise == pytest.approx(50_000, abs=1)
    assert model.steps == 1


def test_model_uses_a_rough_rate_only_when_it_stands_out_of_the_noise() -> None:
    quiet = ClockModel(max_rate_error=1e-4)
    quiet.update(Reading(0.0, 0.002, 1_000_000))
    quiet.update(Reading(1.0, 1.002, 1_001_001))  # 1000 ppm, but +-3000 ppm of noise over 1 s
    assert quiet.rate_error is None
    assert quiet.rate == 0.0
    loud = ClockModel(max_rate_error=1e-4, max_drift=0.5)
    loud.update(Reading(0.0, 0.002, 1_000_000))
    loud.update(Reading(1.0, 1.002, 1_000_100 + 1000))  # 10% drift, far above the noise
    assert loud.rate_error is not None
    assert loud.rate == pytest.approx(0.1, abs=0.003)


@given(
    offset_ms=st.floats(-3_600_000, 3_600_000),
    sent=st.floats(0, 1e6),
    up=st.floats(0, 2.0),
    down=st.floats(0, 2.0),
)
def test_the_estimate_is_always_within_its_uncertainty(offset_ms: float, sent: float, up: float, down: float) -> None:
    """NTP's guarantee: wherever in the round trip the server read its clock, the midpoint is within half."""
    model = ClockModel()
    true_server_ms = (EPOCH + sent + up) * 1000 + offset_ms
    model.update(Reading(sent, sent + up + down, int(true_server_ms)))
    midpoint = sent + (up + down) / 2
    truth = (EPOCH + midpoint) * 1000 + offset_ms
    assert abs(model.server_ms_at(midpoint) - truth) <= model.uncertainty_ms_at(midpoint) + 1e-3


@pytest.mark.anyio
async def test_a_sync_stops_at_the_first_reading_within_the_good_round_trip() -> None:
    server = FakeServer(VirtualTime(), 45.0)
    server.legs = [(0.004, 0.004), (0.0005, 0.0005), (0.0001, 0.0001)]
    clock = make_clock(server, samples=3, good_round_trip=0.002)
    await clock.ready()
    assert server.fetches == 2  # the second came back in 1 ms: a third could gain at most half of that
    assert clock.stats.round_trip_ms == pytest.approx(1.0)
    with pytest.raises(ValueError, match="good_round_trip"):
        make_clock(server, good_round_trip=-1.0)


@pytest.mark.anyio
async def test_a_slower_reading_that_agrees_keeps_the_tighter_anchor() -> None:
    """A sync made while the server (or this event loop) was busy is no reason to trust the clock less."""
    server = FakeServer(VirtualTime(), 45.0, up=0.001, down=0.001)
    clock = make_clock(server, samples=1)
    await clock.ready()
    tight = clock.stats.uncertainty_ms
    server.up, server.down = 0.030, 0.002  # the second reading waits 30 ms on the way out
    await clock.sync()
    stats = clock.stats
    assert stats.syncs == 2 and stats.round_trip_ms == pytest.approx(2.0)  # the first reading is still the anchor
    assert stats.uncertainty_ms < tight + 0.1 < 16.0  # not the 16.5 ms the slow reading alone would give
    assert abs(error_ms(clock, server)) <= stats.uncertainty_ms
    server.offset += 5.0  # a step: a disagreeing reading is taken whatever its round trip
    await clock.sync()
    assert clock.stats.steps == 1 and abs(error_ms(clock, server)) <= clock.stats.uncertainty_ms


@pytest.mark.anyio
async def test_a_sync_reading_is_narrowed_to_the_requests_own_round_trip() -> None:
    """The server-time request waited 0.5 s for the rate limiter before it left: no part of the round trip."""
    server = FakeServer(VirtualTime(), 45.0, up=0.002, down=0.002)
    clock: ServerClock

    async def fetch_behind_the_limiter() -> int:
        server.time.mono += 0.5  # waiting for a slot
        sent = server.time.monotonic()
        server_ms = await server.fetch()
        clock.observe(sent, server.time.monotonic(), server_ms)  # what the request path reports
        return server_ms

    clock = ServerClock(fetch_behind_the_limiter, samples=1, monotonic=server.time.monotonic, wall=server.time.wall)
    await clock.ready()
    assert clock.stats.round_trip_ms == pytest.approx(4.0)  # not 504 ms
    assert abs(error_ms(clock, server)) <= clock.stats.uncertainty_ms < 3.0


@pytest.mark.anyio
async def test_answers_tighten_the_clock_only_inside_what_it_already_allows() -> None:
    server = FakeServer(VirtualTime(), 45.0, up=0.010, down=0.010)
    clock = make_clock(server, samples=1)
    await clock.ready()
    loose = clock.stats.uncertainty_ms  # 10.5 ms
    now = server.time.monotonic

    def answer(up: float, down: float, skew_ms: float = 0.0) -> bool:
        sent = now()
        server.time.mono += up
        stamp = int(server.now_ms() + skew_ms)
        server.time.mono += down
        return clock.observe(sent, now(), stamp)

    assert not answer(0.030, 0.030)  # a slower answer: nothing learnt
    assert not answer(0.001, 0.001, skew_ms=-60_000)  # a stale stamp (a cache): outside, ignored
    assert not answer(0.001, 0.001, skew_ms=12.0)  # a clock 12 ms ahead: not inside the 10.5 ms allowed
    assert abs(error_ms(clock, server)) <= clock.stats.uncertainty_ms
    assert answer(0.001, 0.001)  # a quick answer with a true stamp: taken
    stats = clock.stats
    assert stats.uncertainty_ms < 2.0 < loose and abs(error_ms(clock, server)) <= stats.uncertainty_ms
    assert stats.syncs == 1  # answers are no syncs: the periodic resync still runs
    assert not clock.observe(now(), now(), None)  # no stamp, nothing to learn
