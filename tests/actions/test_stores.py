"""The action server's SQLite stores: drafts never outlive their TTL, and what one connection commits another
process sees (the stores keep their connections open)."""
from __future__ import annotations

import sqlite3
import time

import pytest

from bot.actions import store as store_module
from bot.actions.inbox_client import InboxClient
from bot.actions.outbox import AANMELDING, Outbox
from bot.actions.store import DraftStore


def test_a_draft_value_past_its_ttl_is_never_returned_even_before_the_purge(tmp_path, monkeypatch):
    drafts = DraftStore(tmp_path / "d.sqlite3", ttl_seconds=60)
    drafts.put("gesprek", "telefoon", "+31612345678")
    assert drafts.get_all("gesprek") == {"telefoon": "+31612345678"}
    later = time.time() + 61
    monkeypatch.setattr(store_module.time, "time", lambda: later)
    drafts._purged_at = later  # the periodic purge has not come round yet
    assert drafts.get_all("gesprek") == {}
    assert sqlite3.connect(tmp_path / "d.sqlite3").execute("select count(*) from draft").fetchone()[0] == 1


def test_expired_drafts_are_purged_at_most_once_a_minute(tmp_path, monkeypatch):
    drafts = DraftStore(tmp_path / "d.sqlite3", ttl_seconds=60)
    drafts.put("gesprek", "telefoon", "+31612345678")
    later = time.time() + 61 + store_module.PURGE_EVERY_SECONDS
    monkeypatch.setattr(store_module.time, "time", lambda: later)
    assert drafts.get_all("gesprek") == {}
    assert sqlite3.connect(tmp_path / "d.sqlite3").execute("select count(*) from draft").fetchone()[0] == 0


@pytest.mark.parametrize("operation", ["put", "delete"])
def test_draft_writes_are_visible_to_another_connection_at_once(tmp_path, operation):
    drafts = DraftStore(tmp_path / "d.sqlite3")
    drafts.put("gesprek", "email", "jan@example.nl")
    if operation == "delete":
        drafts.delete("gesprek")
    rows = sqlite3.connect(tmp_path / "d.sqlite3").execute("select key from draft").fetchall()
    assert rows == ([("email",)] if operation == "put" else [])


def test_an_enqueued_aanmelding_is_committed_before_enqueue_returns(tmp_path):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient("http://127.0.0.1:9", "t"))
    outbox.enqueue("k", AANMELDING, {"a": 1}, wake=False)
    other = sqlite3.connect(tmp_path / "o.sqlite3")
    assert other.execute("select key, status from outbox").fetchall() == [("k", "pending")]
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("wake", [True, False])
def test_enqueue_wakes_the_worker_unless_the_caller_delivers_itself(tmp_path, wake):
    outbox = Outbox(tmp_path / "o.sqlite3", InboxClient("http://127.0.0.1:9", "t"))
    outbox.enqueue("k", AANMELDING, {"a": 1}, wake=wake)
    assert outbox._wake.is_set() is wake
