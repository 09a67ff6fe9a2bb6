"""The Redis backend (redis-py) against a real redis-server started here: one budget shared by workers and
processes, on asyncio (redis.asyncio) and trio (the synchronous client in worker threads)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
import redis

from asyncclient import Client, RateLimit
from asyncclient._limiter import (
    RedisBackend,
    SharedBackendUnavailableError,
    SharedWindowLimiter,
    StrictWindowLimiter,
    Taken,
    WindowSpec,
)
from benchmarks._common import free_port
from benchmarks._redis_server import MISSING_REDIS_SERVER, redis_server_binary

pytestmark = [pytest.mark.anyio, pytest.mark.redis]

ROOT = Path(__file__).resolve().parent.parent
BUDGET = RateLimit(5, 0.25)
SCOPES = ("ip:overall", "ip:market")
LIMITS = {"ip:overall": RateLimit(10_000, 60.0), "ip:market": BUDGET}


@contextlib.contextmanager
def redis_server(*extra: str, below: int = 65536) -> Iterator[int]:
    """A private redis-server (the system's or the dev extra's) on a free loopback port below ``below``;
    yields the port."""
    binary = redis_server_binary()
    if binary is None:
        pytest.fail(MISSING_REDIS_SERVER)
    port = free_port()
    while port >= below:
        port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.02)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """A private redis-server for the module."""
    with redis_server() as port:
        yield f"redis://127.0.0.1:{port}/0"


def fresh_prefix() -> str:
    return f"{{test-{uuid.uuid4().hex[:8]}}}:"


def assert_strict_windows(sends: list[float], budget: RateLimit, tolerance: float) -> None:
    """At most N sends in any window: sends N apart are at least W apart (less the timing tolerance)."""
    sends = sorted(sends)
    for first, last in zip(sends, sends[budget.limit :], strict=False):
        assert last - first >= budget.window - tolerance, (first, last)


def _score(url: str, key: str, member: str) -> float | None:
    with redis.Redis.from_url(url) as plain:
        score = plain.zscore(key, member)
    return None if score is None else float(score)


async def test_the_script_takes_from_every_scope_or_none(redis_url: str) -> None:
    backend = RedisBackend(redis_url, prefix=fresh_prefix())
    small, big = WindowSpec("b", 1, 30.0), WindowSpec("a", 10, 30.0)
    take = {"hold": 60.0, "poll": 0.05}
    try:
        assert await backend.take([big, small], "t1", **take) == 0
        await backend.settle([Taken(("a", "b"), "t1")])
        wait = await backend.take([big, small], "t2", **take)
        assert 29 < wait <= 30  # "b" is full for 30 s (its one slot was settled now); nothing taken from "a"
        for number in range(9):
            assert await backend.take([big], f"a{number}", **take) == 0  # "a" still had 9 slots, now in flight
        assert 29 < await backend.take([big], "a9", **take) <= 30  # none can leave before a window after its send
        quick = WindowSpec("q", 1, 0.05)
        assert await backend.take([quick], "q1", **take) == 0
        await anyio.sleep(0.06)
        # still in flight a window after its send: it may be settled any moment, so look again in a poll
        assert await backend.take([quick], "q2", **take) == pytest.approx(0.05, abs=0.005)
        await backend.give_back(["a", "b"], "t1")  # a send that never happened
        assert await backend.take([big, small], "t3", **take) == 0
        # an in-flight slot is scored in the future; settling it 2 s ago scores it at Redis's present - 2 s
        key = f"{backend.prefix}a"
        in_flight = _score(redis_url, key, "a0")
        await backend.settle([Taken(("a",), "a0", ago=2.0), Taken(("a",), "never-taken")])
        settled = _score(redis_url, key, "a0")
        assert in_flight is not None and settled is not None and in_flight - settled > 59e6
        assert _score(redis_url, key, "never-taken") is None
        # paced: 2 back to back, then one per window / limit (0.25 s)
        paced = WindowSpec("p", 4, 1.0, burst=2)
        assert await backend.take([paced], "p1", **take) == 0 and await backend.take([paced], "p2", **take) == 0
        assert 0.2 < await backend.take([paced], "p3", **take) <= 0.25
        # the script runs by EVALSHA; after a flush (a restart, a failover) it is loaded again
        with redis.Redis.from_url(redis_url) as plain:
            plain.script_flush()
        assert await backend.take([WindowSpec("c", 1, 1.0)], "c1", **take) == 0
    finally:
        await backend.aclose()


async def test_acl_user_password_and_database_come_from_the_url(redis_url: str) -> None:
    with redis.Redis.from_url(redis_url) as admin:
        admin.acl_setuser("limiter", enabled=True, passwords=["+s3cret-pw"], keys=["*"], commands=["+@all"])
    port = redis_url.rsplit(":", 1)[1].split("/", maxsplit=1)[0]
    url = f"redis://limiter:s3cret-pw@127.0.0.1:{port}/3"
    backend = RedisBackend(url, prefix=fresh_prefix())
    assert "s3cret" not in repr(backend)
    try:
        assert await backend.take([WindowSpec("x", 1, 1.0)], "t", hold=1.0, poll=0.01) == 0
        with redis.Redis.from_url(url) as plain:
            assert plain.exists(f"{backend.prefix}x") == 1  # in database 3 ...
        with redis.Redis.from_url(redis_url) as plain:
            assert plain.exists(f"{backend.prefix}x") == 0  # ... not 0
    finally:
        await backend.aclose()
    wrong = RedisBackend(f"redis://limiter:wrong-pw@127.0.0.1:{port}/0")
    with pytest.raises(Exception) as caught:
        await wrong.take([WindowSpec("x", 1, 1.0)], "t", hold=1.0, poll=0.01)
    assert "wrong-pw" not in str(caught.value)
    await wrong.aclose()


async def test_unreachable_redis_fails_closed_with_a_typed_error_or_falls_back_to_a_share() -> None:
    url = f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0"  # nothing listens there
    closed = SharedWindowLimiter(RedisBackend(url, socket_connect_timeout=1), LIMITS.__getitem__)
    with pytest.raises(SharedBackendUnavailableError) as caught:
        await closed.acquire(SCOPES)
    assert "s3cret" not in str(caught.value) and "s3cret" not in repr(closed.backend)
    await closed.aclose()
    fallback = SharedWindowLimiter(
        RedisBackend(url, socket_connect_timeout=1),
        LIMITS.__getitem__,
        on_unavailable="local",
        fallback_share=0.4,  # 5 per 0.25 s -> 2 per 0.25 s in this process
        burst=None,
    )
    sends = []
    with anyio.move_on_after(1.0):
        while True:
            grant = await fallback.acquire(SCOPES)
            sends.append(time.monotonic())
            grant.settle()
    assert_strict_windows(sends, RateLimit(2, 0.25), tolerance=0.005)
    assert len(sends) >= 4
    await fallback.aclose()


def test_redis_cluster_through_redis_py_classes(tmp_path: Path) -> None:
    """A one-node Redis Cluster (every slot on it): the script's keys share one hash slot, so it runs."""
    nodes = str(tmp_path / "nodes.conf")
    # A cluster node also listens on port + 10000 (its bus), so the port must leave room for that.
    with redis_server("--cluster-enabled", "yes", "--cluster-config-file", nodes, below=55000) as port:
        with redis.Redis(host="127.0.0.1", port=port) as node:
            node.execute_command("CLUSTER", "ADDSLOTS", *range(16384))
            deadline = time.monotonic() + 10
            while node.execute_command("CLUSTER", "INFO").decode().find("cluster_state:ok") < 0:
                assert time.monotonic() < deadline
                time.sleep(0.05)

        async def use(backend_name: str) -> None:
            prefix = f"plain-{backend_name}"
            backend = RedisBackend(f"redis://127.0.0.1:{port}/0", prefix=prefix, cluster=True)
            assert backend.prefix == "{" + prefix + "}"  # a prefix without a hash tag gets one
            try:
                specs = [WindowSpec("ip:overall", 100, 60.0), WindowSpec("ip:market", 1, 30.0)]
                assert await backend.take(specs, f"t-{backend_name}", hold=5.0, poll=0.01) == 0
                assert await backend.take(specs, f"u-{backend_name}", hold=5.0, poll=0.01) > 0
                await backend.settle([Taken(("ip:overall", "ip:market"), f"t-{backend_name}")])
                await backend.pause(["ip:market"], 1.0)
            finally:
                await backend.aclose()

        anyio.run(use, "asyncio", backend="asyncio")  # redis.asyncio.RedisCluster
        anyio.run(use, "trio", backend="trio")  # redis.cluster.RedisCluster in worker threads


async def test_client_redis_url_shortcut_builds_and_closes_a_shared_limiter(redis_url: str) -> None:
    async with Client(redis_url=redis_url, credentials_from_env=False) as client:
        limiter = client.pipeline.limiter
        assert isinstance(limiter, SharedWindowLimiter) and isinstance(limiter.backend, RedisBackend)
        grant = await limiter.acquire(SCOPES)
        grant.settle()
        assert limiter.stats["ip:market"].sent == 1
    assert limiter.backend._client is None  # closed with the client
    with pytest.raises(Exception, match="not both"):
        Client(redis_url=redis_url, limiter=StrictWindowLimiter())


async def test_four_workers_on_separate_connections_share_one_budget(redis_url: str) -> None:
    prefix, sends = fresh_prefix(), []
    duration = 1.2

    async def worker() -> None:
        limiter = SharedWindowLimiter(RedisBackend(redis_url, prefix=prefix), LIMITS.__getitem__, margin=0.03)
        async with limiter:

            async def hammer() -> None:
                while True:
                    grant = await limiter.acquire(SCOPES)
                    sends.append(time.monotonic())
                    grant.settle()  # as the client does when the answer arrives

            with anyio.move_on_after(duration):  # cancels waiters too: they must take nothing
                async with anyio.create_task_group() as tasks:
                    for _ in range(10):
                        tasks.start_soon(hammer)
        assert limiter.stats["ip:market"].sent >= 1

    async with anyio.create_task_group() as workers:
        for _ in range(4):
            workers.start_soon(worker)
    assert_strict_windows(sends, BUDGET, tolerance=0.08)
    # the budget is used, not only respected: 5 per 0.28 s over 1.2 s allows about 21 sends; at least half of
    # that must go (a loose floor: a loaded CI machine resumes tasks late, a stuck limiter sends almost nothing)
    assert len(sends) >= 10


async def test_a_429_pauses_every_process_sharing_the_scope(redis_url: str) -> None:
    prefix = fresh_prefix()
    first = SharedWindowLimiter(RedisBackend(redis_url, prefix=prefix), LIMITS.__getitem__, margin=0.0)
    second = SharedWindowLimiter(RedisBackend(redis_url, prefix=prefix), LIMITS.__getitem__, margin=0.0)
    async with first, second:
        (await first.acquire(SCOPES)).settle()
        first.penalize(SCOPES, 0.4)
        assert first.stats["ip:market"].rate_limited == 1 and first.stats["ip:market"].paused_for > 0.3
        await first.acquire(("ip:overall",))  # the overall scope is not paused; this also publishes the pause
        started = time.monotonic()
        (await second.acquire(SCOPES)).settle()  # another process learns of the pause from Redis
        assert time.monotonic() - started >= 0.3


def test_four_processes_share_one_budget(redis_url: str) -> None:
    prefix, duration = fresh_prefix(), 1.5
    command = [sys.executable, "-m", "benchmarks._redis_worker", "--url", redis_url, "--prefix", prefix]
    command += ["--limit", str(BUDGET.limit), "--window", str(BUDGET.window), "--margin", "0.03"]
    command += ["--duration", str(duration), "--tasks", "10"]
    workers = [
        subprocess.Popen(
            [*command, "--backend", backend],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for backend in ("asyncio", "trio", "asyncio", "trio")
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    start_at = time.monotonic() + 0.3
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write(f"{start_at}\n")
        worker.stdin.close()
    outputs = [worker.stdout.read() for worker in workers if worker.stdout is not None]
    for worker in workers:
        worker.wait(timeout=60)
    assert all(worker.returncode == 0 for worker in workers)
    per_process = [json.loads(output) for output in outputs]
    # Redis keeps no first-come order across processes, so a slow starter may get little; but the budget is
    # really shared: more than one process sent.
    assert sum(1 for sent in per_process if sent) >= 2
    sends = [t for sent in per_process for t in sent]
    assert_strict_windows(sends, BUDGET, tolerance=0.08)
    assert len(sends) >= 13  # 5 per 0.28 s over 1.5 s allows about 27: at least half of it is used


def test_sentinel_names_the_master_through_redis_py_classes(tmp_path: Path) -> None:
    """A Sentinel watching the test's redis-server: the backend asks it for the master, on asyncio and trio."""
    with redis_server() as master_port:
        sentinel_port = free_port()
        config = tmp_path / "sentinel.conf"
        config.write_text(
            f"port {sentinel_port}\nbind 127.0.0.1\nsentinel monitor limiter-master 127.0.0.1 {master_port} 1\n"
        )
        binary = redis_server_binary()
        assert binary is not None
        sentinel = subprocess.Popen(
            [binary, str(config), "--sentinel"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    with redis.Redis(host="127.0.0.1", port=sentinel_port) as probe:
                        if probe.execute_command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "limiter-master"):
                            break
                except redis.exceptions.ConnectionError:
                    pass
                assert time.monotonic() < deadline and sentinel.poll() is None, "redis sentinel did not start"
                time.sleep(0.05)

            async def use(name: str) -> None:
                backend = RedisBackend.sentinel(
                    [("127.0.0.1", sentinel_port)], "limiter-master", prefix=f"{{s-{name}}}:"
                )
                try:
                    spec = [WindowSpec("ip:market", 1, 30.0)]
                    assert await backend.take(spec, "first", hold=5.0, poll=0.01) == 0
                    assert await backend.take(spec, "second", hold=5.0, poll=0.01) > 0
                finally:
                    await backend.aclose()
                with redis.Redis(host="127.0.0.1", port=master_port) as master:
                    assert master.zscore(f"{{s-{name}}}:ip:market", "first") is not None  # written to the master

            anyio.run(use, "asyncio", backend="asyncio")
            anyio.run(use, "trio", backend="trio")
        finally:
            sentinel.terminate()
            sentinel.wait(timeout=10)


async def test_rediss_urls_speak_tls_through_redis_py() -> None:
    """The redis-server the dev extra ships has no TLS, so this checks the wiring only: rediss:// builds
    redis-py's TLS connections (on asyncio its asyncio client, on trio its synchronous one)."""
    backend = RedisBackend("rediss://user:pw@redis.example.invalid:6380/1", ssl_cert_reqs="required")
    client = backend._connect()
    try:
        kind = client.connection_pool.connection_class.__name__
        assert kind == "SSLConnection"
        assert client.connection_pool.connection_kwargs["db"] == 1
        assert client.connection_pool.connection_kwargs["username"] == "user"
        assert "pw" not in repr(backend)
    finally:
        await backend.aclose()
