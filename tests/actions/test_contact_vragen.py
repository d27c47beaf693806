"""The contact form asks only what the path needs (routing/data/vragen.yml): web, phone, spoed; and the read-back
and the aanmelding cope with a question that was not asked."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions.contact import ValidateContactForm
from bot.actions.payload import aanmelding_body
from tests.actions.conftest import make_tracker, run, voorgelezen

SPOED = {c.SLOT_URGENTIE: "spoed", c.SLOT_ONDERWERPEN: ["veiligheid"], c.SLOT_VEILIGHEID_CATEGORIE: "geweld"}
ALLES = [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_VOORKEUR, c.SLOT_TOESTEMMING]  # e-mail only when chosen (below)
# The web asks when to call with the number (routing/data/vragen.yml samen_gevraagd), not on its own.
WEB = [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]


@pytest.mark.parametrize("slots, channel, metadata, vragen", [
    # the web without spoed: name, number with when to call (or by e-mail: then the address), consent
    ({c.SLOT_URGENTIE: "normaal"}, "socketio", {}, WEB),
    ({c.SLOT_URGENTIE: "normaal", c.SLOT_VOORKEUR: "email"}, "socketio", {},
     [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_EMAIL, c.SLOT_TOESTEMMING]),
    ({c.SLOT_URGENTIE: "normaal", c.SLOT_VOORKEUR: "email"}, c.VOICE_CHANNEL, {},
     [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]),
    ({c.SLOT_MELDER: "naaste", c.SLOT_URGENTIE: "hoog"}, "socketio", {}, WEB),
    ({}, "rest", {}, WEB),
    # spoed on the web: name, number, consent
    ({**SPOED, c.SLOT_MELDER: "naaste"}, "socketio", {}, [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]),
    # the phone channel, or a message the voice channel marked as telefoon: never an e-mail address, and no time
    # question of its own (we call on a werkdag; the read-back says so and can change it)
    ({c.SLOT_URGENTIE: "normaal"}, c.VOICE_CHANNEL, {}, [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]),
    ({}, "rest", {"kanaal": "telefoon"}, [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]),
    (SPOED, c.VOICE_CHANNEL, {}, [c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_TOESTEMMING]),
    # a professional on the phone keeps the partner questions, without e-mail
    ({c.SLOT_MELDER: "professional"}, c.VOICE_CHANNEL, {},
     [c.SLOT_PARTNER_SOORT, c.SLOT_ORGANISATIE, c.SLOT_FUNCTIE, c.SLOT_NAAM, c.SLOT_TELEFOON, c.SLOT_INWONER_AKKOORD,
      c.SLOT_TOESTEMMING]),
])
async def test_contact_form_asks_the_questions_of_its_path(slots, channel, metadata, vragen):
    tracker = make_tracker(slots=slots, channel=channel, metadata=metadata, active_loop=c.FORM_CONTACT)
    assert await ValidateContactForm().required_slots(ALLES, CollectingDispatcher(), tracker, {}) == vragen


async def test_spoed_form_goes_from_the_number_straight_to_consent():
    """After name and number on the spoed path the form's next question is toestemming (not e-mail)."""
    tracker = make_tracker(slots={**SPOED, c.SLOT_NAAM: "Gerda Wolters", c.SLOT_TELEFOON: "06-****5678",
                                  c.SLOT_REQUESTED: c.SLOT_TELEFOON},
                           intent="inform", text="[telefoonnummer]", channel="socketio", active_loop=c.FORM_CONTACT)
    domain = {"forms": {c.FORM_CONTACT: {"required_slots": ALLES}}, "slots": {}}
    events = await ValidateContactForm().run(CollectingDispatcher(), tracker, domain)
    assert events == [{"event": "slot", "timestamp": None, "name": c.SLOT_REQUESTED, "value": c.SLOT_TOESTEMMING}]


SPOED_KLAAR = {**SPOED, c.SLOT_NAAM: "Gerda Wolters", c.SLOT_TELEFOON: "06-****5678", c.SLOT_TOESTEMMING: True,
               c.SLOT_VRAAG_TEKST: "mijn buurman slaat zijn kinderen"}


async def test_spoed_read_back_says_we_call_as_soon_as_possible():
    dispatcher = voorgelezen(make_tracker(slots=SPOED_KLAAR))
    vraag, message = dispatcher.messages
    assert (vraag["response"], message["response"]) == (c.UTTER_SAMENVATTING_VRAAG, c.UTTER_SAMENVATTING)
    assert message["telefoon"] == "06-****5678" and message["voorkeur"] == "zo snel mogelijk"
    assert all("None" not in str(vraag[key]) for key in ("vraag", "label", "urgentie_tekst"))
    assert all("None" not in str(message[key]) for key in ("telefoon", "voorkeur"))


def test_spoed_aanmelding_has_no_email_and_calls_as_soon_as_possible():
    body = aanmelding_body(make_tracker(slots=SPOED_KLAAR), {"telefoon": "+31612345678"},
                           datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc))
    assert body["urgentie"] == "spoed"
    assert body["contact"] == {"naam": "Gerda Wolters", "telefoon": "+31612345678", "email": None,
                               "voorkeur": "zo snel mogelijk"}


@pytest.mark.parametrize("tekst, pii, slots_extra, voorkeur, email", [
    # the web: the number and when to call are one question
    ("[telefoonnummer], liefst na vijven", {"telefoon": ["0612345678"]}, {}, "liefst na vijven", None),
    ("u kunt me bellen op [telefoonnummer] 's ochtends", {"telefoon": ["0612345678"]}, {}, "ochtend", None),
    ("[telefoonnummer] maar niet op woensdag", {"telefoon": ["0612345678"]}, {}, "niet op woensdag", None),
    ("[telefoonnummer] of mail naar [e-mailadres]", {"telefoon": ["0612345678"], "email": ["gerda@example.nl"]}, {},
     "email", "g***@example.nl"),
    ("[telefoonnummer]", {"telefoon": ["0612345678"]}, {}, None, None),  # no time: not asked, read back as werkdag
    ("dit nummer is voor mijn moeder [telefoonnummer]", {"telefoon": ["0612345678"]}, {}, None, None),
    # spoed asks no time preference: "zo snel mogelijk" stays
    ("[telefoonnummer] liefst 's middags", {"telefoon": ["0612345678"]}, SPOED, None, None),
    # no number: no time taken either (the number is asked again)
    ("liefst 's middags", {}, {}, None, None),
])
async def test_on_the_web_the_number_answer_also_says_when_to_call(tekst, pii, slots_extra, voorkeur, email):
    tracker = make_tracker(slots={c.SLOT_URGENTIE: "normaal", c.SLOT_NAAM: "Gerda", **slots_extra,
                                  c.SLOT_REQUESTED: c.SLOT_TELEFOON}, intent="inform", text=tekst,
                           channel="socketio", metadata={"pii": pii}, active_loop=c.FORM_CONTACT)
    result = ValidateContactForm().validate_telefoon(tekst, CollectingDispatcher(), tracker, {})
    assert result.get(c.SLOT_VOORKEUR) == voorkeur
    assert result.get(c.SLOT_EMAIL) == email
    assert (result[c.SLOT_TELEFOON] is not None) is bool(pii.get("telefoon"))


async def test_the_number_question_asks_when_to_call_only_on_the_web_in_the_contact_form():
    from bot.actions.contact import ActionAskTelefoon

    web = make_tracker(slots={c.SLOT_URGENTIE: "normaal"}, channel="socketio", active_loop=c.FORM_CONTACT)
    dispatcher, _ = await run(ActionAskTelefoon(), web)
    assert [m["response"] for m in dispatcher.messages] == [c.UTTER_ASK_TELEFOON_VOORKEUR]
    for tracker in (make_tracker(slots=SPOED, channel="socketio", active_loop=c.FORM_CONTACT),  # spoed
                    make_tracker(slots={c.SLOT_URGENTIE: "normaal"}, channel="socketio",
                                 active_loop=c.FORM_CORRECTIE),  # correcting the number: only the number
                    make_tracker(slots={c.SLOT_URGENTIE: "normaal"}, channel=c.VOICE_CHANNEL,
                                 active_loop=c.FORM_CONTACT)):  # the phone: its own question
        dispatcher, _ = await run(ActionAskTelefoon(), tracker)
        assert [m["response"] for m in dispatcher.messages] == [c.UTTER_ASK_TELEFOON]
