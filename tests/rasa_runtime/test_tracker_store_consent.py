"""A refused consent wipes the conversation in Rasa's tracker store: after the turn that stores toestemming=false,
no stored event (any session) and nothing in the live tracker holds a name, number, e-mail address, story, age or
place, on SQLite and PostgreSQL, also after a restart (a new store on the same database)."""
from __future__ import annotations

import json
import os
import secrets
import socket
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet,
                                     UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.voordeur.tracker_store import ANONYMOUS_SLOTS, CONSENT_SLOT, RedactingSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "bot" / "domain"))
SENDER = "gesprek-weigert"

NAAM = "Jan Jansen"
VERHAAL = "Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie"
# Numbers quoted: as bare digits they could be part of a timestamp.
PERSONAL = [NAAM, "Jansen", VERHAAL, "heupoperatie", "06-****5678", "j***@example.nl", "Neede", '"7161"', '"83"',
            "Zorg & Co", "wijkverpleegkundige", "ochtend", "signaal over"]


def _user(text: str, intent: str, **extra) -> UserUttered:
    parse = {"intent": {"name": intent, "confidence": 0.97}, "text": text,
             "intent_ranking": [{"name": intent, "confidence": 0.97}], **extra}
    return UserUttered(text, parse["intent"], extra.get("entities", []), parse,
                       metadata={"kanaal": "web", "bsn_gemaskeerd": False})


def _bot(text: str, response: str) -> BotUttered:
    return BotUttered(text, {"buttons": [{"title": text[:20], "payload": "/affirm"}]},
                      {"utter_action": response})


def _intake(tracker: DialogueStateTracker) -> None:
    """The first turns: the story, the place, then the contact form up to the consent question."""
    for event in [
        ActionExecuted("action_session_start"), SessionStarted(),
        SlotSet("session_started_metadata", {"kanaal": "web", "telefoon": {"invoer": "spraak"}}),
        ActionExecuted("action_listen"),
        _user(VERHAAL, "vraag_huishoudelijke_hulp", safety=None),
        ActionExecuted("action_verwerk_vraag"),
        SlotSet("onderwerpen", ["huishoudelijke_hulp"]), SlotSet("vraag_tekst", VERHAAL), SlotSet("melder", "inwoner"),
        _bot("Ik begrijp dat uw vraag gaat over: huishoudelijke hulp. " + VERHAAL, "utter_onderwerp_begrepen"),
        ActionExecuted("action_listen"),
        _user("Neede 7161, ik ben 83", "inform", entities=[{"entity": "kern", "value": "Neede", "start": 0, "end": 5},
                                                           {"entity": "leeftijd", "value": "83", "start": 19, "end": 21}]),
        SlotSet("kern", "Neede"), SlotSet("postcode", "7161"), SlotSet("leeftijd", "83"),
        ActionExecuted("contact_form"), ActiveLoop("contact_form"), SlotSet("requested_slot", "naam"),
        ActionExecuted("action_listen"),
        _user(f"Mijn naam is {NAAM}", "inform"),
        SlotSet("naam", NAAM), SlotSet("telefoon", "06-****5678"), SlotSet("email", "j***@example.nl"),
        SlotSet("voorkeur", "ochtend"), SlotSet("organisatie", "Zorg & Co"), SlotSet("functie", "wijkverpleegkundige"),
        SlotSet("partner_soort", "signaal over mijn buurvrouw"), SlotSet("partner_soort", "signaal"),
        _bot(f"Dank u, {NAAM}. Mogen wij uw gegevens bewaren?", "utter_ask_toestemming"),
        SlotSet("requested_slot", CONSENT_SLOT),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event, DOMAIN)


def _refusal(tracker: DialogueStateTracker, value: bool = False) -> None:
    for event in [
        # the button "Nee, niets bewaren" (or "Ja, het klopt en het mag"); the form's validator sets the slot
        _user("/geen_toestemming" if value is False else "ja", "geen_toestemming" if value is False else "affirm"),
        ActionExecuted("contact_form"), SlotSet(CONSENT_SLOT, value), ActiveLoop(None), SlotSet("requested_slot", None),
        ActionExecuted("action_geen_toestemming" if value is False else "action_aanmelding_versturen"),
        _bot("Dat is goed. Wij bewaren niets persoonlijks van u.", "utter_geen_toestemming"),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event, DOMAIN)


def _postgres_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not _postgres_available(), reason="no PostgreSQL at 127.0.0.1:5432")])])
def make_store(request, tmp_path):
    """A factory of stores on one database: a second call is Rasa after a restart."""
    if request.param == "sqlite":
        kwargs = {"dialect": "sqlite", "db": str(tmp_path / "tracker.sqlite3")}
        yield lambda: RedactingSQLTrackerStore(domain=DOMAIN, **kwargs)
        return
    name = f"voordeur_consent_{secrets.token_hex(4)}"
    kwargs = {"dialect": "postgresql", "host": os.environ.get("TEST_TRACKER_PG_HOST", "127.0.0.1"),
              "port": 5432, "db": name, "username": "postgres", "password": "", "login_db": "postgres"}
    stores: list[RedactingSQLTrackerStore] = []

    def make() -> RedactingSQLTrackerStore:
        stores.append(RedactingSQLTrackerStore(domain=DOMAIN, **kwargs))
        return stores[-1]

    yield make
    for store in stores:
        store.engine.dispose()
    admin = sa.create_engine("postgresql://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _stored(store: RedactingSQLTrackerStore) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("select data from events where sender_id = :s order by id"), {"s": SENDER}).all()
    return [json.loads(r[0]) for r in rows]


def _personal_left(text: str) -> list[str]:
    return [value for value in PERSONAL if value in text]


def test_a_refused_consent_leaves_nothing_personal_in_the_stored_events(make_store, run):
    store = make_store()
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    _intake(tracker)
    run(store.save(tracker))
    assert _personal_left(json.dumps(_stored(store))), "the intake is stored as it happens"
    tracker = run(store.retrieve(SENDER))
    _refusal(tracker)
    run(store.save(tracker))

    stored = _stored(store)
    assert _personal_left(json.dumps(stored, ensure_ascii=False)) == []
    assert [e["parse_data"]["intent"]["name"] for e in stored if e["event"] == "user"] == [
        "vraag_huishoudelijke_hulp", "inform", "inform", "geen_toestemming"]
    assert all(e["text"] is None for e in stored if e["event"] in ("user", "bot"))
    assert [e["metadata"]["utter_action"] for e in stored if e["event"] == "bot"] == [
        "utter_onderwerp_begrepen", "utter_ask_toestemming", "utter_geen_toestemming"]
    assert store.wiped == 1


def test_after_a_restart_the_conversation_goes_on_from_its_anonymous_state(make_store, run):
    first = make_store()
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    _intake(tracker)
    _refusal(tracker)
    run(first.save(tracker))

    again = run(make_store().retrieve(SENDER))  # a new Rasa process on the same database
    state = again.current_state(EventVerbosity.ALL)
    assert _personal_left(json.dumps(state, ensure_ascii=False)) == []
    slots = again.current_slot_values()
    assert slots["onderwerpen"] == ["huishoudelijke_hulp"] and slots["melder"] == "inwoner"
    assert slots[CONSENT_SLOT] is False and slots["naam"] is None and slots["vraag_tekst"] is None
    assert again.latest_action_name == "action_listen" and again.active_loop_name is None
    assert [e.intent_name for e in again.events if isinstance(e, UserUttered)][-1] == "geen_toestemming"


def test_the_live_tracker_holds_the_same_anonymous_conversation_once_saved(make_store, run):
    store = make_store()
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    _intake(tracker)
    _refusal(tracker)
    assert tracker.get_slot("naam") == NAAM  # during the turn the action server still sees it
    run(store.save(tracker))
    assert _personal_left(json.dumps(tracker.current_state(EventVerbosity.ALL), ensure_ascii=False)) == []
    assert tracker.get_slot("onderwerpen") == ["huishoudelijke_hulp"]
    fresh = run(make_store().retrieve(SENDER)).current_state(EventVerbosity.ALL)["events"]
    # Rasa loads from the session start on (action_session_start comes just before it)
    assert fresh == tracker.current_state(EventVerbosity.ALL)["events"][-len(fresh):] and len(fresh) > 20


def test_earlier_sessions_of_the_conversation_are_wiped_too(make_store, run):
    store = make_store()
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    _intake(tracker)
    run(store.save(tracker))
    tracker = run(store.retrieve(SENDER))
    for event in [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]:
        tracker.update(event, DOMAIN)
    tracker.update(SlotSet("requested_slot", CONSENT_SLOT), DOMAIN)
    tracker.update(ActiveLoop("contact_form"), DOMAIN)
    _refusal(tracker)
    run(store.save(tracker))
    with store.engine.connect() as conn:
        everything = "".join(r[0] for r in conn.execute(sa.text("select data from events")).all())
    assert _personal_left(everything) == []


def test_consent_given_keeps_the_conversation_as_it_was(make_store, run):
    store = make_store()
    tracker = DialogueStateTracker(SENDER, DOMAIN.slots)
    _intake(tracker)
    _refusal(tracker, value=True)
    run(store.save(tracker))
    assert NAAM in json.dumps(_stored(store)) and VERHAAL in json.dumps(_stored(store))
    assert store.wiped == 0
    assert run(make_store().retrieve(SENDER)).get_slot("naam") == NAAM


def test_kept_slots_are_domain_slots_and_none_can_hold_a_persons_words():
    assert ANONYMOUS_SLOTS <= {slot.name for slot in DOMAIN.slots}
    for slot in ("naam", "telefoon", "email", "voorkeur", "vraag_tekst", "leeftijd", "kern", "postcode",
                 "organisatie", "functie", "partner_soort", "veiligheid_categorie", "kenmerk", "tevredenheid_opmerking"):
        assert slot not in ANONYMOUS_SLOTS
    assert CONSENT_SLOT in [slot.name for slot in DOMAIN.slots if slot.influence_conversation]
