"""GET /health (liveness) and GET /ready (readiness): no auth, no personal data.

/health answers while the process runs (the run script and the test stack wait for it). /ready answers 200 only
when this worker can do its work: the database answers and is at the newest migration, and the spoed alert's
deliverer runs when a channel is configured; otherwise 503 with what is wrong, for a load balancer or systemd.
"""
from __future__ import annotations

import functools
import logging

from sanic import Blueprint, Request
from sanic_ext import openapi
from sqlalchemy.exc import SQLAlchemyError

from inbox import migrate, spoed
from inbox.api import json_response, run_db

logger = logging.getLogger(__name__)


@functools.cache
def _head() -> str:
    return migrate.head()


def _revision(session) -> str | None:
    return migrate.current(session.connection())


def make() -> Blueprint:
    bp = Blueprint("health")

    @bp.get("/health")
    @openapi.exclude()
    async def health(request: Request):
        return json_response({"status": "ok"})

    @bp.get("/ready")
    @openapi.exclude()
    async def ready(request: Request):
        controles: dict[str, str] = {}
        try:
            revision = await run_db(request, _revision)
        except SQLAlchemyError as exc:
            logger.warning("not ready: the database does not answer (%s)", type(exc).__name__)
            controles["database"] = "niet bereikbaar"
        else:
            controles["database"] = "ok"
            controles["migratie"] = "ok" if revision == _head() else f"{revision or 'geen'}, verwacht {_head()}"
        controles["spoedmeldingen"] = spoed.status(request.app)
        klaar = (controles["database"] == "ok" and controles.get("migratie") == "ok"
                 and controles["spoedmeldingen"] != "gestopt")
        return json_response({"status": "ok" if klaar else "niet_klaar", "controles": controles},
                             status=200 if klaar else 503)

    return bp
