"""One worker process of the shared-budget run: many tasks take slots through Redis; prints the send times.

``python -m benchmarks._redis_worker --url redis://127.0.0.1:PORT/0 --prefix P --limit 20 --window 1 ...``
prints ``ready``, reads the start time (``time.monotonic()``, one clock for every process on the host) from
stdin, runs, then prints a JSON list of the instants its requests reached the "server".

``--jitter J`` puts a modelled proxy between each task and the server: the request travels 0-J s (uniform) to
the server, which counts it on arrival, and the answer 0-J s back; the grant is settled when the answer arrives.
Without it the request arrives at once.

``--base-url URL`` sends real HTTP instead: every task calls ``GET /api/v2/spot/market/tickers`` through one
default :class:`~asyncclient.Client` (its grants settled at the server's stamp or the answer, retries off) whose
limiter is the shared one; the worker then prints ``{"ok": n, "limited": n, "failed": n}``.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
import time
from collections.abc import Sequence

import anyio

from asyncclient import RateLimit
from asyncclient._limiter import RedisBackend, SharedWindowLimiter

SCOPES = ("ip:overall", "ip:market")


async def run_worker(
    url: str,
    prefix: str,
    *,
    budget: RateLimit,
    margin: float,
    duration: float,
    tasks: int,
    start_at: float,
    jitter: float = 0.0,
) -> list[float]:
    """Hammer the shared budget from ``tasks`` tasks between ``start_at`` and ``start_at + duration``."""
    sends: list[float] = []
    rng = random.Random()
    backend = RedisBackend(url, prefix=prefix)
    limits = {"ip:overall": RateLimit(1_000_000, 60.0), "ip:market": budget}
    async with SharedWindowLimiter(backend, limits.__getitem__, margin=margin) as limiter:
        await anyio.sleep(max(0.0, start_at - time.monotonic()))

        async def hammer() -> None:
            while True:
                grant = await limiter.acquire(SCOPES)
                try:
                    if jitter:
                        await anyio.sleep(rng.uniform(0.0, jitter))
                    sends.append(time.monotonic())  # the server counts it now
                    if jitter:
                        await anyio.sleep(rng.uniform(0.0, jitter))
                finally:
                    grant.settle()  # as the client does when the answer arrives (or the task is cancelled)

        with anyio.move_on_after(start_at + duration - time.monotonic()):  # cancelled waiters take nothing
            async with anyio.create_task_group() as group:
                for _ in range(tasks):
                    group.start_soon(hammer)
    return sends


async def run_http_worker(
    url: str, prefix: str, base_url: str, *, margin: float, duration: float, tasks: int, start_at: float
) -> dict[str, int]:
    """``tasks`` tasks call a market endpoint of the server at ``base_url`` through one client on the shared
    budget (the shipped catalogue's), from ``start_at`` for ``duration`` s; the answers they got, by kind."""
    from asyncclient import Client, RateLimitError, RetryPolicy

    counts = {"ok": 0, "limited": 0, "failed": 0}
    limiter = SharedWindowLimiter(RedisBackend(url, prefix=prefix), margin=margin)
    client = Client(base_url=base_url, limiter=limiter, retry=RetryPolicy(max_attempts=1), credentials_from_env=False)
    async with limiter, client:
        await anyio.sleep(max(0.0, start_at - time.monotonic()))

        async def hammer() -> None:
            while True:
                try:
                    await client.request("GET", "/api/v2/spot/market/tickers", {"symbol": "BTCUSDT"})
                    counts["ok"] += 1
                except RateLimitError:
                    counts["limited"] += 1
                except Exception:
                    counts["failed"] += 1

        with anyio.move_on_after(start_at + duration - time.monotonic()):
            async with anyio.create_task_group() as group:
                for _ in range(tasks):
                    group.start_soon(hammer)
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--window", type=float, default=1.0)
    parser.add_argument("--margin", type=float, default=0.025)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--tasks", type=int, default=50)
    parser.add_argument("--backend", default="asyncio", choices=["asyncio", "trio"])
    parser.add_argument("--jitter", type=float, default=0.0, help="seconds of uniform delay on each leg")
    parser.add_argument("--base-url", help="send real HTTP to this server (the shipped budgets apply)")
    args = parser.parse_args(argv)
    budget = RateLimit(args.limit, args.window)
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    if args.base_url:
        http = functools.partial(
            run_http_worker,
            args.url,
            args.prefix,
            args.base_url,
            margin=args.margin,
            duration=args.duration,
            tasks=args.tasks,
            start_at=start_at,
        )
        print(json.dumps(anyio.run(http, backend=args.backend)))
        return
    work = functools.partial(
        run_worker,
        args.url,
        args.prefix,
        budget=budget,
        margin=args.margin,
        duration=args.duration,
        tasks=args.tasks,
        start_at=start_at,
        jitter=args.jitter,
    )
    sends = anyio.run(work, backend=args.backend)
    print(json.dumps(sends))


if __name__ == "__main__":
    main()
