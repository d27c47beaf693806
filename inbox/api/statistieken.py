"""/api/v1/statistieken: the monitoring figures as JSON (or CSV for the BI-tool)."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint, Request
from sanic.response import text
from sanic_ext import openapi
from sanic_ext.extensions.openapi.definitions import Response

from inbox.api import API_PREFIX, json_response, require_token, run_db
from inbox.api.aanmeldingen import _datetime_arg
from inbox.api.docs import fout, query, token_fouten
from inbox.errors import Ongeldig
from inbox.services import monitoring


def make() -> Blueprint:
    bp = Blueprint("api_statistieken", url_prefix=API_PREFIX)

    @bp.get("/statistieken")
    @openapi.definition(
        summary="Monitoringcijfers per week of maand", tag="monitoring",
        parameter=[query("periode", {"type": "string", "enum": ["week", "maand"], "default": "maand"}),
                   query("van", {"type": "string", "format": "date-time"}),
                   query("tot", {"type": "string", "format": "date-time"}),
                   query("formaat", {"type": "string", "enum": ["json", "csv"], "default": "json"})],
        description="Alleen cijfers, geen persoonsgegevens. Met het statistiektoken (BI-tool) of het leestoken.",
        response=[Response({"application/json": {"schema": {"type": "object"}},
                            "text/csv": {"schema": {"type": "string"}}}, status=200, description="Cijfers"),
                  *token_fouten(rate_limited=True), fout(422, "Ongeldige parameter")],
    )
    @openapi.secured("statsToken")
    @openapi.secured("readToken")
    @require_token("stats", "read")
    async def statistieken(request: Request):
        periode = request.args.get("periode") or "maand"
        formaat = request.args.get("formaat") or "json"
        if periode not in ("week", "maand"):
            raise Ongeldig("Onbekende periode.", {"periode": "Kies week of maand."})
        if formaat not in ("json", "csv"):
            raise Ongeldig("Onbekend formaat.", {"formaat": "Kies json of csv."})
        van, tot = _datetime_arg(request, "van"), _datetime_arg(request, "tot")
        if van and tot and tot <= van:
            raise Ongeldig("'tot' ligt voor 'van'.", {"tot": "Moet na 'van' liggen."})
        if van and tot and tot - van > dt.timedelta(days=3660):
            raise Ongeldig("Periode te lang.", {"tot": "Maximaal tien jaar."})
        figures = await run_db(request, monitoring.statistieken, periode=periode, van=van, tot=tot)
        if formaat == "csv":
            return text(monitoring.to_csv(figures), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="statistieken-{periode}.csv"'})
        return json_response(figures)

    return bp
