"""Draft store: the real phone number and e-mail address of a conversation, kept out of the tracker.

SQLite under VOORDEUR_VAR_DIR, keyed by conversation id; deleted on delivery or when consent is refused,
and never older than the TTL (24 h by default).
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path


class DraftStore:
    """A tiny key/value store per conversation (`conversation_id`, `key`) -> value."""

    def __init__(self, path: Path, ttl_seconds: int = 24 * 3600) -> None:
        self.path = Path(path)
        self.ttl = ttl_seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS draft (conversation_id TEXT NOT NULL, key TEXT NOT NULL,"
                " value TEXT NOT NULL, created REAL NOT NULL, PRIMARY KEY (conversation_id, key))"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def put(self, conversation_id: str, key: str, value: str) -> None:
        """Store (or replace) one value."""
        with self._connect() as db:
            db.execute("INSERT OR REPLACE INTO draft VALUES (?, ?, ?, ?)", (conversation_id, key, value, time.time()))

    def get_all(self, conversation_id: str) -> dict[str, str]:
        """All live values of a conversation."""
        self.purge_expired()
        with self._connect() as db:
            rows = db.execute("SELECT key, value FROM draft WHERE conversation_id = ?", (conversation_id,)).fetchall()
        return dict(rows)

    def delete(self, conversation_id: str) -> None:
        """Forget everything of a conversation (delivered, no consent, or restart)."""
        with self._connect() as db:
            db.execute("DELETE FROM draft WHERE conversation_id = ?", (conversation_id,))

    def purge_expired(self) -> int:
        """Delete drafts older than the TTL; returns how many rows went."""
        with self._connect() as db:
            return db.execute("DELETE FROM draft WHERE created < ?", (time.time() - self.ttl,)).rowcount
