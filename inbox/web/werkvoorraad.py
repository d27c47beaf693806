"""Werkvoorraad, detail page and the actions on an aanmelding (post/redirect/get)."""
from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.errors import InboxError
from inbox.web import backend, labels
from inbox.web.acties import ACTIES, FormulierFout, voor_rol
from inbox.web.base import client_ip, error_page, flash, redirect_to, render, requires

logger = logging.getLogger(__name__)
bp = Blueprint("web_werkvoorraad")

FILTERS = ("status", "urgentie", "onderwerp", "wet", "kern", "kanaal", "melder", "team", "doorgezet_naar")
FILTER_LABELS = {"status": "Status", "urgentie": "Urgentie", "onderwerp": "Onderwerp", "wet": "Wet", "kern": "Kern",
                 "kanaal": "Kanaal", "melder": "Melder", "team": "Team (advies)", "doorgezet_naar": "Doorgezet naar"}
PER_PAGE = 25
WERK_ROLLEN = ("toegang", "frontteam")


def filter_options(user: dict) -> dict[str, list[tuple[str, str]]]:
    opts = {
        "status": [("open", "Alle open aanmeldingen"), *labels.STATUSSEN.items(), ("alle", "Alles, ook afgerond")],
        "urgentie": list(labels.URGENTIES.items()),
        "onderwerp": list(labels.ONDERWERPEN.items()),
        "wet": list(labels.WETTEN.items()),
        "kern": [(k, k) for k in labels.KERNEN],
        "kanaal": list(labels.KANALEN.items()),
        "melder": list(labels.MELDERS.items()),
        "team": list(labels.TEAMS.items()),
        "doorgezet_naar": labels.DOORZET_TEAMS and [(t, labels.TEAMS[t]) for t in labels.DOORZET_TEAMS],
    }
    if user.get("rol") == "frontteam":
        opts.pop("team")
        opts.pop("doorgezet_naar")
    return opts


@bp.get("/werkvoorraad")
@requires(*WERK_ROLLEN)
async def werkvoorraad(request: Request) -> HTTPResponse:
    user = request.ctx.user
    filters = {f: request.args.get(f, "").strip() for f in FILTERS}
    if not filters["status"]:
        filters["status"] = "open"
    options = filter_options(user)
    fouten = []
    for f, value in list(filters.items()):
        if value and f in options and value not in {c for c, _ in options[f]}:
            fouten.append(f"De keuze voor '{f}' is onbekend en is genegeerd.")
            filters[f] = "open" if f == "status" else ""
    zoek = request.args.get("zoek", "").strip()[:200]
    try:
        pagina = max(1, int(request.args.get("pagina", "1")))
    except ValueError:
        pagina = 1
    result = await backend.werkvoorraad(request.app, user, {k: v for k, v in filters.items() if v}, zoek, pagina,
                                        PER_PAGE, ip=client_ip(request))
    total = result["total"]
    pages = max(1, -(-total // PER_PAGE))

    def page_url(n: int) -> str:
        q = {k: v for k, v in filters.items() if v}
        if zoek:
            q["zoek"] = zoek
        q["pagina"] = str(n)
        return "/werkvoorraad?" + urlencode(q)

    return render(request, "werkvoorraad.html", items=result["items"], total=total, counts=result["counts"],
                  filters=filters, options=options, filter_labels=FILTER_LABELS, zoek=zoek, pagina=pagina, paginas=pages, page_url=page_url,
                  fouten=fouten)


async def _detail(request: Request, aanmelding_id: str, status: int = 200, **extra: object) -> HTTPResponse:
    user = request.ctx.user
    a = await backend.aanmelding_detail(request.app, user, aanmelding_id, ip=client_ip(request))
    return render(request, "detail.html", status=status, a=a, collegas=await backend.collegas(request.app, user, a),
                  acties=voor_rol(user["rol"]),
                  doorzet_teams=labels.DOORZET_TEAMS, nu=dt.datetime.now(dt.timezone.utc),
                  fout_form=extra.get("fout_form"), fout=extra.get("fout"), velden=extra.get("velden") or {},
                  waarden=extra.get("waarden") or {})


@bp.get("/aanmeldingen/<aanmelding_id>")
@requires(*WERK_ROLLEN)
async def detail(request: Request, aanmelding_id: str) -> HTTPResponse:
    return await _detail(request, aanmelding_id)


@bp.post("/aanmeldingen/<aanmelding_id>/<actie>")
@requires(*WERK_ROLLEN)
async def actie(request: Request, aanmelding_id: str, actie: str) -> HTTPResponse:
    user = request.ctx.user
    gekozen = ACTIES.get(actie)
    if gekozen is None:
        return error_page(request, 404, "Niet gevonden", "Deze actie bestaat niet.")
    if user["rol"] not in gekozen.rollen:
        return error_page(request, 403, "Geen toegang", "U mag deze actie niet uitvoeren.")
    data = gekozen.uit_formulier(request.form)
    try:
        args, kwargs = gekozen.formulier(data)
    except FormulierFout as fout:
        return await _detail(request, aanmelding_id, status=422, fout_form=actie, velden=fout.velden, waarden=data,
                             fout="Niet alles is goed ingevuld. Bekijk de meldingen bij het formulier.")
    try:
        await backend.actie(request.app, user, aanmelding_id, gekozen.run, args, kwargs, ip=client_ip(request))
    except InboxError as exc:
        if exc.status in (403, 404):
            raise
        return await _detail(request, aanmelding_id, status=exc.status if exc.status in (409, 422) else 400,
                             fout_form=actie, velden=exc.velden, waarden=data, fout=exc.fout)
    flash(request, gekozen.succes)
    return redirect_to(f"/aanmeldingen/{aanmelding_id}#acties")
