"""Bezorgfouten: requests of the assistant that the inbox refused for good ("Niet afgeleverde aanmeldingen").

The action server keeps such a request as a dead letter in its outbox (with the personal data, for a requeue);
the inbox only learns that it refused it, from its own answer: soort, idempotency key, status, its message, the
names of the refused fields and the urgentie code. Nothing personal is copied. A refusal for the same key again
counts up the same row. A bezorgfout is open until the aanmelding with its key arrives after all (requeued after
a fix) or a beheerder marks it afgehandeld.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.db import utcnow
from inbox.errors import NietGevonden
from inbox.models import Aanmelding, Bezorgfout
from inbox.services import audit

SOORTEN = ("aanmelding", "uitkomst")
_AANGEKOMEN = exists().where(and_(Bezorgfout.idempotency_key.is_not(None),
                                  Aanmelding.idempotency_key == Bezorgfout.idempotency_key))
OPEN = and_(Bezorgfout.afgehandeld_op.is_(None), ~_AANGEKOMEN)


def kenmerk(idempotency_key: str | None) -> str | None:
    """The kenmerk the inwoner was given (VMK-K-xxxxxxxx); the same formula as bot.actions.common.kenmerk."""
    if not idempotency_key:
        return None
    return "VMK-K-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:8].upper()


def record(session: Session, soort: str, idempotency_key: str | None, status_code: int, fout: str,
           velden: list[str], urgentie: str | None, now: dt.datetime | None = None) -> None:
    """Store one refusal (own transaction); the same soort + key again counts up and reopens its row."""
    now = now or utcnow()
    urgentie = urgentie if urgentie in vocab.codes().urgenties else None
    values = {"status_code": status_code, "fout": (fout or "")[:500], "velden": [str(v)[:100] for v in velden][:50],
              "laatste_op": now, "afgehandeld_op": None, "afgehandeld_door": None}
    for _ in range(2):  # a parallel first refusal of the same key wins the insert; then this one counts up
        try:
            with session.begin():
                row = (session.scalars(select(Bezorgfout).where(Bezorgfout.soort == soort,
                                                                Bezorgfout.idempotency_key == idempotency_key))
                       .first() if idempotency_key else None)
                if row is None:
                    session.add(Bezorgfout(soort=soort, idempotency_key=idempotency_key, urgentie=urgentie,
                                           aantal=1, eerste_op=now, **values))
                else:
                    for name, value in values.items():
                        setattr(row, name, value)
                    row.urgentie = urgentie or row.urgentie
                    row.aantal += 1
            return
        except IntegrityError:
            continue


def open_count(session: Session) -> int:
    """How many refused requests still wait for a fix (the monitoring's count)."""
    with session.begin():
        return session.scalar(select(func.count()).select_from(Bezorgfout).where(OPEN)) or 0


@dataclass(frozen=True)
class Pagina:
    items: list[dict[str, Any]]
    totaal: int
    open: int


def lijst(session: Session, *, alleen_open: bool = True, limit: int = 50, offset: int = 0) -> Pagina:
    """Newest first; spoed is marked on the page. Each item says whether it arrived after all."""
    stmt = select(Bezorgfout, _AANGEKOMEN.label("aangekomen"))
    count = select(func.count()).select_from(Bezorgfout)
    if alleen_open:
        stmt, count = stmt.where(OPEN), count.where(OPEN)
    with session.begin():
        rows = session.execute(stmt.order_by(Bezorgfout.laatste_op.desc(), Bezorgfout.id.desc())
                               .limit(limit).offset(offset)).all()
        totaal = session.scalar(count) or 0
        open_ = session.scalar(select(func.count()).select_from(Bezorgfout).where(OPEN)) or 0
    items = [{"id": b.id, "soort": b.soort, "kenmerk": kenmerk(b.idempotency_key),
              "idempotency_key": b.idempotency_key, "status_code": b.status_code, "fout": b.fout,
              "velden": list(b.velden or []), "urgentie": b.urgentie, "aantal": b.aantal, "eerste_op": b.eerste_op,
              "laatste_op": b.laatste_op, "afgehandeld_op": b.afgehandeld_op, "afgehandeld_door": b.afgehandeld_door,
              "aangekomen": bool(aangekomen)} for b, aangekomen in rows]
    return Pagina(items, totaal, open_)


def afhandelen(session: Session, bezorgfout_id: int, wie: str, ip: str | None = None) -> None:
    """A beheerder marks a bezorgfout as dealt with (e.g. the inwoner was called, or the letter was dropped)."""
    with session.begin():
        row = session.get(Bezorgfout, bezorgfout_id)
        if row is None:
            raise NietGevonden("Deze bezorgfout bestaat niet (meer).")
        row.afgehandeld_op, row.afgehandeld_door = utcnow(), wie
        audit.log(session, wie, "bezorgfout_afgehandeld", "bezorgfout", row.id, ip=ip)


def purge(session: Session, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete bezorgfouten last refused longer than `older_than` ago; returns how many (retention)."""
    grens = (now or utcnow()) - older_than
    with session.begin():
        return session.execute(delete(Bezorgfout).where(Bezorgfout.laatste_op < grens)).rowcount or 0
