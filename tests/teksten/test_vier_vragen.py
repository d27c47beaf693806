"""The expectation follows the decision, per melder and per route, and docs/vier-vragen.md shows it without drift."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import routing
from routing.model import MELDERS, VIER_VRAGEN
from routing.vier_vragen import rijen, routes_voor, tabel

DOC = Path(__file__).resolve().parents[2] / "docs" / "vier-vragen.md"
CET = timezone(timedelta(hours=1))
DINSDAG = datetime(2026, 12, 1, 10, 0, tzinfo=CET)


@pytest.fixture(scope="module")
def catalog():
    return routing.default_catalog()


def test_the_table_in_docs_is_the_one_the_data_gives(catalog):
    assert DOC.read_text(encoding="utf-8") == tabel(catalog), (
        "docs/vier-vragen.md is out of date: run `.venv/bin/python -m routing.vier_vragen > docs/vier-vragen.md`")


@pytest.mark.parametrize("melder", MELDERS)
def test_every_onderwerp_and_route_answers_the_four_questions(catalog, melder):
    rows = rijen(catalog, melder)
    leeg = [(label, route, veld) for label, route, v in rows for veld in VIER_VRAGEN if not v.veld(veld)]
    assert leeg == []
    routes = {v.teamroute for _, _, v in rows if v.route == "toegang"}
    assert routes == {"frontteam", "welzijn", "fijnder", "veilig_thuis", "backoffice", "toegang"}
    doorgezet = {v.onderwerp for _, _, v in rows if v.route == "toegang"}
    assert doorgezet == {code for code, o in catalog.onderwerpen.items() if o.team_advies is not None}


@pytest.mark.parametrize(
    "onderwerp,routes",
    [
        ("huishoudelijke_hulp", ["frontteam", "toegang"]),
        ("veiligheid", ["toegang", "veilig_thuis"]),
        ("inkomen_bijstand", ["fijnder"]),
        ("geldzaken_schulden", ["welzijn"]),
        ("lopende_aanvraag", ["backoffice"]),
        ("buiten_sociaal_domein", []),
    ],
)
def test_the_routes_an_onderwerp_can_take(catalog, onderwerp, routes):
    assert [catalog.verwachtingen.teamroutes[t] for t in routes_voor(catalog, onderwerp)] == routes


def _teksten(v, *velden):
    return " ".join(b.tekst for b in v.bubbels_van(*velden))


def test_before_the_voorzieningen_nothing_is_promised(catalog):
    """vooraf is what someone must do now; who, when and how long only come once the aanmelding is sent."""
    for code in catalog.onderwerpen:
        for melder in MELDERS:
            for urgentie in ("normaal", "spoed"):
                vooraf = _teksten(routing.verwachting(catalog, code, "toegang", urgentie, created=DINSDAG,
                                                      melder=melder), "vooraf")
                for belofte in ("U hoort", "belt u", "neemt contact met u op", "uiterlijk"):
                    assert belofte not in vooraf, (code, melder, vooraf)


@pytest.mark.parametrize(
    "onderwerp,vooraf",
    [
        ("inkomen_bijstand", ["vandaag nog zelf bij Fijnder", "Participatiewet art. 44 lid 1"]),
        ("klacht_bezwaar", ["geen bezwaar", "loopt gewoon door"]),
        ("huishoudelijke_hulp", []),
    ],
)
def test_what_must_be_done_now_comes_before_the_voorzieningen(catalog, onderwerp, vooraf):
    v = routing.verwachting(catalog, onderwerp, "toegang", created=DINSDAG)
    tekst = " ".join(b.tekst + " " + b.bron for b in v.vooraf)
    assert all(deel in tekst for deel in vooraf) and bool(v.vooraf) is bool(vooraf)


def test_professionals_hear_when_and_how_they_get_feedback(catalog):
    v = routing.verwachting(catalog, "huishoudelijke_hulp", "toegang", created=DINSDAG, melder="professional",
                            kern="Neede")
    terug = _teksten(v, "terugkoppeling")
    assert "uiterlijk dinsdag 15 december" in terug and "bellen" in terug and "mailen" in terug
    assert terug and terug in " ".join(b.tekst for b in v.bubbels)
    for melder in ("inwoner", "naaste"):
        assert not routing.verwachting(catalog, "huishoudelijke_hulp", melder=melder).bubbels_van("terugkoppeling")


@pytest.mark.parametrize("melder", ["naaste", "professional"])
def test_naasten_and_professionals_do_not_get_the_inwoners_text(catalog, melder):
    v = routing.verwachting(catalog, "huishoudelijke_hulp", "toegang", created=DINSDAG, melder=melder, kern="Neede")
    tekst = v.tekst
    assert "bij u thuis" not in tekst and "iemand die u vertrouwt meenemen" not in tekst
    assert "U mag binnen 7 dagen" not in tekst
    inwoner = routing.verwachting(catalog, "huishoudelijke_hulp", "toegang", created=DINSDAG, kern="Neede").tekst
    assert "bij u thuis" in inwoner and "iemand die u vertrouwt meenemen" in inwoner


@pytest.mark.parametrize(
    "onderwerp,team,wie",
    [
        ("huishoudelijke_hulp", None, "die in Neede werkt"),  # the kern gives the frontteam
        ("inkomen_bijstand", None, "Fijnder"),
        ("geldzaken_schulden", None, "hulp bij geldzaken"),
        ("lopende_aanvraag", None, "aanvragen en besluiten regelt"),
        ("veiligheid", "extern_veilig_thuis", "Veilig Thuis"),
    ],
)
def test_who_follows_the_route(catalog, onderwerp, team, wie):
    v = routing.verwachting(catalog, onderwerp, "toegang", "normaal", created=DINSDAG, team=team, kern="Neede")
    assert wie in v.wie


def test_fijnder_and_veilig_thuis_are_named_with_the_consent_question(catalog):
    assert "Fijnder" in _teksten(routing.verwachting(catalog, "inkomen_bijstand"), "gegevens")
    vt = routing.verwachting(catalog, "veiligheid", "toegang", "spoed", team="extern_veilig_thuis")
    assert "Veilig Thuis" in _teksten(vt, "gegevens")
    assert not routing.verwachting(catalog, "huishoudelijke_hulp", kern="Neede").gegevens
