"""The benchmark scripts, run at tiny sizes so they never rot. Their figures are not checked: only that each
runs end to end (servers in other processes, every client case, the profile) and reports every row it should.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import bench_collector, bench_overhead, run_all
from benchmarks._common import Row, format_table, percentile


def _rows(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def test_overhead_measures_every_client_and_profiles_ours(tmp_path: Path) -> None:
    out = tmp_path / "overhead.json"
    assert bench_overhead.main(["--quick", "--json", str(out)]) == 0
    data = _rows(out)
    measured = {row["name"]: row["value"] for row in data["rows"] if row["value"] is not None}
    assert {case.label for case in bench_overhead.CASES.values()} <= set(measured)
    assert all(value > 0 for value in measured.values())
    unmeasured = [row for row in data["rows"] if row["value"] is None]
    assert [row["name"] for row in unmeasured] == ["the exchange's own Python SDK"]
    assert "PyPI" in unmeasured[0]["note"]
    assert any(row["met"] is not None for row in data["rows"]), "the goals of issues 9 and 10 are judged"
    profile = data["sections"]["Profile: asyncclient public GET, default transport"]
    assert "Profile: asyncclient public GET, fast transport" in data["sections"]
    assert "asyncclient/_client.py" in profile and "httpx" in profile
    latency = data["sections"]["Per-request latency at one caller (p50 / p99)"]
    assert "raw aiohttp GET" in latency and "ccxt async bitget public GET" in latency


def test_collector_backfills_against_the_simulator_process(tmp_path: Path) -> None:
    out = tmp_path / "collector.json"
    assert bench_collector.main(["--quick", "--json", str(out)]) == 0
    rows = {row["name"]: row for row in _rows(out)["rows"]}
    assert rows["candles per second"]["value"] > 0
    assert rows["HTTP 429 answers"]["value"] == 0  # the limiter holds the budget the simulator enforces
    stamped = rows["share of the ceiling, slots settled at the server's stamp"]
    assert stamped["value"] > 0 and stamped["baseline_value"] > 0  # beside the slot-from-answer run, same run


def test_run_all_writes_results_with_import_times(tmp_path: Path) -> None:
    # run_all drives bench_import the way `make bench` drives every script: a subprocess and its JSON rows.
    out = tmp_path / "RESULTS.md"
    assert run_all.main(["--quick", "--only", "bench_import", "--out", str(out)]) == 0
    text = out.read_text()
    for heading in ("## Machine", "## Versions", "## Goals (issues 9 and 10)", "## `bench_import.py`"):
        assert heading in text
    for row in ("| import httpx |", "| import asyncclient |", "| import ccxt.async_support |"):
        assert row in text
    assert "| ≤ 1.3x httpx (issue 9) | import asyncclient |" in text
    assert "| from asyncclient import Client (what a request needs" in text  # timed beside the bare import
    assert "| 6. Import time | `bench_import.py` | measured (4 rows below) |" in text
    assert "| 1. Client overhead | `bench_overhead.py` |" in text  # every item is listed, run or not


def test_table_shows_ratio_and_goal() -> None:
    row = Row("s", "ours", 110.0, "µs", "floor", 100.0, "≤ 1.10x", True)
    table = format_table([row])
    assert "| ours | 110 µs | floor: 100 µs | 1.10x | ≤ 1.10x | met |" in table


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([5.0], 99) == 5.0


def test_a_script_past_its_time_is_stopped_with_every_process_it_started(tmp_path: Path) -> None:
    """run_all gives up on a script at its timeout: the script's own servers must not live on (a redis-server
    left behind loaded the machine for the scripts measured after it)."""
    child_pid = tmp_path / "child.pid"
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(child_pid)!r}, 'w').write(str(child.pid))\n"
        "print('started', flush=True)\n"
        "time.sleep(120)\n"
    )
    done, printed = run_all._run([sys.executable, "-c", script], timeout=3.0)
    assert done is None and "started" in printed
    pid = int(child_pid.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    return True
