"""The staff pages show names, never codes, wherever a voorziening, team or onderwerp appears (real `python -m inbox`
on SQLite and PostgreSQL); the names come from routing, the one vocabulary."""
from __future__ import annotations

import re

import routing
from tests.inbox.conftest import body
from tests.inbox.test_staff_privacy_http import make_user, signed_in, srv  # noqa: F401 - srv is a fixture

TEXT_RE = re.compile(r">([^<>]+)<")


def _visible_text(html: str) -> str:
    return " ".join(t.strip() for t in TEXT_RE.findall(html) if t.strip())


def test_detail_and_werkvoorraad_show_names_of_voorzieningen_teams_and_onderwerpen(srv):  # noqa: F811
    catalog = routing.default_catalog()
    aangeboden = ["boodschappen_klussendienst", "mantelzorgsteunpunt"]
    label = routing.triage(catalog, routing.Feiten(onderwerpen=("huishoudelijke_hulp", "mantelzorg"), kern="Neede"))
    r = srv.post(body(onderwerpen=list(label.onderwerpen), team_advies=label.team_advies, redenen=list(label.redenen),
                      voorzieningen_aangeboden=aangeboden), key="namen-1")
    assert r.status_code == 201, r.text
    make_user(srv, "tessa")
    c = signed_in(srv, "tessa")
    detail = _visible_text(c.get(f"/aanmeldingen/{r.json()['id']}").text)
    for code in aangeboden:
        naam = next(v.naam for v in catalog.voorzieningen if v.code == code)
        assert naam in detail
        assert code not in detail and code.replace("_", " ") not in detail
    assert catalog.labels_medewerker["team"]["frontteam_neede"] in detail
    assert catalog.labels_medewerker["onderwerp"]["huishoudelijke_hulp"] in detail
    assert catalog.labels_medewerker["onderwerp"]["mantelzorg"] in detail
    lijst = _visible_text(c.get("/werkvoorraad").text)
    for code in ("huishoudelijke_hulp", "frontteam_neede", "boodschappen_klussendienst"):
        assert code not in lijst and code not in detail
