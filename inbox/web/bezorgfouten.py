"""Niet afgeleverde aanmeldingen (bezorgfouten): what the inbox refused the assistant for good (role beheerder;
team toegang may look too, for spoed), and the spoed alerts (e-mail, webhook) that could not be sent yet.
No personal data: kenmerk or referentie, status, reason, urgentie, when."""
from __future__ import annotations

from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.services import bezorgfouten as svc
from inbox.services import spoedmeldingen
from inbox.web.backend import _db
from inbox.web.base import client_ip, flash, redirect_to, render, requires

bp = Blueprint("web_bezorgfouten")
PER_PAGE = 50
ROLLEN = ("beheerder", "toegang")


@bp.get("/beheer/bezorgfouten")
@requires(*ROLLEN)
async def bezorgfouten(request: Request) -> HTTPResponse:
    try:
        pagina = max(1, int(request.args.get("pagina", "1")))
    except ValueError:
        pagina = 1
    alle = request.args.get("toon") == "alle"
    result = await _db(request.app, lambda s: svc.lijst(s, alleen_open=not alle, limit=PER_PAGE,
                                                        offset=(pagina - 1) * PER_PAGE))
    paginas = max(1, -(-result.totaal // PER_PAGE))
    spoed = await _db(request.app, spoedmeldingen.niet_verstuurd)

    def page_url(n: int) -> str:
        return "/beheer/bezorgfouten?" + urlencode({**({"toon": "alle"} if alle else {}), "pagina": n})

    return render(request, "bezorgfouten.html", items=result.items, totaal=result.totaal, open=result.open, alle=alle,
                  pagina=pagina, paginas=paginas, page_url=page_url, spoed=spoed)


@bp.post("/beheer/bezorgfouten/<bezorgfout_id:int>/afgehandeld")
@requires("beheerder")
async def afgehandeld(request: Request, bezorgfout_id: int) -> HTTPResponse:
    wie = request.ctx.user["gebruikersnaam"]
    await _db(request.app, lambda s: svc.afhandelen(s, bezorgfout_id, wie, ip=client_ip(request)))
    flash(request, "De bezorgfout is afgehandeld. Hij telt niet meer mee in de monitoring.")
    return redirect_to("/beheer/bezorgfouten")
