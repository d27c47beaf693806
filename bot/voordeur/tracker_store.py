"""Tracker store that never persists the raw personal data the channels put in message metadata, and keeps the
trackers of live conversations in memory between turns.

The channels replace phone numbers and e-mail addresses in the text by placeholders and pass the raw values in
`metadata.pii`, so the action server can use them in the same turn. When the turn is saved, `pii` is dropped from
every event — in what is written (and sent to an event broker) and in the tracker kept in memory — so from then on
the live tracker is exactly what the database holds.

Why the memory: Rasa's `SQLTrackerStore` reloads and replays every event of the session at the start of a turn
and counts the stored events again at its end; with one Rasa process that was a quarter of its CPU per turn
(benchmarks/results). A remembered tracker is handed out only when it is provably current:
- the database's highest event id for the conversation is still the one written with it (no other Rasa instance
  or retention run changed the conversation in between; they take the same lock store);
- no event was added to it since it was saved (a turn that failed half-way is never reused);
- it is not in use by another caller (a tracker is handed out once until it is saved again);
- it was saved with the current domain, within TRACKER_CACHE_SECONDS (default 900), and is among the
  TRACKER_CACHE_SIZE (default 500) most recent conversations of this process. TRACKER_CACHE_SIZE=0 turns it off.
Otherwise the tracker is loaded from the database, exactly as Rasa does. And only a tracker that holds just what
loading would give is kept: none with events before its latest session start (the first turn of a conversation,
a session that restarted), so a long-lived conversation that starts a new session is light again.

A refused consent wipes the conversation: when a turn stores `toestemming = false` (the inwoner or professional refused at
"Klopt dit, en mogen wij uw gegevens zo bewaren?", web, phone or partner route; a correction never stores it), every stored event of the conversation is
rewritten, in the same transaction, into its anonymous skeleton (`anonymous_event_dict`): intent and action
names, the dialogue's own state, code-valued slots; no text, no entity values, no personal slot. The live tracker
is replaced by the same skeleton, so nothing personal stays in memory either. Why in the tracker store and not in
an action: the action server cannot reach Rasa's database, and Rasa has no event that deletes stored events (see
bot/voordeur/README.md).

endpoints.yml:
    tracker_store:
      type: bot.voordeur.tracker_store.RedactingSQLTrackerStore
      dialect: sqlite | postgresql
      ...
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, SESSION_START_METADATA_SLOT
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.voordeur import perf
from routing.privacy import mask_bsn

logger = logging.getLogger(__name__)

PII_KEY = "pii"


def redact_event_dict(data: Dict[Text, Any]) -> Dict[Text, Any]:
    """A copy of a serialised event without `pii` in its metadata (also inside parse_data, and in the
    `session_started_metadata` slot, where Rasa copies the metadata of a session's first message).

    Only the dicts on the way to a `pii` key are copied; the event they came from is not touched."""
    data = dict(data)
    _drop_pii(data, "metadata")
    if isinstance(data.get("parse_data"), dict):
        data["parse_data"] = dict(data["parse_data"])
        _drop_pii(data["parse_data"], "metadata")
        _mask(data["parse_data"], "text")
    if data.get("event") == "slot" and data.get("name") == SESSION_START_METADATA_SLOT:
        _drop_pii(data, "value")
    if data.get("event") == "user":
        _mask(data, "text")
    if data.get("event") == "slot":
        _mask(data, "value")
    return data


def _mask(holder: Dict[Text, Any], key: Text) -> None:
    # The channels mask BSNs before Rasa sees a text; this is the net for text that arrives another way (Rasa's
    # JWT-protected HTTP API: POST /conversations/<id>/messages or /tracker/events) — no BSN is ever stored.
    value = holder.get(key)
    if isinstance(value, str):
        holder[key] = mask_bsn(value)[0]


def _drop_pii(holder: Dict[Text, Any], key: Text) -> None:
    meta = holder.get(key)
    if isinstance(meta, dict) and PII_KEY in meta:
        holder[key] = {k: v for k, v in meta.items() if k != PII_KEY}


# -- a refused consent ------------------------------------------------------------------------------------------

CONSENT_SLOT = "toestemming"  # bot/domain/contact.yml; false = the person said "nee" to keeping their data
# Slots whose values are codes or dialogue state, never a person's words: kept when a conversation is wiped. Every
# other slot (naam, telefoon, email, voorkeur, vraag_tekst, leeftijd, kern, postcode, organisatie, functie,
# veiligheid_categorie, kenmerk, partner_soort (its raw text is stored before it is validated), and any slot added
# later) is set to null. tests/rasa_runtime/test_tracker_store_consent.py checks the names.
ANONYMOUS_SLOTS = frozenset({
    "requested_slot", CONSENT_SLOT, "wil_contact", "melder", "onderwerpen", "urgentie", "verduidelijking_gevraagd",
    "buiten_berkelland", "voorzieningen_aangeboden", "voorzieningen_rest", "voorzieningen_vraag",
    "voorzieningen_pogingen", "misverstanden", "gevaar_signaal",
    "terugbelverzoek", "inwoner_akkoord", "correctie_gevraagd",
    # The satisfaction question after a "nee" (codes and a random token; the comment is a person's words: not kept).
    "tevredenheid_uitkomst", "tevredenheid_sleutel", "tevredenheid_score",
})
# Metadata keys that say nothing about the person (the channel, whether a BSN was masked, which response).
ANONYMOUS_METADATA = ("kanaal", "bsn_gemaskeerd", "utter_action", "model_id", "assistant_id")
# Events without anything a person said or typed: kept as they are (metadata reduced).
_STATE_EVENTS = frozenset({
    "action", "active_loop", "form", "loop_interrupted", "form_validation", "followup", "restart", "reset_slots",
    "session_started", "action_execution_rejected", "user_featurization", "pause", "resume", "undo", "rewind",
})


def refuses_consent(data: Dict[Text, Any]) -> bool:
    """True for the stored event that records a "nee" to keeping personal data."""
    return data.get("event") == "slot" and data.get("name") == CONSENT_SLOT and data.get("value") is False


def _anonymous_metadata(meta: Any) -> Dict[Text, Any]:
    return {k: meta[k] for k in ANONYMOUS_METADATA if k in meta} if isinstance(meta, dict) else {}


def anonymous_event_dict(data: Dict[Text, Any]) -> Optional[Dict[Text, Any]]:
    """The anonymous skeleton of a serialised event, or None when nothing of it may stay.

    User turns keep their intent (name, confidence) and the entity types, not the text or entity values; bot turns
    keep which response was said, not its text; slots keep only code values (ANONYMOUS_SLOTS); state events stay.
    """
    kind = data.get("event")
    out: Dict[Text, Any] = {"event": kind, "timestamp": data.get("timestamp")}
    meta = _anonymous_metadata(data.get("metadata"))
    if meta:
        out["metadata"] = meta
    if kind == "user":
        parsed = data.get("parse_data") or {}
        intent = parsed.get("intent") or {}
        entities = [{"entity": e.get("entity"), "value": None, **{k: e[k] for k in ("role", "group") if k in e}}
                    for e in parsed.get("entities") or [] if isinstance(e, dict)]
        out.update(text=None, input_channel=data.get("input_channel"), message_id=data.get("message_id"),
                   parse_data={"intent": {"name": intent.get(INTENT_NAME_KEY), "confidence": intent.get("confidence")},
                               "entities": entities, "text": None, "message_id": data.get("message_id"),
                               "metadata": meta})
    elif kind == "bot":
        out.update(text=None, data={})
    elif kind == "slot":
        name, value = data.get("name"), data.get("value")
        if name == SESSION_START_METADATA_SLOT:
            value = _anonymous_metadata(value) or None
        elif name not in ANONYMOUS_SLOTS:
            value = None
        out.update(name=name, value=value)
    elif kind in _STATE_EVENTS:
        out = {**data, **({"metadata": meta} if meta else {})}
        if not meta:
            out.pop("metadata", None)
        if kind == "action" and out.get("action_text"):
            out["action_text"] = None  # an end-to-end bot text
    else:
        return None  # reminders, entities, agent and export events can carry words and values: dropped
    return out


def redact_event_in_place(event: Event) -> None:
    """Drop `pii` from a live event, the same places `redact_event_dict` drops it from a serialised one."""
    metas: List[Any] = [event.metadata]
    if isinstance(event, UserUttered):
        metas.append(event.parse_data.get("metadata"))
    if isinstance(event, SlotSet) and event.key == SESSION_START_METADATA_SLOT:
        metas.append(event.value)
    for meta in metas:
        if isinstance(meta, dict):
            meta.pop(PII_KEY, None)
    if isinstance(event, UserUttered):
        event.text = mask_bsn(event.text)[0] if isinstance(event.text, str) else event.text
        if isinstance(event.parse_data, dict):
            _mask(event.parse_data, "text")
    if isinstance(event, SlotSet) and isinstance(event.value, str):
        event.value = mask_bsn(event.value)[0]


def _int_env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, "").strip() or default)
    except ValueError:
        logger.warning("%s is not a number; using %d", name, default)
        return default


# A database restart takes a few seconds: a turn that starts meanwhile waits this long for it before it fails.
OUTAGE_SECONDS = 15.0


def _refuse_silent_fallback() -> None:
    """Rasa wraps every tracker store in `FailSafeTrackerStore`, which answers a database error with no tracker at
    all (retrieve) and keeps the turn in process memory (save): the assistant then answers as if the conversation had
    just begun, that turn is lost, and the person sees no error. For our store a database error fails the turn
    instead: the channel says "Er ging iets mis", nothing half is kept, and the person sends it again (the aanmelding's
    idempotency key makes a repeated last turn create it once). Installed once, by the first store."""
    if getattr(FailSafeTrackerStore, "_voordeur_no_fallback", False):
        return

    def wrap(original: Any) -> Any:
        def on_error(self: FailSafeTrackerStore, error: Exception) -> None:
            if isinstance(self._tracker_store, RedactingSQLTrackerStore):
                raise error
            original(self, error)

        return on_error

    FailSafeTrackerStore.on_tracker_store_error = wrap(FailSafeTrackerStore.on_tracker_store_error)
    FailSafeTrackerStore.on_tracker_store_retrieve_error = wrap(FailSafeTrackerStore.on_tracker_store_retrieve_error)
    FailSafeTrackerStore._voordeur_no_fallback = True


@dataclass
class _Remembered:
    tracker: DialogueStateTracker
    stored: int  # how many of tracker.events are in the database
    last_id: Optional[int]  # the conversation's highest events.id when it was stored or loaded
    domain: Any
    in_use: bool
    saved_at: float


class RedactingSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` (SQLite, PostgreSQL, ...) that drops `metadata.pii` before persisting and remembers the
    trackers of live conversations between turns."""

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
        _refuse_silent_fallback()
        self.outage_seconds = OUTAGE_SECONDS
        perf.tune_sqlite(self)
        # Rasa creates the engine itself; errors must not carry bound parameters (user text, slot values) into logs.
        self.engine.hide_parameters = True
        # After a database restart every pooled connection is dead; Rasa creates the engine without pre-ping, so each
        # would fail one turn. A ping on checkout (SQLAlchemy's pool_pre_ping) replaces a dead one instead.
        self.engine.pool._pre_ping = True
        self.cache_size = _int_env("TRACKER_CACHE_SIZE", 500)
        self.cache_seconds = _int_env("TRACKER_CACHE_SECONDS", 900)
        self._remembered: "OrderedDict[Text, _Remembered]" = OrderedDict()
        self.cache_hits = 0
        self.cache_misses = 0
        events = self.SQLEvent.__table__
        self._last_id_query = sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sa.bindparam("sender_id"))
        self._insert = events.insert()
        self._all_rows = sa.select(events.c.id, events.c.data).where(events.c.sender_id == sa.bindparam("sender_id"))
        self._rewrite = (events.update().where(events.c.id == sa.bindparam("row_id"))
                         .values(data=sa.bindparam("new_data")))
        self._drop = events.delete().where(events.c.id.in_(sa.bindparam("row_ids", expanding=True)))
        self.wiped = 0  # conversations wiped after a refused consent by this process (tests, monitoring)

    # -- reading -------------------------------------------------------------------------------------------

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The tracker of the latest session: the remembered one when it is current, else from the database."""
        last_id = await self._last_id_waiting(sender_id)
        remembered = self._remembered.pop(sender_id, None)
        if remembered is not None and self._is_current(remembered, last_id):
            remembered.in_use = True
            self._remembered[sender_id] = remembered  # back in, as the most recent
            self.cache_hits += 1
            return remembered.tracker
        self.cache_misses += 1
        if last_id is None:
            return None
        # Rasa's own loading. Should another instance write in between, `last_id` is older than what was loaded
        # and the next retrieve loads again: a stale id only ever costs a reload.
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self._remember(tracker, stored=len(tracker.events), last_id=last_id, in_use=True)
        return tracker

    async def _last_id_waiting(self, sender_id: Text) -> Optional[int]:
        """`_last_id`, the turn's first database read: while the database is unreachable (a restart) it is tried
        again for up to `outage_seconds`, so a turn that arrives meanwhile waits instead of failing."""
        deadline = time.monotonic() + self.outage_seconds
        warned = False
        while True:
            try:
                with self.session_scope() as session:
                    return self._last_id(session, sender_id)
            except sa.exc.OperationalError:
                if time.monotonic() >= deadline:
                    raise
                if not warned:
                    logger.warning("tracker store unreachable; trying again for up to %.0f s", self.outage_seconds)
                    warned = True
                await asyncio.sleep(0.5)

    def _last_id(self, session: Any, sender_id: Text) -> Optional[int]:
        """The conversation's highest event id: what proves a remembered tracker current."""
        return session.execute(self._last_id_query, {"sender_id": sender_id}).scalar()

    def _is_current(self, remembered: _Remembered, last_id: Optional[int]) -> bool:
        return (not remembered.in_use
                and remembered.last_id == last_id
                and len(remembered.tracker.events) == remembered.stored
                and remembered.domain is self.domain
                and time.monotonic() - remembered.saved_at < self.cache_seconds)

    def _remember(self, tracker: DialogueStateTracker, stored: int, last_id: Optional[int], in_use: bool) -> None:
        if self.cache_size <= 0:
            return
        self._remembered[tracker.sender_id] = _Remembered(tracker, stored, last_id, self.domain, in_use,
                                                          time.monotonic())
        self._remembered.move_to_end(tracker.sender_id)
        while len(self._remembered) > self.cache_size:
            self._remembered.popitem(last=False)

    def forget(self, sender_id: Optional[Text] = None) -> None:
        """Drop remembered trackers (one conversation, or all)."""
        if sender_id is None:
            self._remembered.clear()
        else:
            self._remembered.pop(sender_id, None)

    async def create_tracker(self, sender_id: Text, append_action_listen: bool = True) -> DialogueStateTracker:
        """Rasa's new tracker, in use by the turn that asked for it.

        Rasa writes a new tracker at once and again at the end of the turn; with the memory on, the first write
        is left out (the turn's own save writes every event). A turn that fails leaves nothing behind.
        """
        if self.cache_size <= 0:
            return await super().create_tracker(sender_id, append_action_listen=append_action_listen)
        tracker = self.init_tracker(sender_id)
        if append_action_listen:
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        self._remember(tracker, stored=0, last_id=None, in_use=True)
        return tracker

    # -- writing -------------------------------------------------------------------------------------------

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, redacted (same rows as `SQLTrackerStore.save`)."""
        remembered = self._remembered.get(tracker.sender_id)
        known_stored = (remembered.stored if remembered is not None and remembered.tracker is tracker
                        and len(tracker.events) >= remembered.stored else None)
        with self.session_scope() as session:
            if known_stored is None:  # a tracker we did not hand out: count what is stored, as Rasa does
                known_stored = self._event_query(session, tracker.sender_id,
                                                 fetch_events_from_all_sessions=False).count()
            new_events = list(itertools.islice(tracker.events, known_stored, len(tracker.events)))
            rows = [redact_event_dict(event.as_dict()) for event in new_events]
            if self.event_broker is not None:
                for data in rows:
                    self.event_broker.publish({"sender_id": tracker.sender_id, **data})
            if rows:
                session.execute(self._insert, [
                    {"sender_id": tracker.sender_id, "type_name": event.type_name,
                     "timestamp": data.get("timestamp"),
                     "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                     "action_name": data.get("name"), "data": json.dumps(data)}
                    for event, data in zip(new_events, rows)])
            refused = any(refuses_consent(data) for data in rows)
            if refused:
                self._wipe(session, tracker.sender_id)
            last_id = self._last_id(session, tracker.sender_id)
            session.commit()
        # From here on the live tracker holds what the database holds: no raw pii stays in memory.
        for event in new_events:
            redact_event_in_place(event)
        if refused:
            anonymise_tracker(tracker)
            self.forget(tracker.sender_id)
            self.wiped += 1
            logger.info("conversation wiped after a refused consent")
        elif holds_only_latest_session(tracker):
            self._remember(tracker, stored=len(tracker.events), last_id=last_id, in_use=False)
        else:
            self.forget(tracker.sender_id)
        logger.debug("tracker %s stored (pii redacted)", tracker.sender_id)


    def _wipe(self, session: Any, sender_id: Text) -> None:
        """Rewrite every stored event of the conversation (all sessions) into its anonymous skeleton."""
        updates, drops = [], []
        for row_id, raw in session.execute(self._all_rows, {"sender_id": sender_id}).all():
            data = json.loads(raw) if raw else {}
            anonymous = anonymous_event_dict(data)
            if anonymous is None:
                drops.append(row_id)
            elif anonymous != data:
                updates.append({"row_id": row_id, "new_data": json.dumps(anonymous)})
        if updates:
            session.execute(self._rewrite, updates)
        if drops:
            session.execute(self._drop, {"row_ids": drops})


def anonymise_tracker(tracker: DialogueStateTracker) -> None:
    """Replace the live tracker's events (and so its slots and latest message) by their anonymous skeleton."""
    skeleton = [anonymous_event_dict(event.as_dict()) for event in tracker.events]
    events = [Event.from_parameters(data) for data in skeleton if data is not None]
    tracker.events = tracker._create_events([event for event in events if event is not None])
    tracker._reset()
    tracker.replay_events()


def holds_only_latest_session(tracker: DialogueStateTracker) -> bool:
    """True when the tracker has no events before its latest session start: what `retrieve` loads (events with a
    timestamp from the latest `SessionStarted` on)."""
    starts = [event.timestamp for event in tracker.events if isinstance(event, SessionStarted)]
    if not starts:
        return True
    latest = max(starts)
    return all(event.timestamp >= latest for event in tracker.events)


def is_redacted(event: Event) -> bool:
    """True when the event carries no raw pii in its metadata (used by tests and checks)."""
    return PII_KEY not in (event.as_dict().get("metadata") or {})
