"""The trainers' pages through a real `python -m inbox` on SQLite and PostgreSQL: a beheerder grants the role,
only trainers see the queue, the masked message is shown escaped and audited, one trainer annotates and another
approves (with CSRF, post/redirect/get and Dutch messages), and nobody approves their own example."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from inbox.models import AuditLog, Trainingsitem
from tests.inbox.test_staff_privacy_http import CSRF_RE, audit_rows, csrf, make_user, signed_in, srv  # noqa: F401
from tests.support.tracker import TrackerStore

ITEM_RE = re.compile(r'href="/training/(\d+)"')
MESSAGE = "Ik ben Greet Wessels, <script>alert(1)</script> de blauwe flurp doet het niet"


@pytest.fixture
def tracker(srv):  # noqa: F811 - the fixture imported above
    store = TrackerStore(srv.env["TRACKER_DB_URL"])
    yield store
    store.dispose()


def test_a_beheerder_grants_the_trainer_role_and_only_trainers_reach_the_queue(srv):  # noqa: F811
    make_user(srv, "bea", "beheerder")
    make_user(srv, "tessa", "toegang")
    bea = signed_in(srv, "bea")
    page = bea.get("/beheer/gebruikers")
    assert '<option value="trainer">Trainer (verbetert de assistent)</option>' in page.text
    r = bea.post("/beheer/gebruikers", data={"csrf_token": csrf(bea, "/beheer/gebruikers"),
                                              "gebruikersnaam": "tara", "rol": "trainer", "team": ""})
    assert r.status_code == 200 and "tara" in r.text
    assert [(a.details or {}).get("role") for a in audit_rows(srv, actie="gebruiker_aangemaakt")][-1] == "trainer"

    make_user(srv, "tim", "trainer")
    tim = signed_in(srv, "tim")
    assert tim.get("/").headers["location"] == "/training"
    queue = tim.get("/training")
    assert queue.status_code == 200 and 'href="/training" aria-current="page"' in queue.text
    assert "unsafe-inline" not in queue.headers["content-security-policy"]
    assert queue.headers["cache-control"] == "no-store"
    assert tim.get("/werkvoorraad").status_code == 403 and tim.get("/beheer/modelpoort").status_code == 200
    for name in ("tessa", "bea"):
        assert signed_in(srv, name).get("/training").status_code == 403


def test_one_trainer_annotates_another_approves_every_step_audited(srv, tracker):  # noqa: F811
    for name in ("tara", "tim"):
        make_user(srv, name, "trainer")
    tracker.user("g-1", "hallo", "greet", 0.98)
    tracker.user("g-1", MESSAGE, "nlu_fallback", 0.7, [("vraag_hulpmiddelen", 0.38)], model_id="3f9a1c0de2b8")
    tara, tim = signed_in(srv, "tara"), signed_in(srv, "tim")

    queue = tara.get("/training")
    assert "1 item gevonden." in queue.text
    assert "Ik ben [naam], &lt;script&gt;alert(1)&lt;/script&gt; de blauwe flurp" in queue.text
    assert "<script>alert" not in queue.text and "Greet" not in queue.text
    assert "Niet begrepen" in queue.text and "beste gok: Hulpmiddelen" in queue.text
    assert "zekerheid 38,0%" in queue.text and ">3f9a1c0d</code>" in queue.text
    [item_id] = ITEM_RE.findall(queue.text)
    assert [a.object_id for a in audit_rows(srv, actie="trainingsitem_bekeken")] == [item_id]

    page = tara.get(f"/training/{item_id}")
    assert 'id="form-annoteren"' in page.text and 'id="form-goedkeuren"' not in page.text
    token = CSRF_RE.search(page.text).group(1)
    assert tara.post(f"/training/{item_id}/annoteren", data={"onderwerp": "hulpmiddelen", "tekst": "x"}
                     ).status_code == 403  # no CSRF token
    r = tara.post(f"/training/{item_id}/annoteren", data={"csrf_token": token, "onderwerp": "", "tekst": "x"})
    assert r.status_code == 422 and "Kies het onderwerp dat de inwoner bedoelde." in r.text
    r = tara.post(f"/training/{item_id}/annoteren", data={
        "csrf_token": token, "onderwerp": "hulpmiddelen",
        "tekst": "Greet Wessels hier, mijn blauwe flurp doet het niet"})
    assert (r.status_code, r.headers["location"]) == (303, f"/training/{item_id}")
    page = tara.get(f"/training/{item_id}")
    assert "in uw tekst stonden nog persoonsgegevens" in page.text
    assert '<dd id="voorbeeld">[naam] hier, mijn blauwe flurp doet het niet</dd>' in page.text
    assert 'id="wacht-op-ander"' in page.text and 'id="form-goedkeuren"' not in page.text
    r = tara.post(f"/training/{item_id}/goedkeuren", data={"csrf_token": token})
    assert r.status_code == 403 and "Een tweede trainer moet het goedkeuren." in r.text

    assert ITEM_RE.findall(tim.get("/training").text) == [item_id]  # "nog te doen": awaiting a second trainer too
    page = tim.get(f"/training/{item_id}")
    assert 'id="form-goedkeuren"' in page.text
    r = tim.post(f"/training/{item_id}/goedkeuren", data={"csrf_token": CSRF_RE.search(page.text).group(1)})
    assert r.status_code == 303
    assert "Goedgekeurd. Het voorbeeld gaat mee bij de volgende export." in tim.get(r.headers["location"]).text
    with srv.Session() as s:
        item = s.get(Trainingsitem, int(item_id))
        steps = s.execute(select(AuditLog.wie, AuditLog.actie).where(
            AuditLog.object_type == "trainingsitem", AuditLog.object_id == item_id).order_by(AuditLog.id)).all()
    assert (item.status, item.geannoteerd_door, item.goedgekeurd_door) == ("goedgekeurd", "tara", "tim")
    assert [a for _, a in steps if a != "trainingsitem_bekeken"] == ["trainingsitem_geannoteerd",
                                                                     "trainingsitem_goedgekeurd"]
    assert {w for w, a in steps if a == "trainingsitem_bekeken"} == {"tara", "tim"}
    assert tim.get("/training?status=goedgekeurd").text.count('href="/training/') == 1


def test_unknown_filters_and_items_are_said_plainly(srv):  # noqa: F811
    make_user(srv, "tara", "trainer")
    tara = signed_in(srv, "tara")
    r = tara.get("/training?bron=onzin&status=raar")
    assert r.status_code == 200 and "Een gekozen filter is onbekend en is genegeerd." in r.text
    assert tara.get("/training/999999").status_code == 404
    assert tara.get("/training/abc").status_code == 404
    token = csrf(tara, "/training")
    assert tara.post("/training/1/wissen", data={"csrf_token": token}).status_code == 404
