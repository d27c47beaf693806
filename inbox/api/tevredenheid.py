"""/api/v1/tevredenheid: the answer to "Hoe tevreden bent u over dit gesprek?" (figures for the monitoring)."""
from __future__ import annotations

from sanic import Blueprint, Request
from sanic_ext import openapi
from sanic_ext.extensions.openapi.definitions import RequestBody, Response

from inbox import schemas
from inbox.api import API_PREFIX, json_body, json_response, require_token, run_db
from inbox.api.docs import fout, token_fouten
from inbox.services import tevredenheid as svc


def make() -> Blueprint:
    bp = Blueprint("api_tevredenheid", url_prefix=API_PREFIX)
    model = schemas.tevredenheid_model()

    @bp.post("/tevredenheid")
    @openapi.definition(
        summary="Tevredenheid over een gesprek vastleggen", tag="uitkomsten",
        description="Score 1-5 met uitkomst, kanaal en onderwerp; geen persoonsgegevens. Idempotent per sleutel "
                    "(nogmaals → 200); een opmerking met dezelfde sleutel wordt aan het antwoord toegevoegd "
                    "(gemaskeerd: BSN, telefoonnummers, e-mailadressen).",
        body=RequestBody({"application/json": {"schema": schemas.openapi_schema(model)}}, required=True),
        response=[Response({"application/json": {"schema": {"type": "object"}}}, status=201, description="Vastgelegd"),
                  Response({"application/json": {"schema": {"type": "object"}}}, status=200,
                           description="Bestond al (opmerking eventueel toegevoegd)"),
                  *token_fouten(), fout(422, "Ongeldige velden")],
        secured={"serviceToken": []},
    )
    @require_token("service")
    async def create(request: Request):
        data = schemas.parse(model, json_body(request))

        def work(session):
            t, created = svc.record(session, data)
            return svc.body(t), created

        body, created = await run_db(request, work)
        return json_response(body, status=201 if created else 200)

    return bp
