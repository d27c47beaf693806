"""The one place runtime 1's Voordeur code reads the environment (defaults = embedded mode)."""
from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

logger = logging.getLogger(__name__)

DEFAULT_ALLOWED_ORIGINS = ("http://127.0.0.1:5005", "http://localhost:5005")
PUBLIC_REQUEST_MAX_SIZE = 64 * 1024


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        logger.warning("%s=%r is not a number; using %d", name, raw, default)
        return default


@dataclass(frozen=True)
class ChannelSettings:
    """Limits and secrets of the public and private chat channels."""

    session_secret: bytes
    session_max_age_seconds: int
    allowed_origins: tuple[str, ...]
    max_message_chars: int
    new_sessions_per_ip_per_minute: int
    messages_per_session_per_minute: int
    rest_token: str | None


def _session_secret() -> bytes:
    secret = os.environ.get("CHAT_SESSION_SECRET", "").strip()
    if secret:
        return secret.encode()
    # Without a configured secret, ids signed by this process stop validating after a restart; that only
    # costs a resumed chat, so it is a warning, not an error.
    logger.warning("CHAT_SESSION_SECRET is not set; chat sessions will not survive a restart")
    return secrets.token_bytes(32)


def _origins() -> tuple[str, ...]:
    raw = os.environ.get("CHAT_ALLOWED_ORIGINS", "").strip()
    if not raw:
        return DEFAULT_ALLOWED_ORIGINS
    return tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())


@lru_cache(maxsize=1)
def channel_settings() -> ChannelSettings:
    """Settings read once per process."""
    return ChannelSettings(
        session_secret=_session_secret(),
        session_max_age_seconds=_int("CHAT_SESSION_MAX_AGE", 12 * 3600),
        allowed_origins=_origins(),
        max_message_chars=_int("CHAT_MAX_MESSAGE_CHARS", 2000),
        new_sessions_per_ip_per_minute=_int("CHAT_RATE_SESSIONS_PER_MINUTE", 10),
        messages_per_session_per_minute=_int("CHAT_RATE_MESSAGES_PER_MINUTE", 20),
        rest_token=os.environ.get("RASA_REST_TOKEN", "").strip() or None,
    )


@dataclass(frozen=True)
class EdgeSettings:
    """How Rasa's Sanic app meets the internet: trusted proxies in front of it and the request body cap."""

    proxies_count: int
    request_max_size: int
    twilio_max_fields: int


@lru_cache(maxsize=1)
def edge_settings() -> EdgeSettings:
    """`VOORDEUR_PROXIES_COUNT` (0: X-Forwarded-For is ignored) is the same setting the inbox reads;
    `RASA_REQUEST_MAX_SIZE` caps every request body, checked on Content-Length before anything is read."""
    return EdgeSettings(
        proxies_count=max(0, _int("VOORDEUR_PROXIES_COUNT", 0)),
        request_max_size=max(1024, _int("RASA_REQUEST_MAX_SIZE", PUBLIC_REQUEST_MAX_SIZE)),
        twilio_max_fields=max(1, _int("TWILIO_MAX_FIELDS", 100)),
    )


@dataclass(frozen=True)
class RedisSettings:
    """The Redis server several Rasa instances share (the lock store's: `REDIS_HOST`, `REDIS_PORT`)."""

    host: str
    port: int
    db: int = 1  # Rasa's RedisLockStore default; our keys start with "voordeur:"


@lru_cache(maxsize=1)
def shared_redis() -> Optional[RedisSettings]:
    """Where the state every Rasa instance must see lives: conversation locks (`bot.voordeur.lock_store`), phone call
    state (`bot.voordeur.call_state`) and the chat rate limits (`bot.voordeur.ratelimit`). `LOCK_STORE_TYPE=redis`
    (the setting for more than one instance) puts all of them in that Redis; otherwise (None) they live in this
    process's memory, which is right for one instance."""
    kind = os.environ.get("LOCK_STORE_TYPE", "").strip() or "in_memory"
    if kind == "in_memory":
        return None
    if kind != "redis":
        raise ValueError(f"LOCK_STORE_TYPE={kind!r}: kies in_memory (één Rasa-proces) of redis (meerdere)")
    return RedisSettings(host=os.environ.get("REDIS_HOST", "").strip() or "127.0.0.1",
                         port=_int("REDIS_PORT", 6379), db=_int("REDIS_DB", 1))


def rasa_jwt_secret() -> str:
    """The HS256 secret of Rasa's HTTP API (`RASA_JWT_SECRET`); empty when unset."""
    return os.environ.get("RASA_JWT_SECRET", "").strip()
