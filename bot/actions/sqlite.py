"""Long-lived SQLite connections for the action server's small stores (outbox, drafts).

Opening a connection and setting WAL costs more than the queries themselves, and every action runs on the
one event-loop thread, so each store keeps its connections open (a lock guards the rare other thread).
`durable=True` commits with a full fsync (synchronous=FULL): for what was promised to someone, such as a queued
aanmelding. Otherwise synchronous=NORMAL: a committed write survives a crash of the process; only a crash
of the machine may lose the last writes, which the callers can afford (see each store).
"""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class SqliteFile:
    """One SQLite file in WAL mode with a fast and, where asked, a durable connection."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._fast = self._open("NORMAL")
        self._durable: sqlite3.Connection | None = None

    def _open(self, synchronous: str) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        return db

    @contextmanager
    def transaction(self, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction: committed at the end, rolled back on an exception."""
        with self._lock:
            if durable and self._durable is None:
                self._durable = self._open("FULL")
            db = self._durable if durable else self._fast
            with db:
                yield db

    def close(self) -> None:
        with self._lock:
            for db in (self._fast, self._durable):
                if db is not None:
                    db.close()
