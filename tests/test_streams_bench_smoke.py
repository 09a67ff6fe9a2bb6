"""bench_streams at tiny sizes, so it never rots: every row is reported and measured (figures not judged)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import bench_streams


def test_bench_streams_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "streams.json"
    assert bench_streams.main(["--quick", "--json", str(out)]) == 0
    rows = {row["name"]: row for row in json.loads(out.read_text())["rows"]}
    decoded = rows["messages decoded per CPU second (books + ticker + trades)"]
    assert decoded["value"] > 0 and decoded["baseline_value"] > 0  # ccxt.pro read the same frames
    assert rows["book update: apply + checksum"]["value"] > 0
    assert rows["drop to first book view on the new connection (median)"]["value"] > 0
