"""The staff pages' one seam to the inbox services: runs each service call on the database thread pool and turns
ORM objects into plain dicts for the templates. Handlers never touch SQLAlchemy."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from types import SimpleNamespace
from typing import Any, Callable

from sanic import Sanic

from inbox.api.presenters import aanmelding_dict
from inbox.services import werkvoorraad as werkvoorraad_svc
from inbox.services import audit as audit_svc

logger = logging.getLogger(__name__)


async def _db(app: Sanic, fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run fn(session, ...) with a fresh session on the app's database executor (as the API does)."""

    def call() -> Any:
        with app.ctx.Session() as session:
            return fn(session, *args, **kwargs)

    executor = getattr(app.ctx, "db_executor", None)
    return await asyncio.get_running_loop().run_in_executor(executor, call)


def _actor(user: dict) -> SimpleNamespace:
    """The User the services expect (username, role, team, active)."""
    return SimpleNamespace(id=user["id"], username=user["gebruikersnaam"], role=user["rol"], team=user.get("team"),
                           active=user.get("actief", True))


def user_dict(g: Any) -> dict:
    return {"id": g.id, "gebruikersnaam": g.username, "naam": getattr(g, "naam", None) or g.username,
            "rol": g.role, "team": g.team, "actief": bool(g.active),
            "moet_wachtwoord_wijzigen": bool(getattr(g, "must_change_password", False)),
            "laatst_ingelogd": getattr(g, "last_login_at", None)}


# --- users -------------------------------------------------------------------------------------------------------

def _users():
    from inbox.services import users  # the users service (create_user, authenticate with argon2 + lockout)

    return users


async def get_user(app: Sanic, uid: object) -> dict | None:
    try:
        ident = int(uid)
    except (TypeError, ValueError):
        return None
    g = await _db(app, _users().get_user, ident)
    return user_dict(g) if g is not None else None


async def session_user(app: Sanic, sid: str, uid: object, lifetime_seconds: int) -> dict | None:
    """The user of a live signed-in session (in the database, within its absolute lifetime), else None."""
    try:
        ident = int(uid)
    except (TypeError, ValueError):
        return None
    g = await _db(app, _users().session_user, sid, ident, lifetime=dt.timedelta(seconds=lifetime_seconds))
    return user_dict(g) if g is not None else None


async def start_session(app: Sanic, user: dict, sid: str, lifetime_seconds: int) -> None:
    await _db(app, _users().start_session, user["id"], sid, lifetime=dt.timedelta(seconds=lifetime_seconds))


async def end_session(app: Sanic, sid: str) -> None:
    await _db(app, _users().end_session, sid)


async def authenticate(app: Sanic, username: str, password: str, *, ip: str) -> dict:
    """Raises NietGeauthenticeerd (wrong name/password, inactive) or AccountGeblokkeerd (lockout)."""
    g = await _db(app, _users().authenticate, username, password, ip=ip)
    return user_dict(g)


async def list_users(app: Sanic) -> list[dict]:
    return [user_dict(g) for g in await _db(app, _users().list_users)]


async def create_user(app: Sanic, by: dict, data: dict, ip: str | None = None) -> tuple[dict, str]:
    """A new account with a one-time password; returns (user, password). Field errors use the form's names."""
    from inbox.errors import Ongeldig

    try:
        g, password = await _db(app, _users().create_user, data["gebruikersnaam"], data["rol"],
                                team=data.get("team") or None, wie=by["gebruikersnaam"], ip=ip)
    except Ongeldig as exc:
        names = {"username": "gebruikersnaam", "role": "rol", "team": "team"}
        exc.velden = {names.get(k, k): v for k, v in exc.velden.items()}
        raise
    return user_dict(g), password


async def reset_password(app: Sanic, by: dict, user_id: str, ip: str | None = None) -> tuple[dict, str]:
    """A new one-time password (72 hours) for an active account; returns (user, password). Ends its sessions.
    Raises NietGevonden (no such account) or Ongeldig (deactivated)."""
    from inbox.errors import NietGevonden

    try:
        ident = int(user_id)
    except ValueError:
        raise NietGevonden("Deze gebruiker bestaat niet.") from None
    g, password = await _db(app, _users().reset_password, ident, wie=by["gebruikersnaam"], ip=ip)
    return user_dict(g), password


async def deactivate_user(app: Sanic, by: dict, user_id: str, ip: str | None = None) -> None:
    from inbox.errors import NietGevonden

    try:
        ident = int(user_id)
    except ValueError:
        raise NietGevonden("Deze gebruiker bestaat niet.") from None
    await _db(app, _users().deactivate_user, ident, wie=by["gebruikersnaam"], ip=ip)


async def change_password(app: Sanic, user: dict, old: str, new: str, ip: str | None = None,
                          keep_sid: str | None = None) -> None:
    """Ends the user's other sessions; keep_sid (the session making the change) stays."""
    from inbox.errors import Ongeldig

    try:
        await _db(app, _users().change_password, user["id"], old, new, ip=ip, keep_sid=keep_sid)
    except Ongeldig as exc:
        names = {"old": "huidig", "new": "nieuw"}
        exc.velden = {names.get(k, k): v for k, v in exc.velden.items()}
        raise


async def collegas(app: Sanic, user: dict, a: dict) -> list[dict]:
    """Active colleagues an aanmelding can be assigned to (toegang and frontteam accounts)."""
    if user["rol"] != "toegang":
        return []
    return [user_dict(g) for g in await _db(app, _users().assignable_users)]


# --- audit -------------------------------------------------------------------------------------------------------

async def audit(app: Sanic, user: dict, actie: str, object_id: object, details: dict, ip: str | None = None) -> None:
    await _db(app, audit_svc.record, user["gebruikersnaam"], actie, "gebruiker" if object_id else None, object_id,
              details or None, ip)


def login_pseudonym(app: Sanic, username: str) -> str:
    """The keyed pseudonym the audit log records for a failed login under an unknown name: what logs may say
    about a typed account name (it can be a password typed in the wrong field). No database work."""
    with app.ctx.Session() as session:
        return audit_svc.failed_login_name(session, username)


async def audit_log(app: Sanic, zoek: dict, pagina: int, per_page: int) -> dict:
    kwargs: dict[str, Any] = {"limit": per_page, "offset": (pagina - 1) * per_page}
    if zoek.get("gebruiker"):
        kwargs["wie"] = zoek["gebruiker"]
    if zoek.get("aanmelding"):
        kwargs["object_type"] = "aanmelding"
        kwargs["object_id"] = zoek["aanmelding"]
    rows, total = await _db(app, lambda s: audit_svc.entries(s, **kwargs))
    items = [{"wanneer": r.wanneer, "wie": r.wie, "actie": r.actie, "object_type": r.object_type,
              "object_id": r.object_id, "details": _flat(r.details), "ip": r.ip} for r in rows]
    return {"items": items, "total": total}


def _flat(details: Any) -> dict:
    if not details:
        return {}
    if not isinstance(details, dict):
        return {"details": str(details)}
    return {str(k): v if isinstance(v, (str, int, float, bool)) or v is None else str(v) for k, v in details.items()}


# --- werkvoorraad ------------------------------------------------------------------------------------------------

def _summary(a: Any) -> dict:
    return {"id": a.id, "referentie": a.referentie, "status": a.status, "urgentie": a.urgentie,
            "onderwerp": a.onderwerp, "wet": a.wet, "kern": a.kern, "kanaal": a.kanaal, "melder": a.melder,
            "samenvatting": a.samenvatting or "", "verwacht_contact_voor": a.verwacht_contact_voor,
            "behandelaar": a.toegewezen_aan or a.claimed_by, "doorgezet_naar": a.doorgezet_naar,
            "created_at": a.created_at}


async def werkvoorraad(app: Sanic, user: dict, filters: dict, zoek: str, pagina: int, per_page: int,
                       ip: str | None = None) -> dict:
    """One page of the werkvoorraad. It shows each aanmelding's samenvatting: every aanmelding on the page is
    audited as viewed (the one audit path the API list uses, one batch per page)."""
    f = dict(filters)
    status = f.pop("status", "open")
    kwargs = {k: v for k, v in f.items() if v}
    kwargs["status"] = {"open": "actief", "alle": None}.get(status, status)
    if zoek:
        kwargs["zoek"] = zoek
    flt = werkvoorraad_svc.Filters(**kwargs)
    actor = _actor(user)

    def fn(session):
        page = werkvoorraad_svc.list_aanmeldingen(session, flt, actor, limit=per_page, offset=(pagina - 1) * per_page,
                                                  audit_as=user["gebruikersnaam"], ip=ip)
        return page, werkvoorraad_svc.counts(session, flt, actor)

    page, counts = await _db(app, fn)
    counts = dict(counts)
    counts["team"] = counts.pop("team_advies", {})
    status_counts = counts.get("status", {})
    status_counts["open"] = sum(v for k, v in status_counts.items() if k != "afgerond")
    status_counts["alle"] = sum(v for k, v in status_counts.items() if k not in ("open",))
    return {"items": [_summary(a) for a in page.items], "total": page.totaal, "counts": counts}


async def aanmelding_detail(app: Sanic, user: dict, aanmelding_id: str, ip: str | None = None) -> dict:
    """One aanmelding for the detail page. The service writes the audit entry for this view."""
    from inbox.errors import NietGevonden

    try:
        ident = int(aanmelding_id)
    except ValueError:
        raise NietGevonden("Deze aanmelding bestaat niet.") from None

    def fn(session):
        a = werkvoorraad_svc.get_aanmelding(session, ident, _actor(user), ip=ip)
        d = aanmelding_dict(a)
        d["geschiedenis"] = [{"soort": g.soort, "omschrijving": g.omschrijving, "door": g.door, "op": g.op}
                             for g in a.gebeurtenissen]
        d["notities"] = [{"tekst": n.tekst, "door": n.door, "op": n.op} for n in a.notities]
        d["label_wijzigingen"] = [{"oud": _label_flat(lw.oud), "nieuw": _label_flat(lw.nieuw), "door": lw.door,
                                   "op": lw.op} for lw in a.label_wijzigingen]
        d["overdrachtsnotitie"] = a.overdrachtsnotitie
        return d

    d = await _db(app, fn)
    d["onderwerp"] = d["onderwerpen"][0] if d.get("onderwerpen") else None
    d["behandelaar"] = d.get("toegewezen_aan") or d.get("claimed_by")
    if d.get("wettelijke_termijn"):
        d["wettelijke_termijn"] = {"label": d["wettelijke_termijn"]["label"], "op": d["wettelijke_termijn"]["uiterlijk"]}
    d["transcript"] = [t if isinstance(t, dict) else {"van": "assistent", "tekst": str(t)}
                       for t in (d.get("transcript") or [])]
    d["professional"] = d.get("professional")
    d["partner"] = d.get("partner")
    return d


def _label_flat(label: dict | None) -> dict:
    label = dict(label or {})
    if "onderwerp" not in label and label.get("onderwerpen"):
        label["onderwerp"] = label["onderwerpen"][0]
    return label


async def actie(app: Sanic, user: dict, aanmelding_id: str, run: Callable, args: tuple, kwargs: dict,
                ip: str | None = None) -> None:
    """Run one workflow use case (web/acties.py's table chose it and parsed its form); raises the services'
    InboxError subclasses on bad input or a wrong status."""
    from inbox.errors import NietGevonden

    try:
        ident = int(aanmelding_id)
    except ValueError:
        raise NietGevonden("Deze aanmelding bestaat niet.") from None
    await _db(app, run, _actor(user), ident, *args, ip=ip, **kwargs)


async def wacht_op_terugkoppeling(app: Sanic, user: dict) -> list[dict]:
    """Partner signals whose partner wants terugkoppeling and has not had it yet."""
    rows = await _db(app, werkvoorraad_svc.wacht_op_terugkoppeling, _actor(user))
    return [{"id": a.id, "referentie": a.referentie, "organisatie": a.professional_organisatie,
             "created_at": a.created_at, "status": a.status} for a in rows]


async def spoed_wachtend(app: Sanic) -> int:
    """Spoed aanmeldingen nobody has picked up yet (the banner on every page of team toegang)."""
    from inbox.services import spoedmeldingen

    return await _db(app, spoedmeldingen.wachtend)


# --- monitoring --------------------------------------------------------------------------------------------------

def _monitoring():
    from inbox.services import monitoring

    return monitoring


def _day_bounds(van: dt.date | None, tot: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    from inbox.web.render import TZ

    start = dt.datetime(van.year, van.month, van.day, tzinfo=TZ).astimezone(dt.timezone.utc) if van else None
    end = None
    if tot:
        nxt = tot + dt.timedelta(days=1)
        end = dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=TZ).astimezone(dt.timezone.utc)
    return start, end


async def monitoring_raw(app: Sanic, periode: str, van: dt.date | None, tot: dt.date | None) -> dict:
    start, end = _day_bounds(van, tot)
    return await _db(app, lambda s: _monitoring().statistieken(s, periode=periode, van=start, tot=end))


async def monitoring_csv(app: Sanic, periode: str, van: dt.date | None, tot: dt.date | None) -> str:
    figures = await monitoring_raw(app, periode, van, tot)
    return _monitoring().to_csv(figures)


async def monitoring(app: Sanic, periode: str, van: dt.date | None, tot: dt.date | None) -> dict:
    """The monitoring service's figures, shaped for monitoring.html."""
    return monitoring_view(await monitoring_raw(app, periode, van, tot))


def monitoring_view(raw: dict) -> dict:
    t = raw.get("totaal") or {}

    def periode_row(p: dict) -> dict:
        return {"periode": p.get("periode"), "gesprekken": p.get("gesprekken", 0),
                "aanmeldingen": p.get("aanmeldingen", 0), "voorliggend_veld": p.get("verwezen_voorliggend_veld", 0),
                "afgerond": p.get("afgerond", 0), "doorgezet": sum((p.get("doorgezet_per_team") or {}).values())}

    contact = t.get("tijd_tot_eerste_contact_uren") or {}
    afronding = t.get("tijd_tot_afronding_dagen") or {}
    gemeten = (contact.get("binnen_norm") or 0) + (contact.get("buiten_norm") or 0)
    gesprekken, aanmeldingen = t.get("gesprekken", 0), t.get("aanmeldingen", 0)
    voorliggend = t.get("verwezen_voorliggend_veld", 0)
    return {
        "van": raw.get("van"), "tot": raw.get("tot"),
        "totaal": {"gesprekken": gesprekken, "gerouteerd": aanmeldingen, "voorliggend_veld": voorliggend,
                   "anders": max(0, gesprekken - aanmeldingen - voorliggend), "open": t.get("open", 0),
                   "afgerond": t.get("afgerond", 0), "termijn_overschreden": t.get("wettelijke_termijn_overschreden", 0),
                   "contact_te_laat": contact.get("zonder_contact_norm_verstreken", 0),
                   "verlopen_niet_afgerond": t.get("verlopen_niet_afgerond", 0),
                   "bewaartermijn_verlopen": t.get("bewaartermijn_verlopen", 0)},
        "gesprekken_zonder_aanmelding": t.get("gesprekken_zonder_aanmelding") or {},
        "perioden": [periode_row(p) for p in raw.get("perioden") or []],
        "per": t.get("per") or {},
        "aanmeldingen_per": t.get("aanmeldingen_per") or {},
        "doorlooptijden": {
            "eerste_contact": {"eenheid": "uur", "mediaan": contact.get("mediaan"), "p90": contact.get("p90"),
                               "aantal": contact.get("n", 0),
                               "binnen_norm_pct": round(100 * contact.get("binnen_norm", 0) / gemeten) if gemeten else None},
            "afronden": {"eenheid": "dagen", "mediaan": afronding.get("mediaan"), "p90": afronding.get("p90"),
                         "aantal": afronding.get("n", 0), "binnen_norm_pct": None},
        },
        "doorgezet_per_team": t.get("doorgezet_per_team") or {},
        "per_model_versie": t.get("per_model_versie") or {},
        "niet_afgeleverd": raw.get("niet_afgeleverd", 0),
        "spoed_niet_verstuurd": raw.get("spoed_niet_verstuurd", 0),
        "spoed_oppakken": t.get("spoed_tijd_tot_oppakken_minuten") or {"n": 0, "mediaan": None, "max": None,
                                                                       "niet_opgepakt": 0, "langst_wachtend": None},
        "tevredenheid": t.get("tevredenheid") or {"n": 0, "gemiddeld": None, "verdeling": {}, "per": {}},
    }


async def tevredenheid_opmerkingen(app: Sanic) -> list[dict]:
    """The latest masked comments to the satisfaction question (score and codes, no person)."""
    from inbox.services import tevredenheid

    return await _db(app, tevredenheid.recent_opmerkingen)


# --- retention ---------------------------------------------------------------------------------------------------

async def bewaartermijn_verlopen(app: Sanic) -> list[dict]:
    """Open aanmeldingen flagged by retention (codes and dates only), oldest flag first."""
    from inbox.services import retention

    return await _db(app, retention.verlopen_lijst, app.ctx.config.retention_grace_days)


# --- training queue ----------------------------------------------------------------------------------------------

def _shown(s: Any) -> dict:
    """A queue item as the trainer's pages show it: codes, the masked words, the staff label, the trainers' work."""
    i = s.item
    return {"id": i.id, "bron": i.bron, "op": i.op, "status": i.status, "intent": i.intent, "onderwerp": i.onderwerp,
            "zekerheid": i.zekerheid, "model_versie": i.model_versie, "tekst": s.tekst, "label": s.label,
            "aanmelding_id": i.aanmelding_id, "gekozen_onderwerp": i.gekozen_onderwerp, "gevaar": i.gevaar,
            "voorbeeld": i.tekst, "reden": i.reden, "geannoteerd_door": i.geannoteerd_door,
            "geannoteerd_op": i.geannoteerd_op, "goedgekeurd_door": i.goedgekeurd_door,
            "goedgekeurd_op": i.goedgekeurd_op, "export_bestand": i.export_bestand}


async def training_page(app: Sanic, user: dict, filters: dict, pagina: int, per_page: int,
                        ip: str | None = None) -> dict:
    """Bring the queue up to date, then one page of it with the counts (every item shown is audited)."""
    from inbox.services import training_queue as q

    f = q.Filters(status=filters.get("status") or None, bron=filters.get("bron") or None,
                  onderwerp=filters.get("onderwerp") or None)
    config = app.ctx.config

    def fn(session):
        collected = q.collect(session, config)
        shown, total = q.page(session, config, _actor(user), f, limit=per_page, offset=(pagina - 1) * per_page, ip=ip)
        return collected, shown, total, q.counts(session, f)

    collected, shown, total, counts = await _db(app, fn)
    return {"items": [_shown(s) for s in shown], "total": total, "counts": counts, "tracker": collected.tracker}


async def training_item(app: Sanic, user: dict, item_id: str, ip: str | None = None) -> dict:
    from inbox.errors import NietGevonden
    from inbox.services import training_queue as q

    try:
        ident = int(item_id)
    except ValueError:
        raise NietGevonden("Dit trainingsitem bestaat niet.") from None
    return _shown(await _db(app, q.one, app.ctx.config, _actor(user), ident, ip=ip))


async def training_step(app: Sanic, user: dict, item_id: str, run: Callable, kwargs: dict,
                        ip: str | None = None) -> Any:
    """One step of training_review (annotate, reject, approve, send_back); raises its InboxErrors."""
    from inbox.errors import NietGevonden

    try:
        ident = int(item_id)
    except ValueError:
        raise NietGevonden("Dit trainingsitem bestaat niet.") from None
    return await _db(app, run, _actor(user), ident, ip=ip, **kwargs)
