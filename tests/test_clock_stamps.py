"""The stamp reader: when a server stamp settles a slot, and when it asks the clock for a (fresh) sync."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from asyncclient._envelope import parse_json, server_stamp_ms
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
    return stamps.counted_ago(200, server_stamp_ms(headers, parse_json(body(stamp_ms))), sent_at, now[0])


def test_a_tight_clock_settles_at_the_stamp_and_asks_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, asked, now = reader(FakeClock(0.001), monkeypatch)
    # sent at 99.9, stamped at 99.91, answered at 100.0: counted at most 0.089 s (stamp + uncertainty) ago
    assert answer(stamps, now, 99.9, 99_910) == pytest.approx(0.089)
    assert asked == []


def test_time_spent_parsing_the_answer_does_not_move_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, asked, now = reader(FakeClock(0.001), monkeypatch)
    body_read = now[0]  # 100.0: the answer is in; parsing a big page takes 0.5 s before the reader is asked
    now[0] += 0.5
    # Counted at the stamp (99.91 + 0.001), reported from the instant of the question: 0.589 s ago.
    ago = stamps.counted_ago(200, server_stamp_ms({}, parse_json(body(99_910))), 99.9, body_read)
    assert ago == pytest.approx(0.589)
    assert asked == []


def test_implausible_or_missing_stamps_count_from_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    stamps, asked, now = reader(FakeClock(0.001), monkeypatch)
    assert answer(stamps, now, 99.9, 99_800) == 0.0  # before the send
    assert answer(stamps, now, 99.9, 100_050) == 0.0  # after the answer
    assert stamps.counted_ago(200, server_stamp_ms({}, parse_json(b'{"code": "00000"}')), 99.9, now[0]) == 0.0
    unsynced, asked, now = reader(FakeClock(None), monkeypatch)
    for _ in range(5):
        assert answer(unsynced, now, 99.9, 99_910) == 0.0
    assert asked == [100.0]  # five slow answers while callers wait: the first sync is asked for, once


@pytest.mark.parametrize(
    ("headers", "document", "expected"),
    [
        ({}, {"code": "00000", "requestTime": 1_700_000_000_123, "data": []}, 1_700_000_000_123),
        ({}, {"code": "00000", "requestTime": "1700000000123", "data": []}, 1_700_000_000_123),  # v3: a string
        ({"x-bg-request-accept-time": " 1700000000456 "}, {"requestTime": 1}, 1_700_000_000_456),  # the header wins
        ({"x-bg-request-accept-time": "soon"}, {"requestTime": 1}, None),  # a header, unreadable: no stamp
        ({}, {"code": "00000", "data": {"requestTime": 5}}, None),  # only the envelope's own key counts
        ({}, {"requestTime": True}, None),
        ({}, {"requestTime": -1}, None),
        ({}, {"requestTime": 1.5}, None),
        ({}, {"requestTime": "9" * 20}, None),  # not a stamp, and no 20-digit int is built
        ({}, {"requestTime": 10**30}, None),
        ({}, {"requestTime": "１２３"}, None),  # digits, but not ASCII ones
        ({}, [{"requestTime": 5}], None),  # not an envelope
        ({}, None, None),  # not JSON at all
    ],
)
def test_the_server_stamp_is_read_from_the_header_or_the_parsed_envelope(
    headers: dict[str, str], document: Any, expected: int | None
) -> None:
    assert server_stamp_ms(headers, document) == expected


def test_a_body_is_parsed_once_and_garbage_is_no_document() -> None:
    assert parse_json(b'{"requestTime": 7}') == {"requestTime": 7}
    assert parse_json(b"<html>busy</html>") is None
    assert parse_json(b'{"requestTime": 7') is None  # truncated
    assert parse_json(b"\xff\xfe") is None
