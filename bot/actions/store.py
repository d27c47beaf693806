"""Draft store: the real phone number and e-mail address of a conversation, kept out of the tracker.

SQLite under VOORDEUR_VAR_DIR, keyed by conversation id; deleted on delivery or when consent is refused,
and never older than the TTL (24 h by default): an expired value is never returned, and expired rows are
purged at most once a minute. Writes skip the full fsync (see bot/actions/sqlite.py): after a machine crash a
draft value may be missing (the form asks again) or a deleted one may return until its TTL purges it.
"""
from __future__ import annotations

import time
from pathlib import Path

from bot.actions.sqlite import SqliteFile

PURGE_EVERY_SECONDS = 60.0


class DraftStore:
    """A tiny key/value store per conversation (`conversation_id`, `key`) -> value."""

    def __init__(self, path: Path, ttl_seconds: int = 24 * 3600) -> None:
        self.path = Path(path)
        self.ttl = ttl_seconds
        self._file = SqliteFile(self.path)
        self._purged_at = 0.0
        with self._file.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS draft (conversation_id TEXT NOT NULL, key TEXT NOT NULL,"
                " value TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (conversation_id, key))"
            )

    def put(self, conversation_id: str, key: str, value: str) -> None:
        """Store (or replace) one value."""
        with self._file.transaction() as db:
            db.execute("INSERT OR REPLACE INTO draft VALUES (?, ?, ?, ?)", (conversation_id, key, value, time.time()))

    def get_all(self, conversation_id: str) -> dict[str, str]:
        """All live values of a conversation."""
        now = time.time()
        if now - self._purged_at >= PURGE_EVERY_SECONDS:
            self.purge_expired()
        with self._file.transaction() as db:
            rows = db.execute("SELECT key, value FROM draft WHERE conversation_id = ? AND created >= ?",
                              (conversation_id, now - self.ttl)).fetchall()
        return dict(rows)

    def delete(self, conversation_id: str) -> None:
        """Forget everything of a conversation (delivered, no consent, or restart)."""
        with self._file.transaction() as db:
            db.execute("DELETE FROM draft WHERE conversation_id = ?", (conversation_id,))

    def purge_expired(self) -> int:
        """Delete drafts older than the TTL; returns how many rows went."""
        self._purged_at = time.time()
        with self._file.transaction() as db:
            return db.execute("DELETE FROM draft WHERE created < ?", (self._purged_at - self.ttl,)).rowcount
