"""Spoedmeldingen: team toegang hears of a new spoed aanmelding at once, exactly once per channel.

The outbox pattern: intake writes one `spoedmelding` row per configured channel (e-mail, webhook) in the
aanmelding's own transaction, so an alert is promised exactly when the aanmelding exists. A deliverer
(inbox/spoed.py, one in every inbox worker) takes a due row with a conditional UPDATE that sets its claim
(`bezig_tot`, `bezig_door`): on PostgreSQL the second of two racing UPDATEs re-reads the row after the first
committed and no longer matches, and SQLite runs writers one at a time (BEGIN IMMEDIATE), so one deliverer wins on
both. It sends, then marks the row verzonden; a failure counts the attempt and sets the next one with backoff. A
claim ends by itself after its lease, so a deliverer that died mid-way leaves nothing stuck. When the aanmelding
was picked up before the alert went out, the alert is not needed any more: vervallen.

An aanmelding "waits" while it is spoed, active and still 'nieuw': every step that takes it out of 'nieuw'
(workflow.OPPAKKEN) means someone has it in hand. The banner on the staff pages counts these.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from inbox.db import utcnow
from inbox.models import Aanmelding, Spoedmelding

KANALEN = ("email", "webhook")
WACHTEND, VERZONDEN, VERVALLEN = "wachtend", "verzonden", "vervallen"
STATUSSEN = (WACHTEND, VERZONDEN, VERVALLEN)
WACHT_OP_IEMAND = and_(Aanmelding.urgentie == "spoed", Aanmelding.status == "nieuw", Aanmelding.actief.is_(True))


def backoff(pogingen: int, max_delay: float) -> float:
    """Seconds until the next attempt after `pogingen` attempts: 2, 4, 8 … up to max_delay, with 80-100 % jitter
    so racing deliverers spread out."""
    return min(max_delay, 2.0 ** min(pogingen, 30)) * random.uniform(0.8, 1.0)


def enqueue(session: Session, aanmelding: Aanmelding, kanalen: Iterable[str], now: dt.datetime) -> None:
    """One alert per channel for a new spoed aanmelding, inside the caller's (intake's) transaction."""
    for kanaal in dict.fromkeys(kanalen):
        if kanaal not in KANALEN:
            raise ValueError(f"unknown spoed channel {kanaal!r}")
        session.add(Spoedmelding(aanmelding_id=aanmelding.id, kanaal=kanaal, status=WACHTEND, pogingen=0,
                                 volgende_poging_op=now, aangemaakt_op=now))


def wachtend(session: Session) -> int:
    """How many spoed aanmeldingen nobody has picked up yet (the banner for team toegang)."""
    with session.begin():
        return session.scalar(select(func.count()).select_from(Aanmelding).where(WACHT_OP_IEMAND)) or 0


@dataclass(frozen=True)
class Claim:
    """A row a deliverer holds until `bezig_tot`, with what its message may say (no personal data)."""

    id: int
    kanaal: str
    pogingen: int  # this attempt included
    door: str
    aanmelding_id: int
    referentie: str
    onderwerp: str
    kern: str | None
    binnengekomen: dt.datetime
    wacht_nog: bool  # False: someone picked the aanmelding up before the alert went out


def _vrij(now: dt.datetime):
    return and_(Spoedmelding.status == WACHTEND, Spoedmelding.volgende_poging_op <= now,
                or_(Spoedmelding.bezig_tot.is_(None), Spoedmelding.bezig_tot < now))


def bij_start(session: Session, now: dt.datetime | None = None) -> int:
    """A deliverer that starts makes every waiting alert due now (a fixed SMTP setting takes effect at once)."""
    now = now or utcnow()
    with session.begin():
        return session.execute(update(Spoedmelding).where(Spoedmelding.status == WACHTEND,
                                                          Spoedmelding.volgende_poging_op > now)
                               .values(volgende_poging_op=now)).rowcount or 0


def te_bezorgen(session: Session, now: dt.datetime | None = None, limit: int = 20) -> list[int]:
    """Ids of due alerts nobody holds, oldest first."""
    now = now or utcnow()
    with session.begin():
        return list(session.scalars(select(Spoedmelding.id).where(_vrij(now))
                                    .order_by(Spoedmelding.aangemaakt_op, Spoedmelding.id).limit(limit)))


def claim(session: Session, melding_id: int, door: str, lease: dt.timedelta,
          now: dt.datetime | None = None) -> Claim | None:
    """Take one due alert for `lease` (one conditional UPDATE; None when another deliverer was first)."""
    now = now or utcnow()
    with session.begin():
        taken = session.execute(update(Spoedmelding).where(Spoedmelding.id == melding_id, _vrij(now))
                                .values(bezig_tot=now + lease, bezig_door=door, pogingen=Spoedmelding.pogingen + 1)
                                .execution_options(synchronize_session=False)).rowcount
        if taken != 1:
            return None
        row = session.execute(
            select(Spoedmelding.kanaal, Spoedmelding.pogingen, Aanmelding.id, Aanmelding.referentie,
                   Aanmelding.onderwerp, Aanmelding.kern, Aanmelding.created_at,
                   case((WACHT_OP_IEMAND, True), else_=False))
            .join(Aanmelding, Aanmelding.id == Spoedmelding.aanmelding_id)
            .where(Spoedmelding.id == melding_id)).one()
    return Claim(melding_id, row[0], row[1], door, row[2], row[3], row[4], row[5], row[6], bool(row[7]))


def _finish(session: Session, c: Claim, **values: Any) -> bool:
    """Update the row only while `c` still holds it (after its lease another deliverer may have taken it)."""
    with session.begin():
        return session.execute(update(Spoedmelding).where(Spoedmelding.id == c.id, Spoedmelding.status == WACHTEND,
                                                          Spoedmelding.bezig_door == c.door)
                               .values(bezig_tot=None, **values)
                               .execution_options(synchronize_session=False)).rowcount == 1


def verzonden(session: Session, c: Claim, now: dt.datetime | None = None) -> bool:
    return _finish(session, c, status=VERZONDEN, afgehandeld_op=now or utcnow(), laatste_fout=None)


def vervallen(session: Session, c: Claim, now: dt.datetime | None = None) -> bool:
    """Not needed any more: nothing was sent, so the claim does not count as an attempt."""
    return _finish(session, c, status=VERVALLEN, afgehandeld_op=now or utcnow(), pogingen=Spoedmelding.pogingen - 1)


def mislukt(session: Session, c: Claim, fout: str, max_delay: float, now: dt.datetime | None = None) -> float:
    """Count the failed attempt and schedule the next one; returns the seconds until then."""
    delay = backoff(c.pogingen, max_delay)
    _finish(session, c, laatste_fout=(fout or "onbekende fout")[:500],
            volgende_poging_op=(now or utcnow()) + dt.timedelta(seconds=delay))
    return delay


_NIET_VERSTUURD = and_(Spoedmelding.status == WACHTEND, Spoedmelding.laatste_fout.is_not(None))


def niet_verstuurd(session: Session, limit: int = 100) -> list[dict[str, Any]]:
    """Alerts whose last attempt failed and that still wait, oldest first (the bezorgfouten page)."""
    with session.begin():
        rows = session.execute(
            select(Spoedmelding, Aanmelding.referentie).join(Aanmelding, Aanmelding.id == Spoedmelding.aanmelding_id)
            .where(_NIET_VERSTUURD).order_by(Spoedmelding.aangemaakt_op, Spoedmelding.id).limit(limit)).all()
    return [{"id": m.id, "aanmelding_id": m.aanmelding_id, "referentie": referentie, "kanaal": m.kanaal,
             "pogingen": m.pogingen, "laatste_fout": m.laatste_fout, "aangemaakt_op": m.aangemaakt_op,
             "volgende_poging_op": m.volgende_poging_op} for m, referentie in rows]


def niet_verstuurd_aantal(session: Session) -> int:
    """How many alerts wait after a failed attempt (the monitoring's count)."""
    with session.begin():
        return session.scalar(select(func.count()).select_from(Spoedmelding).where(_NIET_VERSTUURD)) or 0


@dataclass(frozen=True)
class Stand:
    """The outbox and the waiting aanmeldingen right now (the /metrics endpoint)."""

    per_status: dict[tuple[str, str], int]  # (kanaal, status) -> rows
    oudste_wachtend: dict[str, dt.datetime]  # kanaal -> aangemaakt_op of the oldest alert still to be sent
    niet_verstuurd: dict[str, int]  # kanaal -> alerts waiting after a failed attempt
    aanmeldingen_wachtend: int
    oudste_aanmelding: dt.datetime | None


def stand(session: Session) -> Stand:
    with session.begin():
        per = session.execute(select(Spoedmelding.kanaal, Spoedmelding.status, func.count(),
                                     func.min(Spoedmelding.aangemaakt_op))
                              .group_by(Spoedmelding.kanaal, Spoedmelding.status)).all()
        failing = session.execute(select(Spoedmelding.kanaal, func.count()).where(_NIET_VERSTUURD)
                                  .group_by(Spoedmelding.kanaal)).all()
        n, oudste = session.execute(select(func.count(), func.min(Aanmelding.created_at))
                                    .where(WACHT_OP_IEMAND)).one()
    return Stand({(k, s): int(c) for k, s, c, _o in per},
                 {k: _aware(o) for k, s, _c, o in per if s == WACHTEND and o is not None},
                 {k: int(c) for k, c in failing}, int(n or 0), _aware(oudste) if oudste else None)


def _aware(value: dt.datetime) -> dt.datetime:
    """A UTC time from an aggregate: naive on SQLite when the driver hands back the raw value."""
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value
