"""Team toegang's workflow on one aanmelding: each step in one transaction with a history and an audit entry."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.db import utcnow
from inbox.errors import Ongeldig, OngeldigeOvergang
from inbox.models import AFSLUIT_UITKOMSTEN, URGENTIE_RANG, Aanmelding, Gebeurtenis, Gebruiker, LabelWijziging, Notitie
from inbox.services import audit
from inbox.services.policy import WERK, User, load

logger = logging.getLogger(__name__)
TEKST_MAX = 10_000
_mask = vocab.masked
# The steps that take an aanmelding out of 'nieuw' (their Gebeurtenis.soort): from the first one on, someone has it
# in hand. A spoed aanmelding waits for someone until then (the banner, inbox/services/spoedmeldingen.py), and the
# monitoring measures the time to claim up to it.
OPPAKKEN = ("claim", "assign", "log_contact", "doorzetten", "close")


def _act(session: Session, user: User, aanmelding_id: int, actie: str, ip: str | None, fn) -> Aanmelding:
    """Run one workflow step in one transaction: load + authorise, change, history entry, audit entry."""
    with session.begin():
        a = load(session, aanmelding_id, user, actie)
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
        if target is None or not target.active or target.role not in WERK:
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


def change_label(session: Session, user: User, aanmelding_id: int, *, onderwerp: str | None = None,
                 onderwerpen_ook: list[str] | None = None, wet: str | None = None, urgentie: str | None = None,
                 team_advies: str | None = None, kern: str | None = None, reden: str | None = None,
                 ip: str | None = None) -> Aanmelding:
    """Correct the triage label; what is None stays as it was (onderwerpen_ook None: the extra onderwerpen stay,
    minus a new primary one). The complete old and new label are kept in label_wijziging: a training signal."""
    c = vocab.codes()
    errors: dict[str, str] = {}
    if onderwerp is not None and onderwerp not in c.onderwerpen:
        errors["onderwerp"] = f"Onbekende waarde {onderwerp!r}."
    if onderwerpen_ook is not None and any(o not in c.onderwerpen for o in onderwerpen_ook):
        errors["onderwerpen_ook"] = "Kies alleen onderwerpen uit de lijst."
    for name, value, allowed in (("wet", wet, c.wetten), ("urgentie", urgentie, c.urgenties),
                                 ("team_advies", team_advies, c.teams), ("kern", kern, c.kernen)):
        if value is not None and value not in allowed:
            errors[name] = f"Onbekende waarde {value!r}."
    if errors:
        raise Ongeldig("Het label bevat onbekende codes.", errors)

    def fn(a: Aanmelding):
        _not_closed(a)
        old = label_of(a)
        primary = onderwerp or a.onderwerp
        ook = (a.onderwerpen_ook or []) if onderwerpen_ook is None else onderwerpen_ook
        a.onderwerp, a.onderwerpen_ook = primary, [o for o in dict.fromkeys(ook) if o != primary]
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
