"""The assistant's first guess and the inwoner's correction: stored with the aanmelding (migration 0009), returned by
the API and shown to team toegang on the aanmelding's page, through a real `python -m inbox`."""
from __future__ import annotations

import html
import secrets

import httpx

from inbox.web.labels import label
from tests.inbox.conftest import body
from tests.inbox.test_accounts_http import client, login, make_user, srv  # noqa: F401 - srv is a fixture


def test_a_correction_is_kept_returned_and_shown_to_team_toegang(srv):  # noqa: F811
    created = srv.post(body(onderwerpen=["hulpmiddelen"], onderwerp_gok=["huishoudelijke_hulp"],
                            onderwerp_correctie=["hulpmiddelen"]), secrets.token_hex(8))
    assert created.status_code == 201, created.text
    got = httpx.get(f"{srv.url}/api/v1/aanmeldingen/{created.json()['id']}", headers=srv.read()).json()
    assert (got["onderwerp_gok"], got["onderwerp_correctie"]) == (["huishoudelijke_hulp"], ["hulpmiddelen"])
    c = client(srv)
    login(c, "tina", make_user(srv, "tina"))
    page = c.get(f"/aanmeldingen/{created.json()['id']}").text
    assert "Gecorrigeerd door de inwoner" in page
    gok, koos = label("onderwerp", "huishoudelijke_hulp"), label("onderwerp", "hulpmiddelen")
    assert f"de assistent dacht eerst: {html.escape(gok)}; de inwoner koos: {html.escape(koos)}" in page


def test_a_confirmed_guess_says_so_and_an_older_body_without_the_fields_is_accepted(srv):  # noqa: F811
    confirmed = srv.post(body(onderwerp_gok=["huishoudelijke_hulp"]), secrets.token_hex(8))
    older = srv.post(body(), secrets.token_hex(8))
    assert confirmed.status_code == older.status_code == 201
    c = client(srv)
    login(c, "tom", make_user(srv, "tom"))
    assert "bevestigd door de inwoner" in c.get(f"/aanmeldingen/{confirmed.json()['id']}").text
    page = c.get(f"/aanmeldingen/{older.json()['id']}").text
    assert "Eerste inschatting" not in page and "Gecorrigeerd" not in page


def test_an_unknown_onderwerp_in_the_correction_is_refused_in_dutch(srv):  # noqa: F811
    r = srv.post(body(onderwerp_correctie=["tuinonderhoud"]), secrets.token_hex(8))
    assert r.status_code == 422 and "onderwerp_correctie" in str(r.json()["velden"])
