"""Reading Rasa's tracker store, read-only: the first question of a conversation and what the model made of it.

Rasa's SQLTrackerStore keeps one row per event in `events` (id, sender_id, type_name, timestamp, intent_name,
action_name, data: the event as JSON). The inbox opens it read-only (SQLite `mode=ro`; PostgreSQL
read-only sessions), reads only user events, and never copies a conversation: the trainers' queue
keeps an event's id and codes, and reads the words again each time they are shown. Retention and a refused
consent (which rewrites the events without their text) therefore reach the queue too.

The *first question* of a conversation is its first typed message (not a button) that the assistant took as a
question: an onderwerp intent (`vraag_*`) or the fallback (`nlu_fallback`). Greetings, "ja"/"nee", who is asking
and the like are not questions and are skipped.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from sqlalchemy import Connection, Engine, create_engine, event, text

FALLBACK = "nlu_fallback"
ONDERWERP_PREFIX = "vraag_"
CHUNK = 500


@dataclass(frozen=True)
class FirstQuestion:
    """The first question of a conversation as the model read it."""
    event_id: int
    sender_id: str
    op: dt.datetime
    intent: str                 # the intent the assistant went on: nlu_fallback when the model was unsure
    onderwerp: Optional[str]    # that intent's onderwerp; after a fallback the model's likeliest one
    zekerheid: Optional[float]  # the model's confidence in that onderwerp
    model_versie: Optional[str]  # the model_id Rasa stamped on the event

    @property
    def fell_back(self) -> bool:
        return self.intent == FALLBACK


def conversation_key(sender_id: str) -> str:
    """What the queue keeps of a conversation id: a hash (one item per conversation, no id to look anything up by)."""
    return "gesprek:" + hashlib.sha256(sender_id.encode()).hexdigest()[:40]


@functools.lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """A read-only engine on the tracker store (one per URL and process, pooled)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", hide_parameters=True,
                             connect_args={"timeout": 10})
    engine = create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=2)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_conn, _record) -> None:
        # a session setting (not the URL's `options`, which may already carry a search_path); committed, because a
        # SET inside a transaction that is rolled back is undone
        cur = dbapi_conn.cursor()
        cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        cur.close()
        dbapi_conn.commit()

    return engine


def _intent(parse: dict[str, Any]) -> tuple[str, Optional[str], Optional[float]]:
    """(intent, onderwerp, confidence in that onderwerp) from a parse; after a fallback the likeliest onderwerp in
    the ranking (FallbackClassifier puts nlu_fallback first and keeps the model's ranking after it)."""
    intent = str((parse.get("intent") or {}).get("name") or "")
    ranked = [r for r in parse.get("intent_ranking") or [] if isinstance(r, dict)]
    if intent != FALLBACK:
        ranked.insert(0, parse.get("intent") or {})
    for r in ranked:
        name = str(r.get("name") or "")
        if name.startswith(ONDERWERP_PREFIX):
            return intent, name[len(ONDERWERP_PREFIX):], float(r.get("confidence") or 0.0)
    return intent, None, None


def first_question(sender_id: str, rows: Iterable[tuple[int, Optional[str]]]) -> Optional[FirstQuestion]:
    """The first question among a conversation's user events (id, data), in id order; None when there is none
    (yet), or its text is gone (a refused consent)."""
    for event_id, raw in rows:
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            continue
        words = data.get("text")
        if not isinstance(words, str) or not words.strip() or words.startswith("/"):
            continue
        intent, onderwerp, zekerheid = _intent(data.get("parse_data") or {})
        if intent != FALLBACK and not intent.startswith(ONDERWERP_PREFIX):
            continue
        when = dt.datetime.fromtimestamp(float(data.get("timestamp") or 0), dt.timezone.utc)
        model = (data.get("metadata") or {}).get("model_id")
        return FirstQuestion(int(event_id), sender_id, when, intent, onderwerp, zekerheid,
                             str(model)[:64] if model else None)
    return None


def first_question_of(conn: Connection, sender_id: str) -> Optional[FirstQuestion]:
    rows = conn.execute(text("SELECT id, data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                        {"s": sender_id})
    return first_question(sender_id, rows)


def new_user_events(conn: Connection, after_id: int, limit: int) -> list[tuple[int, str]]:
    """(id, sender_id) of user events after `after_id`, oldest first."""
    return [(int(r[0]), str(r[1])) for r in conn.execute(text(
        "SELECT id, sender_id FROM events WHERE id > :after AND type_name = 'user' ORDER BY id LIMIT :n"),
        {"after": after_id, "n": limit})]


@dataclass(frozen=True)
class Stored:
    """What the tracker store holds now for an event the queue points at."""
    conversation: str       # conversation_key of its sender
    tekst: Optional[str]    # None: the words were removed (refused consent)


def texts(conn: Connection, event_ids: Iterable[int]) -> dict[int, Stored]:
    """The events that still exist, by id. Missing ids: deleted (retention)."""
    ids = sorted(set(event_ids))
    found: dict[int, Stored] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ", ".join(f":e{i}" for i in range(len(chunk)))
        for event_id, sender, raw in conn.execute(text(f"SELECT id, sender_id, data FROM events WHERE id IN ({marks})"),
                                                  {f"e{i}": e for i, e in enumerate(chunk)}):
            try:
                words = json.loads(raw or "{}").get("text")
            except ValueError:
                words = None
            found[int(event_id)] = Stored(conversation_key(str(sender)), words if isinstance(words, str) else None)
    return found
