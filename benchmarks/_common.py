"""What the benchmarks share: a server in another process, CPU and wall timers, machine facts, result rows.

A benchmark script exposes ``main(argv)`` with ``--quick`` (tiny sizes, for the smoke test) and
``--json PATH`` (its rows, read by ``run_all``); it prints its own table too, so it is useful alone.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import attrs

__all__ = [
    "LOOPBACK",
    "Report",
    "Row",
    "Timer",
    "bench_arguments",
    "format_table",
    "free_port",
    "machine_info",
    "percentile",
    "process_cpu_seconds",
    "run_json",
    "server_process",
    "versions",
]

LOOPBACK = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent

# The packages whose versions a reader needs to judge the figures.
_PACKAGES = (
    "bitget-asyncclient",
    "httpx",
    "httpcore",
    "h11",
    "aiohttp",
    "httpx-aiohttp",
    "ccxt",
    "orjson",
    "anyio",
    "trio",
    "uvicorn",
    "uvloop",
    "aiolimiter",
)


@attrs.frozen
class Row:
    """One figure beside its baseline from the same run, and the goal it is held to (if any)."""

    section: str
    name: str
    value: float | None
    unit: str
    baseline_name: str = ""
    baseline_value: float | None = None
    goal: str = ""
    #: None when the row has no goal, or could not be measured.
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value


@attrs.define
class Report:
    """A benchmark's rows plus free-form markdown sections (a profile, a list of conditions)."""

    rows: list[Row] = attrs.field(factory=list)
    sections: dict[str, str] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rows": [attrs.asdict(row) for row in self.rows], "sections": self.sections}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Report:
        return cls(rows=[Row(**row) for row in data.get("rows", [])], sections=dict(data.get("sections", {})))

    def write(self, path: str | None) -> None:
        """Print the table (and sections); also save the JSON when ``path`` is given."""
        print(format_table(self.rows))
        for title, text in self.sections.items():
            print(f"\n## {title}\n\n{text}")
        if path:
            Path(path).write_text(json.dumps(self.to_json(), indent=1))


def bench_arguments(description: str) -> argparse.ArgumentParser:
    """The options every benchmark script accepts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test")
    parser.add_argument("--json", metavar="PATH", help="also write the rows as JSON to PATH")
    return parser


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".rstrip()


def format_table(rows: Sequence[Row]) -> str:
    """A markdown table: figure, value, baseline, ratio, goal and whether it is met."""
    lines = [
        "| figure | value | baseline (same run) | ratio | goal | met |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    for row in rows:
        baseline = f"{row.baseline_name}: {_fmt(row.baseline_value, row.unit)}" if row.baseline_name else "—"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "—"
        met = {True: "met", False: "**not met**", None: "—"}[row.met]
        name = row.name
        if row.met is False and row.note:
            met = f"**not met**: {row.note}"
        elif row.note and row.value is not None:
            name = f"{row.name} ({row.note})"
        value = _fmt(row.value, row.unit) if row.value is not None else (row.note or "—")
        lines.append(f"| {name} | {value} | {baseline} | {ratio} | {row.goal or '—'} | {met} |")
    return "\n".join(lines)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by nearest rank; values need not be sorted."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


@attrs.define
class Timer:
    """CPU time of this process (all threads, user + system) and wall time over a block."""

    cpu: float = 0.0
    wall: float = 0.0
    _cpu0: float = 0.0
    _wall0: float = 0.0

    def __enter__(self) -> Timer:
        self._cpu0 = time.process_time()
        self._wall0 = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = time.process_time() - self._cpu0
        self.wall = time.perf_counter() - self._wall0


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=0.2):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def server_process(argv: Sequence[str], port: int, *, timeout: float = 30.0) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``python argv...`` in another process until the block ends; return once it accepts on ``port``.

    The server gets its own process (and so its own core on a multi-core machine) so its CPU never counts
    against the client being measured.
    """
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + timeout
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")[-3000:]
                    raise RuntimeError(f"server {' '.join(argv)} did not start on port {port}:\n{output}")
                time.sleep(0.05)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def process_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) another process has used so far; None where /proc cannot tell (not Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_json(argv: Sequence[str], *, timeout: float = 600.0) -> Any:
    """Run ``python argv...`` in a fresh process and return the JSON object on the last line of its stdout."""
    done = subprocess.run(
        [sys.executable, *argv], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def versions() -> dict[str, str]:
    """Installed versions of the packages the figures depend on ("not installed" when absent)."""
    found: dict[str, str] = {}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine_info() -> dict[str, str]:
    """The machine and interpreter the figures were measured on."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load average (1, 5, 15 min) at start": load,
    }
