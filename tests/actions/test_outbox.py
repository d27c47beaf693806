"""Durable outbox: nothing lost when the inbox is down, nothing twice when it comes back."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.actions.inbox_client import InboxClient
from bot.actions.outbox import (AANMELDING, AUTH_ALERT_AFTER, DEAD, DELIVERED, PENDING, SPOED_MAX_DELAY, STATES, Outbox,
                                backoff)
from tests.actions.conftest import FakeInbox
from tests.support.stack import free_port


async def test_inbox_down_then_up_delivers_exactly_once(tmp_path):
    inbox = FakeInbox()  # not started: nobody listens on its port
    outbox = Outbox(tmp_path / "outbox.sqlite3", InboxClient(inbox.url, "service-token"), max_delay=0.05)
    outbox.enqueue("key-1", AANMELDING, {"samenvatting": "traplift"})
    first = await outbox.deliver("key-1", timeout=0.5)
    assert first.status == "pending" and first.attempts == 1
    inbox.start()
    try:
        await asyncio.sleep(0.1)
        assert await outbox.run_once() == 1
        assert outbox.get("key-1").status == "delivered"
        assert outbox.get("key-1").response["referentie"] == "VMK-2026-000001"
        assert await outbox.run_once() == 0  # nothing left
        outbox.enqueue("key-1", AANMELDING, {"samenvatting": "traplift"})  # enqueue again: ignored
        assert await outbox.run_once() == 0
        assert list(inbox.created) == ["key-1"]
    finally:
        inbox.stop()


async def test_outbox_survives_a_restart_of_the_action_server(tmp_path):
    inbox = FakeInbox()
    path = tmp_path / "outbox.sqlite3"
    Outbox(path, InboxClient(inbox.url, "service-token")).enqueue("key-2", AANMELDING, {"a": 1})
    inbox.start()
    try:
        fresh = Outbox(path, InboxClient(inbox.url, "service-token"))  # a new process reads the same file
        assert fresh.pending_keys() == ["key-2"]
        await fresh.run_once()
        assert list(inbox.created) == ["key-2"]
    finally:
        inbox.stop()


async def test_backoff_grows_and_worker_delivers_in_the_background(tmp_path):
    inbox = FakeInbox().start()
    inbox.down = True
    outbox = Outbox(tmp_path / "outbox.sqlite3", InboxClient(inbox.url, "service-token"), max_delay=0.2)
    outbox.enqueue("key-3", AANMELDING, {"a": 1})
    task = asyncio.create_task(outbox.worker(poll_seconds=0.05))
    try:
        for _ in range(200):  # the first request builds the HTTP client: over a second on a loaded machine
            await asyncio.sleep(0.05)
            if outbox.get("key-3").attempts >= 2:
                break
        assert outbox.get("key-3").attempts >= 2 and outbox.get("key-3").status == "pending"
        inbox.down = False
        for _ in range(40):
            await asyncio.sleep(0.05)
            if outbox.get("key-3").status == "delivered":
                break
        assert outbox.get("key-3").status == "delivered"
        assert len(inbox.created) == 1
    finally:
        task.cancel()
        inbox.stop()


async def test_delivered_payload_is_cleared_from_the_outbox(tmp_path, inbox):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient(inbox.url, "service-token"))
    outbox.enqueue("k", AANMELDING, {"contact": {"telefoon": "+31612345678"}})
    await outbox.deliver("k")
    with sqlite3.connect(tmp_path / "o.sqlite3") as db:
        assert db.execute("SELECT payload FROM outbox").fetchone()[0] == "{}"


async def test_refused_service_token_is_retried_with_backoff_and_an_error_hint_never_failed(tmp_path, inbox, caplog):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient(inbox.url, "rotated-token"), max_delay=0.05)
    outbox.enqueue("k", AANMELDING, {"urgentie": "spoed"})
    for attempt in range(1, AUTH_ALERT_AFTER + 1):
        outbox.make_due("k")
        with caplog.at_level(logging.WARNING, logger="bot.actions.outbox"):
            delivery = await outbox.deliver("k")
        assert (delivery.status, delivery.attempts, delivery.http_status) == ("pending", attempt, 401)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "controleer INBOX_SERVICE_TOKEN" in errors[0].getMessage()
    assert [r.levelno for r in caplog.records[:AUTH_ALERT_AFTER - 1]] == [logging.WARNING] * (AUTH_ALERT_AFTER - 1)
    outbox.client = InboxClient(inbox.url, "service-token")  # the operator fixed the token (and restarted)
    outbox.make_due("k")
    assert (await outbox.deliver("k")).status == "delivered"
    assert list(inbox.created) == ["k"]


@pytest.mark.parametrize(("attempts", "low", "high"), [(1, 0.8, 1.0), (2, 1.6, 2.0), (4, 6.4, 8.0), (9, 48.0, 60.0),
                                                       (40, 48.0, 60.0)])
def test_backoff_doubles_with_jitter_up_to_the_cap(attempts, low, high):
    delays = [backoff(attempts, 60.0) for _ in range(200)]
    assert low <= min(delays) and max(delays) <= high and len(set(delays)) > 1


async def test_spoed_is_retried_first_then_hoog_then_oldest(tmp_path):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient("http://127.0.0.1:9", "t"))
    for key, urgentie in (("oud-normaal", "normaal"), ("hoog", "hoog"), ("uitkomst", None), ("spoed", "spoed")):
        outbox.enqueue(key, AANMELDING, {"urgentie": urgentie} if urgentie else {})
    assert outbox.pending_keys() == ["spoed", "hoog", "oud-normaal", "uitkomst"]


async def test_spoed_waits_at_most_a_minute_between_attempts(tmp_path):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient(f"http://127.0.0.1:{free_port()}", "t"), max_delay=300)
    outbox.enqueue("spoed", AANMELDING, {"urgentie": "spoed"})
    outbox.enqueue("normaal", AANMELDING, {"urgentie": "normaal"})
    with sqlite3.connect(tmp_path / "o.sqlite3") as db:
        db.execute("UPDATE outbox SET attempts = 20")  # a long outage
    for key in ("spoed", "normaal"):
        await outbox.deliver(key, timeout=0.2)
    with sqlite3.connect(tmp_path / "o.sqlite3") as db:
        wait = dict(db.execute("SELECT key, next_attempt - updated FROM outbox").fetchall())
    assert wait["spoed"] <= SPOED_MAX_DELAY and wait["normaal"] > SPOED_MAX_DELAY


def test_rows_that_failed_before_dead_letters_existed_become_dead_letters(tmp_path):
    path = tmp_path / "o.sqlite3"
    with sqlite3.connect(path) as db:  # the outbox table as the previous release created it
        db.execute("CREATE TABLE outbox (key TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL,"
                   " status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
                   " next_attempt REAL NOT NULL, response TEXT, last_error TEXT, created REAL NOT NULL)")
        db.execute("INSERT INTO outbox VALUES ('k', 'aanmelding', '{}', 'failed', 1, 0, NULL, 'inbox refused', 0)")
    outbox = Outbox(path, InboxClient("http://127.0.0.1:9", "t"))
    assert [d.key for d in outbox.rows()] == ["k"]
    assert outbox.requeue(["k"]) == 1 and outbox.get("k").status == "pending"


@pytest.mark.parametrize(("statuses", "left"), [
    ((DELIVERED, DEAD), {"pending-oud", "delivered-nieuw"}),
    ((DELIVERED,), {"pending-oud", "delivered-nieuw", "dead-oud"}),
    ((PENDING, DELIVERED, DEAD), {"delivered-nieuw"}),
])
def test_purge_removes_rows_older_than_the_age_in_the_given_states(tmp_path, statuses, left):
    path = tmp_path / "o.sqlite3"
    outbox = Outbox(path, InboxClient("http://127.0.0.1:9", "t"))
    now = time.time()
    for key, status, age_days in (("pending-oud", "pending", 40), ("delivered-oud", "delivered", 40),
                                  ("delivered-nieuw", "delivered", 2), ("dead-oud", "dead", 31)):
        outbox.enqueue(key, AANMELDING, {})
        with sqlite3.connect(path) as db:
            db.execute("UPDATE outbox SET status = ?, updated = ? WHERE key = ?",
                       (status, now - age_days * 86400, key))
    removed = outbox.purge(dt.timedelta(days=30), statuses, now=now)
    assert {d.key for d in outbox.rows(STATES)} == left
    assert removed == 4 - len(left)


def test_purge_refuses_an_unknown_state(tmp_path):
    with pytest.raises(ValueError):
        Outbox(tmp_path / "o.sqlite3", InboxClient("http://127.0.0.1:9", "t")).purge(dt.timedelta(days=1), ("failed",))


async def test_a_throttled_request_waits_as_long_as_the_inbox_asks_within_the_cap(tmp_path):
    class Throttled(BaseHTTPRequestHandler):  # the inbox's answer when its limit is reached
        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"fout": "Te veel aanvragen; probeer het later opnieuw.", "velden": {}}'
            self.send_response(429)
            self.send_header("Retry-After", "30")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Throttled)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        outbox = Outbox(tmp_path / "o.sqlite3", InboxClient(url, "service-token"), max_delay=300)
        outbox.enqueue("k", AANMELDING, {"urgentie": "normaal"})
        delivery = await outbox.deliver("k")
        assert (delivery.status, delivery.http_status) == ("pending", 429)
        with sqlite3.connect(tmp_path / "o.sqlite3") as db:
            wait = db.execute("SELECT next_attempt - updated FROM outbox").fetchone()[0]
        assert 29 <= wait <= 31
    finally:
        server.shutdown()
        server.server_close()
