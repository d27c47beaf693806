"""Shared OpenAPI pieces: error shape and parameters."""
from __future__ import annotations

from sanic_ext.extensions.openapi.definitions import Parameter, Response

FOUT = {"type": "object", "properties": {"fout": {"type": "string"},
                                         "velden": {"type": "object", "additionalProperties": {"type": "string"}}},
        "required": ["fout", "velden"]}


def fout(status: int, description: str) -> Response:
    return Response({"application/json": FOUT}, status=status, description=description)


def query(name: str, schema: dict, description: str = "") -> Parameter:
    return Parameter(name, schema, location="query", required=False, description=description)


# The API's bearer tokens (inbox/api/__init__.py SCOPES says which opens what).
SECURITY_SCHEMES = {
    "serviceToken": "INBOX_SERVICE_TOKEN: aanmeldingen en uitkomsten vastleggen (de assistent / action server).",
    "readToken": "INBOX_READ_TOKEN: aanmeldingen lezen, voor koppelingen die dossiers nodig hebben. Elk gelezen "
                 "dossier komt per id in het auditlog; beperkt tot INBOX_READ_RATE_PER_MINUTE aanvragen per minuut "
                 "per IP-adres (daarboven 429 met Retry-After). Mag ook de statistieken lezen.",
    "statsToken": "INBOX_STATS_TOKEN: alleen /api/v1/statistieken (JSON en CSV), voor de BI-tool. Geen "
                  "persoonsgegevens; elders 403.",
}


def add_security_schemes(app) -> None:
    """Register the bearer schemes in the app's OpenAPI document."""
    for name, description in SECURITY_SCHEMES.items():
        app.ext.openapi.add_security_scheme(name, "http", scheme="bearer", description=description)


def token_fouten(*, rate_limited: bool = False) -> list[Response]:
    """The error answers of a token-protected operation."""
    answers = [fout(401, "Token ontbreekt of is onjuist"), fout(403, "Dit token geeft hier geen toegang")]
    if rate_limited:
        answers.append(fout(429, "Te veel aanvragen met het leestoken; zie de header Retry-After"))
    return answers
