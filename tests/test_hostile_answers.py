"""Hostile answers from a loopback server: each ends in a typed error, bounded in time and memory.

Non-JSON, wrong types, truncated and HTML bodies, redirects, huge, endless and compressed-bomb bodies, drip feeds
and resets mid-body; a ``Retry-After`` that is huge, infinite, garbage or an HTTP-date. Every test runs on httpx
under asyncio and trio and on the aiohttp fast transport (asyncio only: aiohttp runs on nothing else).
"""

from __future__ import annotations

import email.utils
import gzip
import math
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import anyio
import pytest
from _hostile import (
    KINDS,
    HostileServer,
    Pause,
    Received,
    Reset,
    Step,
    Write,
    answer,
    endless,
    envelope,
    make_client,
)

from asyncclient import (
    ClientStateError,
    DeadlineExceededError,
    DecodeError,
    Error,
    ExchangeError,
    ExchangeUnavailableError,
    RateLimitError,
    ResponseTooLargeError,
    RetryPolicy,
    TransportError,
)

TICKERS = "/api/v2/spot/market/tickers"
TIME = "/api/v2/public/time"
MB = 1024 * 1024


def always(*steps: Step) -> Callable[[Received], Iterator[Step]]:
    def script(_: Received) -> Iterator[Step]:
        yield from steps

    return script


def _compressed(megabytes: int, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    zeros = bytes(MB)
    parts = [compressor.compress(zeros) for _ in range(megabytes)]
    parts.append(compressor.flush())
    return b"".join(parts)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A gzip body of 256 MB of zeros: about 250 kB on the wire."""
    return _compressed(256, zlib.MAX_WBITS | 16)


@pytest.fixture(scope="module")
def deflate_bomb() -> bytes:
    """A zlib-wrapped ("deflate") body of 64 MB of zeros."""
    return _compressed(64, zlib.MAX_WBITS)


async def _fails(kind: str, *steps: Step, path: str = TICKERS, **options: Any) -> Error:
    with HostileServer(always(*steps)) as server:
        async with make_client(server.url, kind, **options) as client:
            with pytest.raises(Error) as info:
                await client.request("GET", path)
        assert server.count() == 1  # one attempt, nothing followed or repeated
    return info.value


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b"not json at all", DecodeError),
        (200, b"<html><body>Welcome</body></html>", DecodeError),
        (502, b"<html><body>502 Bad Gateway</body></html>", ExchangeUnavailableError),
        (200, b"[1, 2, 3]", DecodeError),
        (200, b'"a string"', DecodeError),
        (200, b'{"code": "00000", "msg": "success"}', DecodeError),  # success without data
        (200, b'{"code": {"nested": [1]}, "msg": 5, "data": 1}', ExchangeError),
        (200, b'{"code": "00000", "data": [1', DecodeError),  # truncated JSON
        (200, b"\xff\xfe\x00garbage", DecodeError),
    ],
    ids=["text", "html-200", "html-502", "array", "string", "no-data", "wrong-types", "truncated-json", "binary"],
)
async def test_bodies_that_are_not_the_envelope_end_typed(
    anyio_backend: str, kind: str, status: int, body: bytes, expected: type[Error]
) -> None:
    error = await _fails(kind, answer(status, body))
    assert isinstance(error, expected)


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize(
    "data",
    [None, {}, {"serverTime": "soon"}, {"serverTime": [1]}, {"serverTime": True}, "1700000000000", {"serverTime": -1}],
)
async def test_server_time_on_a_malformed_success_is_a_decode_error(
    anyio_backend: str, kind: str, data: object
) -> None:
    with HostileServer(always(answer(200, envelope(data)))) as server:
        async with make_client(server.url, kind) as client:
            with pytest.raises(DecodeError):
                await client.server_time()


@pytest.mark.anyio
@KINDS
async def test_a_redirect_is_an_answer_not_followed(anyio_backend: str, kind: str) -> None:
    steps = (answer(302, b"", {"Location": "/api/v2/elsewhere"}),)
    error = await _fails(kind, *steps)
    assert isinstance(error, DecodeError) and error.http_status == 302


@pytest.mark.anyio
@KINDS
async def test_a_body_cut_short_is_a_transport_error(anyio_backend: str, kind: str) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    error = await _fails(kind, Write(head + b'{"code": "00000", "da'))
    assert isinstance(error, TransportError) and error.maybe_sent


@pytest.mark.anyio
@KINDS
async def test_a_reset_mid_body_is_a_transport_error(anyio_backend: str, kind: str) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    error = await _fails(kind, Write(head + b"x" * 1000), Pause(0.05), Reset())
    assert isinstance(error, TransportError) and error.maybe_sent


@pytest.mark.anyio
@KINDS
async def test_a_declared_huge_body_is_refused_before_reading(anyio_backend: str, kind: str) -> None:
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {100 * 1024 * MB}\r\n\r\n".encode()
    error = await _fails(kind, Write(head + b"{"), Pause(30))
    assert isinstance(error, ResponseTooLargeError) and error.http_status == 200


@pytest.mark.anyio
@KINDS
async def test_a_body_over_the_cap_is_refused(anyio_backend: str, kind: str) -> None:
    error = await _fails(kind, answer(200, b" " * (3 * MB), length=False), max_response_size=MB)
    assert isinstance(error, ResponseTooLargeError)
    assert "max_response_size" in str(error)


@pytest.mark.anyio
@KINDS
async def test_an_endless_chunked_body_ends_at_the_cap(anyio_backend: str, kind: str) -> None:
    with HostileServer(lambda _: endless(b"[" * 65536)) as server:
        async with make_client(server.url, kind, max_response_size=2 * MB, timeout=30) as client:
            with pytest.raises(ResponseTooLargeError):
                await client.request("GET", TICKERS)


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
async def test_a_compression_bomb_ends_at_the_cap_in_bounded_memory(
    anyio_backend: str, kind: str, encoding: str, bomb: bytes, deflate_bomb: bytes
) -> None:
    body = bomb if encoding == "gzip" else deflate_bomb
    headers = {"Content-Encoding": encoding}
    with HostileServer(always(answer(200, body, headers))) as server:
        async with make_client(server.url, kind, max_response_size=8 * MB) as client:
            tracemalloc.start()
            try:
                with pytest.raises(ResponseTooLargeError) as info:
                    await client.request("GET", TICKERS)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert "decompressed" in str(info.value)
    assert peak < 40 * MB  # inflated whole it would be 64 MB or more


@pytest.mark.anyio
@KINDS
async def test_the_default_cap_holds_against_a_bomb(anyio_backend: str, kind: str, bomb: bytes) -> None:
    error = await _fails(kind, answer(200, bomb, {"Content-Encoding": "gzip"}))
    assert isinstance(error, ResponseTooLargeError)


@pytest.mark.anyio
@KINDS
async def test_a_compressed_real_answer_still_reads(anyio_backend: str, kind: str) -> None:
    body = gzip.compress(envelope([{"symbol": "BTCUSDT"}]))
    with HostileServer(always(answer(200, body, {"Content-Encoding": "gzip"}))) as server:
        async with make_client(server.url, kind) as client:
            assert await client.request("GET", TICKERS) == [{"symbol": "BTCUSDT"}]


@pytest.mark.anyio
@KINDS
async def test_an_unknown_or_broken_encoding_is_a_decode_error(anyio_backend: str, kind: str) -> None:
    error = await _fails(kind, answer(200, b"\x00" * 50, {"Content-Encoding": "gzip"}))
    assert isinstance(error, DecodeError)
    error = await _fails(kind, answer(200, b"abc", {"Content-Encoding": "snappy"}))
    assert isinstance(error, DecodeError)


def _drip(_: Received) -> Iterator[Step]:
    yield Write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    while True:
        yield Write(b" ")
        yield Pause(0.1)


@pytest.mark.anyio
@KINDS
async def test_a_drip_fed_answer_ends_at_the_timeout_not_the_deadline(anyio_backend: str, kind: str) -> None:
    """Each byte arrives well within ``timeout``, so only a bound on the whole attempt stops it."""
    with HostileServer(_drip) as server:
        async with make_client(server.url, kind, timeout=1.0, retry=RetryPolicy(max_attempts=1, deadline=60)) as client:
            started = time.monotonic()
            with pytest.raises(TransportError) as info:
                await client.request("GET", TICKERS)
            assert time.monotonic() - started >= 0.9
    assert not isinstance(info.value, DeadlineExceededError)  # the 60 s deadline was not what stopped it
    assert info.value.maybe_sent


@pytest.mark.anyio
@KINDS
async def test_a_per_call_timeout_bounds_the_attempt_too(anyio_backend: str, kind: str) -> None:
    with HostileServer(_drip) as server:
        async with make_client(server.url, kind, timeout=60.0) as client:
            with anyio.fail_after(30):  # a failure here, not a hang, if the per-call timeout did not bound it
                with pytest.raises(TransportError) as info:
                    await client.request("GET", TICKERS, timeout=0.5)
    assert not isinstance(info.value, DeadlineExceededError)


def _too_many(retry_after: str) -> Callable[[Received], Iterator[Step]]:
    calls = {"n": 0}

    def script(_: Received) -> Iterator[Step]:
        calls["n"] += 1
        if calls["n"] == 1:
            yield answer(429, b'{"code": "429", "msg": "too many"}', {"Retry-After": retry_after})
        else:
            yield answer(200, envelope([]))

    return script


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize(
    ("header", "expected"),
    [("999999", 0.3), ("inf", None), ("0.1", 0.1)],  # every other kind of value: the spy test below
)
async def test_retry_after_is_clamped_or_ignored(
    anyio_backend: str, kind: str, header: str, expected: float | None
) -> None:
    """A hostile ``Retry-After`` never pauses the budget past ``max_retry_after``: the next call goes out."""
    with HostileServer(_too_many(header)) as server:
        async with make_client(server.url, kind, max_retry_after=0.3) as client:
            with pytest.raises(RateLimitError) as info:
                await client.request("GET", TICKERS)
            assert info.value.retry_after == expected
            with anyio.fail_after(20):  # paused 11 days, this would fail
                assert await client.request("GET", TICKERS) == []
        assert server.count() == 2


@pytest.mark.anyio
@KINDS
async def test_retry_after_as_an_http_date_is_honoured(anyio_backend: str, kind: str) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    with HostileServer(_too_many(when)) as server:
        async with make_client(server.url, kind) as client:
            with pytest.raises(RateLimitError) as info:
                await client.request("GET", TICKERS)
    assert info.value.retry_after is not None and 25 <= info.value.retry_after <= 31


@pytest.mark.anyio
@KINDS
async def test_a_retried_429_waits_the_clamped_time(anyio_backend: str, kind: str) -> None:
    with HostileServer(_too_many("999999")) as server:
        retry = RetryPolicy(max_attempts=2, deadline=30)
        async with make_client(server.url, kind, max_retry_after=0.2, retry=retry) as client:
            started = time.monotonic()
            assert await client.request("GET", TICKERS) == []
            assert time.monotonic() - started >= 0.15
        assert server.count() == 2


@pytest.mark.anyio
@KINDS
async def test_a_closed_client_refuses_with_a_typed_error(anyio_backend: str, kind: str) -> None:
    with HostileServer(always(answer(200, envelope([])))) as server:
        client = make_client(server.url, kind)
        async with client:
            assert await client.request("GET", TICKERS) == []
        with pytest.raises(ClientStateError):
            await client.request("GET", TICKERS)
        with pytest.raises(ClientStateError):  # below the client too: the sender itself refuses once closed
            await client.send(client.prepare("GET", TICKERS))
        assert server.count() == 1


@pytest.mark.anyio
@KINDS
async def test_a_refused_connection_is_never_sent(anyio_backend: str, kind: str) -> None:
    server = HostileServer(always())
    url = server.url
    with server:
        pass  # closed: nothing listens on the port any more
    async with make_client(url, kind) as client:
        with pytest.raises(TransportError) as info:
            await client.request("GET", TICKERS)
    assert not info.value.maybe_sent


class _SpyLimiter:
    """A limiter that lets everything through and keeps what each 429 told it (what a Redis backend would store)."""

    def __init__(self) -> None:
        self.penalties: list[float | None] = []

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> None:
        return None

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None:
        self.penalties.append(retry_after)


@pytest.mark.anyio
@KINDS
async def test_the_limiter_only_ever_hears_a_finite_clamped_pause(anyio_backend: str, kind: str) -> None:
    headers = ["999999", "inf", "-inf", "nan", "1e400", "-1", "", "Wed, 21 Oct 2099 07:28:00 GMT", "x" * 1000, "2"]
    spy = _SpyLimiter()
    for header in headers:
        with HostileServer(_too_many(header)) as server:
            async with make_client(server.url, kind, limiter=spy, max_retry_after=5.0) as client:
                with pytest.raises(RateLimitError):
                    await client.request("GET", TICKERS)
    assert len(spy.penalties) == len(headers)
    assert all(pause is None or (math.isfinite(pause) and 0 <= pause <= 5.0) for pause in spy.penalties)
    assert spy.penalties[0] == 5.0 and spy.penalties[7] == 5.0 and spy.penalties[-1] == 2.0


@pytest.mark.anyio
@KINDS
async def test_a_typed_list_call_on_a_success_without_data_is_a_decode_error(anyio_backend: str, kind: str) -> None:
    """``spot.tickers()`` used to return ``[]`` here, as if the exchange listed no symbol."""
    with HostileServer(always(answer(200, b'{"code": "00000", "msg": "success"}'))) as server:
        async with make_client(server.url, kind) as client:
            with pytest.raises(DecodeError, match="without data"):
                await client.spot.tickers()
