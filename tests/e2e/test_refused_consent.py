"""A "nee" to consent through the live stack (real Rasa, action server and inbox): afterwards no store holds the
name, number, e-mail address or story, no aanmelding exists, and the refusal is counted anonymously. Web (REST
channel) and phone (signed Twilio webhooks); the tracker is read back from the SQLite file and Rasa's HTTP API."""
from __future__ import annotations

import json
import re
import sqlite3

import httpx
import pytest

from benchmarks.conversations import Button
from tests.e2e.helpers import Chat
from tests.support.stack import Stack
from tests.support.voice import VoiceCall

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

VERHAAL = "Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie"
# (contact by e-mail, said with the number: the address must be gone too)
WEB_TOT_TOESTEMMING = ["hallo", VERHAAL, Button("klopt"), "Neede", Button("contact"),
                       "Mijn naam is Jan Jansen", "06-12345678, of liever per mail: jan.jansen@example.nl"]
# What must be gone: the name, the number in any form, the e-mail address, the story, the place.
WEB_PERSONAL = ["Jan Jansen", "Jansen", "612345678", "12345678", "****5678", "jan.jansen", "j***@", "example.nl",
                "heupoperatie", "schoonmaken", "Neede"]


def geen_toestemming_geteld(stack: Stack) -> int:
    figures = stack.inbox_get("/api/v1/statistieken").json()["totaal"]
    return figures["gesprekken_zonder_aanmelding"].get("geen_toestemming", 0)


def tracker_rows(stack: Stack, sender: str) -> list[dict]:
    with sqlite3.connect(stack.var_dir / "rasa_tracker.sqlite3") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def tracker_via_api(stack: Stack, sender: str) -> str:
    r = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params={"include_events": "ALL"},
                  headers=stack.rasa_api_headers(), timeout=30)
    r.raise_for_status()
    return r.text


def outbox(stack: Stack) -> list[tuple[str, str, str]]:
    with sqlite3.connect(stack.var_dir / "outbox.sqlite3") as db:
        return db.execute("SELECT key, kind, payload FROM outbox").fetchall()


def drafts(stack: Stack, sender: str) -> list:
    with sqlite3.connect(stack.var_dir / "drafts.sqlite3") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return [row for t in tables for row in db.execute(f"SELECT * FROM {t}") if sender in map(str, row)]


def left(personal: list[str], text: str) -> list[str]:
    return [value for value in personal if value in text]


def assert_nothing_personal_kept(stack: Stack, sender: str, personal: list[str], before: int) -> None:
    rows = tracker_rows(stack, sender)
    assert rows, "the conversation's anonymous skeleton stays"
    assert left(personal, json.dumps(rows, ensure_ascii=False)) == []
    assert all(row["text"] is None for row in rows if row["event"] in ("user", "bot"))
    assert left(personal, tracker_via_api(stack, sender)) == []
    assert stack.inbox_get("/api/v1/aanmeldingen", conversation_id=sender).json()["items"] == []
    mine = [row for row in outbox(stack) if sender in row[0]]
    assert [(key, kind) for key, kind, _ in mine] == [(f"uitkomst:{sender}:geen_toestemming", "uitkomst")]
    # the count itself may name the kern (anonymous, like every uitkomst); nothing else
    assert left([p for p in personal if p != "Neede"], json.dumps(mine, ensure_ascii=False)) == []
    assert not any(kind == "aanmelding" and sender in payload for _, kind, payload in outbox(stack))
    assert drafts(stack, sender) == []
    assert geen_toestemming_geteld(stack) == before + 1


def test_web_nee_to_consent_keeps_nothing_personal_and_counts_the_refusal(stack, sender):
    before = geen_toestemming_geteld(stack)
    chat = Chat(stack, sender)
    chat.run(WEB_TOT_TOESTEMMING)
    asked = chat.text
    # the read-back, then what is kept and for how long, then one question for both
    assert "Klopt dit, en mogen wij uw gegevens zo bewaren?" in asked and "12 maanden" in asked, chat.transcript()
    assert "Jan Jansen" in asked and "j***@example.nl" in asked, chat.transcript()
    assert "Jansen" in json.dumps(tracker_rows(stack, sender)), "before the answer the intake is stored"

    said = chat.say(Button("niets bewaren"))
    assert "niets persoonlijks" in said and "gewist" in said and "zonder naam" in said, chat.transcript()
    assert "ontvangen" not in said
    assert_nothing_personal_kept(stack, sender, WEB_PERSONAL, before)


def test_web_a_typed_correction_at_the_read_back_keeps_everything_and_a_bare_nee_asks_which(stack, sender):
    """One question for the read-back and consent: "nee, mijn naam klopt niet" must never wipe the conversation,
    and a bare "nee" asks what is meant, with "Nee, niets bewaren" among the choices."""
    before = geen_toestemming_geteld(stack)
    chat = Chat(stack, sender)
    chat.run(WEB_TOT_TOESTEMMING)
    said = chat.say("nee, mijn naam klopt niet")
    assert "naam" in said.lower() and "gewist" not in said, chat.transcript()
    said = chat.say("Jan Janssen")
    assert "Jan Janssen" in said and "Klopt dit" in said, chat.transcript()
    said = chat.say("nee")
    assert "Wat klopt er niet?" in said and "Nee, niets bewaren" in said, chat.transcript()
    assert "Janssen" in json.dumps(tracker_rows(stack, sender)), "nothing was wiped by a correction"
    said = chat.say(Button("niets bewaren"))
    assert "gewist" in said, chat.transcript()
    assert_nothing_personal_kept(stack, sender, [*WEB_PERSONAL, "Janssen"], before)


def test_web_nee_then_oke_builds_no_aanmelding(stack, sender):
    chat = Chat(stack, sender)
    chat.run([*WEB_TOT_TOESTEMMING, "nee, dat wil ik liever niet"])  # typed: a refusal in words
    for oke in ["oké", "ja"]:
        said = chat.say(oke)
        assert "ontvangen" not in said.lower() and "VMK-" not in said, chat.transcript()
    assert "geen toestemming" in chat.log[-2][1][0]["text"], chat.transcript()
    assert chat.aanmeldingen() == []
    assert not [row for row in outbox(stack) if sender in row[0] and row[1] == "aanmelding"]


def test_phone_nee_to_consent_keeps_nothing_personal_and_counts_the_refusal(stack):
    before = geen_toestemming_geteld(stack)
    call = VoiceCall(stack, caller="+31612344567")
    call.ring()
    for kind, value in [
        ("key", "1"), ("speech", VERHAAL), ("key", "1"), ("speech", "Neede"),
        ("key", "2"),  # not enough: contact (two voorzieningen, then this question with "Meer horen" as 3)
        ("speech", "Jan Jansen"),
        ("key", "1"),  # "op het nummer waarmee u nu belt, eindigend op 4 5 6 7?" ja (no e-mail, no time question)
    ]:
        (call.press if kind == "key" else call.speak)(value)
    assert "bewaren" in call.spoken and re.search(r"(12|twaalf) maanden", call.spoken), call.transcript()
    call.press("3")  # nee, niets bewaren
    assert "niets persoonlijks" in call.spoken and "gewist" in call.spoken, call.transcript()
    personal = ["Jan Jansen", "Jansen", "+31612344567", "612344567", "eindigend op", "4 5 6 7", "heupoperatie",
                "schoonmaken", "Neede"]
    assert_nothing_personal_kept(stack, call.call_sid, personal, before)
