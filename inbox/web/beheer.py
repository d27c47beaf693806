"""Beheer: user management and the audit log (role beheerder)."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.errors import InboxError, Ongeldig
from inbox.web import backend, labels
from inbox.web.base import client_ip, flash, form_value, redirect_to, render, requires

bp = Blueprint("web_beheer")
PER_PAGE = 50
FRONTTEAMS = [t for t in labels.TEAMS if t.startswith("frontteam_")]
NAAM_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")


async def _users_page(request: Request, status: int = 200, **extra: object) -> HTTPResponse:
    return render(request, "gebruikers.html", status=status, gebruikers=await backend.list_users(request.app),
                  rollen=labels.ROLLEN, teams=FRONTTEAMS, velden=extra.get("velden") or {},
                  waarden=extra.get("waarden") or {}, fout=extra.get("fout"), nieuw=extra.get("nieuw"),
                  gereset=extra.get("gereset"))


@bp.get("/beheer/gebruikers")
@requires("beheerder")
async def gebruikers(request: Request) -> HTTPResponse:
    return await _users_page(request)


@bp.post("/beheer/gebruikers")
@requires("beheerder")
async def gebruiker_maken(request: Request) -> HTTPResponse:
    data = {k: form_value(request, k) for k in ("gebruikersnaam", "rol", "team")}
    data["gebruikersnaam"] = data["gebruikersnaam"].lower()
    velden = {}
    if not NAAM_RE.match(data["gebruikersnaam"]):
        velden["gebruikersnaam"] = ("Kies een gebruikersnaam van 2 tot 100 tekens: kleine letters, cijfers, punt, "
                                    "streepje of liggend streepje.")
    if data["rol"] not in labels.ROLLEN:
        velden["rol"] = "Kies een rol."
    if data["rol"] == "frontteam" and data["team"] not in FRONTTEAMS:
        velden["team"] = "Kies het team van deze medewerker van het frontteam."
    if data["rol"] != "frontteam":
        data["team"] = ""
    if velden:
        return await _users_page(request, 422, velden=velden, waarden=data, fout="Niet alles is goed ingevuld.")
    try:
        user, wachtwoord = await backend.create_user(request.app, request.ctx.user, data, ip=client_ip(request))
    except InboxError as exc:
        return await _users_page(request, 422, velden=exc.velden, waarden=data, fout=exc.fout)
    # The one-time password is shown once, on this response only (never in a cookie or a redirect).
    return await _users_page(request, 200, nieuw={"gebruiker": user, "wachtwoord": wachtwoord})


@bp.post("/beheer/gebruikers/<user_id>/deactiveren")
@requires("beheerder")
async def gebruiker_deactiveren(request: Request, user_id: str) -> HTTPResponse:
    if str(user_id) == str(request.ctx.user["id"]):
        flash(request, "U kunt uw eigen account niet deactiveren.", "fout")
        return redirect_to("/beheer/gebruikers")
    await backend.deactivate_user(request.app, request.ctx.user, user_id, ip=client_ip(request))
    flash(request, "Het account is gedeactiveerd. Deze medewerker kan niet meer inloggen.")
    return redirect_to("/beheer/gebruikers")


@bp.post("/beheer/gebruikers/<user_id>/wachtwoord")
@requires("beheerder")
async def gebruiker_wachtwoord(request: Request, user_id: str) -> HTTPResponse:
    """A new one-time password (72 hours) for someone who forgot theirs or whose one-time password expired."""
    if str(user_id) == str(request.ctx.user["id"]):
        flash(request, "Uw eigen wachtwoord wijzigt u via uw naam bovenaan de pagina.", "fout")
        return redirect_to("/beheer/gebruikers")
    try:
        user, wachtwoord = await backend.reset_password(request.app, request.ctx.user, user_id,
                                                        ip=client_ip(request))
    except Ongeldig as exc:
        flash(request, exc.fout, "fout")
        return redirect_to("/beheer/gebruikers")
    # Shown once, on this response only (never in a cookie, a redirect or a log).
    return await _users_page(request, 200, gereset={"gebruiker": user, "wachtwoord": wachtwoord})


@bp.get("/beheer/audit")
@requires("beheerder")
async def audit(request: Request) -> HTTPResponse:
    try:
        pagina = max(1, int(request.args.get("pagina", "1")))
    except ValueError:
        pagina = 1
    zoek = {k: request.args.get(k, "").strip()[:100] for k in ("gebruiker", "aanmelding")}
    result = await backend.audit_log(request.app, {k: v for k, v in zoek.items() if v}, pagina, PER_PAGE)
    paginas = max(1, -(-result["total"] // PER_PAGE))

    def page_url(n: int) -> str:
        return "/beheer/audit?" + urlencode({**{k: v for k, v in zoek.items() if v}, "pagina": n})

    return render(request, "audit.html", regels=result["items"], total=result["total"], pagina=pagina,
                  paginas=paginas, page_url=page_url, zoek=zoek)


@bp.get("/beheer/bewaartermijn")
@requires("beheerder")
async def bewaartermijn(request: Request) -> HTTPResponse:
    config = request.app.ctx.config
    return render(request, "bewaartermijn.html", regels=await backend.bewaartermijn_verlopen(request.app),
                  open_maanden=config.retention_open_months, gratie_dagen=config.retention_grace_days)
