"""Monitoring figures add up, and retention removes personal data without changing them."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from sqlalchemy import select

from inbox import schemas
from inbox.models import Aanmelding, AuditLog, Notitie
from inbox.services import intake, monitoring, retention, workflow
from tests.inbox.test_services import BSN, make

NOW = dt.datetime.now(dt.timezone.utc)


def _uitkomst(Session, conversation_id: str, uitkomst: str = "verwezen_voorliggend_veld") -> None:
    data = schemas.parse(schemas.models()[1], {"conversation_id": conversation_id, "uitkomst": uitkomst,
                                               "kanaal": "telefoon", "onderwerpen": ["eenzaamheid_meedoen"]})
    with Session() as s:
        intake.record_uitkomst(s, data)


def _scenario(Session, toegang):
    a, b, c = make(Session, kern="Neede"), make(Session, kern="Ruurlo", urgentie="hoog"), make(Session)
    _uitkomst(Session, "u-1")
    _uitkomst(Session, "u-2", "buiten_sociaal_domein")
    with Session() as s:
        workflow.log_contact(s, toegang, a.id)
        workflow.doorzetten(s, toegang, a.id, "frontteam_neede", "over")
        workflow.close(s, toegang, b.id, "geholpen_algemene_voorziening")
    return a, b, c


def test_monitoring_counts_conversations_routed_and_referred(Session, toegang):
    _scenario(Session, toegang)
    with Session() as s:
        fig = monitoring.statistieken(s, periode="week")
    t = fig["totaal"]
    assert t["gesprekken"] == 5 and t["aanmeldingen"] == 3 and t["verwezen_voorliggend_veld"] == 1
    assert t["open"] == 2 and t["afgerond"] == 1  # afgerond is never active
    assert t["doorgezet_per_team"] == {"frontteam_neede": 1}
    assert t["per"]["kanaal"] == {"telefoon": 2, "web": 3}
    assert t["tijd_tot_eerste_contact_uren"]["n"] == 1 and t["tijd_tot_eerste_contact_uren"]["binnen_norm"] == 1
    assert sum(p["gesprekken"] for p in fig["perioden"]) == 5
    csv = monitoring.to_csv(fig)
    assert csv.startswith("periode;kengetal;waarde\n") and "totaal;gesprekken;5" in csv


def _totaal(Session) -> dict:
    with Session() as s:
        return monitoring.statistieken(s, periode="week")["totaal"]


@pytest.mark.parametrize("volgorde", ["uitkomst_eerst", "aanmelding_eerst"])
def test_a_restarted_conversation_that_is_routed_counts_once(Session, volgorde):
    """'opnieuw beginnen' records afgebroken; if the same conversation then ends in an aanmelding, the
    monitoring counts one gesprek (routed), whichever of the two reaches the inbox first."""
    if volgorde == "uitkomst_eerst":
        _uitkomst(Session, "gesprek-1", "afgebroken")
        make(Session, conversation_id="gesprek-1")
    else:
        make(Session, conversation_id="gesprek-1")
        _uitkomst(Session, "gesprek-1", "afgebroken")
    t = _totaal(Session)
    assert (t["gesprekken"], t["aanmeldingen"], t["gesprekken_zonder_aanmelding"]) == (1, 1, {})
    assert t["per"]["kanaal"] == {"web": 1}


def test_a_conversation_with_two_uitkomsten_counts_once_by_how_it_ended(Session):
    _uitkomst(Session, "gesprek-2", "afgebroken")
    _uitkomst(Session, "gesprek-2", "verwezen_voorliggend_veld")
    _uitkomst(Session, "gesprek-3", "buiten_sociaal_domein")
    t = _totaal(Session)
    assert t["gesprekken"] == 2 and t["verwezen_voorliggend_veld"] == 1
    assert t["gesprekken_zonder_aanmelding"] == {"buiten_sociaal_domein": 1, "verwezen_voorliggend_veld": 1}


def test_the_link_between_uitkomst_and_aanmelding_survives_retention(Session, toegang):
    _uitkomst(Session, "gesprek-4", "afgebroken")
    a = make(Session, conversation_id="gesprek-4")
    with Session() as s:
        workflow.close(s, toegang, a.id, "geholpen_algemene_voorziening")
        retention.anonymise_closed(s, 12, now=NOW + dt.timedelta(days=400))
        with s.begin():
            assert s.get(Aanmelding, a.id).conversation_id is None
    assert _totaal(Session)["gesprekken"] == 1


def test_retention_anonymises_old_closed_aanmeldingen_and_the_figures_still_add_up(Session, toegang):
    a, b, c = _scenario(Session, toegang)
    with Session() as s:
        workflow.add_note(s, toegang, b.id, f"notitie met {BSN} en naam")
        before = monitoring.statistieken(s, periode="maand", van=NOW - dt.timedelta(days=1),
                                         tot=NOW + dt.timedelta(days=1), now=NOW)
        later = NOW + dt.timedelta(days=400)
        done = retention.anonymise_closed(s, 12, now=later)
        after = monitoring.statistieken(s, periode="maand", van=NOW - dt.timedelta(days=1),
                                        tot=NOW + dt.timedelta(days=1), now=NOW)
        with s.begin():
            gone = s.get(Aanmelding, b.id)
            kept = s.get(Aanmelding, c.id)
            notes = s.scalars(select(Notitie).where(Notitie.aanmelding_id == b.id)).all()
    assert done == 1
    assert gone.samenvatting is None and gone.contact_naam is None and gone.contact_telefoon is None
    assert gone.transcript is None and gone.geanonimiseerd_op is not None and notes == []
    assert gone.onderwerp == "huishoudelijke_hulp" and gone.afgerond_op is not None  # codes, timestamps kept
    assert kept.samenvatting and kept.contact_naam  # open: untouched
    before.pop("gemaakt_op"), after.pop("gemaakt_op")
    assert before == after


def test_recently_closed_aanmeldingen_are_kept(Session, toegang):
    _scenario(Session, toegang)
    with Session() as s:
        assert retention.anonymise_closed(s, 12, now=NOW + dt.timedelta(days=300)) == 0


def test_tracker_conversations_are_purged_after_the_period(Session, toegang, tmp_path):
    delivered = make(Session, conversation_id="met-aanmelding")
    tracker = tmp_path / "rasa_tracker.sqlite3"
    con = sqlite3.connect(tracker)
    con.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
                "data TEXT)")
    old, recent = (NOW - dt.timedelta(days=40)).timestamp(), (NOW - dt.timedelta(days=2)).timestamp()
    rows = [("oud-zonder", old), ("oud-zonder", old + 1), (delivered.conversation_id, old), ("recent", old),
            ("recent", recent)]
    con.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')", rows)
    con.commit()
    with Session() as s:
        verslag = retention.purge_tracker(s, f"sqlite:///{tracker}", 30, now=NOW)
    left = sorted({r[0] for r in con.execute("SELECT sender_id FROM events")})
    con.close()
    assert left == ["recent"]
    assert verslag.tracker_gesprekken_zonder_aanmelding == 1 and verslag.tracker_gesprekken_met_aanmelding == 1
    assert verslag.tracker_events_verwijderd == 3


def test_audit_rows_past_their_period_are_deleted_and_younger_ones_stay(Session):
    now = dt.datetime(2031, 6, 1, tzinfo=dt.timezone.utc)
    with Session.begin() as s:
        for months, wie in ((61, "oud"), (59, "jong")):
            s.add(AuditLog(wie=wie, wanneer=retention.months_before(now, months), actie="aanmelding_bekeken",
                           object_type="aanmelding", object_id="1", ip="192.0.2.0/24"))
    with Session() as s:
        verslag = retention.purge_audit(s, 60, now=now)
    assert verslag.audit_rijen_verwijderd == 1
    with Session() as s:
        left = {row.wie: row.actie for row in s.scalars(select(AuditLog))}
    assert left == {"jong": "aanmelding_bekeken", "retentie": "retentie_audit_verwijderd"}
