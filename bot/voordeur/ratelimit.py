"""Sliding-window rate limits of the public chat: in this process's memory (one Rasa instance), or in Redis so that
every instance counts the same events (`LOCK_STORE_TYPE=redis`, see `bot.voordeur.config.shared_redis`).

Both answer `await limiter.allow(key)`: record an event for `key` and say whether it is within the limit.
"""
from __future__ import annotations

import logging
import secrets
import time
from collections import deque
from typing import Callable, Deque, Dict, Optional, Protocol

from redis.exceptions import RedisError

from bot.voordeur.config import RedisSettings, shared_redis
from bot.voordeur.redis_state import KEY_PREFIX, SharedRedis

logger = logging.getLogger(__name__)

# A rate limit is not worth holding a message for long: after this much Redis outage the event is let through.
OUTAGE_SECONDS = 2.0


class Limiter(Protocol):
    limit: int

    async def allow(self, key: str) -> bool: ...


class RateLimiter:
    """At most `limit` events per `window` seconds per key, counted in this process."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._hits: Dict[str, Deque[float]] = {}

    async def allow(self, key: str) -> bool:
        if self.limit <= 0:
            return True
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_keys:
                self._prune(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def _prune(self, now: float) -> None:
        """Forget keys without recent events so memory stays bounded."""
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:  # still full: drop the oldest half
            for key in sorted(self._hits, key=lambda k: self._hits[k][-1])[: self._max_keys // 2]:
                del self._hits[key]


# KEYS[1] = the key's sorted set of event times (ms, Redis's own clock, so instances need not agree on the time);
# ARGV[1] = limit, ARGV[2] = window (ms), ARGV[3] = a unique member. 1: allowed and recorded; 0: over the limit.
_SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


class RedisRateLimiter:
    """The same limit, counted in Redis for every Rasa instance (one atomic script per event)."""

    def __init__(self, name: str, limit: int, window: float, settings: RedisSettings) -> None:
        self.name = name
        self.limit = limit
        self.window_ms = int(window * 1000)
        self.redis = SharedRedis(settings, outage_seconds=OUTAGE_SECONDS)

    async def allow(self, key: str) -> bool:
        if self.limit <= 0:
            return True
        redis_key = f"{KEY_PREFIX}rate:{self.name}:{key}"
        try:
            allowed = await self.redis.run(f"rate limit {self.name}", lambda r: r.eval(
                _SLIDING_WINDOW, 1, redis_key, self.limit, self.window_ms, secrets.token_hex(8)))
        except (RedisError, OSError):
            logger.exception("rate limit %s not checked: Redis unreachable; letting the event through", self.name)
            return True
        return bool(int(allowed))


def rate_limiter(name: str, limit: int, window: float = 60.0,
                 settings: Optional[RedisSettings] = None) -> Limiter:
    """The limiter for this process: in Redis when several instances share one (`shared_redis()`), else in memory."""
    settings = settings or shared_redis()
    if settings is None:
        return RateLimiter(limit, window)
    return RedisRateLimiter(name, limit, window, settings)
