"""The resumable candle collector: complete, in order, and exactly once, however often it is stopped.

The collector runs against the simulator: in-process for the cancellation tests (both backends), and as a real
``asyncclient`` process over a loopback socket for the test that kills it with SIGKILL mid-run.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from asyncclient import Client
from asyncclient._cli.candle_file import COLUMNS, CandleFile, CollectPlan
from asyncclient._cli.collect import collect_candles, fetch_window
from asyncclient._cli.exits import CommandError, ExitCode
from asyncclient.cli import main
from asyncclient.testing import LoopbackServer, Simulator

MINUTE = 60_000
#: A past day of the simulator's markets: 2024-05-01 00:00 UTC.
DAY_START = 1714521600000
SYMBOLS = ["BTCUSDT", "ETHUSDT", "SOLUSDT"]


def expected_ts(start: int, end: int) -> list[int]:
    return list(range(start, end, MINUTE))


def read_rows(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "csv":
        with path.open(newline="") as handle:
            return [{**row, "ts": int(row["ts"])} for row in csv.DictReader(handle)]
    if fmt == "parquet":
        table = importlib.import_module("pyarrow.parquet").read_table(path)
        return list(table.to_pylist())
    return [json.loads(line) for line in path.read_text().splitlines()]


def assert_complete(path: Path, fmt: str, symbols: list[str], start: int, end: int) -> list[dict[str, Any]]:
    """Every symbol has every minute of [start, end) exactly once, in order; nothing else is in the file."""
    rows = read_rows(path, fmt)
    for symbol in symbols:
        found = [row["ts"] for row in rows if row["symbol"] == symbol]
        assert found == expected_ts(start, end), f"{symbol}: gaps, duplicates or disorder"
    assert len(rows) == len(symbols) * len(expected_ts(start, end))
    return rows


def sim_client(sim: Simulator) -> Client:
    return Client(base_url="http://sim", transport=sim.transport(), credentials_from_env=False)


@pytest.mark.anyio
async def test_a_window_holds_exactly_its_candles() -> None:
    sim = Simulator(seed=2)
    async with sim_client(sim) as client:
        rows = await fetch_window(client, "BTCUSDT", "1min", DAY_START, DAY_START + 10 * MINUTE, page_size=10)
        shifted = await fetch_window(client, "BTCUSDT", "1min", DAY_START + 30_000, DAY_START + 5 * MINUTE, page_size=5)
    assert [candle.open_time_ms for candle in rows] == expected_ts(DAY_START, DAY_START + 10 * MINUTE)
    assert all(candle.usdt_volume is not None for candle in rows)  # spot candles carry the USDT volume
    # A window that does not start on a candle boundary leaves out the candle that opened before it.
    assert [candle.open_time_ms for candle in shifted] == expected_ts(DAY_START + MINUTE, DAY_START + 5 * MINUTE)


class ShortLookback(httpx.AsyncBaseTransport):
    """The simulator, except that ``candles`` serves nothing before ``since``, like the exchange's lookback."""

    def __init__(self, sim: Simulator, since: int) -> None:
        self.inner = sim.transport()
        self.since = since

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("startTime", "0"))
        if request.url.path.endswith("/market/candles") and start < self.since:
            return httpx.Response(200, json={"code": "00000", "msg": "success", "data": []})
        return await self.inner.handle_async_request(request)


@pytest.mark.anyio
async def test_windows_beyond_the_candles_lookback_come_from_history_candles() -> None:
    sim = Simulator(seed=2)
    end = DAY_START + 500 * MINUTE
    transport = ShortLookback(sim, since=DAY_START + 400 * MINUTE)
    async with Client(base_url="http://sim", transport=transport, credentials_from_env=False) as client:
        old = await fetch_window(client, "BTCUSDT", "1min", DAY_START, DAY_START + 450 * MINUTE, page_size=450)
        recent = await fetch_window(client, "BTCUSDT", "1min", DAY_START + 400 * MINUTE, end, page_size=100)
    assert [candle.open_time_ms for candle in old] == expected_ts(DAY_START, DAY_START + 450 * MINUTE)
    assert [candle.open_time_ms for candle in recent] == expected_ts(DAY_START + 400 * MINUTE, end)
    # 450 old candles: one empty candles answer, then 3 history pages of at most 200.
    assert sim.records.count(path="/api/v2/spot/market/history-candles") == 3
    assert sim.records.count(path="/api/v2/spot/market/candles") == 1


@pytest.mark.anyio
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
async def test_one_run_writes_every_candle_once(tmp_path: Path, fmt: str) -> None:
    sim = Simulator(seed=2)
    end = DAY_START + 250 * MINUTE
    out = tmp_path / f"candles.{fmt}"
    store = CandleFile(out, CollectPlan("1min", DAY_START, end, fmt), SYMBOLS[:2])
    async with sim_client(sim) as client:
        await collect_candles(client, store, page_size=60, concurrency=4)
    store.finish()
    rows = assert_complete(out, fmt, SYMBOLS[:2], DAY_START, end)
    assert set(rows[0]) == set(COLUMNS)
    assert isinstance(rows[0]["open"], str) and Decimal(rows[0]["open"]) > 0  # exact strings, never floats
    assert not (tmp_path / f"candles.{fmt}.partial.jsonl").exists()
    checkpoint = json.loads(store.checkpoint_path.read_text())
    assert checkpoint["complete"] is True
    assert checkpoint["symbols"]["BTCUSDT"] == {"next_start": end, "written": 250}
    # 5 windows of 60 candles per symbol: one request each.
    assert sim.records.count(path="/api/v2/spot/market/candles") == 10


@pytest.mark.anyio
async def test_the_clock_is_synced_before_the_first_page(tmp_path: Path) -> None:
    """A backfill spends the whole market budget: its slots settle at the server's stamps from the first page."""
    sim = Simulator(seed=2)
    end = DAY_START + 120 * MINUTE
    store = CandleFile(tmp_path / "c.csv", CollectPlan("1min", DAY_START, end, "csv"), SYMBOLS[:1])
    async with sim_client(sim) as client:
        assert client.clock_stats is not None and not client.clock_stats.synced
        await collect_candles(client, store, page_size=60, concurrency=2)
        assert client.clock_stats.synced
    paths = [request.path for request in sim.records.requests]
    first_page = paths.index("/api/v2/spot/market/candles")
    assert first_page > 0 and set(paths[:first_page]) == {"/api/v2/public/time"}


@pytest.mark.anyio
async def test_a_client_without_clock_sync_collects_without_one(tmp_path: Path) -> None:
    sim = Simulator(seed=2)
    end = DAY_START + 60 * MINUTE
    store = CandleFile(tmp_path / "c.csv", CollectPlan("1min", DAY_START, end, "csv"), SYMBOLS[:1])
    client = Client(base_url="http://sim", transport=sim.transport(), credentials_from_env=False, sync_clock=False)
    async with client:
        await collect_candles(client, store, page_size=60)
    store.finish()
    assert sim.records.count(path="/api/v2/public/time") == 0
    assert_complete(tmp_path / "c.csv", "csv", SYMBOLS[:1], DAY_START, end)


@pytest.mark.anyio
@pytest.mark.parametrize("seed", [1, 2])
async def test_cancelled_at_random_points_it_resumes_without_gaps_or_duplicates(tmp_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    sim = Simulator(seed=seed)
    end = DAY_START + 300 * MINUTE
    out = tmp_path / "candles.csv"
    plan = CollectPlan("1min", DAY_START, end, "csv")
    runs = 0
    async with sim_client(sim) as client:
        while True:
            runs += 1
            store = CandleFile(out, plan, SYMBOLS)
            if all(not store.pending(symbol) for symbol in SYMBOLS):
                break
            # Stop after a random number of fetches, wherever the tasks happen to be.
            with anyio.CancelScope() as scope:

                class StopSoon:
                    left = chance.randint(1, 5)

                    def advance(self, symbol: str, covered_ms: int, rows: int) -> None:
                        self.left -= 1
                        if self.left <= 0:
                            scope.cancel()

                await collect_candles(client, store, page_size=30, concurrency=3, progress=StopSoon())
            # Simulate a crash after the data was written but before the checkpoint: bytes the checkpoint
            # does not cover must be dropped on resume.
            with out.open("ab") as handle:
                handle.write(b"BTCUSDT,1714521600000,torn")
    assert runs > 3
    assert_complete(out, "csv", SYMBOLS, DAY_START, end)


@pytest.fixture
def loopback_sim() -> Iterator[tuple[Simulator, str]]:
    sim = Simulator(seed=5)
    server = LoopbackServer(sim.app)
    server.start()
    try:
        yield sim, server.url
    finally:
        server.stop()


def _checkpointed_candles(checkpoint: Path) -> int:
    try:
        saved = json.loads(checkpoint.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return 0
    return sum(state["written"] for state in saved["symbols"].values())


def test_killed_with_sigkill_mid_run_the_rerun_finishes_without_gaps_or_duplicates(
    tmp_path: Path, loopback_sim: tuple[Simulator, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sim, url = loopback_sim
    end = DAY_START + 600 * MINUTE
    out = tmp_path / "candles.jsonl"
    argv = [
        "collect", "candles", *SYMBOLS, "--granularity", "1min", "--start", str(DAY_START), "--end", str(end),
        "--out", str(out), "--page-size", "20", "--concurrency", "2", "--base-url", url,
    ]  # fmt: skip
    checkpoint = tmp_path / "candles.jsonl.checkpoint.json"
    total = len(SYMBOLS) * 600
    process = subprocess.Popen(
        [sys.executable, "-m", "asyncclient.cli", *argv, "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        # 90 windows at 20 requests a second take several seconds: kill it somewhere in the middle.
        deadline = time.monotonic() + 60
        target = random.randint(total // 6, total // 3)
        while _checkpointed_candles(checkpoint) < target:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the collector made no progress"
            time.sleep(0.01)
        time.sleep(random.uniform(0.0, 0.2))
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    killed_at = _checkpointed_candles(checkpoint)
    assert 0 < killed_at < total
    assert not json.loads(checkpoint.read_text())["complete"]

    assert main([*argv, "--quiet"]) == ExitCode.OK
    assert f"({killed_at} candles were there from an earlier run)" in capsys.readouterr().out
    assert_complete(out, "jsonl", SYMBOLS, DAY_START, end)
    # (The re-run may hear a 429 or two: a new process cannot know what the killed one sent in its last
    # second, and the retry layer waits them out.)
    # Windows fetched before the kill are not fetched again, except those caught between write and checkpoint.
    windows = 3 * 600 // 20
    answered = sim.records.count(path="/api/v2/spot/market/candles", status=200)
    assert windows <= answered <= windows + 2 * 3

    # A finished file is left alone.
    assert main([*argv, "--quiet"]) == ExitCode.OK
    assert "already complete (1800 candles)" in capsys.readouterr().out


def test_a_rerun_with_other_settings_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + MINUTE * 10, "csv"), ["BTCUSDT"])
    with pytest.raises(CommandError, match="started with other settings") as raised:
        CandleFile(out, CollectPlan("5min", DAY_START, DAY_START + MINUTE * 10, "csv"), ["BTCUSDT"])
    assert raised.value.code == ExitCode.USAGE


def test_a_file_without_checkpoint_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    out.write_text("precious\n")
    with pytest.raises(CommandError, match="has no checkpoint"):
        CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + MINUTE, "csv"), ["BTCUSDT"])
    assert out.read_text() == "precious\n"


def test_a_data_file_shorter_than_its_checkpoint_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + MINUTE, "csv"), ["BTCUSDT"])
    out.write_text("")
    with pytest.raises(CommandError, match="shorter than its checkpoint"):
        CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + MINUTE, "csv"), ["BTCUSDT"])


def test_parquet_without_pyarrow_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "pyarrow" else real_find_spec(name, *args),
    )
    argv = ["collect", "candles", "BTCUSDT", "--start", "2024-05-01", "--end", "2024-05-02"]
    code = main([*argv, "--out", str(tmp_path / "c.parquet"), "--base-url", "http://127.0.0.1:9"])
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "Parquet output needs pyarrow" in err and "--format csv" in err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--end", "2024-04-30"], "must be after --start"),
        (["--end", "2024-05-02", "--page-size", "1001"], "--page-size must be between 1 and 1000"),
        (["--end", "2024-05-02", "--concurrency", "0"], "--concurrency must be at least 1"),
    ],
)
def test_bad_ranges_and_sizes_exit_2(
    tmp_path: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "collect",
        "candles",
        "BTCUSDT",
        "--start",
        "2024-05-01",
        "--out",
        str(tmp_path / "c.csv"),
        *extra,
    ]
    assert main([*argv, "--base-url", "http://127.0.0.1:9"]) == ExitCode.USAGE
    assert message in capsys.readouterr().err


def test_an_end_in_the_future_is_refused(
    tmp_path: Path, loopback_sim: tuple[Simulator, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = loopback_sim
    out = tmp_path / "c.csv"
    argv = [
        "collect",
        "candles",
        "BTCUSDT",
        "--start",
        "2024-05-01",
        "--end",
        "2999-01-01",
        "--out",
        str(out),
    ]
    assert main([*argv, "--base-url", url]) == ExitCode.USAGE
    assert "is too recent" in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_symbol_is_refused_before_any_file_is_made(
    tmp_path: Path, loopback_sim: tuple[Simulator, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = loopback_sim
    argv = ["collect", "candles", "NOPEUSDT", "--start", "2024-05-01", "--end", "2024-05-01T01:00"]
    out = tmp_path / "c.csv"
    assert main([*argv, "--out", str(out), "--base-url", url, "--quiet"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "the exchange lists no spot symbol NOPEUSDT" in err and "nothing was written" in err
    assert not out.exists() and not (tmp_path / "c.csv.checkpoint.json").exists()
