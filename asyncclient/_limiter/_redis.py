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

# KEYS: per scope, its window (a sorted set of send times in µs), its pause end, its pacing due time (GCRA).
# ARGV: the token, then per scope: limit, window (µs), pacing interval (µs), pacing tolerance (µs, < 0: off).
# Returns 0 when taken from every scope, else the µs to wait (taking nothing).
_TAKE = b"""
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = 0
local scopes = #KEYS / 3
for i = 1, scopes do
  local k, a = 3 * (i - 1), 1 + 4 * (i - 1)
  local key, limit, window = KEYS[k + 1], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
  local paused = tonumber(redis.call('GET', KEYS[k + 2]) or '0')
  if paused > now then wait = math.max(wait, paused - now) end
  local tolerance = tonumber(ARGV[a + 4])
  if tolerance >= 0 then
    local earliest = tonumber(redis.call('GET', KEYS[k + 3]) or '0') - tolerance
    if earliest > now then wait = math.max(wait, earliest - now) end
  end
end
if wait > 0 then return wait end
for i = 1, scopes do
  local k, a = 3 * (i - 1), 1 + 4 * (i - 1)
  local ttl = math.ceil(tonumber(ARGV[a + 2]) / 1000) + 1000
  redis.call('ZADD', KEYS[k + 1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[k + 1], ttl)
  if tonumber(ARGV[a + 4]) >= 0 then
    local due = math.max(tonumber(redis.call('GET', KEYS[k + 3]) or '0'), now) + tonumber(ARGV[a + 3])
    redis.call('SET', KEYS[k + 3], string.format('%d', due), 'PX', ttl)
  end
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


# KEYS: window keys; ARGV: the token taken in each. Moves each send still in its window to Redis's present.
_SETTLE = b"""
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now, ARGV[i])
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
            key = f"{self.prefix}{spec.scope}"
            keys += [key, f"{key}:pause", f"{key}:due"]
            interval = spec.window / spec.limit
            paced = spec.burst is not None and spec.burst < spec.limit
            tolerance = (spec.burst - 1) * interval if spec.burst is not None and paced else -1.0
            args += [spec.limit, round(spec.window * 1e6), round(interval * 1e6), round(tolerance * 1e6)]
        reply = await self._run(_TAKE, keys, args)
        if not isinstance(reply, int):
            raise SharedBackendError(f"unexpected reply from the limiter script: {reply!r}")
        return reply / 1_000_000

    async def give_back(self, scopes: Sequence[str], token: str) -> None:
        for scope in scopes:
            await self._redis.command("ZREM", f"{self.prefix}{scope}", token)

    async def settle(self, taken: Sequence[tuple[Sequence[str], str]]) -> None:
        keys = [f"{self.prefix}{scope}" for scopes, _ in taken for scope in scopes]
        tokens = [token for scopes, token in taken for _ in scopes]
        if keys:
            await self._run(_SETTLE, keys, tokens)

    async def pause(self, scopes: Sequence[str], seconds: float) -> None:
        keys = [f"{self.prefix}{scope}:pause" for scope in scopes]
        await self._run(_PAUSE, keys, [max(1, round(seconds * 1_000_000))])

    async def aclose(self) -> None:
        await self._redis.aclose()
