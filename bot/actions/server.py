"""The action server: rasa-sdk's endpoint app behind a bearer token, plus the outbox worker.

Run: `python -m bot.actions.server` (ACTION_HOST:ACTION_PORT, default 127.0.0.1:5055). Open paths: /health
(liveness, rasa-sdk's), /ready (readiness: outbox and draft store answer, the outbox worker runs, the token is
set) and /metrics (Prometheus; needs VOORDEUR_METRICS_TOKEN when that is set). VOORDEUR_LOG_FORMAT=json: JSON logs.
"""
from __future__ import annotations

import asyncio
import hmac
import logging
import os
import sqlite3
import warnings

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sanic import Sanic, response
from sanic.request import Request

from bot.actions import services
from bot.actions.config import Config
from bot.actions.metrics import ActionMetrics, action_call
from ops import logs

# rasa-sdk 3.21 speaks Rasa 3.6's webhook protocol unchanged; it only compares the major.minor numbers
# and warns on every call. That one known, harmless warning is silenced here, nothing else.
warnings.filterwarnings(
    "ignore", message=r"Your versions of rasa and rasa_sdk might not be compatible", category=UserWarning,
    module=r"rasa_sdk\.utils",
)

from rasa_sdk.endpoint import create_app as create_sdk_app  # noqa: E402  (after the filter on purpose)
from rasa_sdk.executor import ActionExecutor  # noqa: E402

logger = logging.getLogger(__name__)
OPEN_PATHS = ("/health", "/ready", "/metrics")


def authorised(header: str | None, token: str) -> bool:
    """Constant-time check of `Authorization: Bearer <token>`; an unset token authorises nobody."""
    if not token or not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].encode(), token.encode())


async def purge_drafts_forever(every_seconds: float) -> None:
    """Expired drafts (a phone number or e-mail address, 24 h by default) leave the disk on time, also on a quiet
    server where no conversation reads the store."""
    while True:
        services.drafts().purge_expired()
        await asyncio.sleep(every_seconds)


def create_app(cfg: Config | None = None) -> Sanic:
    """The rasa-sdk app with our actions, the token check and the outbox worker."""
    cfg = cfg or services.config()
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    app = create_sdk_app(executor, cors_origins=[])

    metrics = ActionMetrics()

    @app.on_request
    async def check_token(request: Request):
        if request.path not in OPEN_PATHS and not authorised(request.headers.get("authorization"), cfg.token):
            return response.json({"error": "unauthorised"}, status=401)
        if request.path == "/webhook" and request.method == "POST":
            call = action_call(request.body, request.headers.get("content-encoding"))
            try:
                if call is not None:
                    metrics.observe(call)
            except (AttributeError, TypeError, ValueError) as exc:  # a count never stands in the way of a call
                logger.warning("metrics: could not read a /webhook call (%s)", type(exc).__name__)
        return None

    @app.get("/ready")
    async def ready(request: Request):
        """200 when this process can do its work; otherwise 503 with what is wrong."""
        controles = {"token": "ok" if cfg.token else "ACTION_SERVER_TOKEN ontbreekt"}
        for name, check in (("outbox", lambda: services.outbox().counts()),
                            ("concepten", lambda: services.drafts().get_all("-"))):
            try:
                check()
                controles[name] = "ok"
            except sqlite3.Error as exc:
                logger.warning("not ready: the %s store does not answer (%s)", name, exc)
                controles[name] = "niet bereikbaar"
        task = getattr(request.app.ctx, "outbox_task", None)
        controles["outbox_worker"] = "ok" if task is not None and not task.done() else "gestopt"
        klaar = all(v == "ok" for v in controles.values())
        return response.json({"status": "ok" if klaar else "niet_klaar", "controles": controles},
                             status=200 if klaar else 503)

    @app.get("/metrics")
    async def prometheus(request: Request):
        if cfg.metrics_token and not authorised(request.headers.get("authorization"), cfg.metrics_token):
            return response.json({"error": "unauthorised"}, status=401)
        return response.raw(generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST)

    @app.before_server_start
    async def start_outbox(app: Sanic) -> None:
        app.ctx.outbox_task = asyncio.create_task(services.outbox().worker())
        app.ctx.drafts_task = asyncio.create_task(purge_drafts_forever(cfg.draft_purge_seconds))

    @app.after_server_stop
    async def stop_outbox(app: Sanic) -> None:
        for name in ("outbox_task", "drafts_task"):
            task = getattr(app.ctx, name, None)
            if task:
                task.cancel()
        await services.outbox().client.aclose()

    return app


def main() -> None:
    os.umask(0o077)  # var/ holds phone numbers: files 0600 however the server is started (scripts/env.sh does too)
    logs.configure([None], logging.INFO)  # the root logger: ours, rasa-sdk's and Sanic's (VOORDEUR_LOG_FORMAT)
    cfg = services.config()
    if not cfg.token:
        logger.warning("ACTION_SERVER_TOKEN is not set: every /webhook call will be refused (401)")
    app = create_app(cfg)
    app.run(host=cfg.host, port=cfg.port, single_process=True, access_log=False, motd=False)


if __name__ == "__main__":
    main()
