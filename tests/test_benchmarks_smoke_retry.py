"""The retry benchmark at tiny size: every figure reported beside its baseline; the exactness goals hold."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_retry


def test_the_retry_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "retry.json"
    assert bench_retry.main(["--quick", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    by_start = {row["name"].split(":")[0]: row for row in rows}
    assert len(rows) == 10
    assert all(row["section"] == bench_retry.SECTION for row in rows)
    typed = next(row for row in rows if "ending in success or a typed error" in row["name"])
    assert typed["met"] is True and typed["value"] == 100.0
    placed = next(row for row in rows if row["name"].endswith("orders on the server"))
    assert placed["value"] == 50 and placed["met"] is True
    assert placed["baseline_value"] > 50  # the blind retry placed some orders twice
    duplicates = next(row for row in rows if row["name"].endswith("duplicate orders"))
    assert duplicates["value"] == 0 and duplicates["baseline_value"] > 0
    storm = next(row for row in rows if row["name"].startswith("exchange down"))
    assert storm["met"] is True and storm["value"] < storm["baseline_value"]
    cost = by_start["retry layer per call that succeeds at once"]
    assert cost["value"] > cost["baseline_value"] > 0
