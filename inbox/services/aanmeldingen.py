"""Aanmeldingen: idempotent creation by the assistant, the werkvoorraad, and team toegang's workflow."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, fields
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, false, func, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from inbox import vocab
from inbox.db import utcnow
from inbox.errors import GeenToegang, NietGevonden, Ongeldig, OngeldigeOvergang
from inbox.models import (AFSLUIT_UITKOMSTEN, ACTIEVE_STATUSSEN, STATUSSEN, URGENTIE_RANG, Aanmelding, Gebeurtenis,
                          Gebruiker, LabelWijziging, Notitie, ReferentieTeller, Uitkomst)
from inbox.services import audit

logger = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TEKST_MAX = 10_000


class User(Protocol):
    username: str
    role: str
    team: str | None


# --- authorisation ---------------------------------------------------------------------------------------------

# What each role may do with an aanmelding it can see. beheerder manages users and reads the audit log,
# but does not work (or read) aanmeldingen: least privilege for personal data.
ACTIES = {
    "toegang": {"view", "claim", "assign", "log_contact", "change_label", "add_note", "doorzetten", "close",
                "reopen", "terugkoppeling"},
    "frontteam": {"view", "claim", "log_contact", "add_note", "close", "terugkoppeling"},
    "beheerder": set(),
}


def can_view(user: User | None, aanmelding: Aanmelding) -> bool:
    """toegang sees everything; frontteam only what was doorgezet to its own team; nobody else."""
    if user is None or not getattr(user, "active", True):
        return False
    if user.role == "toegang":
        return True
    if user.role == "frontteam":
        return bool(user.team) and aanmelding.doorgezet_naar == user.team
    return False


def can(user: User | None, actie: str, aanmelding: Aanmelding) -> bool:
    """Whether user may perform actie ('claim', 'close', ...) on this aanmelding."""
    return can_view(user, aanmelding) and actie in ACTIES.get(user.role, set())


def visible_clause(user: User | None):
    """The same rule as can_view, as a WHERE clause for lists and counts."""
    if user is None or not getattr(user, "active", True):
        return false()
    if user.role == "toegang":
        return true()
    if user.role == "frontteam" and user.team:
        return Aanmelding.doorgezet_naar == user.team
    return false()


# --- creation ----------------------------------------------------------------------------------------------------

def _mask(text: str | None) -> str | None:
    return vocab.mask(text)[0] if text else text


def next_referentie(session: Session, when: dt.datetime) -> str:
    """VMK-YYYY-NNNNNN from the per-year counter row; UPDATE ... RETURNING takes a row lock, so no duplicates.

    SQLite: inside the caller's transaction (writers are serialised anyway; no gaps). PostgreSQL: in its own short
    transaction on a second connection, so the row lock is not held for the whole creation (a failed creation
    leaves a gap, like a sequence). Its commit may skip the WAL flush: the creation's own commit comes later in
    the WAL and flushes it, and a lost increment can only belong to a creation that was lost too.
    """
    year = when.astimezone(AMSTERDAM).year
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


def created_body(a: Aanmelding) -> dict[str, Any]:
    """The API's answer to a creation (the same for the first call and every repeat)."""
    return {"id": a.id, "referentie": a.referentie, "verwacht_contact_voor": a.verwacht_contact_voor.isoformat()}


def _get_by_key(session: Session, key: str) -> Aanmelding | None:
    return session.scalars(select(Aanmelding).where(Aanmelding.idempotency_key == key)).first()


def create_aanmelding(session: Session, data: Any, idempotency_key: str, *, wie: str = "api:service",
                      ip: str | None = None, now: dt.datetime | None = None) -> tuple[Aanmelding, bool]:
    """Store a routed aanmelding once per idempotency key; returns (aanmelding, created?). BSNs are masked."""
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


def uitkomst_body(u: Uitkomst) -> dict[str, Any]:
    return {"id": u.id, "conversation_id": u.conversation_id, "uitkomst": u.uitkomst,
            "created_at": u.created_at.isoformat()}


# --- werkvoorraad ------------------------------------------------------------------------------------------------

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


MAX_ID = 2**31 - 1


def _load(session: Session, aanmelding_id: int, user: User | None, actie: str) -> Aanmelding:
    if not isinstance(aanmelding_id, int) or not 0 < aanmelding_id <= MAX_ID:
        raise NietGevonden(f"Aanmelding {aanmelding_id} bestaat niet.")
    a = session.get(Aanmelding, aanmelding_id, options=[selectinload(Aanmelding.gebeurtenissen),
                                                      selectinload(Aanmelding.notities),
                                                      selectinload(Aanmelding.label_wijzigingen)])
    if a is None:
        raise NietGevonden(f"Aanmelding {aanmelding_id} bestaat niet.")
    if user is not None:
        if not can_view(user, a):
            # Same answer as 'does not exist' would leak less, but staff need to know why: say it plainly.
            raise GeenToegang("U heeft geen toegang tot deze aanmelding.")
        if actie not in ACTIES.get(user.role, set()):
            raise GeenToegang("Deze handeling is voor uw rol niet toegestaan.")
    return a


def get_aanmelding(session: Session, aanmelding_id: int, user: User | None = None, *, wie: str | None = None,
                   ip: str | None = None) -> Aanmelding:
    """One aanmelding with history, notes and label changes; the view is audited (personal data)."""
    with session.begin():
        a = _load(session, aanmelding_id, user, "view")
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


def aanmelding_dict(a: Aanmelding) -> dict[str, Any]:
    """Full JSON view (API detail and list)."""
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {
        "id": a.id, "referentie": a.referentie, "status": a.status, "kanaal": a.kanaal, "melder": a.melder,
        "onderwerpen": a.onderwerpen, "wet": a.wet, "urgentie": a.urgentie, "team_advies": a.team_advies,
        "kern": a.kern, "samenvatting": a.samenvatting, "redenen": a.redenen or [],
        "contact": {"naam": a.contact_naam, "telefoon": a.contact_telefoon, "email": a.contact_email,
                    "voorkeur": a.contact_voorkeur},
        "toestemming": {"gegeven": a.toestemming_gegeven, "tekstversie": a.toestemming_tekstversie,
                        "tijdstip": iso(a.toestemming_tijdstip)},
        "professional": None if not (a.professional_organisatie or a.professional_functie
                                     or a.professional_telefoon or a.professional_email) else {
            "organisatie": a.professional_organisatie, "functie": a.professional_functie,
            "telefoon": a.professional_telefoon, "email": a.professional_email},
        "partner": None if not a.partner_soort else {
            "soort": a.partner_soort, "inwoner_akkoord": a.partner_inwoner_akkoord,
            "terugkoppeling_gewenst": a.terugkoppeling_gewenst, "teruggekoppeld_op": iso(a.teruggekoppeld_op),
            "teruggekoppeld_hoe": a.teruggekoppeld_hoe},
        "voorzieningen_aangeboden": a.voorzieningen_aangeboden or [], "conversation_id": a.conversation_id,
        "transcript": a.transcript, "created_at": iso(a.created_at),
        "verwacht_contact_voor": iso(a.verwacht_contact_voor),
        "wettelijke_termijn": None if not a.wettelijke_termijn_op else {
            "label": a.wettelijke_termijn_label, "uiterlijk": iso(a.wettelijke_termijn_op)},
        "eerste_contact_op": iso(a.eerste_contact_op), "claimed_by": a.claimed_by,
        "toegewezen_aan": a.toegewezen_aan, "doorgezet_naar": a.doorgezet_naar, "doorgezet_op": iso(a.doorgezet_op),
        "uitkomst": a.uitkomst, "afgerond_op": iso(a.afgerond_op), "geanonimiseerd_op": iso(a.geanonimiseerd_op),
    }


# --- workflow (staff pages) --------------------------------------------------------------------------------------

def _act(session: Session, user: User, aanmelding_id: int, actie: str, ip: str | None, fn) -> Aanmelding:
    """Run one workflow step in one transaction: load + authorise, change, history entry, audit entry."""
    with session.begin():
        a = _load(session, aanmelding_id, user, actie)
        if a.geanonimiseerd_op is not None:
            raise OngeldigeOvergang("Deze aanmelding is geanonimiseerd en kan niet meer worden gewijzigd.")
        omschrijving, details = fn(a)
        now = utcnow()
        a.gebeurtenissen.append(Gebeurtenis(soort=actie, omschrijving=omschrijving, door=user.username, op=now))
        audit.log(session, user.username, actie, "aanmelding", a.id, details, ip)
    return a


def _not_closed(a: Aanmelding) -> None:
    if a.status == "afgerond":
        raise OngeldigeOvergang("Deze aanmelding is afgerond. Heropen haar eerst.")


def _start(a: Aanmelding) -> None:
    if a.status == "nieuw":
        a.status = "in_behandeling"


def claim(session: Session, user: User, aanmelding_id: int, *, ip: str | None = None) -> Aanmelding:
    """Take an aanmelding into one's own hands (nieuw → in behandeling)."""
    def fn(a: Aanmelding):
        _not_closed(a)
        a.claimed_by = user.username
        a.toegewezen_aan = user.username
        _start(a)
        return f"Opgepakt door {user.username}", None
    return _act(session, user, aanmelding_id, "claim", ip, fn)


def assign(session: Session, user: User, aanmelding_id: int, username: str, *, ip: str | None = None) -> Aanmelding:
    """Assign to a colleague (an active toegang or frontteam account)."""
    def fn(a: Aanmelding):
        _not_closed(a)
        target = session.scalars(select(Gebruiker).where(Gebruiker.username == username)).first()
        if target is None or not target.active or target.role == "beheerder":
            raise Ongeldig("Onbekende of niet-actieve collega.", {"toegewezen_aan": "Kies een actieve collega."})
        a.toegewezen_aan = target.username
        _start(a)
        return f"Toegewezen aan {target.username}", {"toegewezen_aan": target.username}
    return _act(session, user, aanmelding_id, "assign", ip, fn)


def log_contact(session: Session, user: User, aanmelding_id: int, *, when: dt.datetime | None = None,
                hoe: str = "telefoon", notitie: str | None = None, ip: str | None = None) -> Aanmelding:
    """Record contact with the inwoner; the first one sets eerste_contact_op (the contact norm is measured on it)."""
    when = when or utcnow()
    if when.tzinfo is None:
        raise Ongeldig("Tijdstip zonder tijdzone.", {"when": "Geef een tijdstip met tijdzone."})
    if notitie and len(notitie) > TEKST_MAX:
        raise Ongeldig("Notitie te lang.", {"notitie": f"Maximaal {TEKST_MAX} tekens."})

    def fn(a: Aanmelding):
        _not_closed(a)
        if when < a.created_at - dt.timedelta(minutes=5) or when > utcnow() + dt.timedelta(minutes=5):
            raise Ongeldig("Het contactmoment ligt voor de aanmelding of in de toekomst.",
                           {"when": "Kies een tijdstip tussen de aanmelding en nu."})
        if a.eerste_contact_op is None or when < a.eerste_contact_op:
            a.eerste_contact_op = when
        _start(a)
        if notitie:
            a.notities.append(Notitie(tekst=_mask(notitie), door=user.username, op=utcnow()))
        return f"Contact ({_mask(hoe[:50])})", {"when": when.isoformat(), "hoe": hoe[:50]}
    return _act(session, user, aanmelding_id, "log_contact", ip, fn)


def change_label(session: Session, user: User, aanmelding_id: int, *, onderwerpen: list[str] | None = None,
                 wet: str | None = None, urgentie: str | None = None, team_advies: str | None = None,
                 kern: str | None = None, reden: str | None = None, ip: str | None = None) -> Aanmelding:
    """Correct the triage label. Old and new are kept in label_wijziging (a training signal for the assistant)."""
    c = vocab.codes()
    errors: dict[str, str] = {}
    if onderwerpen is not None and (not onderwerpen or any(o not in c.onderwerpen for o in onderwerpen)):
        errors["onderwerpen"] = "Kies een of meer bekende onderwerpen."
    for name, value, allowed in (("wet", wet, c.wetten), ("urgentie", urgentie, c.urgenties),
                                 ("team_advies", team_advies, c.teams), ("kern", kern, c.kernen)):
        if value is not None and value not in allowed:
            errors[name] = f"Onbekende waarde {value!r}."
    if errors:
        raise Ongeldig("Het label bevat onbekende codes.", errors)

    def fn(a: Aanmelding):
        _not_closed(a)
        old = label_of(a)
        if onderwerpen is not None:
            a.onderwerp, a.onderwerpen_ook = onderwerpen[0], [o for o in dict.fromkeys(onderwerpen[1:])
                                                               if o != onderwerpen[0]]
        a.wet = wet or a.wet
        a.team_advies = team_advies or a.team_advies
        a.kern = kern if kern is not None else a.kern
        if urgentie and urgentie != a.urgentie:
            a.urgentie, a.urgentie_rang = urgentie, URGENTIE_RANG[urgentie]
            a.verwacht_contact_voor = vocab.contact_deadline(a.created_at, urgentie)
        if new_label_changes_term(old, a):
            termijn = vocab.wettelijke_termijn(a.onderwerp, a.created_at, a.urgentie)
            a.wettelijke_termijn_label, a.wettelijke_termijn_op = termijn if termijn else (None, None)
        new = label_of(a)
        if new == old:
            raise Ongeldig("Het label is niet veranderd.", {})
        a.label_wijzigingen.append(LabelWijziging(oud=old, nieuw={**new, "reden": _mask(reden)},
                                                  door=user.username, op=utcnow()))
        changed = sorted(k for k in new if new[k] != old[k])
        return f"Label gewijzigd: {', '.join(changed)}", {"oud": old, "nieuw": new}
    return _act(session, user, aanmelding_id, "change_label", ip, fn)


def new_label_changes_term(old: dict[str, Any], a: Aanmelding) -> bool:
    return old["onderwerpen"][0] != a.onderwerp or old["urgentie"] != a.urgentie


def label_of(a: Aanmelding) -> dict[str, Any]:
    return {"onderwerpen": a.onderwerpen, "wet": a.wet, "urgentie": a.urgentie, "team_advies": a.team_advies,
            "kern": a.kern}


def add_note(session: Session, user: User, aanmelding_id: int, tekst: str, *, ip: str | None = None) -> Aanmelding:
    """Add a note (BSNs masked). Allowed on closed aanmeldingen too."""
    tekst = (tekst or "").strip()
    if not tekst or len(tekst) > TEKST_MAX:
        raise Ongeldig("Notitie leeg of te lang.", {"tekst": f"Tussen 1 en {TEKST_MAX} tekens."})

    def fn(a: Aanmelding):
        a.notities.append(Notitie(tekst=_mask(tekst), door=user.username, op=utcnow()))
        return "Notitie toegevoegd", None
    return _act(session, user, aanmelding_id, "add_note", ip, fn)


def doorzetten(session: Session, user: User, aanmelding_id: int, team: str, overdrachtsnotitie: str, *,
               ip: str | None = None) -> Aanmelding:
    """Hand over warmly to a team (frontteam per kern, welzijn, backoffice, Fijnder, Veilig Thuis) with a note."""
    if team not in vocab.codes().teams or team == "toegang":
        raise Ongeldig("Onbekend team.", {"team": "Kies een team om naar door te zetten."})
    notitie = (overdrachtsnotitie or "").strip()
    if not notitie or len(notitie) > TEKST_MAX:
        raise Ongeldig("Een overdrachtsnotitie is verplicht.",
                       {"overdrachtsnotitie": f"Tussen 1 en {TEKST_MAX} tekens."})

    def fn(a: Aanmelding):
        _not_closed(a)
        a.status, a.doorgezet_naar, a.doorgezet_op = "doorgezet", team, utcnow()
        a.overdrachtsnotitie = _mask(notitie)
        return f"Doorgezet naar {team}", {"team": team}
    return _act(session, user, aanmelding_id, "doorzetten", ip, fn)


def close(session: Session, user: User, aanmelding_id: int, uitkomst: str, *, toelichting: str | None = None,
          ip: str | None = None) -> Aanmelding:
    """Close with an outcome; afgerond is never counted as active."""
    if uitkomst not in AFSLUIT_UITKOMSTEN:
        raise Ongeldig("Onbekende uitkomst.", {"uitkomst": "Kies een van: " + ", ".join(AFSLUIT_UITKOMSTEN)})

    def fn(a: Aanmelding):
        _not_closed(a)
        a.status, a.actief, a.uitkomst, a.afgerond_op = "afgerond", False, uitkomst, utcnow()
        if toelichting:
            a.notities.append(Notitie(tekst=_mask(toelichting[:TEKST_MAX]), door=user.username, op=utcnow()))
        return f"Afgerond: {uitkomst}", {"uitkomst": uitkomst}
    return _act(session, user, aanmelding_id, "close", ip, fn)


def reopen(session: Session, user: User, aanmelding_id: int, *, reden: str | None = None,
           ip: str | None = None) -> Aanmelding:
    """Reopen a closed aanmelding (back to in behandeling, or doorgezet when it had been handed over)."""
    def fn(a: Aanmelding):
        if a.status != "afgerond":
            raise OngeldigeOvergang("Alleen een afgeronde aanmelding kan worden heropend.")
        vorige = a.uitkomst
        a.status = "doorgezet" if a.doorgezet_naar else "in_behandeling"
        a.actief, a.uitkomst, a.afgerond_op = True, None, None
        return f"Heropend (was: {vorige})" + (f": {_mask(reden[:500])}" if reden else ""), {"was": vorige}
    return _act(session, user, aanmelding_id, "reopen", ip, fn)


def record_terugkoppeling(session: Session, user: User, aanmelding_id: int, when: dt.datetime, how: str, *,
                          ip: str | None = None) -> Aanmelding:
    """The partner who signalled was told what happened (when, how)."""
    if when.tzinfo is None:
        raise Ongeldig("Tijdstip zonder tijdzone.", {"when": "Geef een tijdstip met tijdzone."})
    how = (how or "").strip()
    if not how or len(how) > 200:
        raise Ongeldig("Geef aan hoe is teruggekoppeld.", {"how": "Tussen 1 en 200 tekens."})

    def fn(a: Aanmelding):
        a.teruggekoppeld_op, a.teruggekoppeld_hoe = when, _mask(how)
        return f"Teruggekoppeld aan partner ({a.teruggekoppeld_hoe})", {"when": when.isoformat()}
    return _act(session, user, aanmelding_id, "terugkoppeling", ip, fn)


def active_statuses() -> tuple[str, ...]:
    return ACTIEVE_STATUSSEN
