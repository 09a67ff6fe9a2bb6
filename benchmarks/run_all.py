"""Run every benchmark in ``benchmarks/`` and write ``benchmarks/RESULTS.md`` (``make bench``).

Each ``bench_*.py`` runs in its own process, one after another (so no two compete for the CPU). A script
built on :mod:`benchmarks._common` hands back its rows as JSON; another script's output is kept verbatim.
RESULTS.md gets the machine, the versions, the goals of issues 9 and 10 marked met or not (with the cause),
and every table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import attrs

from ._common import ROOT, Report, Row, format_table, machine_info, versions

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "RESULTS.md"
# Cheap and CPU-sensitive first, while the machine is quietest; the long budget-bound runs last.
_FIRST = ("bench_import", "bench_overhead")
_LAST = ("bench_collector",)
# Issue 9's list, and which script answers each item.
_ITEMS = (
    ("1. Client overhead", "bench_overhead"),
    ("2. Limiter exactness", "bench_limiter"),
    ("3. Limiter cost", "bench_limiter"),
    ("4. Clock", "bench_clock"),
    ("5. Retries", "bench_retry"),
    ("6. Import time", "bench_import"),
    ("7. Collector throughput", "bench_collector"),
)
_VERBATIM_LIMIT = 12_000


@attrs.define
class Outcome:
    """What one script gave: its rows (when it speaks JSON) or its printed output, and how it ended."""

    name: str
    seconds: float
    returncode: int | None
    report: Report | None = None
    output: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def failure(self) -> str:
        """The last line of the error output (the exception), or the exit code."""
        lines = self.error.strip().splitlines()
        return lines[-1] if lines else f"exit {self.returncode}"


def discover(only: Sequence[str] = ()) -> list[str]:
    """The benchmark scripts present, in running order."""
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if only:
        names = [name for name in names if name in only]
    rank = {name: index for index, name in enumerate(_FIRST)}
    return sorted(names, key=lambda name: (name in _LAST, rank.get(name, len(_FIRST)), name))


def _accepts(source: str, option: str) -> bool:
    return "bench_arguments(" in source or f'"{option}"' in source


def run_script(name: str, *, quick: bool, timeout: float) -> Outcome:
    """Run one script in a fresh process, with ``--quick``/``--json`` when it takes them."""
    source = (HERE / f"{name}.py").read_text()
    argv = [sys.executable, "-m", f"benchmarks.{name}"]
    if quick and _accepts(source, "--quick"):
        argv.append("--quick")
    with tempfile.TemporaryDirectory() as folder:
        json_path = Path(folder) / "rows.json"
        if _accepts(source, "--json"):
            argv += ["--json", str(json_path)]
        print(f"running {name} ...", flush=True)
        start = time.perf_counter()
        done, printed = _run(argv, timeout)
        seconds = time.perf_counter() - start
        if done is None:
            return Outcome(name, seconds, None, output=printed, error=f"timed out ({timeout:.0f} s)")
        report = None
        if done.returncode == 0 and json_path.exists():
            report = Report.from_json(json.loads(json_path.read_text()))
    print(f"  {name}: exit {done.returncode} in {seconds:.0f} s", flush=True)
    return Outcome(name, seconds, done.returncode, report, done.stdout, done.stderr[-3000:])


def _run(argv: list[str], timeout: float) -> tuple[subprocess.CompletedProcess[str] | None, str]:
    """Run a script in a session of its own: how it ended (None when it ran past ``timeout``) and what it printed.

    A script that runs too long is stopped with its whole session: its own servers (a redis-server, the
    simulator) must not live on beside the next script and load the machine it measures on.
    """
    process = subprocess.Popen(
        argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, _stop_session(process)
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr), stdout


def _stop_session(process: subprocess.Popen[str]) -> str:
    """Stop the script and every process it started (politely, then not); what it had printed."""
    for signal_number in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal_number)
        try:
            stdout, _ = process.communicate(timeout=5.0)
        except subprocess.TimeoutExpired:
            continue
        return stdout or ""
    return ""


def _goal_lines(outcomes: Sequence[Outcome]) -> list[str]:
    lines = [
        "| goal | figure | value | baseline | ratio | status |",
        "| --- | --- | ---: | --- | ---: | --- |",
    ]
    for outcome in outcomes:
        if outcome.report is None:
            continue
        for row in outcome.report.rows:
            if not row.goal:
                continue
            value = f"{row.value:,.1f} {row.unit}".strip() if row.value is not None else "—"
            baseline = (
                f"{row.baseline_name}: {row.baseline_value:,.1f} {row.unit}".strip()
                if row.baseline_value is not None
                else "—"
            )
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "—"
            if row.met:
                status = "met"
            elif row.met is None:
                status = f"not measured: {row.note}" if row.note else "not measured"
            else:
                status = f"**not met** — {row.note}" if row.note else "**not met**"
            lines.append(f"| {row.goal} | {row.name} | {value} | {baseline} | {ratio} | {status} |")
    return lines


def _item_lines(outcomes: Sequence[Outcome]) -> list[str]:
    by_name = {outcome.name: outcome for outcome in outcomes}
    lines = ["| issue 9 item | script | state |", "| --- | --- | --- |"]
    for item, script in _ITEMS:
        outcome = by_name.get(script)
        if outcome is None:
            state = f"**missing**: `benchmarks/{script}.py` is not in the tree yet"
        elif not outcome.ok:
            state = f"**failed**: {outcome.failure}"
        elif outcome.report is not None:
            state = f"measured ({len(outcome.report.rows)} rows below)"
        else:
            state = "measured (the script's own output, verbatim below)"
        lines.append(f"| {item} | `{script}.py` | {state} |")
    return lines


def _sections(outcome: Outcome) -> list[str]:
    lines = [f"## `{outcome.name}.py` ({outcome.seconds:.0f} s)", ""]
    if not outcome.ok:
        lines += [f"**Failed**: {outcome.failure}", ""]
        if outcome.error.strip():
            lines += ["```text", outcome.error.strip()[-2000:], "```", ""]
        return lines
    if outcome.report is None:
        text = outcome.output.strip() or "(no output)"
        if len(text) > _VERBATIM_LIMIT:
            text = text[:_VERBATIM_LIMIT] + "\n... (cut)"
        return [*lines, "The script's own output:", "", "```text", text, "```", ""]
    by_section: dict[str, list[Row]] = {}
    for row in outcome.report.rows:
        by_section.setdefault(row.section, []).append(row)
    for section, rows in by_section.items():
        lines += [f"### {section}", "", format_table(rows), ""]
    for title, text in outcome.report.sections.items():
        lines += [f"### {title}", "", text, ""]
    return lines


def render(outcomes: Sequence[Outcome], *, quick: bool, started: datetime, machine: dict[str, str]) -> str:
    """RESULTS.md: machine, versions, goals, then every script's tables."""
    total = sum(outcome.seconds for outcome in outcomes)
    mode = " in quick mode (tiny sizes: not figures to quote)" if quick else ""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m benchmarks.run_all` (`make bench`){mode} on "
        f"{started:%Y-%m-%d %H:%M} UTC; {len(outcomes)} scripts in {total:.0f} s. Every figure is beside a "
        "baseline measured in the same run, on the same machine, against the same loopback server.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += ["", "## Versions", "", "| package | version |", "| --- | --- |"]
    lines += [f"| {name} | {version} |" for name, version in versions().items()]
    lines += ["", "## Goals (issues 9 and 10)", "", *_goal_lines(outcomes), ""]
    lines += ["## What issue 9 asks for, and what answered", "", *_item_lines(outcomes), ""]
    for outcome in outcomes:
        lines += _sections(outcome)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every script at tiny sizes (a smoke run)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    parser.add_argument("--only", nargs="*", default=(), metavar="NAME", help="run only these bench_* scripts")
    # A guard against a hung script, not a budget: bench_limiter's 30 s runs take some 440 s together.
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per script")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    machine = machine_info()  # before the load we make ourselves
    outcomes = [run_script(name, quick=args.quick, timeout=args.timeout) for name in discover(args.only)]
    args.out.write_text(render(outcomes, quick=args.quick, started=started, machine=machine))
    print(f"wrote {args.out}")
    return 0 if all(outcome.ok for outcome in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
