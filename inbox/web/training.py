"""The trainers' pages: the review queue, one item with its forms, the steps (post/redirect/get). Role trainer."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.errors import InboxError
from inbox.services import training_review
from inbox.web import backend, labels
from inbox.web.base import client_ip, error_page, flash, form_value, redirect_to, render, requires

logger = logging.getLogger(__name__)
bp = Blueprint("web_training")
ROL = "trainer"
PER_PAGE = 25
FILTERS = ("status", "bron", "onderwerp")


def filter_options() -> dict[str, list[tuple[str, str]]]:
    return {"status": [("te_doen", "Nog te doen"), *labels.TRAINING_STATUSSEN.items(), ("alle", "Alles")],
            "bron": list(labels.TRAINING_BRONNEN.items()),
            "onderwerp": list(labels.ONDERWERPEN.items())}


@bp.get("/training")
@requires(ROL)
async def wachtrij(request: Request) -> HTTPResponse:
    options = filter_options()
    filters = {f: request.args.get(f, "").strip() for f in FILTERS}
    filters["status"] = filters["status"] or "te_doen"
    fouten = []
    for f, value in list(filters.items()):
        if value and value not in {code for code, _ in options[f]}:
            fouten.append("Een gekozen filter is onbekend en is genegeerd.")
            filters[f] = "te_doen" if f == "status" else ""
    try:
        pagina = max(1, int(request.args.get("pagina", "1")))
    except ValueError:
        pagina = 1
    query = {**filters, "status": None if filters["status"] == "alle" else filters["status"]}
    result = await backend.training_page(request.app, request.ctx.user, query, pagina, PER_PAGE,
                                         ip=client_ip(request))
    counts = result["counts"]
    counts["status"]["alle"] = sum(n for s, n in counts["status"].items() if s != "te_doen")

    def page_url(n: int) -> str:
        return "/training?" + urlencode({**{k: v for k, v in filters.items() if v}, "pagina": n})

    return render(request, "training.html", items=result["items"], total=result["total"], counts=counts,
                  filters=filters, options=options, pagina=pagina, paginas=max(1, -(-result["total"] // PER_PAGE)),
                  page_url=page_url, fouten=fouten, tracker=result["tracker"])


async def _item_page(request: Request, item_id: str, status: int = 200, **extra: Any) -> HTTPResponse:
    item = await backend.training_item(request.app, request.ctx.user, item_id, ip=client_ip(request))
    return render(request, "trainingsitem.html", status=status, i=item, onderwerpen=labels.ONDERWERPEN,
                  fout_form=extra.get("fout_form"), fout=extra.get("fout"), velden=extra.get("velden") or {},
                  waarden=extra.get("waarden") or {})


@bp.get("/training/<item_id>")
@requires(ROL)
async def item(request: Request, item_id: str) -> HTTPResponse:
    return await _item_page(request, item_id)


@dataclass(frozen=True)
class Stap:
    run: Callable[..., Any]
    velden: tuple[str, ...]
    succes: str


STAPPEN = {
    "annoteren": Stap(training_review.annotate, ("onderwerp", "gevaar", "tekst"),
                      "Het voorbeeld is opgeslagen. Een tweede trainer moet het nu goedkeuren."),
    "niet-bruikbaar": Stap(training_review.reject, ("reden",), "Het item is als niet bruikbaar gemarkeerd."),
    "goedkeuren": Stap(training_review.approve, (), "Goedgekeurd. Het voorbeeld gaat mee bij de volgende export."),
    "terugsturen": Stap(training_review.send_back, ("reden",), "Teruggestuurd naar de wachtrij, met uw reden."),
}


def _kwargs(naam: str, request: Request) -> dict[str, Any]:
    values = {veld: form_value(request, veld) for veld in STAPPEN[naam].velden}
    if "gevaar" in values:
        values["gevaar"] = values["gevaar"] == "ja"
        values["onderwerp"] = values["onderwerp"] or None
    return values


@bp.post("/training/<item_id>/<stap>")
@requires(ROL)
async def stap(request: Request, item_id: str, stap: str) -> HTTPResponse:
    gekozen = STAPPEN.get(stap)
    if gekozen is None:
        return error_page(request, 404, "Niet gevonden", "Deze stap bestaat niet.")
    kwargs = _kwargs(stap, request)
    try:
        result = await backend.training_step(request.app, request.ctx.user, item_id, gekozen.run, kwargs,
                                             ip=client_ip(request))
    except InboxError as exc:
        if exc.status == 404:
            raise
        return await _item_page(request, item_id, status=exc.status if exc.status in (403, 409, 422) else 400,
                                fout_form=stap, fout=exc.fout, velden=exc.velden,
                                waarden={k: v for k, v in kwargs.items()})
    flash(request, gekozen.succes)
    if getattr(result, "nagemaskeerd", False):
        flash(request, "Let op: in uw tekst stonden nog persoonsgegevens. Die zijn vervangen; kijk of het voorbeeld "
                       "nog klopt.", "info")
    return redirect_to(f"/training/{item_id}")
