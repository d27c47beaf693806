"""Process-wide services of the action server (created lazily from config; tests call `reset()`)."""
from __future__ import annotations

from functools import lru_cache

from bot.actions.config import Config, load_config
from bot.actions.inbox_client import InboxClient
from bot.actions.outbox import Outbox
from bot.actions.store import DraftStore


@lru_cache(maxsize=1)
def config() -> Config:
    return load_config()


@lru_cache(maxsize=1)
def drafts() -> DraftStore:
    return DraftStore(config().drafts_path, config().draft_ttl_seconds)


@lru_cache(maxsize=1)
def outbox() -> Outbox:
    cfg = config()
    return Outbox(cfg.outbox_path, InboxClient(cfg.inbox_url, cfg.inbox_token), cfg.retry_max_delay)


def reset() -> None:
    """Forget the cached services (after the environment changed)."""
    for fn in (config, drafts, outbox):
        fn.cache_clear()
