"""The one first-message function: parse dict -> onderwerpen, wet, urgentie, melder (assistant, predict, evaluate)."""
import pytest

import routing
from routing import eerste_bericht


def parse(intent, confidence, ranking=(), safety=None, entities=()):
    data = {"intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking] or [{"name": intent, "confidence": confidence}],
            "entities": list(entities)}
    if safety:
        data["safety"] = safety
    return data


@pytest.fixture(scope="module")
def catalog():
    return routing.default_catalog()


CASES = [
    # id, text, parse, expected (onderwerpen, urgentie, bron)
    ("danger detector", "ik zie het niet meer zitten met de schulden",
     parse("vraag_veiligheid", 1.0, [("vraag_veiligheid", 1.0), ("vraag_geldzaken_schulden", 0.6)],
           safety={"categorie": "suicide", "matched": "zie het niet meer zitten", "bron": "woorden"}),
     (("veiligheid", "geldzaken_schulden"), "spoed", "veiligheid")),
    ("classifier only", "mijn vader zat vannacht bij het spoor",
     parse("vraag_veiligheid", 1.0, [("vraag_veiligheid", 1.0), ("vraag_begeleiding_dagbesteding", 0.1)],
           safety={"categorie": "crisis", "matched": "classifier 0.91", "bron": "classifier"}),
     (("veiligheid",), "spoed", "veiligheid")),
    ("sure model", "ik kan niet meer douchen sinds mijn heupoperatie",
     parse("vraag_hulpmiddelen", 0.93, [("vraag_hulpmiddelen", 0.93), ("vraag_woningaanpassing", 0.05)]),
     (("hulpmiddelen",), "normaal", "model")),
    ("sure model plus also", "ik ben mijn baan kwijt en heb niks meer om van te leven",
     parse("vraag_inkomen_bijstand", 0.81, [("vraag_inkomen_bijstand", 0.81), ("vraag_werk_reintegratie", 0.21)]),
     (("inkomen_bijstand", "werk_reintegratie"), "normaal", "model")),
    # the words name debts: that is the onderwerp, though the model ranks work higher; work stays as also
    ("unsure, words decide", "ik heb schulden en geen werk meer",
     parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_werk_reintegratie", 0.45), ("vraag_geldzaken_schulden", 0.4)]),
     (("geldzaken_schulden", "werk_reintegratie"), "normaal", "woorden")),
    ("unsure, words name two: the model picks", "ik heb schulden en mijn zoon spijbelt",
     parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_leerplicht", 0.45), ("vraag_geldzaken_schulden", 0.3)]),
     (("leerplicht", "geldzaken_schulden"), "normaal", "woorden")),
    ("unsure, no words: a guess", "het gaat allemaal niet meer zo goed",
     parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_begeleiding_dagbesteding", 0.4), ("vraag_mantelzorg", 0.3)]),
     (("begeleiding_dagbesteding", "mantelzorg"), "normaal", "gok")),
    ("veiligheid as a mere guess is not danger", "het gaat niet goed thuis",
     parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_veiligheid", 0.5), ("vraag_opvoeden_opgroeien", 0.3)]),
     (("opvoeden_opgroeien",), "normaal", "gok")),
    ("out of scope", "wanneer wordt het oud papier opgehaald",
     parse("vraag_buiten_sociaal_domein", 0.95),
     (("buiten_sociaal_domein",), "normaal", "model")),
]


@pytest.mark.parametrize("name,text,data,expected", CASES, ids=[c[0] for c in CASES])
def test_first_message(catalog, name, text, data, expected):
    result = eerste_bericht(catalog, text, data)
    onderwerpen, urgentie, bron = expected
    assert result.onderwerpen == onderwerpen
    assert result.urgentie == urgentie
    assert result.bron == bron
    assert result.zeker == (bron in ("veiligheid", "model", "woorden"))
    assert result.wet == result.label.wet


def test_empty_text_is_not_routed(catalog):
    result = eerste_bericht(catalog, "   ", None)
    assert (result.onderwerp, result.wet, result.urgentie, result.confidence, result.bron) == (
        "buiten_sociaal_domein", "overig", "normaal", 0.0, "leeg")


def test_a_guess_offers_the_likeliest_onderwerpen_as_buttons(catalog):
    data = parse("nlu_fallback", 0.8, [("nlu_fallback", 0.8), ("vraag_vervoer", 0.45), ("vraag_veiligheid", 0.3),
                                       ("vraag_eenzaamheid_meedoen", 0.25), ("vraag_hulpmiddelen", 0.1)])
    result = eerste_bericht(catalog, "ik kom nergens meer", data)
    assert result.kandidaten == ("vervoer", "eenzaamheid_meedoen")


def test_melder_from_the_words_unless_the_person_chose(catalog):
    data = parse("vraag_hulpmiddelen", 0.9)
    text = "Als wijkverpleegkundige meld ik mw. aan: ze kan niet meer douchen"
    assert eerste_bericht(catalog, text, data).melder == "professional"
    assert eerste_bericht(catalog, text, data, melder="inwoner").melder == "inwoner"


def test_age_decides_the_law(catalog):
    data = parse("vraag_begeleiding_dagbesteding", 0.9, entities=[{"entity": "leeftijd", "value": "14"}])
    result = eerste_bericht(catalog, "mijn zoon van 14 heeft begeleiding nodig", data)
    assert (result.onderwerp, result.wet) == ("jeugdhulp", "jeugdwet")


def test_predict_output_has_the_contract_fields(catalog):
    line = eerste_bericht(catalog, "traplift", parse("vraag_woningaanpassing", 0.99)).as_json("x")
    assert set(line) == {"id", "onderwerp", "also", "wet", "urgentie", "melder", "confidence"}


@pytest.mark.parametrize("text,value,expected", [
    ("mijn zoon van 14 spijbelt", "14", 14),
    ("Mw. (81, Neede) heeft 2 dagen dagbesteding", "(81", 81),
    ("Mw. (81, Neede) heeft 2 dagen dagbesteding", "2", None),
    ("leerling met 9 ziekmeldingen in 2 maanden", "9", None),
    ("ik ben 74 en het huishouden lukt niet", "74", 74),
    ("een 15-jarige jongen", "15", 15),
    ("ze is 16 jaar", "16", 16),
])
def test_only_a_number_that_stands_where_an_age_stands_is_an_age(text, value, expected):
    start = text.index(value)
    parse = {"text": text, "entities": [{"entity": "leeftijd", "value": value, "start": start, "end": start + len(value)}]}
    assert routing.leeftijd_uit_tekst(parse) == expected
