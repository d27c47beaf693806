"""The plain-language measures themselves: syllables, words, sentences, Flesch-Douma, the term list (table tests)."""
from __future__ import annotations

import pytest

from routing.errors import RoutingConfigError
from routing.leesbaarheid import (
    Maat,
    flesch_douma,
    is_leeswoord,
    lettergrepen,
    meet,
    parse_termen,
    term_problemen,
    woorden,
    zinnen,
    zonder_bron,
)


@pytest.mark.parametrize(
    "woord,aantal",
    [
        # one vowel group, one syllable; the diphthongs and long vowels are one sound
        ("de", 1), ("huis", 1), ("mooi", 1), ("haai", 1), ("groei", 1), ("nieuw", 1), ("leeuw", 1), ("ijs", 1),
        ("eigen", 2), ("fietsen", 2), ("boeken", 2), ("geeuwen", 2), ("zee", 1), ("uur", 1), ("oud", 1),
        ("auto", 2), ("vrouw", 1), ("reuk", 1),
        # a run of vowels that is no Dutch unit splits: i-de-aal, the-a-ter, be-oor-de-ling
        ("ideaal", 3), ("theater", 3), ("beoordeling", 4),
        # a diaeresis starts a syllable; an acute does not
        ("cliënt", 2), ("knieën", 2), ("reünie", 3), ("ideeën", 3), ("één", 1), ("café", 2),
        # longer words of our texts
        ("Voormekaar", 3), ("Berkelland", 3), ("huishouden", 3), ("persoonsgebonden", 5), ("bijdrage", 3),
        ("kindermishandeling", 6), ("cliëntondersteuner", 6), ("leerplichtambtenaar", 5),
        # without a vowel, or two or three capitals: spelled out
        ("pgb", 3), ("AVG", 3), ("GGD", 3),
        # digits one each; punctuation ignored; a web address by its name
        ("112", 3), ("14", 2), ("gesprek.", 2), ("(gratis)", 2), ("www.fijnder.nl", 4),
        ("", 0), ("-", 0),
    ],
)
def test_syllables_follow_the_dutch_vowel_groups(woord, aantal):
    assert lettergrepen(woord) == aantal


@pytest.mark.parametrize(
    "tekst,verwacht",
    [
        ("Welkom bij Voormekaar. Ik ben een digitale assistent.",
         ["Welkom bij Voormekaar.", "Ik ben een digitale assistent."]),
        ("Liever een mens? Bel 14 0545, op werkdagen van 8.30 tot 17.00 uur.",
         ["Liever een mens?", "Bel 14 0545, op werkdagen van 8.30 tot 17.00 uur."]),
        # an abbreviation or a number does not end a sentence
        ("Zie art. 2.3.2 lid 1 van de wet. Klaar!", ["Zie art. 2.3.2 lid 1 van de wet.", "Klaar!"]),
        ("Neem bijv. uw paspoort mee.", ["Neem bijv. uw paspoort mee."]),
        # a new line ends one; an empty text has none
        ("Eerst dit\nen dan dat", ["Eerst dit", "en dan dat"]),
        ("", []),
        ("Hij zei: \"Kom maar.\" Toen ging hij.", ["Hij zei: \"Kom maar.\"", "Toen ging hij."]),
    ],
)
def test_sentences(tekst, verwacht):
    assert zinnen(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst,aantal",
    [("Bel 14 0545 of kijk op www.gemeenteberkelland.nl.", 7), ("Kosten: gratis.", 2), (" - ", 0), ("", 0)],
)
def test_words_are_tokens_with_a_letter_or_a_digit(tekst, aantal):
    assert len(woorden(tekst)) == aantal


@pytest.mark.parametrize(
    "token,leeswoord",
    [("huis", True), ("Bel", True), ("gratis.", True), ("14", False), ("0800-2000", False), ("8.30", False),
     ("VMK-2026-000123", False), ("www.fijnder.nl", False), ("fijnder.nl.", False), ("naam@voorbeeld.nl", False)],
)
def test_numbers_codes_and_addresses_are_not_words_of_prose(token, leeswoord):
    assert is_leeswoord(token) is leeswoord


def test_the_legal_reference_on_its_own_line_is_not_measured():
    tekst = "Uw aanmelding telt als melding.\n(Wmo 2015 art. 2.3.2 lid 1)"
    assert zonder_bron(tekst) == "Uw aanmelding telt als melding."
    assert zonder_bron("Dat is zo.\n(beleid Berkelland)") == "Dat is zo."
    assert zonder_bron("Een gewone tekst\n(met haakjes)") == "Een gewone tekst\n(met haakjes)"
    assert meet(tekst) == meet("Uw aanmelding telt als melding.")


def test_flesch_douma_is_the_formula_on_words_sentences_and_syllables():
    # 10 words, 2 sentences, 10 syllables: 206.835 - 0.93 x 5 - 77 x 10/10
    tekst = "Ik ben een hulp. Ik help u met uw vraag."
    assert meet(tekst) == Maat(woorden=10, zinnen=2, lettergrepen=10)
    assert flesch_douma(tekst) == pytest.approx(206.835 - 0.93 * 5 - 77 * 1.0)
    moeilijk = "De persoonsgebonden budgetverstrekking geschiedt conform de maatwerkvoorzieningensystematiek."
    assert flesch_douma(moeilijk) < 0 < 60 < flesch_douma(tekst)


def test_measures_add_up_over_several_texts():
    a, b = "Dag. Tot ziens.", "Bel ons."
    assert meet([a, b]) == meet(a) + meet(b)
    assert meet([]) == Maat(0, 0, 0) and meet([]).flesch_douma == pytest.approx(206.835)


TERMEN = parse_termen({
    "verboden": [{"woord": "team toegang", "waarom": "intern", "zeg": "Voormekaar"}],
    "uitleggen": [{"woord": "pgb", "waarom": "afkorting", "uitleg": ["persoonsgebonden budget"]}],
})


@pytest.mark.parametrize(
    "tekst,problemen",
    [
        ("Dan zet ik uw vraag door naar team toegang.", 1),
        ("Dan zet ik uw vraag door naar Team Toegang.", 1),
        ("Een medewerker van Voormekaar belt u.", 0),
        ("U mag kiezen voor een pgb.", 1),
        ("U mag kiezen voor een persoonsgebonden budget (pgb).", 0),
        ("Uw teamgenoot helpt.", 0),  # whole words only
        # the legal reference line is not the text
        ("U krijgt een besluit.\n(beleid Berkelland)", 0),
    ],
)
def test_forbidden_terms_and_terms_without_their_explanation(tekst, problemen):
    assert len(term_problemen(TERMEN, tekst)) == problemen


@pytest.mark.parametrize(
    "data,key",
    [
        ({"verboden": [], "uitleggen": [{"woord": "pgb", "waarom": "x", "uitleg": ["y"]}]}, "verboden"),
        ({"verboden": [{"woord": "kern", "waarom": "x"}], "uitleggen": [{"woord": "pgb", "waarom": "x"}]}, "uitleg"),
        ({"verboden": [{"woord": "kern"}], "uitleggen": [{"woord": "pgb", "waarom": "x", "uitleg": ["y"]}]},
         "waarom"),
        ({"verboden": [{"woord": "kern", "waarom": "x", "kleur": "rood"}],
          "uitleggen": [{"woord": "pgb", "waarom": "x", "uitleg": ["y"]}]}, "kleur"),
        ({"verboden": [{"woord": "pgb", "waarom": "x"}], "uitleggen": [{"woord": "PGB", "waarom": "x",
                                                                         "uitleg": ["y"]}]}, "woord"),
    ],
    ids=["empty_list", "no_explanation", "no_reason", "unknown_key", "listed_twice"],
)
def test_the_term_list_is_validated_with_entry_and_key(data, key):
    with pytest.raises(RoutingConfigError) as err:
        parse_termen(data)
    assert "termen.yml" in str(err.value) and key in str(err.value)
