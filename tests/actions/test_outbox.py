"""Durable outbox: nothing lost when the inbox is down, nothing twice when it comes back."""
from __future__ import annotations

import asyncio

from bot.actions.inbox_client import InboxClient
from bot.actions.outbox import AANMELDING, Outbox
from tests.actions.conftest import FakeInbox


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
        await asyncio.sleep(0.5)
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
    import sqlite3
    with sqlite3.connect(tmp_path / "o.sqlite3") as db:
        assert db.execute("SELECT payload FROM outbox").fetchone()[0] == "{}"


async def test_refused_body_is_kept_as_failed_and_not_retried(tmp_path, inbox):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient(inbox.url, "wrong-token"))
    outbox.enqueue("k", AANMELDING, {})
    assert (await outbox.deliver("k")).status == "failed"
    assert await outbox.run_once() == 0
