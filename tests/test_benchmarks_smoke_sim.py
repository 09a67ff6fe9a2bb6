"""The simulator benchmark at tiny size: both servers start in other processes and every row is reported."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_simulator


def test_the_simulator_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "simulator.json"
    assert bench_simulator.main(["--quick", "--json", str(out)]) == 0
    rows = {row["name"]: row for row in json.loads(out.read_text())["rows"]}
    public = rows["public GET /api/v2/public/time"]
    assert public["value"] > 0
    assert public["baseline_value"] > 0
    assert public["met"] in (True, False)  # judged against the 2,000 req/s goal
    capacity = rows["public GET /api/v2/public/time: one server core's capacity (1 / server CPU per request)"]
    assert capacity["value"] is None or capacity["value"] > 0  # None only if the server used no measurable CPU
    signed = rows["signed GET /api/v2/spot/account/assets?coin=USDT (HMAC verified)"]
    assert signed["value"] > 0, signed["note"]
