"""The contact and details forms store only the name, number, address or kern from a sentence answer."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.contact import ValidateContactForm
from tests.actions.conftest import make_tracker, responses, run

BELLER = {"beller": "+31612349876", "beller_laatste_cijfers": "9 8 7 6"}


@pytest.mark.parametrize("text, slot, said", [
    ("Mijn naam is Gerda Wolters", "Gerda Wolters", []),
    ("met Jan de Vries", "Jan de Vries", []),
    ("gerda wolters hier", "Gerda Wolters", []),
    # a failed answer: the validator says nothing, the repair (bot/actions/herstel.py) asks again with an example
    ("weet ik niet", None, []),
    ("[telefoonnummer]", None, []),
])
def test_name_slot_holds_only_the_name_from_the_sentence(text, slot, said):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text=text, active_loop="contact_form")
    assert ValidateContactForm().validate_naam(text, dispatcher, tracker, {}) == {c.SLOT_NAAM: slot}
    assert responses(dispatcher) == said


@pytest.mark.parametrize("text, pii, intent, channel, slot, draft", [
    # web: the channel lifted the number out of the sentence into metadata
    ("u kunt me bellen op [telefoonnummer] na vijven", {"telefoon": ["06 12345678"]}, "inform", "rest",
     "06-****5678", "+31612345678"),
    # Rasa's HTTP API without a channel: the number is still in the text
    ("u kunt me bellen op 06 12345678 na vijven", {}, "inform", "rest", "06-****5678", "+31612345678"),
    # phone: the caller's own number, in words
    ("het nummer waarmee ik bel", BELLER, "inform", c.VOICE_CHANNEL, "06-****9876", "+31612349876"),
    ("ja dit nummer", BELLER, "inform", c.VOICE_CHANNEL, "06-****9876", "+31612349876"),
    # phone: "ja" followed by another number takes the number that was said
    ("ja bel maar naar [telefoonnummer]", {**BELLER, "telefoon": ["0545 123456"]}, "affirm", c.VOICE_CHANNEL,
     "05-****3456", "+31545123456"),
], ids=["web-sentence", "api-sentence", "phone-waarmee-ik-bel", "phone-ja-dit-nummer", "phone-ja-other-number"])
def test_phone_slot_holds_only_the_number_from_the_sentence(text, pii, intent, channel, slot, draft):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent=intent, text=text, metadata={"pii": pii}, channel=channel)
    assert ValidateContactForm().validate_telefoon(text, dispatcher, tracker, {}) == {c.SLOT_TELEFOON: slot}
    assert services.drafts().get_all("gesprek-1") == {"telefoon": draft}
    assert dispatcher.messages == []


@pytest.mark.parametrize("text, pii", [
    ("mail naar [e-mailadres] graag", {"email": ["Gerda@Example.nl"]}),
    ("mail naar gerda@example.nl graag", {}),
], ids=["channel-lifted", "api-sentence"])
def test_email_slot_holds_only_the_address_from_the_sentence(text, pii):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text=text, metadata={"pii": pii})
    assert ValidateContactForm().validate_email(text, dispatcher, tracker, {}) == {c.SLOT_EMAIL: "g***@example.nl"}
    assert services.drafts().get_all("gesprek-1") == {"email": "gerda@example.nl"}
    assert dispatcher.messages == []


GEEN = {c.SLOT_BUITEN_PLAATS: None}


@pytest.mark.parametrize("text, result, said", [
    ("ik woon sinds 2019 in Neede",
     {c.SLOT_KERN: "Neede", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False, **GEEN}, []),
    ("ik woon in nee de", {c.SLOT_KERN: "Neede", c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False, **GEEN}, []),
    ("nee", {c.SLOT_KERN: None, c.SLOT_BUITEN_PLAATS: None}, []),
    ("weet ik niet",
     {c.SLOT_KERN: c.KERN_ONBEKEND, c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: False, **GEEN}, []),
    (c.KERN_BUITEN, {c.SLOT_KERN: c.KERN_BUITEN, c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: True, **GEEN},
     [c.UTTER_BUITEN_BERKELLAND]),
    # a place in a buurgemeente, named without a postcode: first asked back ("Woont u daar?"), with its gemeente
    ("Buurse", {c.SLOT_KERN: None, c.SLOT_POSTCODE: None, c.SLOT_BUITEN_PLAATS:
                "Buurse ligt niet in de gemeente Berkelland, maar in de gemeente Haaksbergen."}, []),
    # said as where one lives: referred at once
    ("ik woon in Buurse", {c.SLOT_KERN: c.KERN_BUITEN, c.SLOT_POSTCODE: None, c.SLOT_BUITEN_BERKELLAND: True,
                           c.SLOT_BUITEN_PLAATS: None}, [c.UTTER_BUITEN_BERKELLAND]),
    # outside Berkelland in so many words, next to a kern: referred, the kern is not where they live
    ("wij wonen net over de grens bij Ruurlo", {c.SLOT_KERN: c.KERN_BUITEN, c.SLOT_POSTCODE: None,
                                                c.SLOT_BUITEN_BERKELLAND: True, **GEEN}, [c.UTTER_BUITEN_BERKELLAND]),
])
def test_kern_slot_holds_only_the_kern_from_the_sentence(text, result, said):
    from bot.actions.details import ValidateDetailsForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text=text, channel=c.VOICE_CHANNEL)
    got = ValidateDetailsForm().validate_kern(text, dispatcher, tracker, {})
    if got.get(c.SLOT_BUITEN_PLAATS):  # the referral text, of which the first sentence is asked back
        got[c.SLOT_BUITEN_PLAATS] = got[c.SLOT_BUITEN_PLAATS].split(". ")[0] + "."
    assert got == result
    assert responses(dispatcher) == said


def test_the_sentence_not_the_entity_decides_a_buurgemeente_place():
    # The NLU tags "Rietmolen" as the kern; the person lives in Buurse (gemeente Haaksbergen).
    from bot.actions.details import ValidateDetailsForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="inform", text="Buurse, vlak bij Rietmolen.")
    eerst = ValidateDetailsForm().validate_kern("Rietmolen", dispatcher, tracker, {})
    assert eerst[c.SLOT_KERN] is None and "Haaksbergen" in eerst[c.SLOT_BUITEN_PLAATS]
    tracker = make_tracker(slots=eerst, intent="inform", text="Ik woon in Buurse, vlak bij Rietmolen.")
    assert ValidateDetailsForm().validate_kern("Rietmolen", dispatcher, tracker, {})[c.SLOT_BUITEN_BERKELLAND]
    assert responses(dispatcher) == [c.UTTER_BUITEN_BERKELLAND]


@pytest.mark.parametrize("text, opnieuw", [
    ("Ik woon zelf in Borculo.", True),
    ("ikzelf woon in Haaksbergen", True),
    ("ik woon ook in Neede, bij haar om de hoek", False),
    ("wij wonen samen in Eibergen", False),
    ("Ik woon in Eibergen", False),  # a mother for her child: mostly the same household, and read back
    ("ik woon in Enschede", True),  # outside Berkelland: where does the person live?
])
def test_a_naaste_naming_only_their_own_place_is_asked_again(text, opnieuw):
    from bot.actions.details import ValidateDetailsForm

    tracker = make_tracker(slots={c.SLOT_MELDER: "naaste"}, intent="inform", text=text)
    result = ValidateDetailsForm().validate_kern(text, CollectingDispatcher(), tracker, {})
    assert (result == {c.SLOT_KERN: None}) == opnieuw



@pytest.mark.parametrize("text, kern, buiten", [
    # the person's place first, the writer's own place in a clause about themselves: the person's place counts
    ("Zij woont in Haarlo. Ik ben zelf meestal in Borculo.", "Haarlo", False),
    ("Hoonte, bij Neede. Maar ik werk in Eibergen", "Neede", False),
    ("Haar huis staat in Buurse, dat is Haaksbergen, ik zit vaak in Rekken", None, True),
    ("mijn vader woont in Rietmolen, ik zelf in Enschede", "Rietmolen", False),
])
def test_a_naaste_who_also_names_their_own_place_gets_the_persons_place(text, kern, buiten):
    from bot.actions.details import ValidateDetailsForm

    tracker = make_tracker(slots={c.SLOT_MELDER: "naaste", c.SLOT_HERSTEL_VRAAG: c.SLOT_KERN}, intent="inform",
                           text=text)
    result = ValidateDetailsForm().validate_kern(text, CollectingDispatcher(), tracker, {})
    assert (result.get(c.SLOT_KERN) if not buiten else None, bool(result.get(c.SLOT_BUITEN_BERKELLAND))) == (
        kern, buiten), result


@pytest.mark.parametrize("text, kern, buiten", [
    # where the organisation is, alone: asked again, for the inwoner
    ("wij zitten in eibergen", None, False),
    ("Onze praktijk is in Neede.", None, False),
    ("ik werk vanuit Borculo", None, False),
    # the organisation's place next to the inwoner's: the inwoner's counts
    ("wij zitten in Eibergen maar mevrouw zelf woont in Buurse", None, True),
    ("ons team zit in Borculo, de cliënt woont in Geesteren", "Geesteren", False),
    # a plain place, or where the inwoner lives: taken
    ("Rekken", "Rekken", False),
    ("meneer woont in Ruurlo", "Ruurlo", False),
])
def test_a_professional_naming_the_organisations_place_is_asked_for_the_inwoners(text, kern, buiten):
    from bot.actions.details import ValidateDetailsForm

    tracker = make_tracker(slots={c.SLOT_MELDER: "professional"}, intent="inform", text=text)
    result = ValidateDetailsForm().validate_kern(text, CollectingDispatcher(), tracker, {})
    assert (result.get(c.SLOT_KERN) if not buiten else None, bool(result.get(c.SLOT_BUITEN_BERKELLAND))) == (
        kern, buiten), result


async def test_a_professional_who_named_the_organisations_place_hears_why_it_is_asked_again():
    from bot.actions.details import ActionAskKern

    tracker = make_tracker(slots={c.SLOT_MELDER: "professional", c.SLOT_HERSTEL_VRAAG: c.SLOT_KERN},
                           intent="inform", text="wij zitten in eibergen")
    dispatcher, _ = await run(ActionAskKern(), tracker)
    assert responses(dispatcher) == [c.UTTER_ASK_KERN_ORGANISATIE]
    assert "Weet ik niet" in [b["title"] for b in dispatcher.messages[0]["buttons"]]


async def test_a_naaste_who_names_their_own_place_is_asked_for_the_persons_place():
    from bot.actions.details import ActionAskKern, ValidateDetailsForm

    text = "Ik woon zelf in Enschede, mijn moeder niet"
    tracker = make_tracker(slots={c.SLOT_MELDER: "naaste", c.SLOT_HERSTEL_VRAAG: c.SLOT_KERN}, intent="inform",
                           text=text)
    dispatcher = CollectingDispatcher()
    assert ValidateDetailsForm().validate_kern(text, dispatcher, tracker, {}) == {c.SLOT_KERN: None}
    assert responses(dispatcher) == []  # not referred to Enschede
    dispatcher, _ = await run(ActionAskKern(), tracker)
    assert responses(dispatcher) == [c.UTTER_ASK_KERN_PERSOON]
    assert "Weet ik niet" in [b["title"] for b in dispatcher.messages[0]["buttons"]]
    # the inwoner who names only the place is asked back once, then referred
    zelf = make_tracker(slots={c.SLOT_MELDER: "inwoner"}, intent="inform", text="Enschede")
    dispatcher = CollectingDispatcher()
    eerst = ValidateDetailsForm().validate_kern("Enschede", dispatcher, zelf, {})
    assert eerst[c.SLOT_KERN] is None and eerst[c.SLOT_BUITEN_PLAATS].startswith("Enschede ligt niet")
    zelf = make_tracker(slots={c.SLOT_MELDER: "inwoner", **eerst}, intent="affirm", text="ja")
    assert ValidateDetailsForm().validate_kern("ja", dispatcher, zelf, {})[c.SLOT_BUITEN_BERKELLAND]
    # "ik woon in Enschede" says it already: referred at once
    zelf = make_tracker(slots={c.SLOT_MELDER: "inwoner"}, intent="inform", text="ik woon in Enschede")
    assert ValidateDetailsForm().validate_kern("ik woon in Enschede", CollectingDispatcher(), zelf, {})[
        c.SLOT_BUITEN_BERKELLAND]
