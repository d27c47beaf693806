"""Table-driven tests of voice.match_choice: a spoken answer is matched against the buttons just offered before it
goes to the NLU, and only when it clearly picks one of them."""
from __future__ import annotations

import pytest

from bot.voordeur import voice

JA_NEE = [{"title": "Ja", "payload": "/affirm"}, {"title": "Nee", "payload": "/deny"}]
NOG_IETS = [{"title": "Ja, nog een vraag", "payload": "/affirm"}, {"title": "Nee, dat was het", "payload": "/deny"}]
PROFESSIONAL = [{"title": "Signaal", "payload": "/inform_signaal"},
                {"title": "Aanmelding 📝", "payload": "/inform_aanmelding"},
                {"title": "Overleg", "payload": "/inform_overleg"}]
NUMMER = [{"title": "Ja, op dit nummer", "payload": "/affirm"},
          {"title": "Nee, een ander nummer", "payload": "/deny"}]
DAGDEEL = [{"title": "'s Ochtends", "payload": "/inform_ochtend"}, {"title": "'s Middags", "payload": "/inform_middag"},
           {"title": "Maakt niet uit", "payload": "/inform_maakt_niet_uit"}]
VOOR_WIE = [{"title": "Voor mezelf", "payload": "/melder_zelf"},
            {"title": "Voor iemand anders", "payload": "/melder_naaste"}]


@pytest.mark.parametrize("speech,buttons,index", [
    # ja/nee in any phrasing, at a Ja/Nee pair
    ("nee dat was het dank u wel", NOG_IETS, 1),
    ("Nee, dat was het. Dank u wel.", JA_NEE, 1),
    ("nee dank u", JA_NEE, 1),
    ("nee hoor", JA_NEE, 1),
    ("eh nee", JA_NEE, 1),
    ("liever niet", JA_NEE, 1),
    ("ja graag", JA_NEE, 0),
    ("Jazeker.", JA_NEE, 0),
    ("ja hoor", JA_NEE, 0),
    ("ja dat klopt", JA_NEE, 0),
    ("graag", JA_NEE, 0),
    # ordinals and numbers
    ("de eerste", PROFESSIONAL, 0),
    ("de tweede", PROFESSIONAL, 1),
    ("nummer twee", PROFESSIONAL, 1),
    ("optie 1", PROFESSIONAL, 0),
    ("drie", PROFESSIONAL, 2),
    ("twee", JA_NEE, 1),
    # the words of a title
    ("Aanmelding", PROFESSIONAL, 1),
    ("ik wil graag overleg", PROFESSIONAL, 2),
    ("een signaal doorgeven", PROFESSIONAL, 0),
    ("het is voor iemand anders", VOOR_WIE, 1),
    ("voor mezelf", VOOR_WIE, 0),
    ("ochtends graag", DAGDEEL, 0),
    ("dat maakt mij niet uit", DAGDEEL, 2),
    ("nee een ander nummer", NUMMER, 1),
])
def test_a_clear_spoken_answer_picks_the_button(speech: str, buttons: list, index: int) -> None:
    assert voice.match_choice(speech, buttons) == index


@pytest.mark.parametrize("speech,buttons", [
    # a long story that merely contains 'nee' or 'ja' is for the NLU
    ("nee want mijn moeder kan niet meer zelf boodschappen doen sinds haar val", JA_NEE),
    ("ja mijn buurman heeft hulp nodig bij het huishouden en de administratie", JA_NEE),
    ("ik weet het eigenlijk niet, nee", JA_NEE),
    # both or neither
    ("ja nee", JA_NEE),
    ("zeker niet", JA_NEE),
    ("ja maar niet vandaag", JA_NEE),
    ("misschien", JA_NEE),
    # danger is never swallowed by a button
    ("nee ik wil er niet meer zijn", JA_NEE),
    ("nee hij slaat me", JA_NEE),
    # a no that carries a new phone number goes to the NLU whole, so the number is not lost
    ("nee het is 06 12 34 56 78", NUMMER),
    # … and a no that corrects a number said in words (an age at the read-back)
    ("nee ze is zeven niet zeventien", JA_NEE),
    # a number that is not offered, a title heard negated, two titles at once
    ("vier", PROFESSIONAL),
    ("vijf", JA_NEE),
    ("niet voor mezelf", VOOR_WIE),
    ("geen aanmelding", PROFESSIONAL),
    ("aanmelding of overleg", PROFESSIONAL),
    ("ik wil een aanmelding doen voor mijn vader die slecht ter been is", PROFESSIONAL),
    # nothing offered, nothing said
    ("ja graag", []),
    ("", JA_NEE),
])
def test_an_unclear_long_or_alarming_answer_is_left_to_the_nlu(speech: str, buttons: list) -> None:
    assert voice.match_choice(speech, buttons) is None


def _domain_buttons(response: str) -> list:
    """The buttons of a response exactly as the domain has them (the phone reads these)."""
    import yaml

    from tests.support.stack import ROOT

    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        if response in responses:
            return responses[response][0]["buttons"]
    raise AssertionError(f"{response} staat niet in bot/domain")


@pytest.mark.parametrize("speech,score", [
    ("vier", "4"), ("5", "5"), ("de eerste", "1"), ("heel tevreden", "5"), ("Tevreden.", "4"),
    ("ik ben tevreden", "4"), ("neutraal", "3"), ("ontevreden", "2"), ("heel ontevreden", "1"),
])
def test_the_satisfaction_question_is_answered_by_a_number_or_the_words_of_a_score(speech: str, score: str) -> None:
    buttons = _domain_buttons("utter_ask_tevredenheid")
    index = voice.match_choice(speech, buttons)
    assert index is not None and f'"tevredenheid_score": "{score}"' in buttons[index]["payload"]


@pytest.mark.parametrize("speech", ["niet tevreden", "ik wil nog iets vragen over de traplift van mijn moeder"])
def test_an_unclear_or_other_answer_to_the_satisfaction_question_goes_to_the_nlu(speech: str) -> None:
    assert voice.match_choice(speech, _domain_buttons("utter_ask_tevredenheid")) is None


def test_the_satisfaction_question_is_read_with_keys_one_to_five() -> None:
    spoken = voice.render_message("Hoe tevreden bent u over dit gesprek?", _domain_buttons("utter_ask_tevredenheid"))
    assert spoken.endswith("Kies 1 voor heel ontevreden, 2 voor ontevreden, 3 voor neutraal, 4 voor tevreden, "
                           "5 voor heel tevreden, of zeg het.")


@pytest.mark.parametrize("speech, herhalen", [
    ("wat zegt u?", True), ("Wat zeg ie", True), ("pardon", True), ("eh sorry wat zegt u", True),
    ("kunt u dat nog een keer zeggen", True), ("ik versta u niet goed", True), ("nog een keer alstublieft", True),
    # an answer, a question of one's own, or something else: the dialogue takes it
    ("nee", False), ("wat is een wmo-consulent", False), ("wat zegt u over mijn moeder", False),
    ("ik woon in Neede", False), ("", False), (None, False),
])
def test_a_request_to_hear_the_question_again(speech, herhalen):
    assert voice.is_herhaalverzoek(speech) is herhalen
