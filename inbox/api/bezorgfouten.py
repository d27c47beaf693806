"""Records every refusal for good that the inbox gives the assistant, for the beheerder (bezorgfouten).

A response middleware on POST /api/v1/aanmeldingen and /api/v1/uitkomsten: when the caller holds the service
token and the answer is a 4xx the action server will not retry (so its outbox keeps the request as a dead letter),
the refusal is stored without personal data (inbox/services/bezorgfouten.py). Recording never changes the answer.
The statuses match bot.actions.inbox_client.is_refused_for_good (a test checks both agree).
"""
from __future__ import annotations

import json
import logging

from sanic import HTTPResponse, Request, Sanic

from inbox.api import API_PREFIX, run_db, token_scope
from inbox.services import bezorgfouten

logger = logging.getLogger(__name__)
SOORT_PER_PAD = {f"{API_PREFIX}/aanmeldingen": "aanmelding", f"{API_PREFIX}/uitkomsten": "uitkomst"}
RETRIED_STATUSES = frozenset({401, 403, 408, 425, 429})  # the assistant retries these: no bezorgfout


def refused_for_good(status: int) -> bool:
    return 400 <= status < 500 and status not in RETRIED_STATUSES


def _error(response: HTTPResponse) -> tuple[str, list[str]]:
    try:
        data = json.loads(response.body or b"")
    except ValueError:
        return "", []
    if not isinstance(data, dict):
        return "", []
    velden = data.get("velden") if isinstance(data.get("velden"), dict) else {}
    return str(data.get("fout") or ""), list(velden)


def _urgentie(request: Request) -> str | None:
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    value = data.get("urgentie") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None  # checked against the codes by the service


async def record_refusal(request: Request, response: HTTPResponse) -> None:
    soort = SOORT_PER_PAD.get(request.path)
    if (soort is None or request.method != "POST" or response is None or not refused_for_good(response.status)
            or token_scope(request) != "service"):
        return
    key = None
    if soort == "aanmelding":  # an uitkomst has no key: its conversation id is not copied
        key = (request.headers.get("idempotency-key") or "").strip()[:200] or None
    fout, velden = _error(response)
    try:
        await run_db(request, bezorgfouten.record, soort, key, response.status, fout, velden, _urgentie(request))
    except Exception:  # noqa: BLE001 - the answer to the assistant stands; the log says what was lost
        logger.exception("could not record the refusal (%s) of a %s", response.status, soort)
        return
    logger.warning("refused a %s of the assistant for good with %s: %s (velden: %s)", soort, response.status, fout,
                   ", ".join(velden) or "-")


def install(app: Sanic) -> None:
    """Register the middleware on the inbox app (create_app)."""
    app.register_middleware(record_refusal, "response")
