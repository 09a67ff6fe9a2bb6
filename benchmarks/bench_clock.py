"""Clock tracker: how close the offset estimate comes to the truth under injected latency, and what it costs.

1. Offset error. A tiny ASGI app on a loopback port (uvicorn, in a thread) answers the server-time endpoint
   with a clock 45 s ahead of this machine's; it reads its clock ``up`` ms after a request arrives and answers
   ``down`` ms later, so the two legs of the round trip can differ. ``Client.sync_clock()`` estimates the
   offset (three readings, smallest round trip kept); the truth is known exactly (same machine, same wall
   clock). Baseline, same round, same server: the naive estimate many SDKs use, ``serverTime - receive time``.
2. Time to the first signed request from a fresh client, whose lazy first sync is in the way, beside the same
   with the tracker off (local time, against a simulator whose clock agrees with ours); and timestamp errors
   over many signed requests against a simulator 45 s ahead, tracker on and off.
"""

from __future__ import annotations

import asyncio
import random
import socket
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import anyio
import attrs
import uvicorn

from asyncclient import Client, RateLimit, TimestampError
from asyncclient._catalogue import MARKET_SCOPE, OVERALL_SCOPE
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

from ._common import LOOPBACK, Report, Row, bench_arguments, machine_info

__all__ = ["LatencyCase", "main", "measure"]

TIME_PATH = "/api/v2/public/time"
SIGNED_PATH = "/api/v2/spot/account/assets"
SERVER_AHEAD_S = 45.0
#: Budgets far above what the benchmark sends: it measures the clock, not the limiter.
_UNLIMITED = RateLimit(1_000_000, 1.0)
LIMITS = {MARKET_SCOPE: _UNLIMITED, OVERALL_SCOPE: _UNLIMITED, f"GET {SIGNED_PATH}": _UNLIMITED}


@attrs.frozen
class LatencyCase:
    """Delay before the server reads its clock (``up``) and after (``down``), in ms, plus a random extra."""

    label: str
    up_ms: float
    down_ms: float
    jitter_ms: float = 0.0


CASES = (
    LatencyCase("no added latency", 0, 0),
    LatencyCase("symmetric 10 / 10 ms", 10, 10),
    LatencyCase("asymmetric 30 / 0 ms", 30, 0),
    LatencyCase("asymmetric 0 / 30 ms", 0, 30),
    LatencyCase("asymmetric 50 / 5 ms", 50, 5),
    LatencyCase("jitter 0-40 ms on each leg", 0, 0, 40),
)


class DelayedClockApp:
    """ASGI: server time ``offset`` s ahead, read ``up`` ms after arrival and sent ``down`` ms later."""

    def __init__(self, offset: float) -> None:
        self.offset = offset
        self.case = CASES[0]
        self._rng = random.Random(7)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        case = self.case
        await asyncio.sleep((case.up_ms + self._rng.uniform(0, case.jitter_ms)) / 1000)
        now_ms = int((time.time() + self.offset) * 1000)
        await asyncio.sleep((case.down_ms + self._rng.uniform(0, case.jitter_ms)) / 1000)
        body = f'{{"code":"00000","msg":"success","requestTime":{now_ms},"data":{{"serverTime":"{now_ms}"}}}}'
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body.encode()})


@contextmanager
def serve_in_thread(app: DelayedClockApp) -> Iterator[str]:
    """uvicorn serving ``app`` on a free loopback port from a thread; yields the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, 0))
    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the delayed-clock server did not start")
        time.sleep(0.005)
    try:
        yield f"http://{LOOPBACK}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


async def _offset_errors(url: str, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """Per round: the tracker's error (ms), its reported uncertainty (ms), the naive estimate's error (ms)."""
    truth_ms = SERVER_AHEAD_S * 1000
    errors: list[float] = []
    uncertainties: list[float] = []
    naive: list[float] = []
    async with Client(base_url=url, limits=LIMITS, credentials_from_env=False) as client:
        await client.request("GET", TIME_PATH)  # warm the connection, as a running client's would be
        for _ in range(rounds):
            stats = await client.sync_clock()
            assert stats is not None
            errors.append(stats.offset_ms - truth_ms)
            uncertainties.append(stats.uncertainty_ms)
            data = await client.request("GET", TIME_PATH)
            received_ms = time.time() * 1000
            naive.append(int(data["serverTime"]) - received_ms - truth_ms)
    return errors, uncertainties, naive


def _offset_rows(rounds: int) -> list[Row]:
    rows: list[Row] = []
    app = DelayedClockApp(SERVER_AHEAD_S)
    with serve_in_thread(app) as url:
        for case in CASES:
            app.case = case
            errors, uncertainties, naive = anyio.run(_offset_errors, url, rounds)
            within = all(abs(error) <= bound for error, bound in zip(errors, uncertainties, strict=True))
            rows.append(
                Row(
                    "clock",
                    f"offset error, {case.label} (median |error|)",
                    statistics.median(abs(error) for error in errors),
                    "ms",
                    baseline_name="naive serverTime - receive time",
                    baseline_value=statistics.median(abs(error) for error in naive),
                    goal="|error| <= reported uncertainty, every round",
                    met=within,
                    note=(
                        f"worst {max(abs(e) for e in errors):.1f} ms, "
                        f"uncertainty {statistics.median(uncertainties):.1f} ms"
                    ),
                )
            )
    return rows


def _client(url: str, **options: Any) -> Client:
    return Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url=url,
        limits=LIMITS,
        credentials_from_env=False,
        **options,
    )


async def _first_signed_ms(url: str, **options: Any) -> float:
    """From a client just entered (its pool empty, never synced) to the first signed answer."""
    async with _client(url, **options) as client:
        started = time.perf_counter()
        await client.request("GET", SIGNED_PATH)
        return (time.perf_counter() - started) * 1000


async def _timestamp_errors(url: str, requests: int, **options: Any) -> int:
    errors = 0
    async with _client(url, **options) as client:
        for _ in range(requests):
            try:
                await client.request("GET", SIGNED_PATH)
            except TimestampError:
                errors += 1
    return errors


async def _signed_figures(rounds: int, requests: int) -> list[Row]:
    in_step = Simulator(rate_limits=False)
    ahead = Simulator(clock_offset=SERVER_AHEAD_S, rate_limits=False)
    for sim in (in_step, ahead):
        sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    first: list[float] = []
    first_off: list[float] = []
    async with serve(in_step) as in_step_url, serve(ahead) as ahead_url:
        for _ in range(rounds):  # alternate, so load drifts over both alike
            first.append(await _first_signed_ms(ahead_url))
            first_off.append(await _first_signed_ms(in_step_url, sync_clock=False))
        errors_on = await _timestamp_errors(ahead_url, requests)
        errors_off = await _timestamp_errors(ahead_url, requests, sync_clock=False)
    return [
        Row(
            "clock",
            "time to first signed request, server 45 s ahead (lazy sync: 3 readings, then the request)",
            statistics.median(first),
            "ms",
            baseline_name="tracker off, server in step",
            baseline_value=statistics.median(first_off),
        ),
        Row(
            "clock",
            f"timestamp errors reaching the caller in {requests} signed requests, server 45 s ahead",
            float(errors_on),
            "",
            baseline_name="tracker off",
            baseline_value=float(errors_off),
            goal="0",
            met=errors_on == 0,
        ),
    ]


def measure(*, rounds: int, requests: int) -> Report:
    rows = _offset_rows(rounds)
    rows += anyio.run(_signed_figures, rounds, requests)
    report = Report(rows=rows)
    report.sections["Clock: conditions"] = "\n".join(
        [
            f"- {rounds} rounds per case; each offset estimate is one `sync_clock()` of three readings.",
            "- Latency is injected inside the server: `up` before it reads its clock, `down` after.",
            "- Error = estimated offset - true offset (the server's clock is this machine's + 45 s).",
            *(f"- {name}: {value}" for name, value in machine_info().items()),
        ]
    )
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_arguments(__doc__ or "")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=200, help="signed requests in the error count")
    args = parser.parse_args(argv)
    report = measure(rounds=2, requests=10) if args.quick else measure(rounds=args.rounds, requests=args.requests)
    report.write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
