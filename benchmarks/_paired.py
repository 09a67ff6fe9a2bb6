"""Two overhead cases in one process, in alternating blocks: the ratio of their CPU per request, block by block.

Separate processes (``bench_overhead``'s rounds) keep one client's imports and caches from helping the other, but
on a shared machine each process meets its own load (which core, what runs beside it), and that moves a figure by
more than the difference being judged. Here both clients are built in one process against the same server, warmed
up, then measured in blocks ``A B B A A B ...``: each pair of neighbouring blocks met the same load, so their
ratio is the comparison. Run: ``python -m benchmarks._paired --pair A B --port N`` (prints one JSON line).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Sequence
from typing import Any

import anyio

from ._common import LOOPBACK
from .bench_overhead import CASES, Call

__all__ = ["main", "measure_pair"]


async def _block(call: Call, requests: int, callers: int) -> float:
    """CPU µs per request of ``requests`` calls from ``callers`` concurrent tasks."""
    per_caller = max(1, requests // callers)

    async def worker() -> None:
        for _ in range(per_caller):
            await call()

    start = time.process_time()
    async with anyio.create_task_group() as group:
        for _ in range(callers):
            group.start_soon(worker)
    return (time.process_time() - start) / (per_caller * callers) * 1e6


async def measure_pair(
    first: str, second: str, base: str, blocks: int, requests: int, callers: int, slices: int = 1
) -> dict[str, Any]:
    """Per block, CPU µs per request of each case, and the ratio ``first / second`` of each block.

    With ``slices`` > 1 a block is cut into that many slices of ``requests / slices`` calls, the two cases
    taking turns slice by slice (``A B B A ...``): both then meet the same load over the whole block, however
    it drifts, and a block's figure is its slices' mean.
    """
    # The same case on both sides (an A/A run) shows how far rounds spread when nothing differs.
    second_name = second if second != first else f"{second} (again)"
    built = {first: await CASES[first].build(base), second_name: await CASES[second].build(base)}
    per_slice = max(callers, requests // max(1, slices))
    try:
        for call, _ in built.values():
            for _ in range(max(20, requests)):  # warm up: connections, caches, lazy imports
                await call()
        figures: dict[str, list[float]] = {first: [], second_name: []}
        turn_medians: list[float] = []
        for number in range(blocks):
            spent: dict[str, list[float]] = {first: [], second_name: []}
            for part in range(max(1, slices)):
                order = (first, second_name) if (number + part) % 2 == 0 else (second_name, first)
                for key in order:
                    spent[key].append(await _block(built[key][0], per_slice, callers))
            for key in (first, second_name):
                figures[key].append(statistics.fmean(spent[key]))
            turns = [a / b for a, b in zip(spent[first], spent[second_name], strict=True) if b]
            turn_medians.append(statistics.median(turns) if turns else math.nan)
    finally:
        for _, close in reversed(built.values()):  # last opened, first closed (a client's task group nests)
            await close()
    ratios = [a / b for a, b in zip(figures[first], figures[second_name], strict=True) if b]
    return {
        "figures": figures,
        "ratios": ratios,
        "median_ratio": statistics.median(ratios) if ratios else None,
        # Per round, the median over its turns of (this turn's A) / (the neighbouring B that met the same load).
        "turn_median_ratios": turn_medians,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pair", nargs=2, required=True, metavar=("CASE", "BASELINE"), choices=sorted(CASES))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--blocks", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300, help="requests per block")
    parser.add_argument("--callers", type=int, default=10)
    parser.add_argument("--slices", type=int, default=1, help="turns per block (both cases meet the same load)")
    args = parser.parse_args(argv)
    first, second = args.pair
    if CASES[first].backend != "asyncio" or CASES[second].backend != "asyncio":  # pragma: no cover - a guard
        raise SystemExit("paired cases run on asyncio")
    base = f"http://{LOOPBACK}:{args.port}"
    found = anyio.run(measure_pair, first, second, base, args.blocks, args.requests, args.callers, args.slices)
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
