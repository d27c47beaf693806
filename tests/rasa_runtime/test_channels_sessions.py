"""Server-issued, HMAC-signed chat session ids and the rate limiters (in memory; in the real Redis at
127.0.0.1:6379 for several Rasa instances)."""
from __future__ import annotations

import asyncio
import secrets

import pytest

from bot.voordeur.config import RedisSettings
from bot.voordeur.ratelimit import RateLimiter, RedisRateLimiter
from bot.voordeur.sessions import SessionSigner
from tests.support.servers import redis_available
from tests.support.stack import free_port


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_issued_token_verifies_to_its_random_sender_id():
    signer = SessionSigner(b"geheim", 3600)
    issued = signer.issue()
    assert signer.verify(issued.token) == issued.sender_id
    assert len(issued.sender_id) >= 24
    assert issued.sender_id != signer.issue().sender_id


@pytest.mark.parametrize(
    "token",
    [None, "", "mijn-eigen-gesprek", "a.b", "a.b.c.d", 12345, {"x": 1}, "x" * 500],
)
def test_client_chosen_or_malformed_ids_are_rejected(token):
    assert SessionSigner(b"geheim", 3600).verify(token) is None


def test_tampered_sender_id_or_signature_is_rejected():
    signer = SessionSigner(b"geheim", 3600)
    sender, issued, sig = signer.issue().token.split(".")
    assert signer.verify(f"ander{sender}.{issued}.{sig}") is None
    assert signer.verify(f"{sender}.{issued}.{sig[:-2]}xx") is None
    assert signer.verify(f"{sender}.{issued}.") is None


def test_token_signed_with_another_secret_is_rejected():
    token = SessionSigner(b"ander-geheim", 3600).issue().token
    assert SessionSigner(b"geheim", 3600).verify(token) is None


def test_token_expires_after_max_age():
    clock = Clock()
    signer = SessionSigner(b"geheim", 3600, clock=clock)
    token = signer.issue().token
    clock.now += 3599
    assert signer.verify(token) is not None
    clock.now += 2
    assert signer.verify(token) is None


def test_rate_limiter_allows_the_limit_per_window_then_refuses():
    clock = Clock()
    limiter = RateLimiter(3, window=60, clock=clock)
    allow = lambda key: asyncio.run(limiter.allow(key))  # noqa: E731
    assert [allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert allow("5.6.7.8") is True  # per key
    clock.now += 61
    assert allow("1.2.3.4") is True


def test_rate_limiter_memory_stays_bounded():
    clock = Clock()
    limiter = RateLimiter(1, window=60, clock=clock, max_keys=100)
    for i in range(1000):
        asyncio.run(limiter.allow(f"ip-{i}"))
        clock.now += 0.01
    assert len(limiter._hits) <= 100


@pytest.mark.skipif(not redis_available(), reason="no Redis server at 127.0.0.1:6379")
def test_two_instances_count_one_clients_events_together_in_redis():
    """A client whose requests land on two Rasa instances gets the limit once, not once per instance."""
    redis = RedisSettings("127.0.0.1", 6379, 1)
    name = f"test_{secrets.token_hex(4)}"
    instances = [RedisRateLimiter(name, 3, 60, redis), RedisRateLimiter(name, 3, 60, redis)]

    async def scenario() -> list[bool]:
        answers = [await instances[i % 2].allow("192.0.2.7") for i in range(4)]
        answers.append(await instances[0].allow("192.0.2.8"))  # per key
        for limiter in instances:
            await limiter.redis.close()
        return answers

    assert asyncio.run(scenario()) == [True, True, True, False, True]


def test_without_redis_the_rate_limit_lets_events_through():
    """A rate limit is not worth refusing a chat for: Redis gone means no limit, with an error in the log."""
    port = free_port()  # nobody listens there
    limiter = RedisRateLimiter("test", 1, 60, RedisSettings("127.0.0.1", port, 1))
    limiter.redis.outage_seconds = 0.2
    assert asyncio.run(limiter.allow("a")) is True and asyncio.run(limiter.allow("a")) is True
