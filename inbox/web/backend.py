"""The staff pages' one seam to the inbox services: runs each service call on the database thread pool and turns
ORM objects into plain dicts for the templates. Handlers never touch SQLAlchemy."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from types import SimpleNamespace
from typing import Any, Callable

from sanic import Sanic

from inbox.services import aanmeldingen as svc
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
    from inbox.models import Gebruiker

    def fn(session):
        with session.begin():
            g = session.get(Gebruiker, int(uid))
            return user_dict(g) if g is not None else None

    try:
        return await _db(app, fn)
    except (TypeError, ValueError):
        return None


async def authenticate(app: Sanic, username: str, password: str, *, ip: str) -> dict:
    """Raises NietGeauthenticeerd (wrong name/password, inactive) or AccountGeblokkeerd (lockout)."""
    g = await _db(app, _users().authenticate, username, password, ip=ip)
    return user_dict(g)


async def list_users(app: Sanic) -> list[dict]:
    return [user_dict(g) for g in await _db(app, _users().list_users)]


async def create_user(app: Sanic, by: dict, data: dict) -> tuple[dict, str]:
    """A new account with a one-time password; returns (user, password)."""
    g, password = await _db(app, _users().create_user, data["gebruikersnaam"], data["rol"], team=data.get("team") or None,
                            wie=by["gebruikersnaam"])
    return user_dict(g), password


async def deactivate_user(app: Sanic, by: dict, user_id: str) -> None:
    await _db(app, _users().deactivate_user, int(user_id), wie=by["gebruikersnaam"])


async def collegas(app: Sanic, user: dict, a: dict) -> list[dict]:
    """Active colleagues an aanmelding can be assigned to (toegang and frontteam accounts)."""
    if user["rol"] != "toegang":
        return []
    from sqlalchemy import select

    from inbox.models import Gebruiker

    def fn(session):
        with session.begin():
            rows = session.scalars(select(Gebruiker).where(Gebruiker.active.is_(True),
                                                           Gebruiker.role.in_(("toegang", "frontteam")))
                                   .order_by(Gebruiker.username)).all()
            return [user_dict(g) for g in rows]

    return await _db(app, fn)


# --- audit -------------------------------------------------------------------------------------------------------

async def audit(app: Sanic, user: dict, actie: str, object_id: object, details: dict, ip: str | None = None) -> None:
    await _db(app, audit_svc.record, user["gebruikersnaam"], actie, "gebruiker" if object_id else None, object_id,
              details or None, ip)


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


async def werkvoorraad(app: Sanic, user: dict, filters: dict, zoek: str, pagina: int, per_page: int) -> dict:
    f = dict(filters)
    status = f.pop("status", "open")
    kwargs = {k: v for k, v in f.items() if v}
    kwargs["status"] = {"open": "actief", "alle": None}.get(status, status)
    if zoek:
        kwargs["zoek"] = zoek
    flt = svc.Filters(**kwargs)
    actor = _actor(user)

    def fn(session):
        page = svc.list_aanmeldingen(session, flt, actor, limit=per_page, offset=(pagina - 1) * per_page)
        return page, svc.counts(session, flt, actor)

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
        a = svc.get_aanmelding(session, ident, _actor(user), ip=ip)
        d = svc.aanmelding_dict(a)
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


def _when(date_text: str) -> dt.datetime:
    """A date from a form as midday Amsterdam time (a moment on that day, in UTC)."""
    from inbox.web.render import TZ

    d = dt.date.fromisoformat(date_text)
    now = dt.datetime.now(TZ)
    if d == now.date():
        return now.astimezone(dt.timezone.utc)
    return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=TZ).astimezone(dt.timezone.utc)


async def actie(app: Sanic, user: dict, aanmelding_id: str, actie: str, data: dict, ip: str | None = None) -> None:
    """Run one workflow action; raises the services' InboxError subclasses on bad input or a wrong status."""
    from inbox.errors import NietGevonden

    try:
        ident = int(aanmelding_id)
    except ValueError:
        raise NietGevonden("Deze aanmelding bestaat niet.") from None
    u = _actor(user)
    from inbox.web.labels import CONTACT_MANIEREN

    if actie == "oppakken":
        call = (svc.claim, (u, ident), {})
    elif actie == "toewijzen":
        call = (svc.assign, (u, ident, data["behandelaar"]), {})
    elif actie == "contact":
        hoe = CONTACT_MANIEREN.get(data["wijze"], data["wijze"]).lower()
        hoe += ", bereikt" if data.get("bereikt") == "ja" else ", niet bereikt"
        call = (svc.log_contact, (u, ident), {"hoe": hoe, "notitie": data.get("notitie") or None})
    elif actie == "label":
        a_onderwerpen = [data["onderwerp"]]
        call = (svc.change_label, (u, ident), {"onderwerpen": a_onderwerpen, "wet": data["wet"],
                                               "urgentie": data["urgentie"], "reden": data.get("reden")})
    elif actie == "notitie":
        call = (svc.add_note, (u, ident, data["tekst"]), {})
    elif actie == "doorzetten":
        call = (svc.doorzetten, (u, ident, data["team"], data["overdracht"]), {})
    elif actie == "afsluiten":
        call = (svc.close, (u, ident, data["uitkomst"]), {"toelichting": data.get("toelichting") or None})
    elif actie == "heropenen":
        call = (svc.reopen, (u, ident), {"reden": data.get("reden") or None})
    elif actie == "terugkoppeling":
        hoe = CONTACT_MANIEREN.get(data["wijze"], data["wijze"]).lower()
        if data.get("toelichting"):
            hoe = f"{hoe}: {data['toelichting']}"[:200]
        call = (svc.record_terugkoppeling, (u, ident, _when(data["datum"]), hoe), {})
    else:  # pragma: no cover - the handler checks the name first
        raise NietGevonden("Onbekende actie.")
    fn, args, kwargs = call
    await _db(app, fn, *args, ip=ip, **kwargs)


async def wacht_op_terugkoppeling(app: Sanic, user: dict) -> list[dict]:
    """Partner signals whose partner wants terugkoppeling and has not had it yet."""
    from sqlalchemy import select

    from inbox.models import Aanmelding

    actor = _actor(user)

    def fn(session):
        with session.begin():
            stmt = (select(Aanmelding).where(Aanmelding.terugkoppeling_gewenst.is_(True),
                                             Aanmelding.teruggekoppeld_op.is_(None),
                                             svc.visible_clause(actor))
                    .order_by(Aanmelding.created_at).limit(200))
            return [{"id": a.id, "referentie": a.referentie, "organisatie": a.professional_organisatie,
                     "created_at": a.created_at, "status": a.status} for a in session.scalars(stmt)]

    return await _db(app, fn)


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


def _pick(d: dict, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(d, dict) and n in d and d[n] is not None:
            return d[n]
    return default


async def monitoring(app: Sanic, periode: str, van: dt.date | None, tot: dt.date | None) -> dict:
    """The monitoring figures in the shape monitoring.html reads (see its template)."""
    raw = await monitoring_raw(app, periode, van, tot)
    return monitoring_view(raw)


def monitoring_view(raw: dict) -> dict:
    totaal_raw = _pick(raw, "totaal", "totalen", default={}) or {}
    perioden_raw = _pick(raw, "perioden", "per_periode", default=[]) or []
    if isinstance(perioden_raw, dict):
        perioden_raw = [{"periode": k, **(v if isinstance(v, dict) else {"aanmeldingen": v})}
                        for k, v in sorted(perioden_raw.items())]
    perioden = []
    for p in perioden_raw:
        perioden.append({
            "periode": str(_pick(p, "periode", "label", "start", default="?")),
            "gesprekken": _pick(p, "gesprekken", default=0),
            "aanmeldingen": _pick(p, "aanmeldingen", "gerouteerd", default=0),
            "voorliggend_veld": _pick(p, "voorliggend_veld", "verwezen_voorliggend_veld", "verwijzingen", default=0),
            "afgerond": _pick(p, "afgerond", "gesloten", default=0),
            "doorgezet": _pick(p, "doorgezet", default=0),
        })
    totaal = {
        "gesprekken": _pick(totaal_raw, "gesprekken", default=sum(p["gesprekken"] or 0 for p in perioden)),
        "gerouteerd": _pick(totaal_raw, "aanmeldingen", "gerouteerd", default=sum(p["aanmeldingen"] or 0 for p in perioden)),
        "voorliggend_veld": _pick(totaal_raw, "voorliggend_veld", "verwezen_voorliggend_veld", "verwijzingen",
                                  default=sum(p["voorliggend_veld"] or 0 for p in perioden)),
        "open": _pick(totaal_raw, "open", "actief", default=_pick(raw, "open", default=0)),
        "afgerond": _pick(totaal_raw, "afgerond", "gesloten", default=_pick(raw, "afgerond", default=0)),
        "termijn_overschreden": _pick(totaal_raw, "termijn_overschreden", "wettelijke_termijn_overschreden",
                                      default=_pick(raw, "termijn_overschreden", default=0)),
    }
    totaal["anders"] = max(0, (totaal["gesprekken"] or 0) - (totaal["gerouteerd"] or 0) - (totaal["voorliggend_veld"] or 0))
    per_raw = _pick(raw, "per", "uitsplitsing", default={}) or {}
    per = {k: {str(code): int(n or 0) for code, n in (v or {}).items()} for k, v in per_raw.items()
           if isinstance(v, dict)}
    for kind in ("onderwerp", "wet", "kern", "kanaal", "melder", "urgentie"):
        if kind not in per and isinstance(raw.get(f"per_{kind}"), dict):
            per[kind] = {str(c): int(n or 0) for c, n in raw[f"per_{kind}"].items()}
    door = _pick(raw, "doorlooptijden", default={}) or {}
    doorlooptijden = {}
    for key, alts in (("eerste_contact", ("eerste_contact", "tijd_tot_eerste_contact")),
                      ("afronden", ("afronden", "afgerond", "tijd_tot_afronden"))):
        d = _pick(door, *alts, default=None) or _pick(raw, *[f"{a}" for a in alts], default={}) or {}
        doorlooptijden[key] = {
            "mediaan_uren": _round(_pick(d, "mediaan_uren", "mediaan", "median_uren")),
            "p90_uren": _round(_pick(d, "p90_uren", "p90")),
            "binnen_norm_pct": _round(_pick(d, "binnen_norm_pct", "binnen_norm_procent")),
            "aantal": _pick(d, "aantal", "n", default=0),
        }
    doorgezet = _pick(raw, "doorgezet_per_team", default={}) or per.get("doorgezet_naar", {})
    return {"totaal": totaal, "perioden": perioden, "per": per, "doorlooptijden": doorlooptijden,
            "doorgezet_per_team": {str(k): int(v or 0) for k, v in doorgezet.items()}}


def _round(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 1)
    return v
