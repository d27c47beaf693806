"""Free-text answers to the questions after the voorzieningen (routing/data/antwoorden.yml): pure, table-driven.

The phrasings are our own (written for this test), not taken from the independent scenario sets.
"""
from __future__ import annotations

import pytest
import yaml

from routing import (RoutingConfigError, bevestigt, deel_in_tekst, default_antwoorden, is_ja, lees_akkoord,
                     lees_antwoord, load_antwoorden, tevredenheid_score, twijfelt)


@pytest.mark.parametrize("tekst, betekenis", [
    # asks for contact, or names what they want to apply for
    ("Nee, ik wil contact met Voormekaar", "contact"),
    ("nee", "contact"),
    ("nee hoor", "contact"),
    ("die boodschappendienst ken ik al, ik wil graag dat er iemand komt kijken", "contact"),
    ("Leuk, maar ik wil ook een rolstoel aanvragen.", "contact"),
    ("ja dat is fijn maar bel mij toch maar even", "contact"),
    ("de maaltijdservice heb ik al. Ik zoek echt hulp van de gemeente", "contact"),
    ("Dit helpt niet, mijn moeder kan niet meer alleen douchen", "contact"),
    ("daar heb ik niks aan", "contact"),
    ("Kan er een medewerker naar kijken?", "contact"),
    ("eh nee ik wil een afspraak", "contact"),
    # the person takes contact themselves, or asks that nothing is noted: done, whatever words it uses
    ("Dank u zeer, dat is precies wat ik zocht. Ik neem zelf contact op. Verder hoeft u niets voor mij te noteren.",
     "genoeg"),
    ("ik neem zelf wel contact met ze op", "genoeg"),
    ("Goed, dan bel ik zelf met het steunpunt. Meer hoeft niet.", "genoeg"),
    ("ik mail die consulent zelf, jullie hoeven nog niks", "genoeg"),
    ("ik probeer het, ik bel eerst zelf en anders kom ik terug", "genoeg"),
    # calls or contacts someone themselves, with no sign that the offer helped, or in doubt: Voormekaar, maybe
    ("dan bellen we zelf wel even", "zelf"),
    ("ik heb wel hulp nodig, maar ik bel zelf wel", "zelf"),
    ("Dank je. Volgende week neem ik zelf contact op.", "zelf"),
    ("misschien bel ik volgende maand zelf", "zelf"),
    ("misschien mail ik die organisatie zelf", "zelf"),
    ("oke dus eerst naar de huisarts. thanks dan doe ik dat eerst", "genoeg"),
    ("nee ik wil dat iemand contact met mij opneemt", "contact"),
    ("ik wil een uitkering", "contact"),
    # done: helped, or will arrange it themselves
    ("Ja, dat is genoeg", "genoeg"),
    ("ja", "genoeg"),
    ("ok", "genoeg"),
    ("Oké dank u wel!", "genoeg"),
    ("Top, dan bel ik zelf met de thuiszorgwinkel.", "genoeg"),
    ("nee dank je, dat was het", "genoeg"),
    ("dat regel ik zelf wel, meer hoeft niet", "genoeg"),
    ("prima zo", "genoeg"),
    ("Ja dat helpt me verder", "genoeg"),
    ("nou dan mail ik die club zelf wel", "genoeg"),
    ("eh nee dan probeer ik het eerst bij het dorpshuis", "genoeg"),
    ("dan hoeft u verder niks te doen hoor", "genoeg"),
    ("ik ga daar zelf langs", "genoeg"),
    # says neither: asked once more with the buttons
    ("hmm", None),
    ("wat is een voedselbank", None),
    ("hmm misschien, wat houdt dat in?", None),
    ("", None),
])
def test_helpt_dit_u_verder(tekst, betekenis):
    assert lees_antwoord(default_antwoorden(), "helpt", tekst) == betekenis


@pytest.mark.parametrize("tekst, betekenis", [
    ("dan bel ik de thuiszorgwinkel zelf", "genoeg"),  # a word of an offered name: it is that one they call
    ("dan bel ik de gemeente zelf", "zelf"),
])
def test_calling_what_was_offered_is_done(tekst, betekenis):
    aangeboden = ["Uitleen hulpmiddelen (thuiszorgwinkel)", "Berkellandwijzer"]
    assert lees_antwoord(default_antwoorden(), "helpt", tekst, aangeboden) == betekenis


@pytest.mark.parametrize("tekst, twijfel", [
    ("hmm misschien, wat houdt dat in?", True), ("ik weet het niet", False), ("weet ik niet", True),
    ("ja graag", False), ("hoe werkt dat dan", True),
])
def test_twijfelt(tekst, twijfel):
    assert twijfelt(default_antwoorden(), tekst) is twijfel


@pytest.mark.parametrize("tekst, betekenis", [
    ("ja", "meer"),
    ("ja graag", "meer"),
    ("Vertel maar", "meer"),
    ("welke zijn er nog meer", "meer"),
    ("nee", "nee"),
    ("nee hoor", "nee"),
    ("nee hoor dat is genoeg", "genoeg"),
    ("nee ik wil gewoon iemand spreken", "contact"),
    ("ik wil liever teruggebeld worden, bel mij maar", "contact"),
])
def test_wilt_u_meer_horen(tekst, betekenis):
    assert lees_antwoord(default_antwoorden(), "meer", tekst) == betekenis


# By phone "Helpt dit u verder?" after two voorzieningen, with "Meer horen" as a third choice.
@pytest.mark.parametrize("tekst, betekenis", [
    ("meer horen", "meer"), ("vertel maar wat er nog meer is", "meer"),
    ("ja dat is genoeg", "genoeg"), ("ja", "genoeg"),
    ("nee", "contact"), ("nee ik wil contact", "contact"),
])
def test_helpt_dit_with_meer_horen(tekst, betekenis):
    assert lees_antwoord(default_antwoorden(), "helpt_meer", tekst) == betekenis


@pytest.mark.parametrize("tekst, betekenis", [
    ("ja graag", "contact"),
    ("Ja, bel mij maar", "contact"),
    ("nee dank u", "genoeg"),
    ("liever niet", "genoeg"),
    ("hoeft niet", "genoeg"),
])
def test_wilt_u_contact(tekst, betekenis):
    assert lees_antwoord(default_antwoorden(), "contact", tekst) == betekenis


# "Of zal ik uw vraag doorgeven?" after "dan bel ik zelf wel": yes passes it on, no (or calling still) is done.
@pytest.mark.parametrize("tekst, betekenis", [
    ("ja, geef maar door", "contact"), ("ja graag", "contact"), ("nee, ik bel zelf", "genoeg"),
    ("nee dank u", "genoeg"), ("ik bel zelf wel", "genoeg"), ("misschien", None),
])
def test_zal_ik_uw_vraag_doorgeven(tekst, betekenis):
    assert lees_antwoord(default_antwoorden(), "zelf", tekst) == betekenis


def test_an_unknown_question_is_a_programming_error():
    with pytest.raises(ValueError):
        lees_antwoord(default_antwoorden(), "leeftijd", "ja")


@pytest.mark.parametrize("wijziging, sleutel", [
    ({"contact": []}, "contact"),
    ({"genoeg": "genoeg"}, "genoeg"),
    ({"ja": ["ja", 3]}, "ja"),
    ({"misschien": ["tja"]}, "misschien"),
    ({"genoeg_patronen": ["(zelf"]}, "genoeg_patronen"),
])
def test_a_broken_file_names_the_key(data_copy, wijziging, sleutel):
    path = data_copy / "antwoorden.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(wijziging)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as err:
        load_antwoorden(data_copy)
    assert sleutel in str(err.value)


@pytest.mark.parametrize("tekst, score", [
    ("4", 4), ("een 4", 4), ("4 sterren", 4), ("5!", 5), ("1", 1), ("vier", 4), ("een vijf", 5),
    ("Heel tevreden", 5), ("ik ben tevreden", 4), ("zeer ontevreden", 1), ("niet tevreden", 2),
    ("gaat wel", 3), ("top", 5), ("prima geholpen", 4),
    # spoken, a number first and more after it (the phone)
    ("vijf hoor u was heel vriendelijk", 5), ("eh ik geef een vier", 4), ("een prima gesprek", 4),
    # typed, the score first and a comment after it
    ("4, vriendelijk geholpen maar het duurde wel lang", 4), ("3. ging wel, duurde lang", 3),
    # no score: nothing is counted
    ("7", None), ("ik heb nog een vraag", None), ("", None), ("06 12 34 56 78", None), ("mijn zoon is 4 jaar en 8 maanden", None),
])
def test_tevredenheid_typed_or_said(tekst, score):
    assert tevredenheid_score(default_antwoorden(), tekst) == score


@pytest.mark.parametrize("tekst, deel", [
    ("nee, het telefoonnummer klopt niet", "telefoon"),
    ("Mijn achternaam is verkeerd gespeld", "naam"),
    ("de woonplaats moet Ruurlo zijn", "kern"),
    ("nee, ze woont niet in Neede maar in Noordijk", "kern"),
    ("liever in de middag bellen", "voorkeur"),
    ("nee", None),
    ("naam en nummer kloppen allebei niet", None),  # two parts: ask which one first
])
def test_the_part_of_the_read_back_named_in_the_answer(tekst, deel):
    assert deel_in_tekst(default_antwoorden(), tekst) == deel


@pytest.mark.parametrize("tekst, ja, soort", [
    # yes to both
    ("ja", True, "ja"), ("ja hoor, dat is goed", False, "ja"), ("prima", False, "ja"),
    ("daar heb ik geen bezwaar tegen", False, "ja"), ("ja, en bel maar in de middag", True, "ja"),
    # something is wrong: that part is asked again; a correction wins over a refusal and over the NLU's yes
    ("nee, mijn naam klopt niet", False, "verbeteren"), ("ja maar het nummer klopt niet", True, "verbeteren"),
    ("bijna, de plaats is fout", False, "verbeteren"), ("ik heb me vertypt in mijn mailadres", False, "verbeteren"),
    ("nee ik wil niet dat u mijn nummer bewaart", False, "verbeteren"),
    ("het moet Haarlo zijn", False, "verbeteren"),
    # no consent: nothing is kept
    ("nee, dat wil ik liever niet", False, "weigeren"), ("niets bewaren alstublieft", False, "weigeren"),
    ("nee doe maar niet", False, "weigeren"), ("ik wil niet dat het ergens wordt opgeslagen", False, "weigeren"),
    ("nee dat wil ik nich", False, "weigeren"), ("het hoeft voor mij niet", False, "weigeren"),
    ("mijn vader wil niet dat er iets over hem genoteerd wordt", False, "weigeren"),
    # a bare no may mean either: asked which
    ("nee", False, "nee"), ("nee hoor", False, "nee"),
    # neither: the question once more
    ("wat gebeurt er dan mee?", False, None), ("hoe lang blijft dat staan", False, None), ("", False, None),
])
def test_the_answer_to_the_read_back_and_its_consent_question(tekst, ja, soort):
    assert lees_akkoord(default_antwoorden(), tekst, ja=ja) == soort


@pytest.mark.parametrize("tekst, ja", [
    ("ja", True), ("Ja, zorgen over gedrag, dat klopt.", True), ("klopt", True), ("jazeker hoor", True),
    ("joa zoiets", True),
    ("klopt niet", False), ("nee", False), ("ja nee", False), ("eigenlijk niet", False), ("", False),
])
def test_is_ja_reads_only_the_opening_words(tekst, ja):
    assert is_ja(default_antwoorden(), tekst) == ja


@pytest.mark.parametrize("tekst, bevestigd", [
    ("Ja, zorgen over gedrag, dat klopt. Het is geen schoolverzuim.", True),
    ("joa zoiets ik denk dat hij aan het dementeren is", True),
    ("ja inderdaad, ze redt het niet meer alleen", True),
    ("ja een aanvraag die al loopt", False),  # no yes in so many words: it picks an alternative
    ("ja, maar dat klopt niet helemaal", False),
    ("klopt niet", False), ("het klopt", False),  # no yes-word first
])
def test_bevestigt_needs_a_yes_word_first_and_a_yes_in_so_many_words(tekst, bevestigd):
    assert bevestigt(default_antwoorden(), tekst) == bevestigd


# "Ik begrijp dat uw vraag gaat over: <gok>. Klopt dat?" answered in words: (guess, answer, the first-message
# reading of the answer) -> the onderwerpen meant, None = the reading stands. The keywords come from routing.
@pytest.mark.parametrize("gok, tekst, gelezen, gemeend", [
    # a yes that narrows keeps the guess's order
    (["leerlingenvervoer", "vervoer"], "ja, vervoer naar school met een busje", ["vervoer", "leerlingenvervoer"],
     ("leerlingenvervoer", "vervoer")),
    (["begeleiding_dagbesteding", "werk_reintegratie", "geldzaken_schulden"], "Ja, dagstructuur, en er zijn ook "
     "schulden", ["geldzaken_schulden", "begeleiding_dagbesteding"], ("begeleiding_dagbesteding", "geldzaken_schulden")),
    # a yes that ranks: what follows "vooral" first
    (["geldzaken_schulden", "begeleiding_dagbesteding"], "ja, met name dagbesteding, en wat schulden",
     ["geldzaken_schulden", "begeleiding_dagbesteding"], ("begeleiding_dagbesteding", "geldzaken_schulden")),
    # a yes that names something new: the reading stands
    (["vervoer"], "ja, en ook schulden", ["vervoer", "geldzaken_schulden"], None),
    # a no is left to the reading: its words are as often what is rejected
    (["woningaanpassing", "hulpmiddelen"], "nee geen rolstoel, een lift voor de trap", ["woningaanpassing"], None),
    (["inkomen_bijstand"], "nee", ["inkomen_bijstand"], None),
    # neither yes nor no, a new onderwerp named while the reading stuck to the guess: the new one first
    (["leerplicht"], "Het verzuim regelt school al. Wij zoeken jeugdhulp voor de angst.", ["leerplicht", "jeugdhulp"],
     ("jeugdhulp", "leerplicht")),
    (["leerplicht"], "hij spijbelt al weken", ["leerplicht"], None),
])
def test_an_answer_to_the_guess_is_read_against_the_guess(gok, tekst, gelezen, gemeend):
    from routing import antwoord_op_gok, default_catalog, keywords_onderwerpen

    def woorden_van(deel):
        return keywords_onderwerpen(default_catalog(), deel)
    assert antwoord_op_gok(default_antwoorden(), gok, tekst, gelezen, woorden_van) == gemeend
