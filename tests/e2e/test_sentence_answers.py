"""Answers in a sentence through the live stack (REST channel → real Rasa → action server → inbox): the aanmelding
holds only the name, the number, the e-mail address and the kern, never the whole sentence."""
from __future__ import annotations

import re

import pytest

from benchmarks.conversations import Button
from tests.e2e.helpers import Chat

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

VERHAAL = "Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie"


def test_a_name_said_in_a_sentence_reaches_team_toegang_as_only_the_name(stack, sender):
    chat = Chat(stack, sender)
    chat.run(["hallo", VERHAAL, Button("klopt"), "ik woon in neede", Button("contact")])
    chat.say("Mijn naam is Gerda Wolters")
    # at "Wanneer kunnen wij u het beste bellen? Of wilt u liever een e-mail?" an address in a sentence
    chat.run(["u kunt me bellen op 06 12345678 na vijven", "mail naar gerda@example.nl graag"])
    final = chat.say(Button("het mag"))
    assert re.search(r"VMK-\d{4}-\d{6}", final), chat.transcript()
    [a] = chat.aanmeldingen()
    assert a["contact"]["naam"] == "Gerda Wolters", chat.transcript()
    assert (a["contact"]["telefoon"], a["contact"]["email"]) == ("+31612345678", "gerda@example.nl")
    assert a["kern"] == "Neede"
