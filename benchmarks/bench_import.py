"""Import time of ``asyncclient`` beside ``httpx`` (the floor: we import it) and ccxt's async package.

``import asyncclient`` loads only the error classes; ``from asyncclient import Client`` (timed too) loads what a
request needs. Each import runs in a fresh interpreter (nothing cached in ``sys.modules``), timed inside the child
around the import statement alone, best of N. ``-X importtime`` then names what asyncclient imports on top of httpx.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

from ._common import ROOT, Report, Row, bench_arguments

__all__ = ["main"]

#: What is timed: the import statements themselves. ``import asyncclient`` loads the error classes only (every
#: other public name loads on first use), so the statement a request needs, ``from asyncclient import Client``,
#: is timed too.
STATEMENTS = {
    "httpx": "import httpx",
    "asyncclient": "import asyncclient",
    "client": "from asyncclient import Client",
    "ccxt": "import ccxt.async_support",
}
_TIMED = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def import_seconds(statement: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _TIMED.format(statement=statement)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def imported_modules(statement: str) -> dict[str, tuple[int, int]]:
    """Self and cumulative import time (µs) of every module that ``statement`` loads."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, tuple[int, int]] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|")
        found[name.strip()] = (int(self_us), int(cumulative_us))
    return found


def _extra_by_package() -> tuple[int, list[tuple[str, float, int]]]:
    """Modules loaded by ``from asyncclient import Client`` and not by ``import httpx``: self ms and count per package.

    Self times add up without double counting (cumulative times nest); asyncclient's own modules are listed
    one by one, everything else by its top-level package.
    """
    floor = imported_modules(STATEMENTS["httpx"])
    extra = {name: times for name, times in imported_modules(STATEMENTS["client"]).items() if name not in floor}
    totals: dict[str, tuple[float, int]] = {}
    for name, (own_us, _) in extra.items():
        group = name if name.startswith("asyncclient") else name.split(".")[0]
        ms, count = totals.get(group, (0.0, 0))
        totals[group] = (ms + own_us / 1000, count + 1)
    ranked = sorted(((group, ms, count) for group, (ms, count) in totals.items()), key=lambda g: -g[1])
    return len(extra), ranked


def _extra_imports_markdown(count: int, ranked: list[tuple[str, float, int]]) -> str:
    lines = [
        f"{count} modules load with `from asyncclient import Client` beyond httpx's own, "
        f"{sum(ms for _, ms, _ in ranked):.1f} ms of self time in one `-X importtime` run (which inflates "
        "every figure). The largest, by self time (asyncclient's modules one by one, others by package):",
        "",
        "| module or package | self ms | modules |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| `{group}` | {ms:.1f} | {n} |" for group, ms, n in ranked[:15]]
    return "\n".join(lines)


def run(repeats: int) -> Report:
    best = {name: min(import_seconds(code) for _ in range(repeats)) * 1000 for name, code in STATEMENTS.items()}
    section = f"Import time in a fresh interpreter, best of {repeats}"
    ratio = best["asyncclient"] / best["httpx"]
    count, ranked = _extra_by_package()
    largest = ", ".join(f"{group} {ms:.0f} ms" for group, ms, _ in ranked[:4])
    cause = f"asyncclient loads {count} modules beyond httpx's; the largest self times (-X importtime): {largest}"
    report = Report(
        rows=[
            Row(section, "import httpx", best["httpx"], "ms"),
            Row(
                section,
                "import asyncclient",
                best["asyncclient"],
                "ms",
                "import httpx",
                best["httpx"],
                "≤ 1.3x httpx (issue 9)",
                ratio <= 1.3,
                cause if ratio > 1.3 else "",
            ),
            Row(
                section,
                "from asyncclient import Client (what a request needs: httpx, anyio, attrs and the request stack)",
                best["client"],
                "ms",
                "import httpx",
                best["httpx"],
            ),
            Row(section, "import ccxt.async_support", best["ccxt"], "ms", "import httpx", best["httpx"]),
        ]
    )
    report.sections["Import time: what asyncclient adds to httpx"] = _extra_imports_markdown(count, ranked)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_arguments(__doc__ or "")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    run(1 if args.quick else args.repeats).write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
