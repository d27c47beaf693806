"""Intake: the assistant's aanmeldingen (idempotent, BSNs masked, a referentie per year) and its uitkomsten."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.db import utcnow
from inbox.errors import Ongeldig
from inbox.models import URGENTIE_RANG, Aanmelding, Gebeurtenis, ReferentieTeller, Uitkomst
from inbox.services import audit, spoedmeldingen

logger = logging.getLogger(__name__)
_mask = vocab.masked


def next_referentie(session: Session, when: dt.datetime) -> str:
    """VMK-YYYY-NNNNNN from the per-year counter row; UPDATE ... RETURNING takes a row lock, so no duplicates.

    SQLite: inside the caller's transaction (writers are serialised anyway; no gaps). PostgreSQL: in its own short
    transaction on a second connection, so the row lock is not held for the whole creation (a failed creation
    leaves a gap, like a sequence). Its commit may skip the WAL flush: the creation's own commit comes later in
    the WAL and flushes it, and a lost increment can only belong to a creation that was lost too.
    """
    year = when.astimezone(vocab.AMSTERDAM).year
    if session.get_bind().dialect.name == "postgresql":
        with session.get_bind().connect() as conn:
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            number = _increment(conn, year, "postgresql")
            conn.commit()
    else:
        number = _increment(session.connection(), year, "sqlite")
    return f"VMK-{year}-{number:06d}"


def _increment(conn, year: int, dialect: str) -> int:
    stmt = (update(ReferentieTeller).where(ReferentieTeller.jaar == year)
            .values(laatste=ReferentieTeller.laatste + 1).returning(ReferentieTeller.laatste))
    number = conn.execute(stmt).scalar_one_or_none()
    if number is None:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        conn.execute(insert(ReferentieTeller).values(jaar=year, laatste=0).on_conflict_do_nothing())
        number = conn.execute(stmt).scalar_one()
    return number


def _get_by_key(session: Session, key: str) -> Aanmelding | None:
    return session.scalars(select(Aanmelding).where(Aanmelding.idempotency_key == key)).first()


def create_aanmelding(session: Session, data: Any, idempotency_key: str, *, wie: str = "api:service",
                      ip: str | None = None, now: dt.datetime | None = None,
                      spoed_kanalen: Sequence[str] = ()) -> tuple[Aanmelding, bool]:
    """Store a routed aanmelding once per idempotency key; returns (aanmelding, created?). BSNs are masked.

    A new spoed aanmelding gets its alert on each of `spoed_kanalen` in the same transaction (the outbox of
    services/spoedmeldingen.py): both are stored, or neither."""
    if not idempotency_key or len(idempotency_key) > 200:
        raise Ongeldig("Header Idempotency-Key ontbreekt of is te lang (maximaal 200 tekens).",
                       {"Idempotency-Key": "Verplicht, 1 tot 200 tekens."})
    try:
        with session.begin():
            existing = _get_by_key(session, idempotency_key)
            if existing is not None:
                return existing, False
            a = _build(session, data, idempotency_key, now or utcnow())
            session.add(a)
            session.flush()
            if a.conversation_id:  # an earlier uitkomst of this conversation is now counted here
                session.execute(update(Uitkomst).where(Uitkomst.conversation_id == a.conversation_id)
                                .values(met_aanmelding=True))
            session.add(Gebeurtenis(aanmelding_id=a.id, soort="aangemaakt", door=wie, op=a.created_at,
                                    omschrijving=f"Aanmelding ontvangen via {a.kanaal}"))
            if a.urgentie == "spoed":
                spoedmeldingen.enqueue(session, a, spoed_kanalen, a.created_at)
            audit.log(session, wie, "aanmelding_aangemaakt", "aanmelding", a.id,
                      {"referentie": a.referentie, "conversation_id": a.conversation_id}, ip)
        return a, True
    except IntegrityError:
        # Another request with the same key won the race: answer with its aanmelding.
        session.rollback()
        with session.begin():
            existing = _get_by_key(session, idempotency_key)
        if existing is None:
            raise
        return existing, False


def _build(session: Session, d: Any, key: str, now: dt.datetime) -> Aanmelding:
    contact, toestemming = d.contact, d.toestemming
    if not toestemming.gegeven:
        raise Ongeldig("Zonder toestemming van de inwoner wordt een aanmelding niet opgeslagen.",
                       {"toestemming.gegeven": "Moet true zijn."})
    prof, partner = d.professional, d.partner
    onderwerp = d.onderwerpen[0]
    termijn = vocab.wettelijke_termijn(onderwerp, now, d.urgentie)
    transcript = [{"van": r.van, "tekst": _mask(r.tekst) or "", "tijd": r.tijd} for r in d.transcript]
    return Aanmelding(
        referentie=next_referentie(session, now), idempotency_key=key, status="nieuw", actief=True,
        kanaal=d.kanaal, melder=d.melder, onderwerp=onderwerp,
        onderwerpen_ook=[o for o in dict.fromkeys(d.onderwerpen[1:]) if o != onderwerp],
        wet=d.wet, urgentie=d.urgentie, urgentie_rang=URGENTIE_RANG.get(d.urgentie, 9),
        team_advies=d.team_advies, kern=d.kern, samenvatting=_mask(d.samenvatting),
        redenen=[_mask(r) for r in d.redenen],
        contact_naam=_mask(contact.naam), contact_telefoon=contact.telefoon, contact_email=contact.email,
        contact_voorkeur=_mask(contact.voorkeur),
        toestemming_gegeven=True, toestemming_tekstversie=toestemming.tekstversie,
        toestemming_tijdstip=toestemming.tijdstip if toestemming.tijdstip.tzinfo
        else toestemming.tijdstip.replace(tzinfo=dt.timezone.utc),
        professional_organisatie=_mask(prof.organisatie) if prof else None,
        professional_functie=_mask(prof.functie) if prof else None,
        professional_telefoon=prof.telefoon if prof else None,
        professional_email=prof.email if prof else None,
        partner_soort=partner.soort if partner else None,
        partner_inwoner_akkoord=partner.inwoner_akkoord if partner else None,
        terugkoppeling_gewenst=bool(partner and partner.terugkoppeling_gewenst),
        voorzieningen_aangeboden=[_mask(v) for v in d.voorzieningen_aangeboden],
        onderwerp_gok=list(d.onderwerp_gok), onderwerp_correctie=list(d.onderwerp_correctie),
        model_versie=d.model_versie,
        conversation_id=d.conversation_id, transcript=transcript, created_at=now,
        verwacht_contact_voor=vocab.contact_deadline(now, d.urgentie),
        wettelijke_termijn_label=termijn[0] if termijn else None,
        wettelijke_termijn_op=termijn[1] if termijn else None,
    )


def record_uitkomst(session: Session, d: Any, *, wie: str = "api:service",
                    ip: str | None = None) -> tuple[Uitkomst, bool]:
    """A conversation that ended without routing; idempotent per (conversation_id, uitkomst)."""
    def existing() -> Uitkomst | None:
        return session.scalars(select(Uitkomst).where(Uitkomst.conversation_id == d.conversation_id,
                                                      Uitkomst.uitkomst == d.uitkomst)).first()
    with session.begin():
        found = existing()
        if found is not None:
            return found, False
    try:
        with session.begin():
            u = Uitkomst(conversation_id=d.conversation_id, uitkomst=d.uitkomst, kanaal=d.kanaal, melder=d.melder,
                         onderwerp=d.onderwerpen[0] if d.onderwerpen else None,
                         onderwerpen_ook=list(d.onderwerpen[1:]), wet=d.wet, urgentie=d.urgentie, kern=d.kern,
                         voorzieningen_aangeboden=[_mask(v) for v in d.voorzieningen_aangeboden],
                         met_aanmelding=session.scalar(select(Aanmelding.id).where(
                             Aanmelding.conversation_id == d.conversation_id).limit(1)) is not None,
                         created_at=utcnow())
            session.add(u)
            session.flush()
            audit.log(session, wie, "uitkomst_vastgelegd", "uitkomst", u.id, {"uitkomst": u.uitkomst}, ip)
        return u, True
    except IntegrityError:
        session.rollback()
        with session.begin():
            found = existing()
        if found is None:
            raise
        return found, False
