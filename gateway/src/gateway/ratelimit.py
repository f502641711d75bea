"""Token-bucket rate limit per client: in Redis when configured, shared by every gateway
replica; otherwise in this process's memory.

Each client (the token's client ID) has a bucket of `burst` tokens refilled at `rate` per second;
a request takes one. In memory, buckets live in an LRU of at most `max_clients`: evicting a quiet
client only forgets that it had spent part of its burst, which errs on the client's side; with N
replicas a client may then get up to N × rate. In Redis (GATEWAY_REDIS_URL), one Lua script per
request reads and updates the client's bucket atomically with the server's clock, so the limit
holds across replicas; buckets expire once they would be full again. When Redis cannot be reached
the gateway keeps limiting, per process, and tries Redis again a few seconds later: a Redis
outage degrades the limit, never the service.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger("gateway.ratelimit")


class Limiter(Protocol):
    @property
    def enabled(self) -> bool: ...

    async def check(self, client: str) -> float:
        """Take one token; 0.0 when allowed, else the seconds to wait (for Retry-After)."""
        ...

    def status(self) -> dict[str, Any]: ...

    async def close(self) -> None: ...


class RateLimiter:
    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.max_clients = max_clients
        self._clock = clock
        # client → (tokens, last refill time)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def acquire(self, client: str) -> float:
        """Take one token; returns 0.0 when allowed, else the seconds to wait (for Retry-After)."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        buckets = self._buckets
        entry = buckets.get(client)
        if entry is None:
            tokens = self.burst
            if len(buckets) >= self.max_clients:
                buckets.popitem(last=False)
        else:
            tokens = min(self.burst, entry[0] + (now - entry[1]) * self.rate)
            buckets.move_to_end(client)
        if tokens >= 1.0:
            buckets[client] = (tokens - 1.0, now)
            return 0.0
        buckets[client] = (tokens, now)
        return (1.0 - tokens) / self.rate

    async def check(self, client: str) -> float:
        return self.acquire(client)

    def status(self) -> dict[str, Any]:
        return {"store": "memory", "ok": True}

    async def close(self) -> None:
        return None

    @staticmethod
    def retry_after_header(wait: float) -> str:
        return str(max(1, math.ceil(wait)))


# KEYS[1] bucket; ARGV rate, burst. Returns the wait in seconds as a string (a Lua number would
# be truncated to an integer on its way out).
BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class RedisRateLimiter:
    """The same bucket in Redis under `prefix` + client ID; `fallback` while Redis is away."""

    def __init__(
        self,
        url: str,
        *,
        rate: float,
        burst: int,
        prefix: str,
        fallback: RateLimiter,
        timeout: float = 0.25,
        retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import redis.asyncio as aioredis

        self.rate, self.burst, self.prefix = rate, burst, prefix
        self.fallback = fallback
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._redis = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            health_check_interval=30,
        )
        self._script = self._redis.register_script(BUCKET_SCRIPT)
        self._down_until = 0.0
        self._last_error: str | None = None

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    async def check(self, client: str) -> float:
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        if now < self._down_until:
            return self.fallback.acquire(client)
        try:
            wait = await self._script(keys=[self.prefix + client], args=[self.rate, self.burst])
        except Exception as exc:  # any Redis failure: limit locally, never fail the request
            self._down_until = now + self.retry_seconds
            if self._last_error is None:
                log.warning(
                    "rate limits fall back to this process: Redis unavailable (%s)",
                    type(exc).__name__,
                )
            self._last_error = f"{type(exc).__name__}: {exc}"[:200]
            return self.fallback.acquire(client)
        if self._last_error is not None:
            log.warning("rate limits shared through Redis again")
            self._last_error = None
        return float(wait)

    def status(self) -> dict[str, Any]:
        return {"store": "redis", "ok": self._last_error is None, "error": self._last_error}

    async def close(self) -> None:
        await self._redis.aclose()


def limiter_for(
    *,
    rate: float,
    burst: int,
    max_clients: int,
    redis_url: str | None,
    prefix: str,
) -> RateLimiter | RedisRateLimiter:
    memory = RateLimiter(rate=rate, burst=burst, max_clients=max_clients)
    if not redis_url or rate <= 0:
        return memory
    return RedisRateLimiter(redis_url, rate=rate, burst=burst, prefix=prefix, fallback=memory)
