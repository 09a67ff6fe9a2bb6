"""The Redis backend on redis-py: each scope's strict window is a sorted set, checked and taken atomically.

One Lua script (run by ``EVALSHA``, loaded again on ``NOSCRIPT``) checks every scope of a request and takes a
slot from all of them, or from none and answers how long to wait. A slot in flight is scored in the future (its
send plus the hold), so it never ages out before its request is settled; settling scores it at the instant the
server counted the request. Times come from Redis's own ``TIME``, so hosts with different clocks share one
budget correctly. Every key of one limiter shares one hash tag (``prefix``), so a take's keys sit in one slot of
a Redis Cluster.

redis-py's asyncio client runs on asyncio only; under trio the backend uses its thread-safe synchronous client
from worker threads (``anyio.to_thread``), one pool of connections either way.

(Just over 300 lines: the script, its two clients and the unavailable-Redis policy are one atomic protocol.)
"""

from __future__ import annotations

import hashlib
import re
import ssl
from collections.abc import Callable, Sequence
from typing import Any

import anyio
import sniffio

from ._backend import (
    RedisReplyError,
    SharedBackendError,
    SharedBackendUnavailableError,
    Taken,
    WindowSpec,
)

__all__ = ["DEFAULT_REDIS_URL", "RedisBackend"]

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

# KEYS: per scope, its window (sorted set: in flight scored send + hold, settled scored when counted, in µs),
# its pause end, its pacing due time (GCRA). ARGV: token, hold (µs), poll (µs), then per scope: limit,
# window (µs), pacing interval (µs), pacing tolerance (µs, < 0: off). Returns 0 when taken, else µs to wait.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local hold, poll = tonumber(ARGV[2]), tonumber(ARGV[3])
local wait = 0
local scopes = #KEYS / 3
for i = 1, scopes do
  local k, a = 3 * (i - 1), 3 + 4 * (i - 1)
  local key, limit, window = KEYS[k + 1], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local leaving = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local until_free = tonumber(leaving[2]) + window - now
    -- A slot in flight may be settled at any moment, at an instant no earlier than its send: the earliest
    -- sent (lowest score above now) could leave a window after its send; past that, look again every poll.
    local first = redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    if #first > 0 then
      local soonest = tonumber(first[2]) - hold + window - now
      if soonest <= 0 then soonest = poll end
      until_free = math.min(until_free, soonest)
    end
    wait = math.max(wait, until_free)
  end
  local paused = tonumber(redis.call('GET', KEYS[k + 2]) or '0')
  if paused > now then wait = math.max(wait, paused - now) end
  local tolerance = tonumber(ARGV[a + 4])
  if tolerance >= 0 then
    local earliest = tonumber(redis.call('GET', KEYS[k + 3]) or '0') - tolerance
    if earliest > now then wait = math.max(wait, earliest - now) end
  end
end
if wait > 0 then return math.max(1, math.ceil(wait)) end
for i = 1, scopes do
  local k, a = 3 * (i - 1), 3 + 4 * (i - 1)
  local ttl = math.ceil((tonumber(ARGV[a + 2]) + hold) / 1000) + 1000
  redis.call('ZADD', KEYS[k + 1], now + hold, ARGV[1])
  redis.call('PEXPIRE', KEYS[k + 1], ttl)
  if tonumber(ARGV[a + 4]) >= 0 then
    local due = math.max(tonumber(redis.call('GET', KEYS[k + 3]) or '0'), now) + tonumber(ARGV[a + 3])
    redis.call('SET', KEYS[k + 3], string.format('%d', due), 'PX', ttl)
  end
end
return 0
"""

# KEYS: pause keys. ARGV: the pause in µs. A pause only ever grows.
_PAUSE = """
local t = redis.call('TIME')
local until_us = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  if until_us > tonumber(redis.call('GET', key) or '0') then
    redis.call('SET', key, string.format('%d', until_us), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
  end
end
return 0
"""

# KEYS: window keys; ARGV: pairs (token, µs before Redis's present when the server counted it). A take still
# held is scored at that instant (never later than now); one already gone stays gone (XX).
_SETTLE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now - math.max(0, tonumber(ARGV[2 * i])), ARGV[2 * i - 1])
end
return 0
"""

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")
_QUERY_PASSWORD = re.compile(r"([?&][^=&\s]*password=)[^&\s]*")


def _redact(text: str) -> str:
    return _QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1***@", text))


class _Script:
    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()


_TAKE_SCRIPT, _PAUSE_SCRIPT, _SETTLE_SCRIPT = _Script(_TAKE), _Script(_PAUSE), _Script(_SETTLE)


class RedisBackend:
    """Shared strict windows in Redis, through redis-py.

    ``url``: ``redis://[user:password@]host[:port][/db]``, ``rediss://`` for TLS, ``unix://``; ``cluster=True``
    talks to a Redis Cluster through the URL's node. ``options`` go to redis-py's ``from_url`` (e.g.
    ``max_connections``, ``ssl_ca_certs``, ``ssl_certfile``/``ssl_keyfile``); the URL's query may carry them too
    (``rediss://host:6380/0?ssl_ca_certs=/etc/ca.pem``), which is how ``Client(redis_url=...)`` takes them. A
    certificate that does not verify raises :class:`SharedBackendError` (not the "unavailable" one: no fallback).
    Or give a ready redis-py ``client`` (``redis.asyncio.Redis``,
    ``RedisCluster``, a Sentinel's ``master_for(...)``; a synchronous client also works, from worker threads).
    See :meth:`sentinel`. Keys start with ``prefix``, which carries the hash tag.
    """

    def __init__(
        self,
        url: str = DEFAULT_REDIS_URL,
        *,
        prefix: str = "{asyncclient-limiter}:",
        cluster: bool = False,
        client: Any = None,
        **options: Any,
    ) -> None:
        if "{" not in prefix or "}" not in prefix.partition("{")[2]:
            prefix = "{" + prefix + "}"  # one hash tag: a take's keys must share a Cluster slot
        self.prefix = prefix
        self._url = url
        self._cluster = cluster
        options.setdefault("socket_timeout", 5.0)
        options.setdefault("socket_connect_timeout", 5.0)
        self._options = options
        self._client: Any = client
        self._factory: Callable[[bool], Any] | None = None
        self._threaded = client is not None and not _is_async_client(client)
        self._owned = client is None

    @classmethod
    def sentinel(
        cls,
        sentinels: Sequence[tuple[str, int]],
        service_name: str,
        *,
        prefix: str = "{asyncclient-limiter}:",
        **options: Any,
    ) -> RedisBackend:
        """The master of ``service_name`` as the ``sentinels`` (``[(host, port), ...]``) name it, followed on
        failover by redis-py's Sentinel classes; ``options`` go to the connections (``password``, ``db``...)."""
        backend = cls(prefix=prefix)

        def make(asynchronous: bool) -> Any:
            if asynchronous:
                from redis.asyncio.sentinel import Sentinel as AsyncSentinel

                return AsyncSentinel(sentinels, **options).master_for(service_name)  # type: ignore[no-untyped-call]
            from redis.sentinel import Sentinel

            sentinel: Any = Sentinel(sentinels, **options)  # type: ignore[no-untyped-call]
            return sentinel.master_for(service_name)

        backend._factory = make
        return backend

    def __repr__(self) -> str:
        where = type(self._client).__name__ if self._client is not None and not self._owned else _redact(self._url)
        return f"RedisBackend({where!r}, prefix={self.prefix!r})"

    def _connect(self) -> Any:
        """The client, built on first use for the running event loop (asyncio: redis.asyncio; trio: threads)."""
        if self._client is not None:
            return self._client
        asynchronous = sniffio.current_async_library() == "asyncio"
        if self._factory is not None:
            self._client = self._factory(asynchronous)
        elif asynchronous:
            import redis.asyncio

            kind: Any = redis.asyncio.RedisCluster if self._cluster else redis.asyncio.Redis
            self._client = kind.from_url(self._url, **self._options)
        else:
            import redis
            import redis.cluster

            sync_kind: Any = redis.cluster.RedisCluster if self._cluster else redis.Redis
            self._client = sync_kind.from_url(self._url, **self._options)
        self._threaded = not asynchronous
        return self._client

    async def _call(self, method: str, *args: Any) -> Any:
        import redis.exceptions as errors

        client = self._connect()
        try:
            if self._threaded:
                return await anyio.to_thread.run_sync(lambda: getattr(client, method)(*args))
            return await getattr(client, method)(*args)
        except errors.NoScriptError:
            raise
        except (errors.ConnectionError, errors.TimeoutError, OSError) as exc:
            if _certificate_refused(exc):
                # Not "unavailable": a wrong CA or an impostor is a setup to fix, never a reason to fall back.
                raise SharedBackendError(
                    f"Redis's TLS certificate did not verify (check ssl_ca_certs, or that this is the server you "
                    f"meant): {_redact(str(exc))}"
                ) from exc
            raise SharedBackendUnavailableError(f"Redis is unreachable: {_redact(str(exc))}") from exc
        except errors.ResponseError as exc:
            raise RedisReplyError(_redact(str(exc))) from exc
        except errors.RedisError as exc:
            raise SharedBackendError(f"Redis failed: {_redact(str(exc))}") from exc

    async def _run(self, script: _Script, keys: Sequence[str], args: Sequence[str | int]) -> Any:
        import redis.exceptions as errors

        try:
            return await self._call("evalsha", script.sha, len(keys), *keys, *args)
        except errors.NoScriptError:
            await self._call("script_load", script.source)  # flushed, failed over, or a new node: load it again
            return await self._call("evalsha", script.sha, len(keys), *keys, *args)

    def _key(self, scope: str) -> str:
        return f"{self.prefix}{scope}"

    async def take(self, windows: Sequence[WindowSpec], token: str, *, hold: float, poll: float) -> float:
        keys: list[str] = []
        args: list[str | int] = [token, round(hold * 1e6), max(1, round(poll * 1e6))]
        for spec in windows:
            key = self._key(spec.scope)
            keys += [key, f"{key}:pause", f"{key}:due"]
            interval = spec.window / spec.limit
            paced = spec.burst is not None and spec.burst < spec.limit
            tolerance = (spec.burst - 1) * interval if spec.burst is not None and paced else -1.0
            args += [spec.limit, round(spec.window * 1e6), round(interval * 1e6), round(tolerance * 1e6)]
        reply = await self._run(_TAKE_SCRIPT, keys, args)
        if not isinstance(reply, int):
            raise SharedBackendError(f"unexpected reply from the limiter script: {reply!r}")
        return reply / 1_000_000

    async def give_back(self, scopes: Sequence[str], token: str) -> None:
        for scope in scopes:
            await self._call("zrem", self._key(scope), token)

    async def settle(self, taken: Sequence[Taken]) -> None:
        keys = [self._key(scope) for item in taken for scope in item.scopes]
        args: list[str | int] = []
        for item in taken:
            for _ in item.scopes:
                args += [item.token, max(0, round(item.ago * 1e6))]
        if keys:
            await self._run(_SETTLE_SCRIPT, keys, args)

    async def pause(self, scopes: Sequence[str], seconds: float) -> None:
        keys = [f"{self._key(scope)}:pause" for scope in scopes]
        await self._run(_PAUSE_SCRIPT, keys, [max(1, round(seconds * 1_000_000))])

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is None or not self._owned:
            return
        if self._threaded:
            await anyio.to_thread.run_sync(client.close)
        else:
            await client.aclose()


def _certificate_refused(exc: BaseException) -> bool:
    """Whether a connection failed because the server's TLS certificate did not verify (redis-py keeps only the
    message of the ssl error in some versions, the error itself as the cause in others)."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_async_client(client: Any) -> bool:
    import inspect

    return inspect.iscoroutinefunction(getattr(client, "evalsha", None))
