"""The tracker store while its database is away (a restart): a turn that starts waits for it a while; a database
that stays away fails the turn, where Rasa's own wrapper would silently answer from an empty conversation and keep
the turn in memory only (FailSafeTrackerStore). SQLite here; PostgreSQL restarts: tests/e2e/test_production_shape.py."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.voordeur.tracker_store import RedactingSQLTrackerStore


def _unreachable() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("SELECT", {}, Exception("the database system is shutting down"))


@pytest.fixture
def store(tmp_path):
    inner = RedactingSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.sqlite3"))
    tracker = DialogueStateTracker("gesprek-1", Domain.empty().slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("hallo", {"name": "greet", "confidence": 1.0}))
    return inner, FailSafeTrackerStore(inner), tracker


def test_a_turn_that_starts_while_the_database_restarts_waits_for_it(store, run, monkeypatch):
    inner, wrapped, tracker = store
    run(wrapped.save(tracker))
    inner.forget()
    real, failures = inner._last_id, []

    def flaky(session, sender_id):
        if len(failures) < 2:
            failures.append(1)
            raise _unreachable()
        return real(session, sender_id)

    monkeypatch.setattr(inner, "_last_id", flaky)
    found = run(wrapped.retrieve("gesprek-1"))
    assert len(failures) == 2 and found is not None and found.latest_message.text == "hallo"


def test_a_database_that_stays_away_fails_the_turn_instead_of_starting_an_empty_conversation(store, run, monkeypatch):
    inner, wrapped, tracker = store
    run(wrapped.save(tracker))
    inner.outage_seconds = 0.3

    def down(session, sender_id):
        raise _unreachable()

    monkeypatch.setattr(inner, "_last_id", down)
    with pytest.raises(sa.exc.OperationalError):
        run(wrapped.retrieve("gesprek-1"))


def test_a_turn_whose_save_fails_is_not_kept_in_memory_as_if_it_were_saved(store, run, monkeypatch):
    inner, wrapped, tracker = store

    def broken_scope():
        raise _unreachable()

    monkeypatch.setattr(inner, "session_scope", broken_scope)
    with pytest.raises(sa.exc.OperationalError):
        run(wrapped.save(tracker))
    assert wrapped._fallback_tracker_store is None  # Rasa's in-memory fallback was never used


def test_other_tracker_stores_keep_rasas_own_fallback(run):
    class Broken(InMemoryTrackerStore):
        async def retrieve(self, sender_id):
            raise _unreachable()

    assert run(FailSafeTrackerStore(Broken(Domain.empty())).retrieve("x")) is None
