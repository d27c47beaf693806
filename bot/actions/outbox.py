"""Durable outbox: every aanmelding and uitkomst is written here first, then delivered to the inbox.

A background task of the action server retries with exponential backoff; the Idempotency-Key of an
aanmelding makes the inbox create it exactly once, however often it is sent.

Enqueueing commits with a full fsync: from then on the aanmelding is promised to the inwoner. Status updates
skip it (bot/actions/sqlite.py): after a machine crash a delivered request may show as pending again and is
sent once more, which the idempotency on the inbox side absorbs.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.actions.inbox_client import InboxClient, InboxRejected, InboxUnavailable
from bot.actions.sqlite import SqliteFile

logger = logging.getLogger(__name__)

AANMELDING = "aanmelding"
UITKOMST = "uitkomst"


@dataclass(frozen=True)
class Delivery:
    key: str
    status: str  # pending | delivered | failed
    response: dict[str, Any] | None
    attempts: int


class Outbox:
    """SQLite-backed queue of inbox requests (`key` is unique: enqueueing twice is a no-op)."""

    def __init__(self, path: Path, client: InboxClient, max_delay: float = 300.0) -> None:
        self.path = Path(path)
        self.client = client
        self.max_delay = max_delay
        self._in_flight: set[str] = set()
        self._wake = asyncio.Event()
        self._file = SqliteFile(self.path)
        with self._file.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,"
                " status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
                " next_attempt REAL NOT NULL, response TEXT, last_error TEXT, created REAL NOT NULL)"
            )

    def enqueue(self, key: str, kind: str, payload: dict[str, Any], wake: bool = True) -> None:
        """Persist a request before anything is sent (a second enqueue with the same key is ignored).

        `wake=False` when the caller delivers it right away itself: the worker then only retries a failure.
        """
        with self._file.transaction(durable=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (key, kind, payload, next_attempt, created) VALUES (?, ?, ?, ?, ?)",
                (key, kind, json.dumps(payload), time.time(), time.time()),
            )
        if wake:
            self._wake.set()

    def get(self, key: str) -> Delivery | None:
        """The delivery state of one request."""
        with self._file.transaction() as db:
            row = db.execute("SELECT key, status, response, attempts FROM outbox WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return Delivery(row[0], row[1], json.loads(row[2]) if row[2] else None, row[3])

    def pending_keys(self, due_only: bool = True) -> list[str]:
        """Keys still waiting for delivery (due now, unless due_only is False)."""
        query = "SELECT key FROM outbox WHERE status = 'pending'" + (" AND next_attempt <= ?" if due_only else "")
        with self._file.transaction() as db:
            rows = db.execute(query + " ORDER BY created", (time.time(),) if due_only else ()).fetchall()
        return [r[0] for r in rows]

    async def deliver(self, key: str, timeout: float | None = None) -> Delivery | None:
        """Try to send one request now; on failure schedule the next attempt with backoff."""
        if key in self._in_flight:
            return self.get(key)
        with self._file.transaction() as db:
            row = db.execute("SELECT kind, payload, attempts, status FROM outbox WHERE key = ?", (key,)).fetchone()
        if row is None or row[3] != "pending":
            return self.get(key)
        kind, payload, attempts = row[0], json.loads(row[1]), row[2]
        self._in_flight.add(key)
        try:
            if kind == AANMELDING:
                response = await self.client.create_aanmelding(payload, key, timeout=timeout)
            else:
                response = await self.client.record_uitkomst(payload, timeout=timeout)
        except InboxUnavailable as exc:
            delay = min(self.max_delay, 2.0 ** attempts) * random.uniform(0.8, 1.2)
            logger.warning("outbox %s: inbox unavailable (attempt %d), retry in %.1f s: %s", key, attempts + 1, delay, exc)
            self._update(key, "pending", attempts + 1, time.time() + delay, None, str(exc))
        except InboxRejected as exc:
            # A refused body will be refused again: keep it (without retrying) for an operator to inspect.
            logger.error("outbox %s: refused by the inbox, not retried: %s", key, exc)
            self._update(key, "failed", attempts + 1, time.time(), None, str(exc))
        else:
            self._update(key, "delivered", attempts + 1, time.time(), response, None, clear_payload=True)
        finally:
            self._in_flight.discard(key)
        return self.get(key)

    def _update(self, key: str, status: str, attempts: int, next_attempt: float, response: Any, error: str | None,
                clear_payload: bool = False) -> None:
        payload_sql = ", payload = '{}'" if clear_payload else ""  # delivered: personal data lives in the inbox only
        with self._file.transaction() as db:
            db.execute(
                f"UPDATE outbox SET status = ?, attempts = ?, next_attempt = ?, response = ?, last_error = ?{payload_sql}"
                " WHERE key = ?",
                (status, attempts, next_attempt, json.dumps(response) if response is not None else None, error, key),
            )

    def make_due(self, key: str) -> None:
        """Retry a pending request at the next run (an operator after an outage; tests)."""
        with self._file.transaction() as db:
            db.execute("UPDATE outbox SET next_attempt = 0 WHERE key = ? AND status = 'pending'", (key,))
        self._wake.set()

    async def run_once(self) -> int:
        """Deliver every due request once; returns how many were tried."""
        keys = self.pending_keys()
        for key in keys:
            await self.deliver(key)
        return len(keys)

    async def worker(self, poll_seconds: float = 1.0) -> None:
        """Background task: deliver due requests forever (cancelled when the server stops)."""
        while True:
            await self.run_once()
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=poll_seconds)
            except asyncio.TimeoutError:
                pass
