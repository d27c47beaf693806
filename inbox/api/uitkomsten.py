"""/api/v1/uitkomsten: conversations that ended without routing (for the monitoring)."""
from __future__ import annotations

from sanic import Blueprint, Request
from sanic_ext import openapi
from sanic_ext.extensions.openapi.definitions import RequestBody, Response

from inbox import schemas
from inbox.api import API_PREFIX, client_ip, json_body, json_response, require_token, run_db
from inbox.api.docs import fout, token_fouten
from inbox.api.presenters import uitkomst_body
from inbox.services import intake


def make() -> Blueprint:
    bp = Blueprint("api_uitkomsten", url_prefix=API_PREFIX)
    _, model = schemas.models()

    @bp.post("/uitkomsten")
    @openapi.definition(
        summary="Gesprek zonder aanmelding vastleggen", tag="uitkomsten",
        description="Idempotent per conversation_id + uitkomst (nogmaals → 200).",
        body=RequestBody({"application/json": {"schema": schemas.openapi_schema(model)}}, required=True),
        response=[Response({"application/json": {"schema": {"type": "object"}}}, status=201, description="Vastgelegd"),
                  Response({"application/json": {"schema": {"type": "object"}}}, status=200, description="Bestond al"),
                  *token_fouten(), fout(422, "Ongeldige velden")],
        secured={"serviceToken": []},
    )
    @require_token("service")
    async def create(request: Request):
        data = schemas.parse(model, json_body(request))

        def work(session):
            u, created = intake.record_uitkomst(session, data, ip=client_ip(request))
            return uitkomst_body(u), created

        body, created = await run_db(request, work)
        return json_response(body, status=201 if created else 200)

    return bp
