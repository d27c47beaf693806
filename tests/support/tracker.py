"""A tracker store as Rasa 3.6's SQLTrackerStore lays it out (table `events`, one JSON event per row), for tests of
the inbox's read-only access without a Rasa process. The end-to-end training loop test reads one Rasa wrote."""
from __future__ import annotations

import json
import time
from typing import Any, Optional, Sequence

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, delete, select, update

METADATA = MetaData()
EVENTS = Table("events", METADATA,  # rasa.core.tracker_store.SQLTrackerStore.SQLEvent
               Column("id", Integer, primary_key=True),
               Column("sender_id", String(255), nullable=False, index=True),
               Column("type_name", String(255), nullable=False),
               Column("timestamp", Float),
               Column("intent_name", String(255)),
               Column("action_name", String(255)),
               Column("data", Text))


class TrackerStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_engine(url)
        METADATA.create_all(self.engine)

    def _add(self, sender: str, type_name: str, data: dict[str, Any], intent: Optional[str] = None,
             action: Optional[str] = None) -> int:
        with self.engine.begin() as conn:
            row = conn.execute(EVENTS.insert().values(sender_id=sender, type_name=type_name, intent_name=intent,
                                                      timestamp=data["timestamp"], action_name=action,
                                                      data=json.dumps(data)))
            return row.inserted_primary_key[0]

    def user(self, sender: str, text: str, intent: str, confidence: float,
             ranking: Sequence[tuple[str, float]] = (), model_id: Optional[str] = "model-a",
             timestamp: Optional[float] = None) -> int:
        """A user turn as Rasa logs it; `ranking` is the rest of intent_ranking after the intent."""
        ts = timestamp or time.time()
        top = {"name": intent, "confidence": confidence}
        parse = {"intent": top, "entities": [], "text": text, "message_id": "m",
                 "intent_ranking": [top] + [{"name": n, "confidence": c} for n, c in ranking]}
        meta = {"model_id": model_id} if model_id else {}
        return self._add(sender, "user", {"event": "user", "timestamp": ts, "metadata": meta, "text": text,
                                          "parse_data": parse, "input_channel": "rest", "message_id": "m"}, intent)

    def action(self, sender: str, name: str) -> int:
        return self._add(sender, "action", {"event": "action", "timestamp": time.time(), "name": name}, action=name)

    def wipe(self, sender: str) -> None:
        """What a refused consent leaves (bot/voordeur/tracker_store.py): user events without their text."""
        with self.engine.begin() as conn:
            for event_id, raw in conn.execute(select(EVENTS.c.id, EVENTS.c.data).where(
                    EVENTS.c.sender_id == sender, EVENTS.c.type_name == "user")).all():
                data = json.loads(raw)
                data["text"] = None
                data["parse_data"] = {"intent": data["parse_data"]["intent"], "entities": [], "text": None}
                conn.execute(update(EVENTS).where(EVENTS.c.id == event_id).values(data=json.dumps(data)))

    def purge(self, sender: str) -> None:
        """What retention does with an idle conversation."""
        with self.engine.begin() as conn:
            conn.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender))

    def dispose(self) -> None:
        self.engine.dispose()
