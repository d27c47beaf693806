"""Table-driven tests of the pure voice renderer (bot/voordeur/voice.py): what a caller hears for a given text."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.voordeur import voice


@pytest.mark.parametrize("number,spoken", [
    ("0800-2000", "nul acht honderd, twee duizend"),
    ("0800 2000", "nul acht honderd, twee duizend"),
    ("14 0545", "veertien nul vijf vier vijf"),
    ("140545", "veertien nul vijf vier vijf"),
    ("112", "één één twee"),
    ("113", "één één drie"),
    ("0800-0113", "nul acht honderd, nul één één drie"),
    ("0800-1351", "nul acht honderd, dertien eenenvijftig"),
    ("06-12345678", "nul zes, één twee, drie vier, vijf zes, zeven acht"),
    ("+31612345678", "nul zes, één twee, drie vier, vijf zes, zeven acht"),
])
def test_phone_numbers_are_read_in_groups(number: str, spoken: str) -> None:
    assert voice.speak_phone_number(number) == spoken


@pytest.mark.parametrize("text,spoken", [
    ("Bel Veilig Thuis: 0800-2000.", "Bel Veilig Thuis: nul acht honderd, twee duizend."),
    ("Bel 14 0545 of bij gevaar 112.", "Bel veertien nul vijf vier vijf of bij gevaar één één twee."),
    ("Uw nummer is VMK-2026-000123.",
     "Uw nummer is vee em kaa, twee nul twee zes, nul nul nul één twee drie."),
    ("Kijk op [de site](https://www.berkelland.nl) 😊", "Kijk op de site"),
    ("Zie https://www.berkelland.nl/zorg voor meer.", "Zie berkelland punt nl voor meer."),
    ("Kijk op www.berkellandwijzer.nl/geldzaken.", "Kijk op berkellandwijzer punt nl."),
    ("**Let op**: _altijd_ bereikbaar (24/7)", "Let op: altijd bereikbaar, dag en nacht"),
    ("Open ma-vr 08:30-17:00 uur", "Open maandag tot en met vrijdag 8 uur 30 tot 17 uur"),
    ("Mail info@berkelland.nl", "Mail info apenstaartje berkelland punt nl"),
    ("In het jaar 2026 op postcode 7271 AB", "In het jaar 2026 op postcode 7271 AB"),
])
def test_speakable_text(text: str, spoken: str) -> None:
    assert voice.speakable(text) == spoken


def test_buttons_are_read_as_a_numbered_choice() -> None:
    buttons = [{"title": "Voor mezelf", "payload": "/melder_zelf"}, {"title": "Nee 👎", "payload": "/deny"}]
    assert voice.render_message("Voor wie?", buttons) == "Voor wie? Kies 1 voor mezelf, 2 voor nee, of zeg het."


def test_markdown_list_items_become_sentences() -> None:
    assert voice.speakable("Hulp dichtbij:\n- Dorpskamer\n- Voedselbank") == "Hulp dichtbij: Dorpskamer. Voedselbank."


def test_last_four_digits_of_the_callers_number() -> None:
    assert voice.last_digits("+31612344567") == "4 5 6 7"
    assert voice.speak_last_digits("+31612344567") == "vier vijf zes zeven"
    assert voice.last_digits("anonymous") == ""


@pytest.mark.parametrize("digits,speech,choice", [
    ("1", None, 1), ("2#", None, 2), ("0", None, 0), ("9", None, 9), ("5", None, None),
    (None, "Eén.", 1), (None, "een", 1), (None, "optie twee", 2), (None, "nul", 0), (None, "negen", 9),
    (None, "ik ben wijkverpleegkundige", 2), (None, "een medewerker graag", 0), (None, "voor mijn moeder", 1),
    (None, "ik heb een vraag over de huishoudelijke hulp van mijn moeder", None),
])
def test_menu_choice_from_keys_and_speech(digits: str | None, speech: str | None, choice: int | None) -> None:
    assert voice.menu_choice(digits, speech) == choice


def test_opening_hours() -> None:
    hours = voice.Openingstijden.parse("ma-do 08:30-17:00, vr 08:30-12:30")
    tz = dt.timezone(dt.timedelta(hours=1))
    assert hours.is_open(dt.datetime(2026, 11, 24, 10, 0, tzinfo=tz))  # Tuesday
    assert not hours.is_open(dt.datetime(2026, 11, 27, 13, 0, tzinfo=tz))  # Friday afternoon
    assert not hours.is_open(dt.datetime(2026, 11, 29, 10, 0, tzinfo=tz))  # Sunday
    assert hours.spoken() == ("op maandag tot en met donderdag van 8 uur 30 tot 17 uur en op vrijdag van "
                              "8 uur 30 tot 12 uur 30")
    with pytest.raises(voice.OpeningstijdenError):
        voice.Openingstijden.parse("weekdagen 9 tot 5")


@pytest.mark.parametrize("n,words", [(21, "eenentwintig"), (32, "tweeëndertig"), (2000, "twee duizend"),
                                     (1351, "duizend drie honderd eenenvijftig"), (14, "veertien")])
def test_number_words(n: int, words: str) -> None:
    assert voice.number_words(n) == words


@pytest.mark.parametrize("text, spoken", [
    ("Wij bellen u op 06-****5678, het liefst 's ochtends.", "het nummer eindigend op"),
    ("Wij bellen u op 05-****3456.", "het nummer eindigend op"),
])
def test_a_masked_callback_number_is_read_by_its_last_digits(text, spoken):
    from bot.voordeur.voice import speakable

    out = speakable(text)
    assert spoken in out and "*" not in out and "06" not in out.split("eindigend")[0][-8:]
