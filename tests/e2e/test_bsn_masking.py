"""BSNs in the forms people really use, through the live stack (REST web chat and the signed phone webhook →
Rasa → actions → inbox): afterwards neither Rasa's tracker, the action server's outbox and drafts, the inbox nor
any log holds one, in any form."""
from __future__ import annotations

import random
import re

import httpx
import pytest

from benchmarks.conversations import SCRIPTS, Button
from bot.voordeur.voice import speak_digits
from routing import BSN_PLACEHOLDER
from tests.e2e.helpers import Chat
from tests.support.voice import VoiceCall

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def elfproef(digits: str) -> bool:
    """The BSN check, written out here so the generated numbers do not depend on the code under test."""
    padded = digits.zfill(9)
    return (sum(int(d) * w for d, w in zip(padded[:8], range(9, 1, -1))) - int(padded[8])) % 11 == 0


def _bsns(seed: str, count: int) -> list[str]:
    """Generated BSNs (elfproef); the last one has 8 digits (a 9-digit BSN with its leading zero left out)."""
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count - 1:
        digits = str(rng.randint(100_000_000, 999_999_999))
        if elfproef(digits):
            found.append(digits)
    while len(found) < count:
        digits = str(rng.randint(10_000_000, 99_999_999))
        if elfproef(digits):
            found.append(digits)
    return found


def assert_no_bsn(stored: str, bsns: list[str], written: list[str]) -> None:
    """Neither a written form nor the bare digits of a BSN are in `stored`."""
    for form in written:
        assert form not in stored, form
    digits_only = re.sub(r"\D", "", stored)
    for bsn in bsns:
        assert bsn not in digits_only, bsn


def assert_no_bsn_in_any_file(stack, bsns: list[str], written: list[str]) -> None:
    """Every database and log of the stack (tracker, outbox, drafts, inbox, logs), byte for byte."""
    files = [p for p in stack.var_dir.rglob("*") if p.is_file()]
    assert any(p.name == "outbox.sqlite3" for p in files) and any(p.name == "rasa_tracker.sqlite3" for p in files)
    for path in files:
        data = path.read_bytes()
        for needle in [*bsns, *written]:
            assert needle.encode() not in data, f"{needle} in {path.name}"


def test_bsns_typed_in_the_web_chat_in_common_forms_reach_neither_tracker_nor_inbox(stack, sender):
    b = _bsns("e2e-web", 5)
    written = [f"{b[0][:3]}-{b[0][3:6]}-{b[0][6:]}", f"{b[1][:3]} {b[1][3:5]} {b[1][5:7]} {b[1][7:]}",
               " ".join(b[2]), f"{b[3]}/2024", b[4]]
    chat = Chat(stack, sender)
    said = chat.run(["hallo", f"mijn bsn is {written[0]}"])
    assert "BSN" in said, chat.transcript()
    story = (f"Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie. Mijn bsn is {written[1]}, "
             f"van mijn man {written[2]} en we hebben 2 kinderen. Dossier {written[3]}, oud nummer {written[4]}.")
    steps = SCRIPTS["wmo_routed"]
    chat.run(["/melder_zelf", story, *steps[steps.index(Button("klopt")):]])
    [a] = chat.aanmeldingen()
    assert BSN_PLACEHOLDER in a["samenvatting"] and "2 kinderen" in a["samenvatting"], a["samenvatting"]
    assert a["contact"]["telefoon"] == "+31612345678", "the phone number next to the BSNs stays usable"
    assert_no_bsn(str(a), b, written)
    assert_no_bsn(chat.tracker_json(), b, written)
    assert_no_bsn_in_any_file(stack, b, written)


def test_bsns_said_and_keyed_on_the_phone_reach_neither_tracker_nor_inbox(stack):
    b = _bsns("e2e-phone", 3)
    spoken_words = speak_digits(b[1]).replace("één", "een")
    spoken_digits = " ".join(b[2])
    call = VoiceCall(stack, caller="+31612344567")
    call.ring()
    call.press("1")
    call.press(f"{b[0]}#")  # a BSN on the keypad
    assert "bsn" in call.spoken.lower(), call.transcript()
    call.speak(f"Ik kan mijn huis niet meer schoonmaken sinds mijn operatie mijn bsn is {spoken_words} "
               f"en van mijn vrouw {spoken_digits}")
    # klopt, Neede, contact (the question comes with the first two voorzieningen), name, own number
    for kind, value in [("key", "1"), ("speech", "Neede"), ("key", "2"), ("speech", "Jan Jansen"), ("key", "1")]:
        (call.press if kind == "key" else call.speak)(value)
    assert "klopt dit" in call.spoken.lower(), call.transcript()  # the read-back with the consent question
    call.press("1")
    [a] = stack.inbox_get("/api/v1/aanmeldingen", conversation_id=call.call_sid).json()["items"]
    assert a["contact"]["telefoon"] == "+31612344567"
    written = [spoken_words, spoken_digits, b[0]]
    assert_no_bsn(str(a), b, written)
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{call.call_sid}/tracker",
                        headers=stack.rasa_api_headers(), timeout=30)
    assert BSN_PLACEHOLDER in tracker.text
    assert_no_bsn(tracker.text, b, written)
    assert_no_bsn_in_any_file(stack, b, written)
