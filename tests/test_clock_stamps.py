"""The stamp reader: when a server stamp settles a slot, and when it asks the clock for a (fresh) sync."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from asyncclient._stamps import StampReader


class FakeClock:
    """Maps server ms to local seconds one to one (server ms 1000 x t is local t), with a set uncertainty."""

    runs_in_background = True

    def __init__(self, uncertainty: float | None) -> None:
        self.uncertainty = uncertainty

    def local_instant(self, server_ms: int) -> tuple[float, float] | None:
        return None if self.uncertainty is None else (server_ms / 1000.0, self.uncertainty)


class FakeLimiter:
    waiting = 3


def reader(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> tuple[StampReader, list[float], list[float]]:
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])  # the reader's clock (a sync test: nothing else runs)
    stamps = StampReader(clock, FakeLimiter())  # type: ignore[arg-type]
    asked: list[float] = []
    stamps.want_sync = lambda: asked.append(now[0])
    return stamps, asked, now


def body(stamp_ms: int) -> bytes:
    return json.dumps({"code": "00000", "requestTime": stamp_ms, "data": []}).encode()


def answer(stamps: StampReader, now: list[float], sent_at: float, stamp_ms: int, **headers: Any) -> float:
    return stamps.counted_ago(200, headers, body(stamp_ms), sent_at)


def test_a_tight_clock_settles_at_the_stamp_and_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, asked, now = reader(FakeClock(0.001), monkeypatch)
    # sent at 99.9, stamped at 99.91, answered at 100.0: counted at most 0.089 s (stamp + uncertainty) ago
    assert answer(stamps, now, 99.9, 99_910) == pytest.approx(0.089)
    assert asked == []


def test_implausible_or_missing_stamps_count_from_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, asked, now = reader(FakeClock(0.001), monkeypatch)
    assert answer(stamps, now, 99.9, 99_800) == 0.0  # before the send
    assert answer(stamps, now, 99.9, 100_050) == 0.0  # after the answer
    assert stamps.counted_ago(200, {}, b'{"code": "00000"}', 99.9) == 0.0
    unsynced, asked, now = reader(FakeClock(None), monkeypatch)
    for _ in range(5):
        assert answer(unsynced, now, 99.9, 99_910) == 0.0
    assert asked == [100.0]  # five slow answers while callers wait: the first sync is asked for, once
