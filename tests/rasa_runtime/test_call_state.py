"""Per-call phone state (bot/voordeur/call_state.py), the same tests for the in-memory store (one Rasa instance) and
the Redis store (several; the real Redis at 127.0.0.1:6379), and a call whose webhooks alternate between two
channel instances, as two Rasa processes behind nginx would get them."""
from __future__ import annotations

import asyncio
import secrets
import time
import xml.etree.ElementTree as ET

import pytest

from bot.voordeur.call_state import CallState, CallStateStore, RedisCallStateStore, call_state_store
from bot.voordeur.channels.twilio_voice import TwilioVoiceInput, VoiceSettings
from bot.voordeur.config import RedisSettings
from tests.support.servers import redis_available

REDIS = RedisSettings("127.0.0.1", 6379, 1)


needs_redis = pytest.mark.skipif(not redis_available(), reason="no Redis server at 127.0.0.1:6379")
STORES = [pytest.param("memory"), pytest.param("redis", marks=needs_redis)]


def make_store(kind: str, ttl: float = 3600):
    return CallStateStore(ttl) if kind == "memory" else RedisCallStateStore(REDIS, ttl)


def sid() -> str:
    return "CA" + secrets.token_hex(16)


@pytest.mark.parametrize("kind", STORES)
def test_a_stored_state_comes_back_as_a_copy_until_it_is_dropped(kind):
    store, call = make_store(kind), sid()
    state = CallState(stage="gesprek", buttons=[{"title": "Ja", "payload": "/affirm"}], last_prompt="Klopt dat?",
                      misses=1, meer=["a", "b"], twijfel="mijn moeder", twijfel_gevraagd=True)

    async def scenario():
        assert await store.get(call) is None
        await store.put(call, state)
        first = await store.get(call)
        first.misses = 2  # a copy: changing it changes nothing stored until it is put back
        second = await store.get(call)
        await store.drop(call)
        return first, second, await store.get(call)

    first, second, gone = asyncio.run(scenario())
    assert second == state and first.misses == 2 and gone is None


@pytest.mark.parametrize("kind", STORES)
def test_a_call_state_expires_after_its_ttl(kind):
    store, call = make_store(kind, ttl=0.3), sid()

    async def scenario():
        await store.put(call, CallState())
        kept = await store.get(call)
        await asyncio.sleep(0.5)
        return kept, await store.get(call)

    kept, later = asyncio.run(scenario())
    assert kept is not None and later is None


def test_the_memory_store_is_bounded():
    store = CallStateStore(max_calls=2)

    async def scenario():
        for call in ("CA1", "CA2", "CA3"):
            await store.put(call, CallState())
            time.sleep(0.001)
        return await store.get("CA1")

    assert asyncio.run(scenario()) is None and len(store) == 2


@needs_redis
def test_lock_store_type_redis_puts_call_state_in_redis(monkeypatch):
    from bot.voordeur import config

    monkeypatch.setenv("LOCK_STORE_TYPE", "redis")
    config.shared_redis.cache_clear()
    try:
        assert isinstance(call_state_store(), RedisCallStateStore)
    finally:
        config.shared_redis.cache_clear()
    monkeypatch.setenv("LOCK_STORE_TYPE", "in_memory")
    assert isinstance(call_state_store(), CallStateStore)


@needs_redis
def test_a_call_whose_webhooks_alternate_between_two_instances_keeps_its_menu_and_buttons():
    """Instance A answers the ring, B the menu choice, A gets the key press for a button B offered: A must know
    those buttons (state in Redis), or key 2 would go to the NLU as the text '2'."""
    instances = [TwilioVoiceInput(VoiceSettings(), store=RedisCallStateStore(REDIS)) for _ in range(2)]
    received: list = []

    async def on_new_message(message) -> None:
        received.append(message.text)
        await message.output_channel.send_text_with_buttons(
            message.sender_id, "Gaat het om uzelf?", [{"title": "Ja", "payload": "/affirm"},
                                                       {"title": "Nee", "payload": "/deny"}])

    call = sid()

    async def webhook(i: int, **fields: str) -> None:
        form = {"CallSid": call, "From": "+31612344567", "CallStatus": "in-progress", **fields}
        ET.fromstring(str(await instances[i % 2].handle(form, on_new_message)))

    async def scenario():
        await webhook(0, CallStatus="ringing")
        await webhook(1, Digits="1")  # the menu: 1 = inwoner
        await webhook(2, Digits="2")  # the second button of what instance B said: "Nee"
        heard = list(received)
        await webhook(3, CallStatus="completed")
        left = await RedisCallStateStore(REDIS).get(call)
        for instance in instances:
            await instance.store.redis.close()
        return heard, left

    heard, left = asyncio.run(scenario())
    assert heard == ["/melder_zelf", "/deny"] and left is None
