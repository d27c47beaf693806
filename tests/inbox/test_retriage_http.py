"""A re-triage through the staff pages, on a real `python -m inbox` (SQLite and PostgreSQL): the label form, submitted
as the page shows it with only the onderwerp changed, keeps the extra onderwerpen; the API and the label history hold
the complete label (a re-triage is a training signal for the assistant)."""
from __future__ import annotations

from html.parser import HTMLParser

import httpx
from sqlalchemy import select

from inbox.models import LabelWijziging
from tests.inbox.conftest import body
from tests.inbox.test_staff_privacy_http import make_user, signed_in, srv  # noqa: F401 - srv is a fixture


class FormFields(HTMLParser):
    """What a browser submits for the form with this id, untouched: selected options, checked boxes, inputs."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.select = form_id, False, None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value") or ""))
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_as_shown(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


def test_a_retriage_of_the_onderwerp_on_the_detail_page_keeps_the_extra_onderwerpen(srv):  # noqa: F811
    make_user(srv, "tessa")
    created = srv.post(body(onderwerpen=["huishoudelijke_hulp", "vervoer", "mantelzorg"], urgentie="normaal"),
                       key="hertriage-1")
    assert created.status_code == 201, created.text
    ident = created.json()["id"]
    c = signed_in(srv, "tessa")
    shown = form_as_shown(c.get(f"/aanmeldingen/{ident}").text, "form-label")
    assert ("onderwerp", "huishoudelijke_hulp") in shown
    assert [v for k, v in shown if k == "onderwerpen_ook"] == ["vervoer", "mantelzorg"]

    submitted = [(k, v) for k, v in shown if k not in ("onderwerp", "reden")]
    submitted += [("onderwerp", "begeleiding_dagbesteding"), ("reden", "het gaat om dagbesteding")]
    r = c.post(f"/aanmeldingen/{ident}/label", data=_multi(submitted))
    assert r.status_code == 303, r.text[:500]

    api = httpx.get(f"{srv.url}/api/v1/aanmeldingen/{ident}", headers=srv.read(), timeout=30).json()
    assert api["onderwerpen"] == ["begeleiding_dagbesteding", "vervoer", "mantelzorg"]
    with srv.Session() as s:
        lw = s.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id == ident)).one()
    assert lw.oud["onderwerpen"] == ["huishoudelijke_hulp", "vervoer", "mantelzorg"]
    assert lw.nieuw["onderwerpen"] == ["begeleiding_dagbesteding", "vervoer", "mantelzorg"]
    # the page now shows the new label, extras included, ready for the next change
    again = form_as_shown(c.get(f"/aanmeldingen/{ident}").text, "form-label")
    assert [v for k, v in again if k in ("onderwerp", "onderwerpen_ook")] == ["begeleiding_dagbesteding", "vervoer",
                                                                              "mantelzorg"]


def test_an_unknown_extra_onderwerp_is_refused_in_dutch_and_nothing_changes(srv):  # noqa: F811
    make_user(srv, "tessa")
    ident = srv.post(body(onderwerpen=["huishoudelijke_hulp", "vervoer"]), key="hertriage-2").json()["id"]
    c = signed_in(srv, "tessa")
    shown = form_as_shown(c.get(f"/aanmeldingen/{ident}").text, "form-label")
    submitted = [(k, v) for k, v in shown if k != "reden"] + [("onderwerpen_ook", "paspoort"), ("reden", "erbij")]
    r = c.post(f"/aanmeldingen/{ident}/label", data=_multi(submitted))
    assert r.status_code == 422 and "Kies alleen onderwerpen uit de lijst." in r.text
    api = httpx.get(f"{srv.url}/api/v1/aanmeldingen/{ident}", headers=srv.read(), timeout=30).json()
    assert api["onderwerpen"] == ["huishoudelijke_hulp", "vervoer"]


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Form pairs → httpx's data, repeated names as lists (as a browser sends them)."""
    data: dict[str, list[str]] = {}
    for k, v in pairs:
        data.setdefault(k, []).append(v)
    return data
