"""The lock store several Rasa instances share (bot/voordeur/lock_store.py) on the real Redis at 127.0.0.1:6379:
turns of one conversation one at a time and in arrival order, whichever instance takes them; a killed instance's
ticket is skipped; no Redis means no turn. Two instances are two stores with their own connections."""
from __future__ import annotations

import asyncio
import secrets
import time
from pathlib import Path

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore
from rasa.utils.endpoints import read_endpoint_config

from bot.voordeur import config
from bot.voordeur.config import RedisSettings
from tests.support.servers import redis_available
from tests.support.stack import free_port
from bot.voordeur.lock_store import RedisTicketQueue, VoordeurLockStore

ROOT = Path(__file__).resolve().parents[2]
REDIS = RedisSettings("127.0.0.1", 6379, 1)


needs_redis = pytest.mark.skipif(not redis_available(), reason="no Redis server at 127.0.0.1:6379")


def _conversation() -> str:
    return f"test-lock-{secrets.token_hex(6)}"


@pytest.fixture
def lock_env(monkeypatch):
    def set_env(kind: str) -> LockStore:
        monkeypatch.setenv("LOCK_STORE_TYPE", kind)
        monkeypatch.setenv("REDIS_HOST", REDIS.host)
        monkeypatch.setenv("REDIS_PORT", str(REDIS.port))
        config.shared_redis.cache_clear()
        return LockStore.create(read_endpoint_config(str(ROOT / "bot" / "endpoints.yml"), "lock_store"))

    yield set_env
    config.shared_redis.cache_clear()


def test_one_instance_gets_rasas_in_memory_lock_store(lock_env):
    store = lock_env("in_memory")
    assert isinstance(store, VoordeurLockStore) and isinstance(store, InMemoryLockStore) and store.queue is None


@needs_redis
def test_lock_store_type_redis_gives_the_shared_ticket_queue(lock_env):
    store = lock_env("redis")
    assert isinstance(store.queue, RedisTicketQueue) and store.queue.redis.settings == REDIS


def test_an_unknown_lock_store_type_is_refused(lock_env):
    with pytest.raises(ValueError, match="in_memory.*redis"):
        lock_env("memcached")


@needs_redis
def test_two_instances_serve_one_conversation_one_turn_at_a_time_in_arrival_order(run):
    """30 turns arrive at two instances in turn; each does a read-pause-write on shared state (what a turn does to
    its tracker). Lost updates or two turns inside at once would show; so would a turn served out of its order."""
    instances = [VoordeurLockStore(settings=REDIS), VoordeurLockStore(settings=REDIS)]
    conversation = _conversation()
    state = {"turns": 0, "inside": 0, "most_inside": 0}
    served: list[int] = []

    async def turn(i: int) -> None:
        async with instances[i % 2].lock(conversation):
            state["inside"] += 1
            state["most_inside"] = max(state["most_inside"], state["inside"])
            seen = state["turns"]
            await asyncio.sleep(0.06)  # longer than the time between arrivals: a queue forms
            state["turns"] = seen + 1
            served.append(i)
            state["inside"] -= 1

    async def arrivals() -> None:
        tasks = []
        for i in range(30):
            tasks.append(asyncio.ensure_future(turn(i)))
            # they arrive one after another, while earlier ones still wait; 40 ms apart, so that "arrival" means the
            # order in which their requests reach Redis also on a busy machine (2 and 10 ms were not, with make
            # evaluate and the end-to-end tests running beside it: arrivals that close are no order to keep)
            await asyncio.sleep(0.04)
        await asyncio.gather(*tasks)
        for store in instances:
            await store.queue.redis.close()

    run(arrivals())
    assert state == {"turns": 30, "inside": 0, "most_inside": 1}
    assert served == list(range(30))


@needs_redis
def test_tickets_taken_at_the_same_moment_on_two_instances_are_all_different(run):
    queues = [RedisTicketQueue(REDIS), RedisTicketQueue(REDIS)]
    conversation = _conversation()

    async def issue_all() -> list[int]:
        tickets = await asyncio.gather(*(queues[i % 2].issue(conversation, 60) for i in range(30)))
        for q in queues:
            await q.redis.close()
        return list(tickets)

    assert sorted(run(issue_all())) == list(range(1, 31))


@needs_redis
def test_the_ticket_of_a_killed_instance_is_skipped_after_its_lifetime(run):
    """An instance that dies while holding a conversation stops renewing its ticket: the next turn waits only until
    that ticket expires, not for Rasa's 60 s lock lifetime."""
    dead = RedisTicketQueue(REDIS, ticket_seconds=0.5)
    alive = RedisTicketQueue(REDIS, ticket_seconds=0.5)
    conversation = _conversation()

    async def scenario() -> float:
        await dead.issue(conversation, 60)  # took the conversation, then was killed: no renewals, no release
        started = time.monotonic()
        async with alive.hold(conversation, 60):
            waited = time.monotonic() - started
        await dead.redis.close()
        await alive.redis.close()
        return waited

    waited = run(scenario())
    assert 0.3 < waited < 3


@needs_redis
def test_the_turn_being_served_keeps_its_ticket_while_it_works(run):
    """A turn longer than the ticket's own lifetime renews it, so nobody else gets in meanwhile."""
    a = RedisTicketQueue(REDIS, ticket_seconds=0.4, renew_seconds=0.1)
    b = RedisTicketQueue(REDIS, ticket_seconds=0.4, renew_seconds=0.1)
    conversation = _conversation()
    events: list[str] = []

    async def long_turn() -> None:
        async with a.hold(conversation, 60):
            events.append("lang begint")
            await asyncio.sleep(1.2)
            events.append("lang klaar")

    async def next_turn() -> None:
        await asyncio.sleep(0.1)
        async with b.hold(conversation, 60):
            events.append("volgende")

    async def both() -> None:
        await asyncio.gather(long_turn(), next_turn())
        await a.redis.close()
        await b.redis.close()

    run(both())
    assert events == ["lang begint", "lang klaar", "volgende"]


@needs_redis
def test_the_queue_is_gone_from_redis_when_the_last_turn_is_done(run):
    queue = RedisTicketQueue(REDIS)
    conversation = _conversation()

    async def scenario() -> list:
        async with queue.hold(conversation, 60):
            pass
        keys = await queue.redis.client.keys(f"{queue.base_key(conversation)}*")
        await queue.redis.close()
        return keys

    assert run(scenario()) == []


def test_without_redis_a_turn_is_refused_after_the_outage_budget(run):
    port = free_port()  # nobody listens there
    queue = RedisTicketQueue(RedisSettings("127.0.0.1", port, 1))
    queue.redis.outage_seconds = 0.5

    async def scenario() -> None:
        async with queue.hold(_conversation(), 60):
            pytest.fail("a turn ran without the lock")

    started = time.monotonic()
    with pytest.raises(LockError):
        run(scenario())
    assert 0.4 < time.monotonic() - started < 5
