"""Repair of form questions (routing/data/herstel.yml) and the confirmation of the first guess: pure, table-driven."""
from __future__ import annotations

import pytest

import routing
from routing import (RoutingConfigError, default_herstel, default_vragen, herstel_stap, is_weet_niet, load_herstel,
                     woont_buiten)
from routing.herstel import DETAILS_VRAGEN, MAX_FOUTEN


def alle_vragen() -> set[str]:
    return {v for lijst in default_vragen().per_melder.values() for v in lijst} | set(DETAILS_VRAGEN)


@pytest.mark.parametrize("vraag", sorted(alle_vragen()))
def test_every_form_question_is_asked_at_most_twice_then_has_a_way_out(vraag):
    herstel = default_herstel()
    assert herstel_stap(herstel, vraag, 1) is None  # the first failed answer: asked once more, with an example
    uitweg = herstel_stap(herstel, vraag, MAX_FOUTEN)
    assert uitweg is not None and uitweg.soort in ("overslaan", "medewerker")
    assert herstel_stap(herstel, vraag, MAX_FOUTEN + 1) == uitweg  # never a third time
    assert uitweg.bericht.startswith("utter_")


@pytest.mark.parametrize("vraag, soort, waarde", [
    # without a number nobody can call back, and nothing may be kept without consent: a person helps
    ("telefoon", "medewerker", None),
    ("toestemming", "medewerker", None),
    # optional or nice-to-know: skipped, a medewerker asks later
    ("email", "overslaan", "geen"),
    ("kern", "overslaan", "onbekend"),
    ("leeftijd", "overslaan", "onbekend"),
    # without a clear "ja" from the inwoner: only anonymous overleg
    ("inwoner_akkoord", "overslaan", False),
])
def test_the_way_out_fits_the_question(vraag, soort, waarde):
    uitweg = herstel_stap(default_herstel(), vraag, MAX_FOUTEN)
    assert (uitweg.soort, uitweg.waarde) == (soort, waarde)


def test_kern_buttons_are_kernen_of_berkelland():
    knoppen = default_herstel().kern_knoppen
    assert knoppen and set(knoppen) <= set(routing.default_catalog().kernen)


@pytest.mark.parametrize("text, expected", [
    ("weet ik niet", True), ("Weet ik niet.", True), ("Geen idee!", True), ("onbekend", True),
    ("Neede", False), ("ik weet niet of ik in Neede of Eibergen woon", False), ("", False),
])
def test_weet_ik_niet(text, expected):
    assert is_weet_niet(default_herstel(), text) is expected


@pytest.mark.parametrize("text, expected", [
    ("wij wonen net over de grens bij Ruurlo", True), ("Ik woon net buiten Neede, in Haaksbergen", True),
    ("niet in Berkelland", True), ("in Duitsland, vlak bij Rekken", True),
    ("Neede", False), ("ik woon in Borculo, net bij de grens", False), ("grensweg 4 in Rekken", False),
])
def test_woont_buiten_whatever_place_is_named(text, expected):
    assert woont_buiten(default_herstel(), text) is expected


@pytest.mark.parametrize("change, entry, key", [
    (lambda t: t.replace("  telefoon: {uitweg: medewerker}\n", ""), "telefoon", "vragen"),
    (lambda t: t.replace("  telefoon: {uitweg: medewerker}", "  telefoon: {uitweg: opnieuw}"), "telefoon", "uitweg"),
    (lambda t: t.replace("  email: {uitweg: overslaan, waarde: geen}", "  email: {uitweg: overslaan}"), "email",
     "waarde"),
    (lambda t: t.replace("  telefoon: {uitweg: medewerker}", "  telefoon: {uitweg: medewerker, waarde: x}"),
     "telefoon", "waarde"),
    (lambda t: t.replace("kern_knoppen: [Eibergen,", "kern_knoppen: [Atlantis,"), "Atlantis", "kern_knoppen"),
    (lambda t: t.replace("bericht: utter_uitweg_kern", "bericht: uitweg_kern"), "kern", "bericht"),
])
def test_a_mistake_in_herstel_yml_names_the_entry_and_key(data_copy, change, entry, key):
    path = data_copy / "herstel.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as info:
        load_herstel(data_copy)
    assert (info.value.file, info.value.entry, info.value.key) == ("herstel.yml", entry, key)


def parse(intent, confidence, ranking, safety=None):
    data = {"intent": {"name": intent, "confidence": confidence}, "entities": [],
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}
    if safety:
        data["safety"] = safety
    return data


@pytest.mark.parametrize("text, data, bevestigen, alternatieven", [
    # sure: recorded and confirmed in the same turn, with the next likeliest onderwerpen to correct it
    ("ik kan niet meer douchen", parse("vraag_huishoudelijke_hulp", 0.9, [
        ("vraag_huishoudelijke_hulp", 0.9), ("vraag_hulpmiddelen", 0.05), ("vraag_woningaanpassing", 0.03),
        ("vraag_vervoer", 0.01)]), True, ("hulpmiddelen", "woningaanpassing")),
    # an onderwerp already taken as "also" is not offered again as an alternative
    ("baan kwijt", parse("vraag_inkomen_bijstand", 0.81, [
        ("vraag_inkomen_bijstand", 0.81), ("vraag_werk_reintegratie", 0.21), ("vraag_geldzaken_schulden", 0.1)]),
     True, ("geldzaken_schulden",)),
    # danger: straight to the crisis numbers, never "klopt dat?"
    ("ik wil er niet meer zijn", parse("vraag_veiligheid", 1.0, [("vraag_veiligheid", 1.0)],
                                       safety={"categorie": "suicide", "matched": "niet meer zijn"}), False, ()),
    # a guess is asked with buttons (the clarifying question), not confirmed
    ("moeilijk", parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_mantelzorg", 0.35),
                                            ("vraag_jeugdhulp", 0.3)]), False, ()),
])
def test_the_first_guess_is_confirmed_except_on_the_spoed_path(text, data, bevestigen, alternatieven):
    uitkomst = routing.eerste_bericht(routing.default_catalog(), text, data)
    assert uitkomst.bevestigen is bevestigen
    assert uitkomst.alternatieven == alternatieven
    assert len(uitkomst.alternatieven) <= routing.MAX_ALTERNATIEVEN
