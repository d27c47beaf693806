"""The JSON API under /api/v1 (one blueprint per resource) plus /health."""
from __future__ import annotations

import asyncio
import hmac
import json
from functools import wraps
from typing import Any, Callable

from sanic import Blueprint, Request
from sanic.response import JSONResponse

from inbox.errors import NietGeauthenticeerd, Ongeldig

API_PREFIX = "/api/v1"


def client_ip(request: Request) -> str | None:
    return request.remote_addr or request.ip or None


def require_token(kind: str) -> Callable:
    """Bearer token check (constant-time). kind: 'service' (create) or 'read' (lists, statistics)."""
    def decorator(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            expected = request.app.ctx.config.service_token if kind == "service" else request.app.ctx.config.read_token
            header = request.headers.get("authorization", "")
            scheme, _, given = header.partition(" ")
            ok = scheme.lower() == "bearer" and bool(expected) and hmac.compare_digest(
                given.strip().encode(), expected.encode())
            if not ok:
                raise NietGeauthenticeerd("Niet geautoriseerd: stuur een geldig token mee als "
                                          "'Authorization: Bearer <token>'.")
            return await handler(request, *args, **kwargs)
        return wrapper
    return decorator


def json_body(request: Request) -> Any:
    """Decode the body; malformed JSON is a 422 with a Dutch message, not a 400/500."""
    if not request.body:
        raise Ongeldig("De aanvraag heeft geen body.", {"body": "Stuur een JSON-object."})
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise Ongeldig("De body is geen geldige JSON.", {"body": "Ongeldige JSON."}) from None


async def run_db(request: Request, fn: Callable, *args, **kwargs) -> Any:
    """Run a (sync) service call on the database thread pool, with a fresh session."""
    app = request.app

    def call():
        with app.ctx.Session() as session:
            return fn(session, *args, **kwargs)

    if app.ctx.db_executor is None:  # INBOX_DB_THREADS=-1: call inline on the event loop (measured option)
        return call()
    return await asyncio.get_running_loop().run_in_executor(app.ctx.db_executor, call)


def json_response(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False),
                        content_type="application/json; charset=utf-8")


def blueprints() -> list[Blueprint]:
    """Fresh blueprints for one app (the OpenAPI schemas carry the taxonomy codes)."""
    from inbox.api import aanmeldingen, health, statistieken, uitkomsten

    return [health.make(), aanmeldingen.make(), uitkomsten.make(), statistieken.make()]
