"""/api/v1/aanmeldingen: creation by the assistant (service token), list and detail (read token)."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint, Request
from sanic_ext import openapi
from sanic_ext.extensions.openapi.definitions import Parameter, RequestBody, Response

from inbox import schemas, spoed, vocab
from inbox.api import API_PREFIX, client_ip, json_body, json_response, require_token, run_db
from inbox.api.docs import fout, query, token_fouten
from inbox.errors import Ongeldig
from inbox.models import STATUSSEN
from inbox.api.presenters import aanmelding_dict, created_body
from inbox.services import intake, werkvoorraad

CREATED = {"type": "object", "required": ["id", "referentie", "verwacht_contact_voor"],
           "properties": {"id": {"type": "integer"}, "referentie": {"type": "string", "pattern": r"^VMK-\d{4}-\d{6}$"},
                          "verwacht_contact_voor": {"type": "string", "format": "date-time"}}}

# The answer of list and detail (inbox/api/presenters.py); the fields most integrations read, the rest as it comes.
AANMELDING = {"type": "object", "required": ["id", "referentie", "status", "onderwerpen", "model_versie"],
              "properties": {
                  "id": {"type": "integer"}, "referentie": CREATED["properties"]["referentie"],
                  "status": {"type": "string", "enum": list(STATUSSEN)},
                  "onderwerpen": {"type": "array", "items": {"type": "string"}},
                  "model_versie": {"type": "string", "nullable": True, "maxLength": 64,
                                   "description": "Het Rasa-model (model_id) dat de aanmelding labelde; null bij "
                                                  "aanmeldingen van voor dit veld."}}}
PAGINA = {"type": "object", "required": ["items", "totaal", "limit", "offset"],
          "properties": {"items": {"type": "array", "items": AANMELDING}, "totaal": {"type": "integer"},
                         "limit": {"type": "integer"}, "offset": {"type": "integer"}}}


def _datetime_arg(request: Request, name: str) -> dt.datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise Ongeldig("Ongeldige datum in filter.", {name: "Gebruik ISO 8601, bijv. 2026-11-24 of "
                                                            "2026-11-24T10:00:00+01:00."}) from None
    return value if value.tzinfo else value.replace(tzinfo=vocab.AMSTERDAM)


def _int_arg(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Ongeldig("Ongeldig getal.", {name: "Moet een geheel getal zijn."}) from None
    if not low <= value <= high:
        raise Ongeldig("Getal buiten bereik.", {name: f"Tussen {low} en {high}."})
    return value


def filters_from(request: Request) -> werkvoorraad.Filters:
    """Query string → Filters (unknown codes are a 422)."""
    text = {name: (request.args.get(name) or None) for name in (
        "status", "team", "doorgezet_naar", "onderwerp", "wet", "urgentie", "kern", "kanaal", "melder",
        "conversation_id", "zoek")}
    for name, value in text.items():
        if value is not None and len(value) > 200:
            raise Ongeldig("Filterwaarde te lang.", {name: "Maximaal 200 tekens."})
    return werkvoorraad.Filters(**text, created_from=_datetime_arg(request, "created_from"),
                                created_to=_datetime_arg(request, "created_to")).validate()


def _list_parameters() -> list[Parameter]:
    c = vocab.codes()
    enum = lambda values: {"type": "string", "enum": list(values)}  # noqa: E731
    return [
        query("status", enum((*STATUSSEN, "actief")), "status; 'actief' = alles behalve afgerond"),
        query("team", enum(c.teams), "team_advies"), query("doorgezet_naar", enum(c.teams)),
        query("onderwerp", enum(c.onderwerpen), "het primaire onderwerp"), query("wet", enum(c.wetten)),
        query("urgentie", enum(c.urgenties)), query("kern", enum(c.kernen)), query("kanaal", enum(c.kanalen)),
        query("melder", enum(c.melders)), query("conversation_id", {"type": "string", "maxLength": 200}),
        query("zoek", {"type": "string", "maxLength": 200}, "zoeken in samenvatting en referentie"),
        query("created_from", {"type": "string", "format": "date-time"}),
        query("created_to", {"type": "string", "format": "date-time"}),
        query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}),
        query("offset", {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0}),
    ]


def make() -> Blueprint:
    bp = Blueprint("api_aanmeldingen", url_prefix=API_PREFIX)
    model, _ = schemas.models()

    @bp.post("/aanmeldingen")
    @openapi.definition(
        summary="Aanmelding vastleggen (door de assistent)",
        description="Idempotent per Idempotency-Key: dezelfde sleutel nogmaals geeft 200 met hetzelfde antwoord. "
                    "BSN's in tekstvelden worden gemaskeerd.",
        tag="aanmeldingen",
        body=RequestBody({"application/json": {"schema": schemas.openapi_schema(model)}}, required=True),
        parameter=Parameter("Idempotency-Key", {"type": "string", "minLength": 1, "maxLength": 200},
                            location="header", required=True),
        response=[Response({"application/json": {"schema": CREATED}}, status=201, description="Aangemaakt"),
                  Response({"application/json": {"schema": CREATED}}, status=200, description="Bestond al"),
                  *token_fouten(), fout(413, "Body te groot"),
                  fout(422, "Ongeldige velden")],
        secured={"serviceToken": []},
    )
    @require_token("service")
    async def create(request: Request):
        key = (request.headers.get("idempotency-key") or "").strip()
        if not key or len(key) > 200:
            raise Ongeldig("Header Idempotency-Key ontbreekt of is te lang (maximaal 200 tekens).",
                           {"Idempotency-Key": "Verplicht, 1 tot 200 tekens."})
        data = schemas.parse(model, json_body(request))

        def work(session):
            a, created = intake.create_aanmelding(session, data, key, ip=client_ip(request),
                                                  spoed_kanalen=request.app.ctx.config.spoed_kanalen)
            return created_body(a), created

        body, created = await run_db(request, work)
        if created and data.urgentie == "spoed":
            spoed.wake(request.app)  # this worker's deliverer sends it now; the others find it when they poll
        return json_response(body, status=201 if created else 200)

    @bp.get("/aanmeldingen")
    @openapi.definition(
        summary="Aanmeldingen (werkvoorraadvolgorde: urgentie, dan contactdeadline)", tag="aanmeldingen",
        description="Elke aanmelding op de pagina komt met haar id in het auditlog.",
        parameter=_list_parameters(),
        response=[Response({"application/json": {"schema": PAGINA}}, status=200, description="Pagina"),
                  *token_fouten(rate_limited=True), fout(422, "Ongeldig filter")],
        secured={"readToken": []},
    )
    @require_token("read")
    async def index(request: Request):
        filters = filters_from(request)
        limit = _int_arg(request, "limit", 50, 1, 500)
        offset = _int_arg(request, "offset", 0, 0, 10_000_000)

        def work(session):
            page = werkvoorraad.list_aanmeldingen(session, filters, limit=limit, offset=offset, audit_as="api:read",
                                                 ip=client_ip(request))
            items = [aanmelding_dict(a) for a in page.items]
            return {"items": items, "totaal": page.totaal, "limit": page.limit, "offset": page.offset}

        return json_response(await run_db(request, work))

    @bp.get("/aanmeldingen/<aanmelding_id:int>")
    @openapi.definition(
        summary="Eén aanmelding (het inzien wordt gelogd)", tag="aanmeldingen",
        response=[Response({"application/json": {"schema": AANMELDING}}, status=200, description="Aanmelding"),
                  *token_fouten(rate_limited=True), fout(404, "Bestaat niet")],
        secured={"readToken": []},
    )
    @require_token("read")
    async def show(request: Request, aanmelding_id: int):
        def work(session):
            return aanmelding_dict(werkvoorraad.get_aanmelding(session, aanmelding_id, ip=client_ip(request)))

        return json_response(await run_db(request, work))

    return bp
