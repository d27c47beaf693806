"""Every text the assistant says is short, plain (B1) and consistent: every response in bot/domain (all variations,
placeholders filled), the actions' own texts, every expectation and every voorziening (tests/teksten/corpus.py).

Per bubble: at most 40 words (the legal reference on its own line included), one idea (at most 4 sentences, no
sentence over 25 words), the legal reference never inside the sentence, no forbidden term and no term without its
explanation (routing/data/termen.yml), "u" and never "je", and 14 0545 always with its opening hours.
Over each kind of text and over all of them: at most 15 words per sentence and Flesch-Douma at least 60.
"""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from routing.leesbaarheid import default_termen, meet, term_problemen, woorden, zinnen, zonder_bron
from tests.teksten import corpus

MAX_WOORDEN = 40
MAX_ZINNEN = 4
MAX_WOORDEN_ZIN = 25
MAX_GEMIDDELD = 15
MIN_FLESCH_DOUMA = 60
SOORTEN = ("domein", "actie", "verwachting", "voorziening")
_VERWIJZING = re.compile(r"\b(?:art\.|artikel)\s*\d|\b(?:Wmo 2015|Awb|Jeugdwet|Participatiewet|Wgs) art\b", re.I)


@pytest.fixture(scope="module")
def teksten() -> list[corpus.Tekst]:
    return corpus.alles()


def _report(fouten) -> str:
    return "\n".join(f"  {waar}: {tekst!r}" for waar, tekst in fouten[:40])


def test_every_kind_of_text_is_read(teksten):
    soorten = {t.soort for t in teksten}
    assert soorten == set(SOORTEN)
    namen = {t.waar.split(" ")[0] for t in teksten if t.soort == "domein"}
    assert {"utter_welkom", "utter_crisis", "utter_toestemming_wie", "utter_ask_kern"} <= namen
    assert len([t for t in teksten if t.soort == "voorziening"]) == len(corpus._catalog().voorzieningen)


def test_every_placeholder_of_every_response_is_filled(teksten):
    assert [t for t in teksten if re.search(r"\{\w+\}", t.tekst)] == []


def test_every_bubble_has_at_most_40_words(teksten):
    fouten = [(t.waar, t.tekst) for t in teksten if len(woorden(t.tekst)) > MAX_WOORDEN]
    assert not fouten, f"{len(fouten)} bubble(s) over {MAX_WOORDEN} words:\n{_report(fouten)}"


def test_every_bubble_is_one_idea_in_short_sentences(teksten):
    fouten = []
    for t in teksten:
        tekst = zonder_bron(t.tekst)
        if len(zinnen(tekst)) > MAX_ZINNEN or any(len(woorden(z)) > MAX_WOORDEN_ZIN for z in zinnen(tekst)):
            fouten.append((t.waar, tekst))
    assert not fouten, (f"{len(fouten)} bubble(s) with more than {MAX_ZINNEN} sentences or a sentence over "
                        f"{MAX_WOORDEN_ZIN} words (split them into more bubbles):\n{_report(fouten)}")


def test_the_legal_reference_stands_on_its_own_line(teksten):
    fouten = [(t.waar, t.tekst) for t in teksten if _VERWIJZING.search(zonder_bron(t.tekst))]
    assert not fouten, _report(fouten)
    met_bron = [t for t in teksten if t.soort == "verwachting" and zonder_bron(t.tekst) != t.tekst]
    assert met_bron and all(t.tekst.rsplit("\n", 1)[1].startswith("(") for t in met_bron)


@pytest.mark.parametrize("soort", [*SOORTEN, "alles"])
def test_sentences_are_short_and_plain_on_average(teksten, soort):
    maat = meet([t.tekst for t in teksten if soort in ("alles", t.soort)])
    assert maat.woorden_per_zin <= MAX_GEMIDDELD, maat
    assert maat.flesch_douma >= MIN_FLESCH_DOUMA, (maat, round(maat.flesch_douma, 1))


def test_no_forbidden_term_and_no_term_without_its_explanation(teksten):
    termen = default_termen()
    fouten = [(f"{t.waar} {problemen}", t.tekst)
              for t in [*teksten, *corpus.knoppen()] for problemen in [term_problemen(termen, t.tekst)] if problemen]
    assert not fouten, _report(fouten)


def test_the_term_list_names_the_words_the_review_found():
    termen = {t.woord: t.soort for t in default_termen().termen}
    for woord in ("team toegang", "frontteam", "kern", "backoffice"):
        assert termen[woord] == "verboden"
    for woord in ("melding", "indicatie", "respijtzorg", "toevoeging"):
        assert termen[woord] == "uitleggen"


def test_the_inwoner_is_addressed_with_u(teksten):
    fouten = [(t.waar, t.tekst) for t in teksten if re.search(r"\b(je|jij|jouw|jou|jullie)\b", t.tekst, re.I)]
    assert not fouten, _report(fouten)


def test_the_gemeente_number_always_comes_with_its_opening_hours(teksten):
    """14 0545 is answered on werkdagen from 8.30 to 17.00: no text may suggest it is always open."""
    fouten = [(t.waar, t.tekst) for t in teksten
              if "14 0545" in t.tekst and "8.30 tot 17.00" not in t.tekst]
    fouten += [(t.waar, t.tekst) for t in teksten if re.search(r"\b(dat kan altijd|altijd bellen)\b", t.tekst, re.I)]
    assert not fouten, _report(fouten)


def test_web_and_phone_promise_the_same_retention():
    per_kanaal = defaultdict(set)
    for naam, variatie in corpus.domein_responses():
        if naam.startswith("utter_toestemming"):
            for m in re.finditer(r"\d+ maanden[^.]*", variatie["text"]):
                per_kanaal[variatie.get("channel", "web")].add(m.group(0))
    assert per_kanaal["web"] == {"12 maanden nadat uw vraag klaar is"}
    assert per_kanaal.get("twilio_voice", per_kanaal["web"]) == per_kanaal["web"]
