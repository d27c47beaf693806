"""Every legal statement in routing/data carries its source, and says what the law says (table-driven)."""
from datetime import datetime, timedelta, timezone

import pytest

from routing import load_catalog, verwachting
from routing.model import MELDERS, VELDEN
from routing.vier_vragen import routes_voor
from routing.bronnen import is_geldige_bron, is_juridisch
from routing.errors import RoutingConfigError

CET = timezone(timedelta(hours=1))
ROUTES = ("toegang", "voorziening", "crisis", "buiten")
URGENTIES = ("spoed", "hoog", "normaal")
MOMENTEN = (None, datetime(2026, 12, 1, 10, 0, tzinfo=CET), datetime(2026, 12, 4, 16, 55, tzinfo=CET))


def _alle_teksten(catalog):
    """(where, Bubbel) for every text in verwachtingen.yml, as loaded (every layer: standaard, wet, team,
    onderwerp and onderwerp per team)."""
    for route, teksten in catalog.verwachtingen.routes.items():
        for i, laag in enumerate(teksten.lagen()):
            for bubbel in laag.alle():
                yield f"routes.{route} laag {i}", bubbel


def test_every_legal_statement_in_the_verwachtingen_names_its_source(catalog):
    zonder = [(where, b.tekst) for where, b in _alle_teksten(catalog) if is_juridisch(b.tekst) and not b.bron]
    assert zonder == []


def test_every_source_names_a_law_and_article_or_the_gemeentes_own_policy(catalog):
    bronnen = [b.bron for _, b in _alle_teksten(catalog) if b.bron]
    bronnen += [t.basis for t in catalog.verwachtingen.termijnen.values()]
    assert bronnen and all(is_geldige_bron(b) for b in bronnen), [b for b in bronnen if not is_geldige_bron(b)]


@pytest.mark.parametrize(
    "tekst,juridisch",
    [
        ("U krijgt binnen 2 weken een besluit.", True),
        ("Uw bijstand begint op de dag dat u zich meldt.", True),
        ("U mag kiezen voor een pgb.", True),
        ("Bewaar uw brieven en rekeningen.", False),
        ("Samen kijken we wat u nodig heeft.", False),
    ],
)
def test_what_counts_as_a_legal_statement(tekst, juridisch):
    assert is_juridisch(tekst) is juridisch


@pytest.mark.parametrize(
    "bron,ok",
    [
        ("Wmo 2015 art. 2.3.2 lid 1", True),
        ("Awb art. 4:13", True),
        ("Jeugdwet art. 2.6 lid 1 sub g", True),
        ("Awb art. 6:4 en 6:5", True),
        ("Participatiewet art. 17 lid 1 (te controleren)", True),
        ("Wmo 2015 art. 2.3.2 lid 1; beleid Berkelland", True),
        ("beleid Berkelland", True),
        ("artikel 44 Participatiewet en Algemene wet bestuursrecht", False),
        ("Wmo 2015", False),
        ("Jeugdwet en Awb", False),
        ("", False),
    ],
)
def test_bron_format(bron, ok):
    assert is_geldige_bron(bron) is ok


def test_a_source_without_article_is_refused_with_file_entry_and_key(data_copy):
    path = data_copy / "verwachtingen.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('bron: "Awb art. 6:7"', 'bron: "Algemene wet bestuursrecht"', 1), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as err:
        load_catalog(data_copy)
    assert "verwachtingen.yml" in str(err.value) and "bron" in str(err.value)


def test_a_termijn_basis_must_be_a_source_too(data_copy):
    path = data_copy / "verwachtingen.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('basis: "Wgs art. 4a lid 1"', 'basis: "de Wgs"', 1), encoding="utf-8")
    with pytest.raises(RoutingConfigError) as err:
        load_catalog(data_copy)
    assert "wgs_eerste_gesprek" in str(err.value)


def test_every_rendered_bubble_is_short_and_states_no_law_without_source(catalog):
    """Every onderwerp x route x urgentie, with and without the moment of the aanmelding: at most 40 words per
    bubble (the source on its own line included), and a source on every legal statement."""
    te_lang, zonder = [], []
    for onderwerp in catalog.onderwerpen:
        for route, team, melder in [(r, None, m) for r in ROUTES for m in MELDERS] + [
                ("toegang", t, m) for t in routes_voor(catalog, onderwerp) for m in MELDERS]:
            for urgentie in URGENTIES:
                for moment in MOMENTEN:
                    v = verwachting(catalog, onderwerp, route, urgentie, created=moment, melder=melder, team=team)
                    for b in v.bubbels_van(*VELDEN):
                        if len(b.weergave.split()) > 40:
                            te_lang.append((onderwerp, route, b.weergave))
                        if is_juridisch(b.tekst) and not b.bron:
                            zonder.append((onderwerp, route, b.tekst))
                        assert "{" not in b.tekst, b.tekst
    assert te_lang == [] and zonder == []


def _alles(v):
    return " ".join(b.tekst + " " + b.bron for b in v.bubbels_van(*VELDEN))


@pytest.mark.parametrize(
    "onderwerp,urgentie,must,must_not",
    [
        # Participatiewet: the start date is the day of the melding at Fijnder, the 8 weeks are the Awb's (with the
        # pause while Fijnder waits for papers); team toegang's own norm is about passing it on, not Fijnder's call
        ("inkomen_bijstand", "normaal",
         ["vandaag", "Fijnder", "Participatiewet art. 44 lid 1", "Awb art. 4:13", "8 weken", "Awb art. 4:15 lid 1",
          "door aan Fijnder"], ["U hoort binnen"]),
        ("inkomen_bijstand", "hoog",
         ["voorschot", "4 weken", "Participatiewet art. 52 lid 1", "lening", "Participatiewet art. 17 lid 1",
          "jonger dan 27", "Participatiewet art. 41 lid 4", "identiteitsbewijs"], ["kijken we naar een voorschot"]),
        ("werk_reintegratie", "normaal", ["Fijnder", "plan om werk te vinden"], ["8 weken", "voorschot"]),
        # Wmo 2015: a maximum that runs longer only with consent, the chat is the melding, the rights of the onderzoek
        ("huishoudelijke_hulp", "normaal",
         ["telt als melding", "6 weken", "Langer mag alleen als u dat zelf goed vindt", "toch al hulp aanvragen",
          "persoonlijk plan", "Wmo 2015 art. 2.3.2 lid 2", "verslag", "Wmo 2015 art. 2.3.2 lid 8", "pgb",
          "Wmo 2015 art. 2.3.6 lid 1", "eigen bijdrage", "Wmo 2015 art. 2.1.4", "2 weken",
          "Wmo 2015 art. 2.3.5 lid 2"], []),
        ("wonen_opvang", "hoog", ["telt als melding", "kiest samen een plek"], ["thuis"]),
        # Jeugdwet: direct referral and pgb
        ("jeugdhulp", "normaal",
         ["huisarts, jeugdarts of medisch specialist", "Jeugdwet art. 2.6 lid 1 sub g", "pgb",
          "Jeugdwet art. 8.1.1", "8 weken", "Awb art. 4:13"], []),
        # Wgs: all three triggers of the 3-day term
        ("geldzaken_schulden", "normaal",
         ["4 weken", "Wgs art. 4a lid 1", "huisuitzetting", "gas, stroom of water", "zorgverzekering", "3 werkdagen",
          "Wgs art. 4a lid 2"], []),
        # bezwaar: this conversation is no bezwaar, the term runs on (said before the voorzieningen: vooraf)
        ("klacht_bezwaar", "normaal", ["geen bezwaar", "loopt gewoon door", "6 weken", "Awb art. 6:7"], []),
    ],
)
def test_what_the_law_says_per_onderwerp(catalog, onderwerp, urgentie, must, must_not):
    text = _alles(verwachting(catalog, onderwerp, "toegang", urgentie))
    for part in must:
        assert part in text, (part, text)
    for part in must_not:
        assert part not in text, (part, text)


@pytest.mark.parametrize(
    "created,urgentie,contact",
    [
        (datetime(2026, 12, 1, 10, 0, tzinfo=CET), "spoed", "vandaag nog, voor 17.00 uur"),
        (datetime(2026, 12, 4, 16, 55, tzinfo=CET), "spoed", "uiterlijk maandag 7 december"),  # Friday just before 5
        (datetime(2026, 12, 4, 17, 5, tzinfo=CET), "spoed", "uiterlijk maandag 7 december"),
        (datetime(2026, 12, 24, 12, 0, tzinfo=CET), "hoog", "uiterlijk maandag 28 december"),  # over Christmas
        (datetime(2026, 12, 1, 10, 0, tzinfo=CET), "normaal", "uiterlijk vrijdag 4 december"),
    ],
    ids=["spoed_morning", "spoed_friday_1655", "spoed_after_hours", "hoog_over_christmas", "normaal_tuesday"],
)
def test_when_becomes_a_date_from_the_moment_of_the_aanmelding(catalog, created, urgentie, contact):
    v = verwachting(catalog, "mantelzorg", "toegang", urgentie, created=created, kern="Neede")
    assert v.wanneer == f"U hoort {contact} van ons."


def test_spoed_never_promises_today_when_the_deadline_is_the_next_werkdag(catalog):
    friday = datetime(2026, 12, 4, 16, 55, tzinfo=CET)
    for route in ("toegang", "crisis"):
        assert "vandaag" not in _alles(verwachting(catalog, "veiligheid", route, "spoed", created=friday))


@pytest.mark.parametrize(
    "onderwerp,urgentie,expected",
    [
        ("huishoudelijke_hulp", "normaal", "uiterlijk dinsdag 12 januari (6 weken na uw aanmelding)"),
        ("geldzaken_schulden", "normaal", "uiterlijk dinsdag 29 december (4 weken na uw aanmelding)"),
        ("geldzaken_schulden", "hoog", "uiterlijk vrijdag 4 december (3 werkdagen na uw aanmelding)"),
        ("jeugdhulp", "normaal", "binnen 8 weken na uw aanvraag"),  # counts from a later aanvraag: no date
        ("inkomen_bijstand", "normaal", "binnen 8 weken na uw aanvraag"),
    ],
)
def test_the_legal_term_is_a_date_only_when_the_aanmelding_starts_it(catalog, onderwerp, urgentie, expected):
    v = verwachting(catalog, onderwerp, "toegang", urgentie, created=datetime(2026, 12, 1, 10, 0, tzinfo=CET))
    assert expected in _alles(v)


def test_the_gemeente_number_comes_with_its_opening_hours(catalog):
    text = _alles(verwachting(catalog, "buiten_sociaal_domein", "buiten", "normaal"))
    assert "14 0545 (werkdagen van 8.30 tot 17.00 uur)" in text


def test_the_inwoner_does_not_see_the_data_marker_te_controleren(catalog):
    for onderwerp in catalog.onderwerpen:
        for melder in MELDERS:
            for b in verwachting(catalog, onderwerp, melder=melder).bubbels_van(*VELDEN):
                assert "controleren" not in b.weergave
