"""Tracker store that never persists the raw personal data the channels put in message metadata.

The channels replace phone numbers and e-mail addresses in the text by placeholders and pass the raw values in
`metadata.pii`, so the action server can use them in the same turn (the live tracker still has them). Before
events are written — and before they go to an event broker — `pii` is dropped from every event's metadata.

endpoints.yml:
    tracker_store:
      type: bot.voordeur.tracker_store.RedactingSQLTrackerStore
      dialect: sqlite | postgresql
      ...
"""
from __future__ import annotations

import copy
import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import SESSION_START_METADATA_SLOT
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.voordeur import perf

logger = logging.getLogger(__name__)

PII_KEY = "pii"


def redact_event_dict(data: Dict[Text, Any]) -> Dict[Text, Any]:
    """A copy of a serialised event without `pii` in its metadata (also inside parse_data, and in the
    `session_started_metadata` slot, where Rasa copies the metadata of a session's first message)."""
    data = copy.deepcopy(data)
    holders = [data, data.get("parse_data") or {}]
    if data.get("event") == "slot" and data.get("name") == SESSION_START_METADATA_SLOT:
        holders.append({"metadata": data.get("value")})
    for holder in holders:
        meta = holder.get("metadata")
        if isinstance(meta, dict):
            meta.pop(PII_KEY, None)
    return data


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` (SQLite, PostgreSQL, ...) that drops `metadata.pii` before persisting."""

    def __init__(self, *args: Any, host: Optional[Text] = None, port: Any = None, **kwargs: Any) -> None:
        # endpoints.yml interpolation turns an unset variable into "" — treat that as "not set".
        host = host or None
        port = int(port) if port not in (None, "") else None
        for key in ("username", "password", "login_db"):
            if kwargs.get(key) == "":
                kwargs[key] = None
        super().__init__(*args, host=host, port=port, **kwargs)
        # Every Rasa process loads its tracker store at start-up: the place to apply the measured fixes.
        perf.install()
        perf.tune_sqlite(self)

    async def _stream_new_events(self, event_broker: Any, new_events: List[Event], sender_id: Text) -> None:
        """Publish new events to an event broker, redacted."""
        for event in new_events:
            event_broker.publish({"sender_id": sender_id, **redact_event_dict(event.as_dict())})

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, redacted (same rows as `SQLTrackerStore.save`)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event_dict(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        logger.debug("tracker %s stored (pii redacted)", tracker.sender_id)


def is_redacted(event: Event) -> bool:
    """True when the event carries no raw pii in its metadata (used by tests and checks)."""
    return PII_KEY not in (event.as_dict().get("metadata") or {})
