"""The JSON API under /api/v1 (one blueprint per resource) plus /health, /ready and /metrics."""
from __future__ import annotations

import asyncio
import hmac
import json
from functools import wraps
from typing import Any, Callable

from sanic import Blueprint, Request, Sanic
from sanic.response import JSONResponse

from inbox.api.limits import RateLimiter
from inbox.errors import GeenToegang, NietGeauthenticeerd, Ongeldig, TeVeelAanvragen

API_PREFIX = "/api/v1"


def client_ip(request: Request) -> str | None:
    return request.remote_addr or request.ip or None


# Which token opens what. The read token may also fetch the statistics (aggregates, no personal data) so an
# integration that reads aanmeldingen needs one token; the stats token opens nothing else.
SCOPES = {"service": "service_token", "read": "read_token", "stats": "stats_token"}
# Requests with these scopes are rate-limited per client IP (they return personal data).
RATE_LIMITED = {"read"}


def token_scope(request: Request) -> str | None:
    """The scope of the Bearer token sent (compared in constant time with every configured token), or None."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return None
    config = request.app.ctx.config
    found = None
    for scope, attribute in SCOPES.items():
        expected = getattr(config, attribute, "")
        if expected and hmac.compare_digest(given.strip().encode(), expected.encode()):
            found = scope
    return found


def read_limiter(app: Sanic) -> RateLimiter:
    limiter = getattr(app.ctx, "read_limiter", None)
    if limiter is None:
        limiter = app.ctx.read_limiter = RateLimiter(app.ctx.config.read_rate_per_minute, 60,
                                                     app.ctx.web_settings.secret_key)
    return limiter


def require_token(*allowed: str) -> Callable:
    """Bearer token check: 401 without a known token, 403 when its scope is not in `allowed`, 429 when a
    rate-limited token is over its limit (counted in the database for every worker, before the handler's work)."""
    def decorator(handler):
        @wraps(handler)
        async def wrapper(request: Request, *args, **kwargs):
            scope = token_scope(request)
            if scope is None:
                raise NietGeauthenticeerd("Niet geautoriseerd: stuur een geldig token mee als "
                                          "'Authorization: Bearer <token>'.")
            if scope not in allowed:
                raise GeenToegang("Dit token geeft geen toegang tot dit deel van de API.")
            if scope in RATE_LIMITED:
                wait = await run_db(request, read_limiter(request.app).hit, f"{scope}:{client_ip(request) or '?'}")
                if wait:
                    raise TeVeelAanvragen(f"Te veel aanvragen met dit token. Probeer het over {wait} seconden "
                                          f"opnieuw.", wait)
            request.ctx.token_scope = scope
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
    from inbox.api import aanmeldingen, health, metrics, statistieken, tevredenheid, uitkomsten

    return [health.make(), metrics.make(), aanmeldingen.make(), uitkomsten.make(), tevredenheid.make(),
            statistieken.make()]
