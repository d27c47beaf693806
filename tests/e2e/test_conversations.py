"""Whole conversations over real processes: REST channel → Rasa → action server → inbox."""
from __future__ import annotations

import json
import re

import pytest

from benchmarks.conversations import CONTACT_STEPS, SCRIPTS, Button
from tests.e2e.helpers import Chat
from tests.support.vragen import assert_nooit_drie_keer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_wmo_question_in_neede_is_routed_to_team_toegang_with_label_and_contact(stack, sender):
    chat = Chat(stack, sender)
    final = chat.run(SCRIPTS["wmo_routed"])
    assert re.search(r"VMK-\d{4}-\d{6}", final), chat.transcript()
    [a] = chat.aanmeldingen()
    assert a["onderwerpen"][0] == "huishoudelijke_hulp"
    assert (a["wet"], a["urgentie"], a["melder"], a["kanaal"]) == ("wmo", "normaal", "inwoner", "web")
    assert (a["kern"], a["team_advies"]) == ("Neede", "frontteam_neede")
    # the number and when to call, said in one answer on the web
    assert (a["contact"]["telefoon"], a["contact"]["voorkeur"]) == ("+31612345678", "ochtend")
    assert a["toestemming"]["gegeven"] is True
    assert a["referentie"] in final
    assert "heupoperatie" in a["samenvatting"]
    assert a["voorzieningen_aangeboden"], "the lighter help offered first is recorded"


def test_what_to_expect_comes_after_the_aanmelding_with_who_when_and_the_wmo_legal_terms(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["wmo_routed"][:4])
    assert "Helpt dit u verder?" in chat.text
    assert "U hoort" not in chat.transcript(), "no promise before the voorzieningen and the consent"
    said = chat.run(SCRIPTS["wmo_routed"][4:])
    # who: the medewerker in the inwoner's kern; when: the inbox's date; the Wmo terms with their date and length
    assert "die in Neede werkt" in said and ("U hoort uiterlijk" in said or "U hoort vandaag nog" in said), said
    assert "6 weken na uw aanmelding" in said and "2 weken" in said, said
    assert "(Wmo 2015 art. 2.3.2 lid 1)" in said, "the legal source on its own line"
    assert "cliëntondersteun" in said, "free onafhankelijke cliëntondersteuning is mentioned"
    assert said.index("VMK-") < said.index("U hoort"), "the promise follows the referentie"


def test_voorziening_enough_ends_without_aanmelding_and_is_counted(stack, sender):
    before = stack.inbox_get("/api/v1/statistieken").json()["totaal"]["verwezen_voorliggend_veld"]
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["voorziening_genoeg"])
    assert chat.aanmeldingen() == []
    after = stack.inbox_get("/api/v1/statistieken").json()["totaal"]["verwezen_voorliggend_veld"]
    assert after == before + 1, chat.transcript()


def test_danger_gives_crisis_numbers_first_and_routes_with_spoed(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["crisis_routed"][:2])
    first, second, third = (m["text"] for m in chat.last[:3])  # one number a bubble, 112 first
    assert "112" in first and "113" in second and "0800-2000" in third, chat.transcript()
    chat.run(SCRIPTS["crisis_routed"][2:])
    [a] = chat.aanmeldingen()
    assert a["urgentie"] == "spoed"
    assert a["onderwerpen"][0] == "veiligheid"


def test_spoed_on_the_web_reaches_the_aanmelding_without_an_email_or_time_question(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["crisis_routed"][:SCRIPTS["crisis_routed"].index("0612345678") + 1])
    assert "mogen wij uw gegevens" in chat.text.lower(), chat.transcript()  # straight from the number to consent
    chat.run([Button("het mag")])
    [a] = chat.aanmeldingen()
    assert (a["urgentie"], a["contact"]["email"], a["contact"]["voorkeur"]) == ("spoed", None, "zo snel mogelijk")
    said = chat.transcript().lower()
    # the questions utter_ask_email and utter_ask_voorkeur (the consent text may still name an e-mail address)
    assert "e-mailadres geven" not in said and "wanneer kunnen wij u het beste bellen" not in said, chat.transcript()
    assert "none" not in said, chat.transcript()


def test_neighbours_report_of_violence_with_children_is_advised_to_veilig_thuis(stack, sender):
    # the shared policy: Veilig Thuis for huiselijk geweld and kindermishandeling (taxonomy.yml, veiligheid)
    chat = Chat(stack, sender)
    chat.run(["hallo", Button("iemand anders"),
              "Bij de buren hoor ik elke avond geschreeuw en harde klappen. Er wonen drie kleine kinderen.",
              Button("bel mij"), "Piet", "0612345678", Button("het mag")])
    [a] = chat.aanmeldingen()
    assert (a["urgentie"], a["onderwerpen"][0], a["team_advies"]) == ("spoed", "veiligheid", "extern_veilig_thuis"), \
        chat.transcript()


def test_danger_in_the_middle_of_the_contact_form_gets_the_numbers_at_once(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["wmo_routed"][:5])  # now asked for a name
    said = chat.say("mijn man slaat me en ik ben bang")
    assert "112" in said and "0800-2000" in said, chat.transcript()
    assert said.index("112") < min(i for i in (said.find("naam"), len(said)) if i >= 0)


def test_no_consent_stores_nothing_personal(stack, sender):
    chat = Chat(stack, sender)
    steps = SCRIPTS["wmo_routed"]
    chat.run(steps[: steps.index(Button("het mag"))])
    said = chat.say(Button("niets bewaren"))
    assert "14 0545" in said, chat.transcript()
    assert chat.aanmeldingen() == []
    assert "612345678" not in chat.tracker_json()


def test_invalid_phone_number_is_asked_again_once_with_an_example(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["wmo_routed"][:6])  # name given, now asked for the phone number
    said = chat.say("12345")
    assert re.search(r"06[- ]?\d", said), said
    chat.say("0545 123456")
    assert "Klopt dit" in chat.text, chat.transcript()  # no time named: on to the read-back (a werkdag)
    assert_nooit_drie_keer(json.loads(chat.tracker_json())["events"])


def test_a_phone_number_that_fails_twice_is_never_asked_a_third_time_a_person_helps(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["wmo_routed"][:6])
    chat.say("+1 555 0100 999 888")
    said = chat.say("telefoon")
    assert "14 0545" in said and "Op welk telefoonnummer" not in said, chat.transcript()
    assert_nooit_drie_keer(json.loads(chat.tracker_json())["events"])
    assert chat.aanmeldingen() == []


def test_bsn_and_phone_numbers_never_reach_the_tracker_store(stack, sender):
    chat = Chat(stack, sender)
    said = chat.run(["hallo", "mijn bsn is 111222333"])
    assert "BSN" in said
    chat.run(["/melder_zelf", *SCRIPTS["wmo_routed"][1:]])
    stored = chat.tracker_json()
    assert "111222333" not in stored
    assert "612345678" not in stored and "12345678" not in stored
    [a] = chat.aanmeldingen()
    assert "111222333" not in str(a)


def test_out_of_scope_points_to_the_general_gemeente_contact(stack, sender):
    chat = Chat(stack, sender)
    said = chat.run(SCRIPTS["buiten"])
    assert "14 0545" in said and "berkelland.nl" in said
    assert chat.aanmeldingen() == []


def test_asking_for_a_person_gives_phone_number_and_opening_hours(stack, sender):
    said = Chat(stack, sender).say("ik wil een mens spreken")
    assert "14 0545" in said and re.search(r"\d\.\d\d", said)


@pytest.mark.parametrize("bad", ["", "   ", "😀😀😀", "<img src=x onerror=alert(1)>", "/bestaat_niet",
                                 "x" * 10_000, "'; DROP TABLE events; --", "+44 20 7946 0958 en 06-1"])
def test_bad_input_gets_a_clear_reply_and_the_conversation_continues(stack, sender, bad):
    chat = Chat(stack, sender)
    chat.say("hallo")
    said = chat.say(bad)
    assert said.strip(), f"no reply to {bad[:40]!r}"
    said = chat.say(Button("mezelf")) if "mezelf" in said else chat.say("/melder_zelf")
    assert "eigen woorden" in said, chat.transcript()


def test_a_corrected_first_guess_is_kept_in_the_aanmelding(stack, sender):
    chat = Chat(stack, sender)
    said = chat.run(["hallo", "Ik kan mijn huis niet meer schoonmaken sinds mijn heupoperatie"])
    assert "Klopt dat?" in said, chat.transcript()
    chat.say(Button("^iets anders"))
    chat.run(["Ik heb een rolstoel nodig", "Neede", Button("contact"), *CONTACT_STEPS])
    [a] = chat.aanmeldingen()
    assert a["onderwerp_gok"][0] == "huishoudelijke_hulp", chat.transcript()
    assert a["onderwerp_correctie"] == a["onderwerpen"][:len(a["onderwerp_correctie"])] != a["onderwerp_gok"]


def test_nee_at_the_read_back_changes_only_the_part_that_is_wrong(stack, sender):
    chat = Chat(stack, sender)
    steps = SCRIPTS["wmo_routed"]
    chat.run(steps[:-1])  # up to "Klopt dit, en mogen wij uw gegevens zo bewaren?"
    said = chat.say(Button("klopt iets niet"))
    assert "Nee, niets bewaren" in said, chat.transcript()  # a "nee" may have meant that
    said = chat.say(Button("telefoonnummer"))
    assert "telefoonnummer" in said.lower(), chat.transcript()
    said = chat.say("0545 123456")
    # read back again with the new number, and only the question (what is kept was said already)
    assert "Klopt dit" in said and "05-****3456" in said and "Jan Jansen" in said, chat.transcript()
    assert "12 maanden" not in said, chat.transcript()
    chat.say(Button("het mag"))
    [a] = chat.aanmeldingen()
    assert (a["contact"]["telefoon"], a["contact"]["naam"], a["kern"]) == ("+31545123456", "Jan Jansen", "Neede")
    assert_nooit_drie_keer(json.loads(chat.tracker_json())["events"])

