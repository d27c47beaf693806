"""The edge of Rasa's Sanic app, set by our public channels on the app they are mounted on.

- `PROXIES_COUNT` from `VOORDEUR_PROXIES_COUNT`: how many reverse proxies in front of Rasa append to
  X-Forwarded-For. Sanic then takes the client's address from that header (`request.remote_addr`), so the rate
  limits count people, not the proxy. 0 (default): the header is ignored, a client cannot choose its address.
- `REQUEST_MAX_SIZE` from `RASA_REQUEST_MAX_SIZE` (64 KB): Sanic 21.12 refuses a larger Content-Length (or a
  chunked body growing past it) with 413 before the body is read and before any handler runs. Sanic has no
  per-route limit, so the cap is global; Rasa's internal HTTP API and the private REST channel carry a few KB.

Rasa creates the app itself (`rasa.core.run.configure_app`) and registers the channels' blueprints on it before
the server starts, so this is the first place our code sees the app.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from sanic import Blueprint, Sanic

from bot.voordeur.config import EdgeSettings, edge_settings


def apply_edge_settings(app: Sanic, settings: Optional[EdgeSettings] = None) -> None:
    """Set the trusted-proxy count and the body cap on `app` (idempotent)."""
    s = settings or edge_settings()
    app.config.PROXIES_COUNT = s.proxies_count or None
    app.config.REQUEST_MAX_SIZE = s.request_max_size


class EdgeBlueprint(Blueprint):
    """A Blueprint that applies the edge settings to the app it is registered on."""

    def register(self, app: Sanic, options: Dict[Text, Any]) -> None:
        apply_edge_settings(app)
        super().register(app, options)
