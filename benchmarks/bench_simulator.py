"""Simulator throughput: requests per second the simulator serves on loopback, beside a bare ASGI app.

The simulator runs in its own process (``python -m asyncclient.testing``, rate limits off so every answer is
a 200), the baseline is a minimal ASGI app under the same uvicorn settings in another process, and the load
comes from this process: aiohttp with many concurrent keep-alive connections. Rounds alternate between the
servers so machine load drifts over both alike; each figure is the median over rounds. Goal (issue 3): 2,000
requests/s, so the simulator never limits the other benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import aiohttp
import attrs

from asyncclient._signing import HmacSigner, prehash
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE
from asyncclient.testing._app import Receive, Scope, Send

from ._common import LOOPBACK, Report, Row, bench_arguments, free_port, machine_info, server_process

__all__ = ["main", "measure"]

TIME_PATH = "/api/v2/public/time"
SIGNED_PATH = "/api/v2/spot/account/assets"
SIGNED_QUERY = "coin=USDT"
GOAL = 2000.0
_BARE_BODY = b'{"code":"00000","msg":"success","requestTime":1700000000000,"data":{"serverTime":"1700000000000"}}'

Headers = Callable[[], Mapping[str, str]]


def _no_headers() -> Mapping[str, str]:
    return {}


_SIGNER = HmacSigner(SIM_API_SECRET)


def _signed_headers() -> Mapping[str, str]:
    timestamp = str(time.time_ns() // 1_000_000)
    return {
        "ACCESS-KEY": SIM_API_KEY,
        "ACCESS-PASSPHRASE": SIM_PASSPHRASE,
        "ACCESS-TIMESTAMP": timestamp,
        "ACCESS-SIGN": _SIGNER.sign(prehash(timestamp, "GET", SIGNED_PATH, SIGNED_QUERY, "")),
        "Content-Type": "application/json",
    }


async def _load(url: str, headers: Headers, *, concurrency: int, duration: float) -> tuple[float, dict[int, int]]:
    """Requests per second over ``duration`` seconds from ``concurrency`` workers, and the statuses seen."""
    statuses: dict[int, int] = {}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(url, headers=headers()) as warm:
            await warm.read()
        done = 0
        end = time.perf_counter() + duration

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < end:
                async with session.get(url, headers=headers()) as response:
                    await response.read()
                    statuses[response.status] = statuses.get(response.status, 0) + 1
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - start
    return done / elapsed, statuses


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@attrs.frozen
class _Case:
    name: str
    url: str
    headers: Headers
    pid: int


@attrs.define
class _Result:
    rates: list[float] = attrs.Factory(list)
    cpu_per_request: list[float] = attrs.Factory(list)
    statuses: dict[int, int] = attrs.Factory(dict)


def _run_case(case: _Case, *, concurrency: int, duration: float, result: _Result) -> None:
    cpu_before = _cpu_seconds(case.pid)
    rate, statuses = asyncio.run(_load(case.url, case.headers, concurrency=concurrency, duration=duration))
    cpu = _cpu_seconds(case.pid) - cpu_before
    result.rates.append(rate)
    result.cpu_per_request.append(cpu / max(1, sum(statuses.values())))
    result.statuses = statuses


def _rows(name: str, result: _Result, baseline: _Result) -> list[Row]:
    """Throughput beside the baseline's, and server CPU per request (which machine load barely moves)."""
    if not result.statuses.get(200) or set(result.statuses) != {200}:
        return [Row("simulator", name, None, "req/s", note=f"not all 200 (statuses {result.statuses})")]
    rate, base_rate = statistics.median(result.rates), statistics.median(baseline.rates)
    cpu, base_cpu = statistics.median(result.cpu_per_request), statistics.median(baseline.cpu_per_request)
    capacity = 1 / cpu if cpu > 0 else None
    return [
        Row(
            "simulator",
            name,
            rate,
            "req/s",
            "bare ASGI app",
            base_rate,
            f">= {GOAL:,.0f} req/s",
            rate >= GOAL,
        ),
        Row(
            "simulator",
            f"{name}: one server core's capacity (1 / server CPU per request)",
            capacity,
            "req/s",
            "bare ASGI app",
            1 / base_cpu if base_cpu > 0 else None,
            f">= {GOAL:,.0f} req/s",
            None if capacity is None else capacity >= GOAL,
            note=f"{cpu * 1e6:.0f} us CPU per request",
        ),
    ]


def measure(*, concurrency: int, duration: float, rounds: int) -> Report:
    """Run both servers and every case, rounds interleaved; return the rows."""
    sim_port, bare_port = free_port(), free_port()
    sim_argv = ["-m", "asyncclient.testing", "--port", str(sim_port), "--no-rate-limits"]
    bare_argv = ["-m", "benchmarks.bench_simulator", "--serve-bare", "--port", str(bare_port)]
    with server_process(sim_argv, sim_port) as sim, server_process(bare_argv, bare_port) as bare:
        sim_url, bare_url = f"http://{LOOPBACK}:{sim_port}", f"http://{LOOPBACK}:{bare_port}"
        cases = {
            "baseline": _Case("bare", bare_url + TIME_PATH, _no_headers, bare.pid),
            "public": _Case(f"public GET {TIME_PATH}", sim_url + TIME_PATH, _no_headers, sim.pid),
            "signed": _Case(
                f"signed GET {SIGNED_PATH}?{SIGNED_QUERY} (HMAC verified)",
                f"{sim_url}{SIGNED_PATH}?{SIGNED_QUERY}",
                _signed_headers,
                sim.pid,
            ),
        }
        results = {key: _Result() for key in cases}
        for _ in range(rounds):
            for key, case in cases.items():
                _run_case(case, concurrency=concurrency, duration=duration, result=results[key])
    rows = _rows(cases["public"].name, results["public"], results["baseline"])
    rows += _rows(cases["signed"].name, results["signed"], results["baseline"])
    conditions = "\n".join(f"- {name}: {value}" for name, value in machine_info().items())
    conditions += (
        f"\n- load: aiohttp in this process, {concurrency} keep-alive connections, {duration:g} s per case, "
        f"{rounds} round(s) interleaved, median; servers: uvicorn (httptools, uvloop when installed), one "
        "process each, rate limits off"
    )
    return Report(rows=rows, sections={"Conditions": conditions})


async def _bare_app(scope: Scope, receive: Receive, send: Send) -> None:
    """The baseline: answers every request with a fixed envelope, nothing checked."""
    if scope["type"] != "http":
        return
    await receive()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(_BARE_BODY)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": _BARE_BODY})


def _serve_bare(port: int) -> int:
    import uvicorn

    uvicorn.run(_bare_app, host=LOOPBACK, port=port, log_level="warning", access_log=False, lifespan="off")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--serve-bare" in argv:
        serve_parser = argparse.ArgumentParser()
        serve_parser.add_argument("--serve-bare", action="store_true")
        serve_parser.add_argument("--port", type=int, required=True)
        return _serve_bare(serve_parser.parse_args(argv).port)
    parser = bench_arguments(__doc__ or "")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per case and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.quick:
        report = measure(concurrency=4, duration=0.2, rounds=1)
    else:
        report = measure(concurrency=args.concurrency, duration=args.duration, rounds=args.rounds)
    report.write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
