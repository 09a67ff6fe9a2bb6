"""rediss:// for real: redis-py over TLS with certificate verification, through a TLS-terminating loopback proxy
(the redis-server the dev extra ships has no TLS) in front of a real redis-server, on asyncio and trio."""

from __future__ import annotations

import ssl
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import anyio
import anyio.abc
import pytest
import redis
import trustme
from anyio.streams.tls import TLSListener
from test_limiter_redis import LIMITS, SCOPES, redis_server

from asyncclient import Client
from asyncclient._limiter import RedisBackend, SharedBackendError, SharedBackendUnavailableError, SharedWindowLimiter

pytestmark = [pytest.mark.anyio, pytest.mark.redis]


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    with redis_server() as port:
        yield port


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


async def _pump(source: anyio.abc.ByteStream, sink: anyio.abc.ByteStream) -> None:
    try:
        async for chunk in source:
            await sink.send(chunk)
    except (anyio.BrokenResourceError, anyio.ClosedResourceError, ssl.SSLError, OSError):
        pass
    finally:
        await sink.aclose()


async def _serve_tls(tls_stream: anyio.abc.ByteStream, redis_port: int) -> None:
    async with (
        tls_stream,
        await anyio.connect_tcp("127.0.0.1", redis_port) as plain,
        anyio.create_task_group() as pumps,
    ):
        pumps.start_soon(_pump, tls_stream, plain)
        pumps.start_soon(_pump, plain, tls_stream)


class _QuietTLSListener(TLSListener):
    """A refused handshake is what one test is about: no error log for it."""

    @staticmethod
    async def handle_handshake_error(exc: BaseException, stream: anyio.abc.AnyByteStream) -> None:
        await anyio.aclose_forcefully(stream)
        if not isinstance(exc, Exception):
            raise exc


@pytest.fixture
async def tls_port(ca: trustme.CA, redis_port: int) -> AsyncIterator[int]:
    """A TLS-terminating proxy on a free loopback port (certificate for 127.0.0.1, signed by ``ca``)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    listener = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    port = int(listener.extra(anyio.abc.SocketAttribute.local_port))
    tls = _QuietTLSListener(listener, context, standard_compatible=False)

    async def handle(stream: anyio.abc.ByteStream) -> None:
        await _serve_tls(stream, redis_port)

    async with anyio.create_task_group() as group:
        group.start_soon(tls.serve, handle)
        yield port
        group.cancel_scope.cancel()


def _prefix() -> str:
    return f"{{tls-{uuid.uuid4().hex[:8]}}}:"


async def test_a_shared_limiter_over_rediss_with_a_verified_certificate(
    tls_port: int, redis_port: int, ca_file: str
) -> None:
    prefix = _prefix()
    backend = RedisBackend(f"rediss://127.0.0.1:{tls_port}/0", prefix=prefix, ssl_ca_certs=ca_file)
    async with SharedWindowLimiter(backend, LIMITS.__getitem__) as limiter:
        for _ in range(3):
            grant = await limiter.acquire(SCOPES)
            grant.settle()
        assert limiter.stats["ip:market"].sent == 3
    with redis.Redis(host="127.0.0.1", port=redis_port) as plain:
        assert plain.zcard(f"{prefix}ip:market") == 3  # the slots went through TLS to the real server


async def test_client_redis_url_carries_the_tls_settings_in_its_query(tls_port: int, ca_file: str) -> None:
    query = urllib.parse.urlencode({"ssl_ca_certs": ca_file, "ssl_cert_reqs": "required"})
    async with Client(redis_url=f"rediss://127.0.0.1:{tls_port}/0?{query}", credentials_from_env=False) as client:
        limiter = client.pipeline.limiter
        assert isinstance(limiter, SharedWindowLimiter)
        grant = await limiter.acquire(SCOPES)
        grant.settle()
        assert limiter.stats["ip:market"].sent == 1


async def test_a_certificate_from_another_ca_fails_with_a_typed_error(tls_port: int, tmp_path: Path) -> None:
    stranger = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(stranger))
    for on_unavailable in ("fail", "local"):
        backend = RedisBackend(f"rediss://127.0.0.1:{tls_port}/0", prefix=_prefix(), ssl_ca_certs=str(stranger))
        limiter = SharedWindowLimiter(backend, LIMITS.__getitem__, on_unavailable=on_unavailable)
        started = time.monotonic()
        with pytest.raises(SharedBackendError, match="certificate") as caught:
            await limiter.acquire(SCOPES)
        # Not "unavailable": a certificate that does not verify is a wrong setup (or an impostor), and never
        # a reason to fall back to limiting in-process.
        assert not isinstance(caught.value, SharedBackendUnavailableError)
        assert time.monotonic() - started < 10
        await limiter.aclose()
