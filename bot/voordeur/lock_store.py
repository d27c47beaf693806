"""The lock store: one turn at a time per conversation, in arrival order, across every Rasa instance.

endpoints.yml names this class; `LOCK_STORE_TYPE` chooses how it works:
- `in_memory` (one Rasa process): exactly Rasa's `InMemoryLockStore`;
- `redis` (several instances): a ticket queue in Redis whose every step is one atomic Lua script.

Why not Rasa's own `RedisLockStore`: it issues a ticket by reading the lock, adding a ticket and writing the lock
back (GET, then SET). Two instances that take a ticket for one conversation at the same moment both read the same
lock and both get the same number, so their turns run at once and one overwrites the other's events (Rasa issue
#9213; the fix, PR #11256, was reverted from Rasa Open Source). And a waiting turn looks again only once a second.

The queue per conversation (keys share the hash tag `{conversation id}`):
- `…:n` a counter: INCR hands out the next ticket number, so ticket order is arrival order;
- `…:q` a sorted set of the waiting and serving ticket numbers;
- `…:t:<n>` one key per ticket that lives only while its owner is alive: a waiting turn renews it every time it
  looks (every 50 ms), the turn being served renews it every second. A ticket whose key is gone (its Rasa
  instance was killed, or the turn took longer than `TICKET_LOCK_LIFETIME`, Rasa's own bound of 60 s) is skipped,
  so a killed instance holds a conversation for at most `TICKET_SECONDS` (10 s).
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

from bot.voordeur.config import RedisSettings, shared_redis
from bot.voordeur.redis_state import KEY_PREFIX, SharedRedis

logger = logging.getLogger(__name__)

TICKET_SECONDS = 10.0  # how long a ticket outlives its last renewal
POLL_SECONDS = 0.05  # how often a waiting turn looks whether it is its turn
RENEW_SECONDS = 1.0  # how often the turn being served renews its ticket

# KEYS[1] = base key; ARGV[1] = ticket lifetime (ms); ARGV[2] = lifetime of the queue keys (ms). Returns the ticket.
_ISSUE = """
local n = redis.call('INCR', KEYS[1] .. 'n')
redis.call('ZADD', KEYS[1] .. 'q', n, n)
redis.call('SET', KEYS[1] .. 't:' .. n, '1', 'PX', ARGV[1])
redis.call('PEXPIRE', KEYS[1] .. 'n', ARGV[2])
redis.call('PEXPIRE', KEYS[1] .. 'q', ARGV[2])
return n
"""
# ARGV[1] = my ticket; ARGV[2] = ticket lifetime (ms). 1: my turn; 0: wait; -1: my ticket is gone.
# Renews my ticket, and drops the tickets ahead of me whose owners are gone.
_TRY = """
local mine = ARGV[1]
if redis.call('PEXPIRE', KEYS[1] .. 't:' .. mine, ARGV[2]) == 0 then return -1 end
for _, t in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1] .. 'q', '-inf', '(' .. mine)) do
  if redis.call('EXISTS', KEYS[1] .. 't:' .. t) == 1 then return 0 end
  redis.call('ZREM', KEYS[1] .. 'q', t)
end
return 1
"""
# ARGV[1] = my ticket; ARGV[2] = ticket lifetime (ms). 1 when renewed, 0 when it was gone.
_RENEW = "return redis.call('PEXPIRE', KEYS[1] .. 't:' .. ARGV[1], ARGV[2])"
# ARGV[1] = my ticket. The last one out removes the queue, so the numbers start again.
_RELEASE = """
redis.call('DEL', KEYS[1] .. 't:' .. ARGV[1])
redis.call('ZREM', KEYS[1] .. 'q', ARGV[1])
if redis.call('ZCARD', KEYS[1] .. 'q') == 0 then redis.call('DEL', KEYS[1] .. 'q', KEYS[1] .. 'n') end
return 1
"""


class RedisTicketQueue:
    """Per-conversation FIFO mutual exclusion in Redis for any number of processes."""

    def __init__(self, settings: RedisSettings, ticket_seconds: float = TICKET_SECONDS,
                 poll_seconds: float = POLL_SECONDS, renew_seconds: float = RENEW_SECONDS) -> None:
        self.redis = SharedRedis(settings)
        self.ticket_ms = int(ticket_seconds * 1000)
        self.poll_seconds = poll_seconds
        self.renew_seconds = renew_seconds

    @staticmethod
    def base_key(conversation_id: Text) -> str:
        return f"{KEY_PREFIX}lock:{{{conversation_id}}}:"

    async def _eval(self, what: str, script: str, conversation_id: Text, *args: Any) -> int:
        key = self.base_key(conversation_id)
        return int(await self.redis.run(what, lambda r: r.eval(script, 1, key, *args)))

    async def issue(self, conversation_id: Text, lifetime: float) -> int:
        keep_ms = int((lifetime * 2 + self.ticket_ms / 1000) * 1000)
        return await self._eval("issue ticket", _ISSUE, conversation_id, self.ticket_ms, keep_ms)

    async def acquire(self, conversation_id: Text, lifetime: float) -> int:
        """Wait for this turn's ticket to be served; returns the ticket number."""
        ticket = await self.issue(conversation_id, lifetime)
        while True:
            state = await self._eval("wait for turn", _TRY, conversation_id, ticket, self.ticket_ms)
            if state == 1:
                return ticket
            if state == -1:
                # Our ticket vanished: Redis lost its data (restart without persistence) or this process did not
                # look for longer than TICKET_SECONDS. Queue again; mutual exclusion holds, this turn goes last.
                logger.warning("lock ticket %s of a conversation was lost; queueing again", ticket)
                ticket = await self.issue(conversation_id, lifetime)
                continue
            await asyncio.sleep(self.poll_seconds)

    async def keep(self, conversation_id: Text, ticket: int, lifetime: float) -> None:
        """Renew the served ticket until cancelled, for at most `lifetime` seconds (Rasa's bound for one turn)."""
        until = time.monotonic() + lifetime
        while time.monotonic() < until:
            await asyncio.sleep(self.renew_seconds)
            try:
                renewed = await self._eval("renew ticket", _RENEW, conversation_id, ticket, self.ticket_ms)
            except (RedisError, OSError):  # Redis gone for longer than its outage budget: the turn goes on
                logger.exception("could not renew a lock ticket")
                continue
            if not renewed:
                logger.error("the lock ticket of a turn in progress expired; another turn may run at the same time")
        logger.warning("a turn has held its conversation for longer than TICKET_LOCK_LIFETIME (%.0f s)", lifetime)

    async def release(self, conversation_id: Text, ticket: int) -> None:
        try:
            await self._eval("release ticket", _RELEASE, conversation_id, ticket)
        except (RedisError, OSError):  # the turn is done and saved; an unreleased ticket expires by itself
            logger.exception("could not release a lock ticket; it expires in %.0f s", self.ticket_ms / 1000)

    @asynccontextmanager
    async def hold(self, conversation_id: Text, lifetime: float) -> AsyncGenerator[int, None]:
        try:
            ticket = await self.acquire(conversation_id, lifetime)
        except (RedisError, OSError) as e:  # Redis unreachable for longer than its outage budget: refuse the turn
            raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}': {e}") from e
        keeper = asyncio.ensure_future(self.keep(conversation_id, ticket, lifetime))
        try:
            yield ticket
        finally:
            keeper.cancel()
            await self.release(conversation_id, ticket)


class VoordeurLockStore(InMemoryLockStore):
    """endpoints.yml `lock_store`: Rasa's in-memory lock store, or the Redis ticket queue with LOCK_STORE_TYPE=redis."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 settings: Optional[RedisSettings] = None) -> None:
        super().__init__()
        settings = settings or shared_redis()
        self.queue = RedisTicketQueue(settings) if settings else None

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        if self.queue is None:
            async with super().lock(conversation_id, lock_lifetime, wait_time_in_seconds) as held:
                yield held
            return
        async with self.queue.hold(conversation_id, lock_lifetime):
            yield TicketLock(conversation_id)
