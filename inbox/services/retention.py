"""AVG retention: anonymise closed aanmeldingen after N months; purge old conversations from the tracker store."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from sqlalchemy import create_engine, delete, inspect, select, text, update
from sqlalchemy.orm import Session

from inbox.db import utcnow
from inbox.models import Aanmelding, Gebeurtenis, LabelWijziging, Notitie
from inbox.services import audit

logger = logging.getLogger(__name__)
CHUNK = 500


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """Same day-of-month `months` earlier (clamped to the month's last day)."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    month += 1
    for day in (when.day, 30, 29, 28):
        try:
            return when.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class RetentieVerslag:
    geanonimiseerd: int = 0
    anonimiseer_grens: str = ""
    tracker_gesprekken_zonder_aanmelding: int = 0
    tracker_gesprekken_met_aanmelding: int = 0
    tracker_events_verwijderd: int = 0
    tracker_grens: str = ""
    tracker_opmerking: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def anonymise_closed(session: Session, months: int, *, now: dt.datetime | None = None, wie: str = "retentie") -> int:
    """Afgerond longer than `months` ago: remove contact, words, transcript, notes; keep codes and timestamps."""
    now = now or utcnow()
    cutoff = months_before(now, months)
    with session.begin():
        ids = list(session.scalars(select(Aanmelding.id).where(
            Aanmelding.status == "afgerond", Aanmelding.afgerond_op < cutoff,
            Aanmelding.geanonimiseerd_op.is_(None))).all())
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            session.execute(update(Aanmelding).where(Aanmelding.id.in_(chunk)).values(
                samenvatting=None, redenen=[], transcript=None, conversation_id=None,
                contact_naam=None, contact_telefoon=None, contact_email=None, contact_voorkeur=None,
                professional_organisatie=None, professional_functie=None, professional_telefoon=None,
                professional_email=None, overdrachtsnotitie=None, teruggekoppeld_hoe=None,
                geanonimiseerd_op=now), execution_options={"synchronize_session": False})
            session.execute(delete(Notitie).where(Notitie.aanmelding_id.in_(chunk)),
                            execution_options={"synchronize_session": False})
            session.execute(update(Gebeurtenis).where(Gebeurtenis.aanmelding_id.in_(chunk)).values(omschrijving=""),
                            execution_options={"synchronize_session": False})
            for lw in session.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id.in_(chunk))):
                if lw.nieuw.get("reden"):
                    lw.nieuw = {**lw.nieuw, "reden": None}
        # Bulk UPDATEs bypass the identity map: objects this session already holds must reload.
        session.expire_all()
        if ids:
            audit.log(session, wie, "retentie_geanonimiseerd", "aanmelding", None,
                      {"aantal": len(ids), "grens": cutoff.isoformat()})
    return len(ids)


def purge_tracker(session: Session, tracker_url: str, days: int, *, now: dt.datetime | None = None,
                  verslag: RetentieVerslag | None = None, wie: str = "retentie") -> RetentieVerslag:
    """Delete Rasa tracker events of conversations idle for `days`: those without an aanmelding, and those
    whose aanmelding was delivered (its masked transcript is kept in the inbox)."""
    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    verslag.tracker_grens = cutoff.isoformat()
    if tracker_url.startswith("sqlite:///"):
        from pathlib import Path

        if not Path(tracker_url.removeprefix("sqlite:///")).exists():
            verslag.tracker_opmerking = "tracker-database bestaat (nog) niet"
            return verslag
    engine = create_engine(tracker_url)
    try:
        if not inspect(engine).has_table("events"):
            verslag.tracker_opmerking = "tabel events ontbreekt"
            return verslag
        with engine.begin() as conn:
            senders = [row[0] for row in conn.execute(text(
                "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff.timestamp()})]
            with session.begin():
                delivered = set()
                for start in range(0, len(senders), CHUNK):
                    delivered.update(session.scalars(select(Aanmelding.conversation_id).where(
                        Aanmelding.conversation_id.in_(senders[start:start + CHUNK]))))
            deleted = 0
            for start in range(0, len(senders), CHUNK):
                chunk = senders[start:start + CHUNK]
                params = {f"s{i}": s for i, s in enumerate(chunk)}
                marks = ", ".join(f":s{i}" for i in range(len(chunk)))
                deleted += conn.execute(text(f"DELETE FROM events WHERE sender_id IN ({marks})"), params).rowcount
        verslag.tracker_gesprekken_met_aanmelding = len(delivered)
        verslag.tracker_gesprekken_zonder_aanmelding = len(senders) - len(delivered)
        verslag.tracker_events_verwijderd = deleted
    finally:
        engine.dispose()
    if senders:
        audit.record(session, wie, "retentie_tracker_opgeschoond", "gesprek", None,
                     {"gesprekken": len(senders), "events": verslag.tracker_events_verwijderd})
    return verslag


def run(session: Session, *, retention_months: int, tracker_url: str, tracker_days: int,
        now: dt.datetime | None = None) -> RetentieVerslag:
    """Both retention rules; returns what was done (for the CLI's output and the audit log)."""
    now = now or utcnow()
    verslag = RetentieVerslag(anonimiseer_grens=months_before(now, retention_months).isoformat())
    verslag.geanonimiseerd = anonymise_closed(session, retention_months, now=now)
    return purge_tracker(session, tracker_url, tracker_days, now=now, verslag=verslag)
