"""The Redis connection of the state several Rasa instances share, and how an outage is handled.

One asyncio client per process (Rasa serves from one event loop), made on first use. A Redis restart takes a
second or two: an operation that finds Redis unreachable is retried for up to `outage_seconds` (15) before its
error reaches the caller, so a restart costs a turn some waiting, not an error. What a caller does after that is
its own choice: the lock store refuses the turn (no unserialised turns), the rate limiter lets it through.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Awaitable, Callable, Optional, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.voordeur.config import RedisSettings

logger = logging.getLogger(__name__)

T = TypeVar("T")
KEY_PREFIX = "voordeur:"
OUTAGE_SECONDS = 15.0
RETRY_PAUSE = 0.25
# Redis restarting, refusing, or loading its snapshot (BusyLoadingError is a ConnectionError).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class SharedRedis:
    """The client for one RedisSettings, created lazily inside the running event loop."""

    def __init__(self, settings: RedisSettings, outage_seconds: float = OUTAGE_SECONDS) -> None:
        self.settings = settings
        self.outage_seconds = outage_seconds
        self._client: Optional[aioredis.Redis] = None

    @property
    def client(self) -> aioredis.Redis:
        if self._client is None:
            self._client = aioredis.Redis(host=self.settings.host, port=self.settings.port, db=self.settings.db,
                                          socket_timeout=5, socket_connect_timeout=2)
        return self._client

    async def run(self, what: str, operation: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
        """`operation(client)`, retried while Redis is unreachable for up to `outage_seconds`."""
        deadline = time.monotonic() + self.outage_seconds
        warned = False
        while True:
            try:
                return await operation(self.client)
            except UNREACHABLE as e:
                if time.monotonic() >= deadline:
                    raise
                if not warned:
                    logger.warning("Redis %s:%s unreachable during %s (%s); retrying for up to %.0f s",
                                   self.settings.host, self.settings.port, what, e, self.outage_seconds)
                    warned = True
                await asyncio.sleep(RETRY_PAUSE)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
