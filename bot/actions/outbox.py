"""Durable outbox: every aanmelding, uitkomst and tevredenheid answer is written here first, then delivered.

A background task of the action server retries with exponential backoff; the Idempotency-Key of an
aanmelding makes the inbox create it exactly once, however often it is sent.

States of a row: `pending` (waiting or retrying), `delivered` (payload cleared), `dead` (the inbox refused the
body for good: a dead letter, kept with its payload and the reason until an operator requeues it or retention
purges it). An outage, a 5xx, a 429 and a refused service token (401/403) are retried forever, spoed first;
a refused token is logged at ERROR with a hint after a few attempts, because it is configuration.

Enqueueing commits with a full fsync: from then on the aanmelding is promised to the inwoner. Status updates
skip it (bot/actions/sqlite.py): after a machine crash a delivered request may show as pending again and is
sent once more, which the idempotency on the inbox side absorbs.

Operators: `python -m bot.actions.outbox list | requeue KEY... | requeue --all-dead | purge --older-than-days N`.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from bot.actions.inbox_client import InboxClient, InboxRejected, InboxUnauthorized, InboxUnavailable
from bot.actions.sqlite import SqliteFile

logger = logging.getLogger(__name__)

AANMELDING = "aanmelding"
UITKOMST = "uitkomst"
TEVREDENHEID = "tevredenheid"
PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
STATES = (PENDING, DELIVERED, DEAD)
AUTH_ALERT_AFTER = 3  # a refused service token is an ERROR from this attempt on (a WARNING before)
OUTAGE_ALERT_AFTER = 10  # an unreachable inbox is an ERROR from this attempt on (about 15 minutes)
SPOED_MAX_DELAY = 60.0  # a spoed aanmelding waits at most this long between attempts
_ORDER = "CASE urgentie WHEN 'spoed' THEN 0 WHEN 'hoog' THEN 1 ELSE 2 END, created"
_COLUMNS = {"urgentie": "TEXT", "http_status": "INTEGER", "updated": "REAL"}  # added after the first release


@dataclass(frozen=True)
class Delivery:
    key: str
    status: str  # pending | delivered | dead
    response: dict[str, Any] | None
    attempts: int
    kind: str = AANMELDING
    urgentie: str | None = None
    http_status: int | None = None  # the inbox's last refusing status (dead letters, refused tokens)
    last_error: str | None = None
    created: float = 0.0
    updated: float | None = None


def backoff(attempts: int, max_delay: float) -> float:
    """Seconds until the next attempt after `attempts` failures: 1, 2, 4 … capped at max_delay, 80–100 % jitter."""
    return min(max_delay, 2.0 ** min(attempts - 1, 30)) * random.uniform(0.8, 1.0)


class Outbox:
    """SQLite-backed queue of inbox requests (`key` is unique: enqueueing twice is a no-op)."""

    def __init__(self, path: Path, client: InboxClient, max_delay: float = 300.0) -> None:
        self.path = Path(path)
        self.client = client
        self.max_delay = max_delay
        self._in_flight: set[str] = set()
        self._wake = asyncio.Event()
        # Attempts of this process by (kind, result): delivered | retry | dead (the /metrics endpoint).
        self.attempts: Counter[tuple[str, str]] = Counter()
        self._file = SqliteFile(self.path)
        with self._file.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS outbox (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,"
                " status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
                " next_attempt REAL NOT NULL, response TEXT, last_error TEXT, created REAL NOT NULL)"
            )
            have = {row[1] for row in db.execute("PRAGMA table_info(outbox)")}
            for name, kind in _COLUMNS.items():
                if name not in have:
                    db.execute(f"ALTER TABLE outbox ADD COLUMN {name} {kind}")
            # Before dead letters, a refused row was 'failed' and kept forever: it is a dead letter now.
            db.execute("UPDATE outbox SET status = 'dead' WHERE status = 'failed'")

    def enqueue(self, key: str, kind: str, payload: dict[str, Any], wake: bool = True) -> None:
        """Persist a request before anything is sent (a second enqueue with the same key is ignored).

        `wake=False` when the caller delivers it right away itself: the worker then only retries a failure.
        """
        urgentie = payload.get("urgentie") if isinstance(payload.get("urgentie"), str) else None
        with self._file.transaction(durable=True) as db:
            db.execute(
                "INSERT OR IGNORE INTO outbox (key, kind, payload, next_attempt, created, urgentie)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (key, kind, json.dumps(payload), time.time(), time.time(), urgentie),
            )
        if wake:
            self._wake.set()

    def get(self, key: str) -> Delivery | None:
        """The delivery state of one request."""
        rows = self._select("WHERE key = ?", (key,))
        return rows[0] if rows else None

    def rows(self, statuses: Iterable[str] = (DEAD,)) -> list[Delivery]:
        """Rows in the given states, spoed first, then oldest first (for the operator's list)."""
        statuses = tuple(statuses)
        return self._select(f"WHERE status IN ({', '.join('?' * len(statuses))}) ORDER BY {_ORDER}", statuses)

    def counts(self) -> dict[str, int]:
        """Number of rows per state (every state present, zero when empty)."""
        with self._file.transaction() as db:
            found = dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())
        return {state: found.get(state, 0) for state in STATES}

    def oldest_pending(self) -> float | None:
        """When the oldest request still waiting for delivery was enqueued (epoch seconds), or None."""
        with self._file.transaction() as db:
            return db.execute("SELECT MIN(created) FROM outbox WHERE status = 'pending'").fetchone()[0]

    def _select(self, where: str, args: tuple) -> list[Delivery]:
        with self._file.transaction() as db:
            rows = db.execute(
                "SELECT key, status, response, attempts, kind, urgentie, http_status, last_error, created, updated"
                f" FROM outbox {where}", args).fetchall()
        return [Delivery(r[0], r[1], json.loads(r[2]) if r[2] else None, *r[3:]) for r in rows]

    def pending_keys(self, due_only: bool = True) -> list[str]:
        """Keys still waiting for delivery (due now, unless due_only is False): spoed first, then hoog, then oldest."""
        query = "SELECT key FROM outbox WHERE status = 'pending'" + (" AND next_attempt <= ?" if due_only else "")
        with self._file.transaction() as db:
            rows = db.execute(f"{query} ORDER BY {_ORDER}", (time.time(),) if due_only else ()).fetchall()
        return [r[0] for r in rows]

    async def deliver(self, key: str, timeout: float | None = None) -> Delivery | None:
        """Try to send one request now; on failure schedule the next attempt with backoff or keep it as dead."""
        if key in self._in_flight:
            return self.get(key)
        with self._file.transaction() as db:
            row = db.execute("SELECT kind, payload, attempts, status, urgentie FROM outbox WHERE key = ?",
                             (key,)).fetchone()
        if row is None or row[3] != PENDING:
            return self.get(key)
        kind, payload, attempts, urgentie = row[0], json.loads(row[1]), row[2] + 1, row[4]
        self._in_flight.add(key)
        try:
            if kind == AANMELDING:
                response = await self.client.create_aanmelding(payload, key, timeout=timeout)
            elif kind == TEVREDENHEID:
                response = await self.client.record_tevredenheid(payload, timeout=timeout)
            else:
                response = await self.client.record_uitkomst(payload, timeout=timeout)
        except InboxUnavailable as exc:
            cap = min(self.max_delay, SPOED_MAX_DELAY) if urgentie == "spoed" else self.max_delay
            delay = max(backoff(attempts, cap), min(exc.retry_after or 0.0, cap))
            self.attempts[(kind, "retry")] += 1
            self._log_retry(key, kind, urgentie, attempts, delay, exc)
            self._update(key, PENDING, attempts, time.time() + delay, None, str(exc), exc.status)
        except InboxRejected as exc:
            # A refused body will be refused again: a dead letter, kept for an operator (list, requeue).
            logger.error("outbox %s: dead letter: the inbox refused this %s%s for good with %s; it is not retried. "
                         "See it with `python -m bot.actions.outbox list`; after a fix: "
                         "`python -m bot.actions.outbox requeue %s`", key, kind,
                         f" (urgentie {urgentie})" if urgentie else "", exc.reason, key)
            self.attempts[(kind, DEAD)] += 1
            self._update(key, DEAD, attempts, time.time(), None, exc.reason, exc.status)
        else:
            self.attempts[(kind, DELIVERED)] += 1
            self._update(key, DELIVERED, attempts, time.time(), response, None, None, clear_payload=True)
        finally:
            self._in_flight.discard(key)
        return self.get(key)

    @staticmethod
    def _log_retry(key: str, kind: str, urgentie: str | None, attempts: int, delay: float,
                   exc: InboxUnavailable) -> None:
        what = f"{kind}{' (spoed)' if urgentie == 'spoed' else ''}"
        if isinstance(exc, InboxUnauthorized):
            level = logging.ERROR if attempts >= AUTH_ALERT_AFTER else logging.WARNING
            logger.log(level, "outbox %s: the inbox refused the service token for this %s (status %s, attempt %d); "
                       "controleer INBOX_SERVICE_TOKEN (the action server's must equal the inbox's: rotated or "
                       "mistyped?). Kept and retried in %.1f s", key, what, exc.status, attempts, delay)
            return
        level = logging.ERROR if attempts >= OUTAGE_ALERT_AFTER else logging.WARNING
        logger.log(level, "outbox %s: inbox unavailable for this %s (attempt %d), retry in %.1f s: %s", key, what,
                   attempts, delay, exc)

    def _update(self, key: str, status: str, attempts: int, next_attempt: float, response: Any, error: str | None,
                http_status: int | None, clear_payload: bool = False) -> None:
        payload_sql = ", payload = '{}'" if clear_payload else ""  # delivered: personal data lives in the inbox only
        with self._file.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = ?, attempts = ?, next_attempt = ?, response = ?, last_error = ?,"
                f" http_status = ?, updated = ?{payload_sql} WHERE key = ?",
                (status, attempts, next_attempt, json.dumps(response) if response is not None else None, error,
                 http_status, time.time(), key),
            )

    def make_due(self, key: str) -> None:
        """Retry a pending request at the next run (an operator after an outage; tests)."""
        with self._file.transaction() as db:
            db.execute("UPDATE outbox SET next_attempt = 0 WHERE key = ? AND status = 'pending'", (key,))
        self._wake.set()

    def requeue(self, keys: Iterable[str] | None = None) -> int:
        """Dead letters back to pending, due now, attempts reset (after the cause was fixed); returns how many.

        `keys=None` requeues every dead letter. Pending and delivered rows are left alone.
        """
        now = time.time()
        with self._file.transaction(durable=True) as db:
            sql = ("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt = 0, http_status = NULL,"
                   " last_error = NULL, updated = ? WHERE status = 'dead'")
            if keys is None:
                changed = db.execute(sql, (now,)).rowcount
            else:
                changed = sum(db.execute(sql + " AND key = ?", (now, key)).rowcount for key in keys)
        if changed:
            self._wake.set()
        return changed

    def purge(self, older_than: dt.timedelta, statuses: Iterable[str] = (DELIVERED, DEAD),
              now: float | None = None) -> int:
        """Delete rows in `statuses` whose last change is older than `older_than`; returns how many (retention).

        Age counts from the last change (delivery, refusal, requeue), or from the enqueue for an untouched row.
        Pending rows are promised to someone and are only purged when asked for explicitly.
        """
        statuses = tuple(statuses)
        unknown = set(statuses) - set(STATES)
        if unknown:
            raise ValueError(f"unknown outbox states: {sorted(unknown)}")
        grens = (time.time() if now is None else now) - older_than.total_seconds()
        with self._file.transaction() as db:
            return db.execute(
                f"DELETE FROM outbox WHERE status IN ({', '.join('?' * len(statuses))})"
                " AND COALESCE(updated, created) < ?", (*statuses, grens)).rowcount

    async def run_once(self) -> int:
        """Deliver every due request once, spoed first; returns how many were tried."""
        keys = self.pending_keys()
        for key in keys:
            await self.deliver(key)
        return len(keys)

    async def worker(self, poll_seconds: float = 1.0) -> None:
        """Background task: deliver due requests forever (cancelled when the server stops).

        A (re)start makes every pending row due at once: restarting is how a fixed service token takes effect.
        """
        with self._file.transaction() as db:
            db.execute("UPDATE outbox SET next_attempt = 0 WHERE status = 'pending'")
        while True:
            await self.run_once()
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=poll_seconds)
            except asyncio.TimeoutError:
                pass


def _when(epoch: float | None) -> str:
    return dt.datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M") if epoch else "-"


def main(argv: list[str] | None = None) -> int:
    """Operator CLI on the action server's outbox ($VOORDEUR_VAR_DIR/outbox.sqlite3)."""
    from bot.actions import services
    from bot.actions.common import kenmerk

    parser = argparse.ArgumentParser(prog="python -m bot.actions.outbox",
                                     description="De outbox van de action server: niet afgeleverde aanmeldingen.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    lijst = sub.add_parser("list", help="rijen tonen (standaard: dead letters)")
    lijst.add_argument("--status", choices=(*STATES, "all"), default=DEAD)
    again = sub.add_parser("requeue", help="dead letters opnieuw aanbieden (na een oplossing)")
    again.add_argument("keys", nargs="*", metavar="KEY")
    again.add_argument("--all-dead", action="store_true", help="alle dead letters")
    purge = sub.add_parser("purge", help="afgeleverde en dead rijen ouder dan N dagen verwijderen")
    purge.add_argument("--older-than-days", type=float, required=True)
    args = parser.parse_args(argv)
    outbox = services.outbox()

    if args.cmd == "list":
        rows = outbox.rows(STATES if args.status == "all" else (args.status,))
        for d in rows:
            print(f"{d.key}  {kenmerk(d.key) if d.kind == AANMELDING else '-':<14}  {d.kind:<10}  "
                  f"{d.urgentie or '-':<7}  {d.status:<9}  pogingen {d.attempts:<3}  aangemaakt {_when(d.created)}  "
                  f"{d.last_error or ''}".rstrip())
        counts = outbox.counts()
        print(f"{len(rows)} rij(en). In de outbox: {counts[PENDING]} wachtend, {counts[DEAD]} niet afgeleverd "
              f"(dead), {counts[DELIVERED]} afgeleverd.")
        return 0
    if args.cmd == "requeue":
        if bool(args.keys) == args.all_dead:
            parser.error("geef één of meer KEYs of --all-dead")
        n = outbox.requeue(None if args.all_dead else args.keys)
        print(f"{n} dead letter(s) opnieuw in de wachtrij. De action server levert ze binnen enkele seconden af.")
        return 0
    n = outbox.purge(dt.timedelta(days=args.older_than_days))
    print(f"{n} rij(en) verwijderd (afgeleverd of dead, ouder dan {args.older_than_days:g} dagen).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
