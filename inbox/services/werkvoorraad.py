"""The werkvoorraad: filters, the sorted and counted list, and one aanmelding for reading (every view audited)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, fields

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.errors import NietGevonden, Ongeldig
from inbox.models import ACTIEVE_STATUSSEN, STATUSSEN, URGENTIE_RANG, Aanmelding
from inbox.services import audit
from inbox.services.policy import User, load, visible_clause

logger = logging.getLogger(__name__)


@dataclass
class Filters:
    """Werkvoorraad/API filters; None = no filter. status 'actief' = everything not afgerond."""

    status: str | None = None
    team: str | None = None            # team_advies
    doorgezet_naar: str | None = None
    onderwerp: str | None = None       # the primary onderwerp
    wet: str | None = None
    urgentie: str | None = None
    kern: str | None = None
    kanaal: str | None = None
    melder: str | None = None
    conversation_id: str | None = None
    created_from: dt.datetime | None = None
    created_to: dt.datetime | None = None
    zoek: str | None = None            # in samenvatting and referentie
    toegewezen_aan: str | None = None

    def clauses(self) -> list:
        c: list = []
        if self.status == "actief":
            c.append(Aanmelding.actief.is_(True))
        elif self.status:
            c.append(Aanmelding.status == self.status)
        if self.urgentie:
            # the rank leads the sort index, so filtering on it keeps list and count on that index
            c.append(Aanmelding.urgentie_rang == URGENTIE_RANG.get(self.urgentie, -1))
        simple = {"team": Aanmelding.team_advies, "doorgezet_naar": Aanmelding.doorgezet_naar,
                  "onderwerp": Aanmelding.onderwerp, "wet": Aanmelding.wet,
                  "kern": Aanmelding.kern, "kanaal": Aanmelding.kanaal, "melder": Aanmelding.melder,
                  "conversation_id": Aanmelding.conversation_id, "toegewezen_aan": Aanmelding.toegewezen_aan}
        for name, column in simple.items():
            value = getattr(self, name)
            if value:
                c.append(column == value)
        if self.created_from:
            c.append(Aanmelding.created_at >= self.created_from)
        if self.created_to:
            c.append(Aanmelding.created_at < self.created_to)
        if self.zoek:
            term = self.zoek.strip()[:200]
            escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            c.append(or_(Aanmelding.samenvatting.ilike(f"%{escaped}%", escape="\\"),
                         Aanmelding.referentie == term.upper()))
        return c

    def validate(self) -> "Filters":
        """Reject unknown codes with Dutch field messages (the API passes query strings straight in)."""
        c = vocab.codes()
        allowed = {"status": (*STATUSSEN, "actief"), "team": c.teams, "doorgezet_naar": c.teams,
                   "onderwerp": c.onderwerpen, "wet": c.wetten, "urgentie": c.urgenties, "kern": c.kernen,
                   "kanaal": c.kanalen, "melder": c.melders}
        errors = {name: f"Onbekende waarde {getattr(self, name)!r}." for name, codes in allowed.items()
                  if getattr(self, name) and getattr(self, name) not in codes}
        if errors:
            raise Ongeldig("Onbekende filterwaarde.", errors)
        return self


@dataclass
class Pagina:
    items: list[Aanmelding]
    totaal: int
    limit: int
    offset: int


SORT = (Aanmelding.urgentie_rang, Aanmelding.verwacht_contact_voor, Aanmelding.id)


def _filtered(stmt: Select, filters: Filters, user: User | None) -> Select:
    clauses = filters.clauses()
    if user is not None:
        clauses.append(visible_clause(user))
    return stmt.where(and_(*clauses)) if clauses else stmt


def list_aanmeldingen(session: Session, filters: Filters | None = None, user: User | None = None, *,
                      limit: int = 50, offset: int = 0, with_total: bool = True, audit_as: str | None = None,
                      ip: str | None = None) -> Pagina:
    """The werkvoorraad: urgentie first (spoed on top), then the contact deadline. user=None: API (no role filter).

    audit_as: also log every aanmelding on this page as viewed (personal data) by that actor, same transaction."""
    filters = filters or Filters()
    limit = max(1, min(int(limit), 500))
    offset = max(0, int(offset))
    with session.begin():
        items = session.scalars(_filtered(select(Aanmelding), filters, user).order_by(*SORT)
                                .limit(limit).offset(offset)).all()
        total = -1
        if with_total:
            total = session.scalar(_filtered(select(func.count(Aanmelding.id)), filters, user)) or 0
        if audit_as:
            audit.viewed(session, audit_as, [a.id for a in items], ip,
                         {"via": "lijst", "aantal": len(items), "offset": offset})
    return Pagina(list(items), int(total), limit, offset)


def wacht_op_terugkoppeling(session: Session, user: User | None, *, limit: int = 200) -> list[Aanmelding]:
    """Partner signals whose partner asked for terugkoppeling and has not had it yet, oldest first."""
    with session.begin():
        return list(session.scalars(
            select(Aanmelding).where(Aanmelding.terugkoppeling_gewenst.is_(True),
                                     Aanmelding.teruggekoppeld_op.is_(None), visible_clause(user))
            .order_by(Aanmelding.created_at).limit(limit)).all())


COUNT_FIELDS = ("status", "urgentie", "onderwerp", "wet", "kern", "kanaal", "melder", "team_advies",
                "doorgezet_naar")


def counts(session: Session, filters: Filters | None = None, user: User | None = None) -> dict[str, dict[str, int]]:
    """Counts per filter value (for the werkvoorraad's filter bar), each under the other active filters."""
    filters = filters or Filters()
    result: dict[str, dict[str, int]] = {}
    with session.begin():
        for name in COUNT_FIELDS:
            column = getattr(Aanmelding, name)
            own = {"team_advies": "team"}.get(name, name)
            others = Filters(**{f.name: getattr(filters, f.name) for f in fields(Filters) if f.name != own})
            if own == "status" and filters.status == "actief":
                others.status = None
            stmt = _filtered(select(column, func.count()).group_by(column), others, user)
            result[name] = {str(k): int(v) for k, v in session.execute(stmt).all() if k is not None}
    return result


def get_aanmelding(session: Session, aanmelding_id: int, user: User | None = None, *, wie: str | None = None,
                   ip: str | None = None) -> Aanmelding:
    """One aanmelding with history, notes and label changes; the view is audited (personal data)."""
    with session.begin():
        a = load(session, aanmelding_id, user, "view")
        audit.viewed(session, wie or _who(user), [a.id], ip)
    return a


def get_by_referentie(session: Session, referentie: str, user: User | None = None, *,
                      ip: str | None = None) -> Aanmelding:
    with session.begin():
        found = session.scalars(select(Aanmelding.id).where(Aanmelding.referentie == referentie.upper())).first()
    if found is None:
        raise NietGevonden(f"Aanmelding {referentie} bestaat niet.")
    return get_aanmelding(session, found, user, ip=ip)


def _who(user: User | None) -> str:
    return user.username if user is not None else "api:read"


def active_statuses() -> tuple[str, ...]:
    return ACTIEVE_STATUSSEN
