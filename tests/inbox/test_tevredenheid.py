"""Tevredenheid (CSAT) in the inbox, on SQLite and PostgreSQL: the service stores a score with codes only and adds a
masked comment under the same sleutel; the monitoring (JSON, CSV, the statistieken API) shows n, mean and
distribution per kanaal, onderwerp and uitkomst; retention empties old comments and keeps the scores."""
from __future__ import annotations

import datetime as dt
import secrets

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select

from inbox import schemas
from inbox.models import Tevredenheid
from inbox.services import monitoring, retention
from inbox.services import tevredenheid as svc
from tests.inbox.conftest import BACKENDS, database_url, start_server, stop_server

NOW = dt.datetime(2026, 11, 30, 14, 37, tzinfo=dt.timezone.utc)


def _answer(score: int, uitkomst: str = "aanmelding", kanaal: str = "web", onderwerp: str | None = "vervoer",
            **extra) -> dict:
    return {"sleutel": secrets.token_urlsafe(18), "score": score, "uitkomst": uitkomst, "kanaal": kanaal,
            "onderwerp": onderwerp, **extra}


def _record(Session, body: dict, now: dt.datetime = NOW):
    with Session() as s:
        t, created = svc.record(s, schemas.parse(schemas.tevredenheid_model(), body), now=now)
        return svc.body(t), created


def _rows(Session) -> list[Tevredenheid]:
    with Session() as s:
        return list(s.scalars(select(Tevredenheid).order_by(Tevredenheid.id)))


def test_a_score_is_stored_with_codes_and_the_day_only(Session):
    body = _answer(4, conversation_id="gesprek-1", naam="Jan Jansen")  # extra fields are not taken
    _, created = _record(Session, body)
    [row] = _rows(Session)
    assert created and (row.score, row.uitkomst, row.kanaal, row.onderwerp, row.opmerking) == (
        4, "aanmelding", "web", "vervoer", None)
    assert row.created_at == dt.datetime(2026, 11, 29, 23, 0, tzinfo=dt.timezone.utc)  # 30 Nov 00:00 in Amsterdam
    assert not {"conversation_id", "naam"} & set(Tevredenheid.__table__.columns.keys())


def test_the_comment_joins_its_score_masked_and_a_repeat_changes_nothing(Session):
    body = _answer(2)
    _record(Session, body)
    _, created = _record(Session, {**body, "opmerking": "Duurde lang. Bel 06-12345678, mail a.b@example.nl, "
                                                         "bsn 111222333"})
    again, _ = _record(Session, {**body, "score": 5, "opmerking": "iets anders"})
    [row] = _rows(Session)
    assert not created and again["opmerking"] is True
    assert row.score == 2  # the first score stays
    assert row.opmerking == "Duurde lang. Bel [telefoonnummer], mail [e-mailadres], bsn [BSN verwijderd]"


@pytest.mark.parametrize("change", [{"score": 0}, {"score": 6}, {"uitkomst": "onbekend"}, {"kanaal": "fax"},
                                    {"onderwerp": "paspoort"}, {"sleutel": "kort"}, {"opmerking": "x" * 1001}])
def test_bad_answers_are_refused(change):
    with pytest.raises(ValidationError):
        schemas.tevredenheid_model().model_validate({**_answer(3), **change})


def test_monitoring_gives_n_mean_and_distribution_per_kanaal_onderwerp_and_uitkomst_in_json_and_csv(Session):
    for score, uitkomst, kanaal, onderwerp in ((5, "aanmelding", "web", "vervoer"),
                                               (4, "aanmelding", "telefoon", "vervoer"),
                                               (1, "geen_toestemming", "web", None),
                                               (3, "verwezen_voorliggend_veld", "web", "mantelzorg")):
        _record(Session, _answer(score, uitkomst, kanaal, onderwerp))
    _record(Session, _answer(2, opmerking="te veel vragen"), now=NOW - dt.timedelta(days=40))  # an earlier month
    with Session() as s:
        figures = monitoring.statistieken(s, periode="maand", van=NOW - dt.timedelta(days=90),
                                          tot=NOW + dt.timedelta(days=1), now=NOW)
    t = figures["totaal"]["tevredenheid"]
    assert (t["n"], t["gemiddeld"], t["met_opmerking"]) == (5, 3.0, 1)
    assert t["verdeling"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}
    assert t["per"]["kanaal"]["telefoon"] == {"n": 1, "gemiddeld": 4.0,
                                              "verdeling": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}}
    assert t["per"]["uitkomst"]["aanmelding"]["n"] == 3 and t["per"]["uitkomst"]["aanmelding"]["gemiddeld"] == 3.67
    assert t["per"]["onderwerp"]["onbekend"]["gemiddeld"] == 1.0
    assert [p["tevredenheid"]["n"] for p in figures["perioden"]] == [1, 4]
    rows = monitoring.to_csv(figures).splitlines()
    assert "totaal;tevredenheid.gemiddeld;3.0" in rows
    assert "totaal;tevredenheid.per.kanaal.telefoon.verdeling.4;1" in rows
    assert "2026-11;tevredenheid.per.uitkomst.geen_toestemming.n;1" in rows


def test_retention_empties_old_comments_and_keeps_every_score(Session, engine):
    _record(Session, _answer(2, opmerking="oud"), now=NOW - dt.timedelta(days=100))
    _record(Session, _answer(4, opmerking="nieuw"), now=NOW - dt.timedelta(days=10))
    with Session() as s:
        assert svc.purge_opmerkingen(s, 90, now=NOW) == 1
    assert [(r.score, r.opmerking) for r in _rows(Session)] == [(2, None), (4, "nieuw")]


def test_make_retention_runs_the_comment_clock(Session, tmp_path):
    from inbox.config import Config

    _record(Session, _answer(1, opmerking="oud"), now=NOW - dt.timedelta(days=31))
    config = Config.from_env({"DATABASE_URL": "sqlite://", "TEVREDENHEID_OPMERKING_RETENTION_DAYS": "30",
                              "TRACKER_DB_URL": "off", "RETENTION_OUTBOX_DB": "off", "RETENTION_LOG_DIR": "off"})
    with Session() as s:
        verslag = retention.run(s, config, now=NOW)
    assert verslag.tevredenheid_opmerkingen_geleegd == 1 and _rows(Session)[0].opmerking is None


# --- over HTTP -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def api(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"inbox-tevredenheid-{request.param}")
    srv = start_server(var_dir, database_url(request.param, var_dir, request))
    request.addfinalizer(lambda: stop_server(srv))
    return srv


def test_the_assistant_posts_a_score_then_a_comment_and_the_bi_tool_reads_the_figures(api):
    url = f"{api.url}/api/v1/tevredenheid"
    body = _answer(5, "partner_aanmelding", "telefoon", "jeugdhulp")
    first = httpx.post(url, json=body, headers=api.service(), timeout=30)
    again = httpx.post(url, json={**body, "opmerking": "Snel geregeld, mail mij op x@y.nl"}, headers=api.service(),
                       timeout=30)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["opmerking"] is False and again.json()["opmerking"] is True
    stats = httpx.get(f"{api.url}/api/v1/statistieken", headers=api.stats(), timeout=30)
    per = stats.json()["totaal"]["tevredenheid"]["per"]
    assert per["uitkomst"]["partner_aanmelding"]["verdeling"]["5"] >= 1
    csv = httpx.get(f"{api.url}/api/v1/statistieken?formaat=csv", headers=api.stats(), timeout=30).text
    assert "totaal;tevredenheid.per.onderwerp.jeugdhulp.n;1" in csv.splitlines()


@pytest.mark.parametrize("headers, body, status, velden", [
    ("stats", _answer(3), 403, None),  # the BI-tool's token reads statistics only
    ("read", _answer(3), 403, None),
    ("geen", _answer(3), 401, None),
    ("service", _answer(7), 422, {"score"}),
    ("service", {"score": 3}, 422, {"sleutel", "uitkomst", "kanaal"}),
])
def test_only_the_assistant_may_post_and_only_a_valid_answer(api, headers, body, status, velden):
    h = {"stats": api.stats(), "read": api.read(), "geen": {}, "service": api.service()}[headers]
    r = httpx.post(f"{api.url}/api/v1/tevredenheid", json=body, headers=h, timeout=30)
    assert r.status_code == status
    if velden:
        assert r.json()["fout"] == "De aanvraag bevat ongeldige velden." and set(r.json()["velden"]) == velden
