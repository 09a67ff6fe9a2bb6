"""The simulator's clock: offset, drift and jumps, changed at run time, on a virtual wall clock."""

from __future__ import annotations

import httpx
import orjson
import pytest
from _sim_toy import ASSETS, TIME, send, signed_request, toy_simulator

from asyncclient.testing import SimClock, Simulator


class FakeWall:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_an_offset_puts_the_clock_ahead_or_behind() -> None:
    wall = FakeWall()
    clock = SimClock(45.0, wall=wall)
    assert clock.now() == wall.now + 45
    assert clock.now_ms() == int((wall.now + 45) * 1000)
    assert clock.offset_ms == pytest.approx(45_000)
    clock.set_offset(-10.0)
    assert clock.offset_ms == pytest.approx(-10_000)
    wall.now += 5
    assert clock.now() == pytest.approx(wall.now - 10)


def test_drift_accumulates_with_wall_time_and_a_new_rate_keeps_the_offset_reached() -> None:
    wall = FakeWall()
    clock = SimClock(0.0, 0.01, wall=wall)
    wall.now += 100
    assert clock.offset_ms == pytest.approx(1_000)
    clock.set_drift(-0.02)
    assert clock.offset_ms == pytest.approx(1_000)
    wall.now += 50
    assert clock.offset_ms == pytest.approx(0)
    assert clock.drift == -0.02
    clock.set_offset(3.0)  # the drift carries on from the new offset
    wall.now += 100
    assert clock.offset_ms == pytest.approx(1_000)


def test_a_jump_steps_the_clock_at_once_either_way() -> None:
    wall = FakeWall()
    clock = SimClock(0.0, 0.5, wall=wall)
    wall.now += 10
    clock.jump(60)
    assert clock.offset_ms == pytest.approx(65_000)
    clock.jump(-120)
    assert clock.offset_ms == pytest.approx(-55_000)
    assert "offset_ms=-55000" in repr(clock)


@pytest.mark.anyio
async def test_server_time_follows_drift_on_the_simulator() -> None:
    wall = FakeWall()
    sim = Simulator(seed=1, clock_drift=0.5, wall_clock=wall)
    wall.now += 100
    response = await send(sim, httpx.Request("GET", f"http://simulator{TIME}"))
    assert int(orjson.loads(response.content)["data"]["serverTime"]) == int((wall.now + 50) * 1000)


@pytest.mark.anyio
async def test_a_jump_at_run_time_expires_timestamps_taken_before_it() -> None:
    sim, _, _ = toy_simulator()
    stamp = sim.clock.now_ms()
    assert (await send(sim, signed_request("GET", ASSETS, timestamp=stamp))).status_code == 200
    sim.clock.jump(31)
    stale = await send(sim, signed_request("GET", ASSETS, timestamp=stamp))
    assert orjson.loads(stale.content)["code"] == "40008"
    fresh = await send(sim, signed_request("GET", ASSETS, timestamp=sim.clock.now_ms()))
    assert fresh.status_code == 200
    sim.clock.set_offset(0)
    sim.clock.set_drift(0.0)
    assert abs(sim.clock.offset_ms) < 1
    assert (await send(sim, signed_request("GET", ASSETS, timestamp=stamp))).status_code == 200
