"""The limiter benchmark at tiny size: every section reports, and the goals that hold at any size hold."""

from __future__ import annotations

import json
import time
from pathlib import Path

import anyio
import anyio.abc
import pytest

from benchmarks import bench_limiter
from benchmarks._jitter_proxy import JitterProxy


@pytest.mark.anyio
async def test_the_jitter_proxy_delays_answers_in_order_per_connection() -> None:
    """Through the proxy, a server's answers keep their order on one connection, each 0 to J s late."""

    async def numbered(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            count = 0
            async for chunk in stream:
                for _ in range(chunk.count(b"\n")):
                    count += 1
                    await stream.send(f"{count}\n".encode())

    async with anyio.create_task_group() as group:
        listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
        group.start_soon(listener.serve, numbered)
        proxy = JitterProxy(int(listener.extra(anyio.abc.SocketAttribute.local_port)), 0.05, seed=3)
        port = await group.start(proxy.serve)
        async with await anyio.connect_tcp("127.0.0.1", port) as client:
            received = b""
            started = time.monotonic()
            for _ in range(20):
                await client.send(b"ask\n")
            while received.count(b"\n") < 20:
                received += await client.receive()
            elapsed = time.monotonic() - started
        assert received.decode().split() == [str(number) for number in range(1, 21)]
        assert proxy.chunks >= 1 and proxy.delayed > 0
        assert elapsed >= proxy.delayed / proxy.chunks  # an answer waited at least one chunk's delay
        group.cancel_scope.cancel()


def test_the_limiter_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "limiter.json"
    assert bench_limiter.main(["--quick", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())["rows"]
    sections = {row["section"] for row in rows}
    assert sections == {
        "exactness: strict counter",
        "exactness: simulator over HTTP",
        "exactness: answers jittered 0-0.2 s",
        "speed",
        "memory",
        "many processes: Redis",
    }
    by_name = {(row["section"], row["name"]): row for row in rows}
    ours = by_name[("exactness: strict counter", "asyncclient StrictWindowLimiter: 429s")]
    assert ours["value"] == 0 and ours["met"] is True
    # the bucket limiters are measured beside it, on the same counter
    for name in ("aiolimiter AsyncLimiter(20, 1): 429s", "ccxt Throttler (bitget config): 429s"):
        assert by_name[("exactness: strict counter", name)]["value"] is not None
    speed = by_name[("speed", "uncontended acquire (2 scopes)")]
    assert 0 < speed["value"] < 100 and speed["baseline_value"] > 0
    memory = [row for row in rows if row["section"] == "memory"]
    assert len(memory) == 2 and all(row["value"] > 0 for row in memory)
    assert memory[0]["baseline_value"] > 0  # aiolimiter, on asyncio
    shared = by_name[("many processes: Redis", "combined 429s")]
    assert shared["value"] == 0
    proxied = by_name[("many processes: Redis", "combined 429s, through a proxy adding 0-0.1 s each way")]
    assert proxied["value"] == 0
    # slots held in flight: the jittered strict counter sees no 429 from ours, and the bound is reported beside
    jitter = "exactness: answers jittered 0-0.2 s"
    for how in ("settled at the server's stamp", "settled at the answer"):
        assert by_name[(jitter, f"asyncclient, {how}: 429s")]["value"] == 0
        assert by_name[(jitter, f"asyncclient, {how}: budget used")]["baseline_value"] > 0
    real = "over HTTP through a real TCP proxy adding 0-0.1 s to each answer"
    assert by_name[("many processes: Redis", f"429s, {real}")]["value"] == 0
    assert by_name[("many processes: Redis", f"budget used, {real}")]["value"] > 0
    costs = [row for row in rows if row["name"].startswith("acquire + settle through Redis")]
    assert len(costs) == 2 and all(row["value"] > 0 and row["baseline_value"] > 0 for row in costs)
