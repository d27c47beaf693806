"""GET /metrics: the inbox's Prometheus metrics, computed from the database at every scrape.

Every worker answers with the same figures (they come from the shared database, not from process memory):
spoed aanmeldingen nobody picked up yet and the oldest one's wait, the spoed alerts' outbox per channel and state
with the age of the oldest unsent one, alerts sent and alerts failing, the aanmeldingen received from the
assistant, and the assistant's requests refused for good (bezorgfouten). Counts only, no personal data. With
VOORDEUR_METRICS_TOKEN set, the scraper sends it as a Bearer token.
"""
from __future__ import annotations

import asyncio
import hmac

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sanic import Blueprint, Request, Sanic
from sanic.response import raw
from sanic_ext import openapi
from sqlalchemy import func, select

from inbox.db import utcnow
from inbox.api import json_response
from inbox.models import URGENTIE_RANG, Aanmelding
from inbox.services import bezorgfouten, spoedmeldingen

_URGENTIE = {rang: urgentie for urgentie, rang in URGENTIE_RANG.items()}


class InboxCollector:
    """Reads the figures with a fresh session per scrape (runs on the database thread pool)."""

    def __init__(self, app: Sanic) -> None:
        self.app = app

    def collect(self):
        now = utcnow()
        with self.app.ctx.Session() as s:
            stand = spoedmeldingen.stand(s)
            refused = bezorgfouten.open_count(s)
            with s.begin():
                received = s.execute(select(Aanmelding.kanaal, Aanmelding.urgentie_rang, func.count())
                                     .group_by(Aanmelding.kanaal, Aanmelding.urgentie_rang)).all()
        yield GaugeMetricFamily("voordeur_inbox_spoed_waiting",
                                "Spoed aanmeldingen nobody has picked up yet (still 'nieuw')",
                                value=stand.aanmeldingen_wachtend)
        yield GaugeMetricFamily("voordeur_inbox_spoed_waiting_oldest_seconds",
                                "How long the oldest spoed aanmelding nobody picked up has waited (0: none)",
                                value=(now - stand.oudste_aanmelding).total_seconds() if stand.oudste_aanmelding
                                else 0)
        rows = GaugeMetricFamily("voordeur_inbox_spoed_alerts", "Spoed alerts by channel and state "
                                 "(the outbox's depth is state wachtend)", labels=["kanaal", "status"])
        age = GaugeMetricFamily("voordeur_inbox_spoed_alert_outbox_oldest_seconds",
                                "Age of the oldest spoed alert not sent yet (0: none)", labels=["kanaal"])
        failing = GaugeMetricFamily("voordeur_inbox_spoed_alerts_failing",
                                    "Spoed alerts waiting after a failed attempt", labels=["kanaal"])
        sent = CounterMetricFamily("voordeur_inbox_spoed_alerts_sent", "Spoed alerts sent", labels=["kanaal"])
        for kanaal in spoedmeldingen.KANALEN:
            for status in spoedmeldingen.STATUSSEN:
                rows.add_metric([kanaal, status], stand.per_status.get((kanaal, status), 0))
            oudste = stand.oudste_wachtend.get(kanaal)
            age.add_metric([kanaal], (now - oudste).total_seconds() if oudste else 0)
            failing.add_metric([kanaal], stand.niet_verstuurd.get(kanaal, 0))
            sent.add_metric([kanaal], stand.per_status.get((kanaal, spoedmeldingen.VERZONDEN), 0))
        yield from (rows, age, failing, sent)
        aanmeldingen = CounterMetricFamily("voordeur_inbox_aanmeldingen_received",
                                           "Aanmeldingen the assistant delivered", labels=["kanaal", "urgentie"])
        for kanaal, rang, n in received:
            aanmeldingen.add_metric([kanaal, _URGENTIE.get(rang, "onbekend")], n)
        yield aanmeldingen
        yield GaugeMetricFamily("voordeur_inbox_delivery_refusals_open",
                                "Requests of the assistant the inbox refused for good, waiting for a fix "
                                "(bezorgfouten)", value=refused)


def registry(app: Sanic) -> CollectorRegistry:
    reg = getattr(app.ctx, "metrics_registry", None)
    if reg is None:
        reg = app.ctx.metrics_registry = CollectorRegistry(auto_describe=False)
        reg.register(InboxCollector(app))
        ProcessCollector(registry=reg)
    return reg


def authorised(request: Request, token: str) -> bool:
    """No token configured: open (bind the inbox to a private address); else `Authorization: Bearer <token>`."""
    if not token:
        return True
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def make() -> Blueprint:
    bp = Blueprint("metrics")

    @bp.get("/metrics")
    @openapi.exclude()
    async def metrics(request: Request):
        if not authorised(request, request.app.ctx.config.metrics_token):
            response = json_response({"fout": "Niet geautoriseerd: stuur VOORDEUR_METRICS_TOKEN mee als "
                                              "'Authorization: Bearer <token>'.", "velden": {}}, status=401)
            response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        reg = registry(request.app)
        body = await asyncio.get_running_loop().run_in_executor(request.app.ctx.db_executor, generate_latest, reg)
        return raw(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})

    return bp
