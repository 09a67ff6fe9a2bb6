"""The Redis backend: each scope's strict window is a sorted set of send times, checked and taken atomically.

One Lua script checks every scope of a request and takes a slot from all of them, or from none and answers how
long to wait. Times come from Redis's own ``TIME``, so hosts with different clocks share one budget correctly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ._backend import WindowSpec
from ._resp import DEFAULT_REDIS_URL, RedisReplyError, Reply, RespConnection, SharedBackendError

__all__ = ["RedisBackend"]

# KEYS: per scope, its window (a sorted set of send times in µs) then its pause key.
# ARGV: the token, then per scope its limit and window (µs). Returns 0 when taken, else the µs to wait.
_TAKE = b"""
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = 0
local scopes = #KEYS / 2
for i = 1, scopes do
  local key, limit, window = KEYS[2 * i - 1], tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
  local paused = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  if paused > now then wait = math.max(wait, paused - now) end
end
if wait > 0 then return wait end
for i = 1, scopes do
  local key = KEYS[2 * i - 1]
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2 * i + 1]) / 1000) + 1000)
end
return 0
"""

# KEYS: pause keys. ARGV: the pause in µs. A pause only ever grows.
_PAUSE = b"""
local t = redis.call('TIME')
local until_us = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  if until_us > tonumber(redis.call('GET', key) or '0') then
    redis.call('SET', key, string.format('%d', until_us), 'PX', math.ceil(tonumber(ARGV[1]) / 1000) + 1000)
  end
end
return 0
"""


class RedisBackend:
    """Shared strict windows in one Redis server (``redis://[:password@]host[:port][/db]``).

    Keys share one hash tag (``prefix``), so the script also runs on a Redis Cluster.
    """

    def __init__(self, url: str = DEFAULT_REDIS_URL, *, prefix: str = "{asyncclient-limiter}:") -> None:
        self._redis = RespConnection(url)
        self.prefix = prefix

    def __repr__(self) -> str:
        return f"RedisBackend({self._redis!r}, prefix={self.prefix!r})"

    async def _run(self, script: bytes, keys: Sequence[str], args: Sequence[str | int]) -> Reply:
        sha = hashlib.sha1(script).hexdigest()
        try:
            return await self._redis.command("EVALSHA", sha, len(keys), *keys, *args)
        except RedisReplyError as exc:
            if not str(exc).startswith("NOSCRIPT"):
                raise
            return await self._redis.command("EVAL", script, len(keys), *keys, *args)

    async def take(self, windows: Sequence[WindowSpec], token: str) -> float:
        keys: list[str] = []
        args: list[str | int] = [token]
        for spec in windows:
            keys += [f"{self.prefix}{spec.scope}", f"{self.prefix}{spec.scope}:pause"]
            args += [spec.limit, round(spec.window * 1_000_000)]
        reply = await self._run(_TAKE, keys, args)
        if not isinstance(reply, int):
            raise SharedBackendError(f"unexpected reply from the limiter script: {reply!r}")
        return reply / 1_000_000

    async def give_back(self, scopes: Sequence[str], token: str) -> None:
        for scope in scopes:
            await self._redis.command("ZREM", f"{self.prefix}{scope}", token)

    async def pause(self, scopes: Sequence[str], seconds: float) -> None:
        keys = [f"{self.prefix}{scope}:pause" for scope in scopes]
        await self._run(_PAUSE, keys, [max(1, round(seconds * 1_000_000))])

    async def aclose(self) -> None:
        await self._redis.aclose()
