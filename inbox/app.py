"""create_app(config) -> Sanic: the API blueprints, the staff pages, one error handler, DB on app.ctx."""
from __future__ import annotations

import itertools
import logging
from concurrent.futures import ThreadPoolExecutor

from sanic import Request, Sanic
from sanic.exceptions import SanicException

from inbox.api import blueprints, json_response
from inbox.api.docs import add_security_schemes
from inbox.config import Config
from inbox.db import make_engine, make_sessionmaker
from inbox.errors import InboxError

logger = logging.getLogger(__name__)
_names = itertools.count(1)

SANIC_MESSAGES = {
    400: "Ongeldige aanvraag.",
    401: "Niet geautoriseerd.",
    403: "Geen toegang.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    408: "De aanvraag duurde te lang.",
    413: "De aanvraag is te groot.",
    415: "Dit inhoudstype wordt niet ondersteund.",
    429: "Te veel aanvragen; probeer het later opnieuw.",
    503: "De dienst is tijdelijk niet beschikbaar.",
}


def create_app(config: Config | None = None) -> Sanic:
    """Build the inbox app. Nothing connects here: the engine is created in before_server_start."""
    config = config or Config.from_env()
    name = "inbox" if "inbox" not in Sanic._app_registry else f"inbox_{next(_names)}"
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = config.request_max_size  # Content-Length checked before the body is read
    # The client's address (request.remote_addr: audit, login limit) from X-Forwarded-For only behind that many
    # trusted proxies; 0: the header is ignored.
    app.config.PROXIES_COUNT = config.proxies_count or None
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.OAS_URL_PREFIX = "/api/v1/docs"
    app.config.OAS_URI_TO_JSON = "/openapi.json"
    app.config.CORS = False
    app.ctx.config = config
    app.ext.openapi.describe("Voormekaar Voordeur inbox API", version="1.0.0",
                             description="API voor de assistent (aanmeldingen, uitkomsten), koppelingen die "
                                         "aanmeldingen lezen en de BI-tool (statistieken). Elk token opent alleen "
                                         'zijn eigen deel. Foutantwoorden: {"fout": ..., "velden": {...}}.')
    add_security_schemes(app)
    for bp in blueprints():
        app.blueprint(bp)

    @app.get("/api/v1/openapi.json", name="openapi_alias")
    async def openapi_alias(request: Request):
        """The API's OpenAPI document (sanic-ext's, limited to /api/v1: the staff pages are no API)."""
        from sanic_ext.extensions.openapi.builders import SpecificationBuilder

        spec = SpecificationBuilder().build(request.app).serialize()
        spec["paths"] = {p: v for p, v in spec.get("paths", {}).items() if p.startswith("/api/v1/")}
        return json_response(spec)

    from sanic_ext import openapi as _oa
    _oa.exclude()(openapi_alias)

    @app.before_server_start
    async def open_database(app: Sanic) -> None:
        app.ctx.engine = make_engine(config.database_url, pool_size=config.pool_size)
        app.ctx.Session = make_sessionmaker(app.ctx.engine, audit_key=config.secret_key)
        app.ctx.db_executor = (ThreadPoolExecutor(config.db_threads, thread_name_prefix="inbox-db")
                               if config.db_threads > 0 else None)

    @app.after_server_stop
    async def close_database(app: Sanic) -> None:
        if app.ctx.db_executor is not None:
            app.ctx.db_executor.shutdown(wait=True)
        app.ctx.engine.dispose()

    @app.exception(Exception)
    async def handle_error(request: Request, exc: Exception):
        if isinstance(exc, InboxError):
            status, fout, velden = exc.status, exc.fout, exc.velden
        elif isinstance(exc, SanicException):
            status = exc.status_code
            fout = SANIC_MESSAGES.get(status, "De aanvraag kon niet worden verwerkt.")
            if status == 413:
                fout = f"De aanvraag is te groot (maximaal {config.request_max_size // 1024} kB)."
            velden = {}
        else:
            logger.exception("onverwachte fout bij %s %s", request.method if request else "?",
                             request.path if request else "?")
            status, fout, velden = 500, "Er ging iets mis in de inbox. Probeer het later opnieuw.", {}
        page = getattr(app.ctx, "error_page", None)
        if page is not None and request is not None and not request.path.startswith("/api/"):
            return await page(request, status, fout, velden)
        headers = {"WWW-Authenticate": 'Bearer realm="inbox"'} if status == 401 else {}
        if isinstance(exc, InboxError):
            headers.update(getattr(exc, "headers", None) or {})  # e.g. Retry-After of a 429
        response = json_response({"fout": fout, "velden": velden}, status=status)
        if headers:
            response.headers.update(headers)
        return response

    from inbox import spoed
    from inbox.api import bezorgfouten
    from inbox.web import register_web

    register_web(app)
    bezorgfouten.install(app)  # refusals to the assistant are recorded for the beheerder
    spoed.install(app)  # the spoed alert's deliverer runs in every worker
    return app


LOGGERS = ("inbox", "alembic")


def worker_app(config: Config) -> Sanic:
    """The app of one worker process of `python -m inbox` with INBOX_WORKERS > 1 (Sanic's loader calls this in each
    worker, a fresh process: its logging is set up here)."""
    from ops import logs

    logs.configure(LOGGERS, logging.INFO)  # VOORDEUR_LOG_FORMAT=json: one JSON object per line
    app = create_app(config)
    logs.restyle_sanic()
    return app
