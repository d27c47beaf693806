"""Server-issued, HMAC-signed chat session ids and the in-memory rate limiter."""
from __future__ import annotations

import pytest

from bot.voordeur.ratelimit import RateLimiter
from bot.voordeur.sessions import SessionSigner


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
    assert [limiter.allow("1.2.3.4") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("5.6.7.8") is True  # per key
    clock.now += 61
    assert limiter.allow("1.2.3.4") is True


def test_rate_limiter_memory_stays_bounded():
    clock = Clock()
    limiter = RateLimiter(1, window=60, clock=clock, max_keys=100)
    for i in range(1000):
        limiter.allow(f"ip-{i}")
        clock.now += 0.01
    assert len(limiter._hits) <= 100
