"""GET /health: liveness for the run script and the test stack (no auth, no personal data)."""
from __future__ import annotations

from sanic import Blueprint, Request
from sanic_ext import openapi

from inbox.api import json_response


def make() -> Blueprint:
    bp = Blueprint("health")

    @bp.get("/health")
    @openapi.exclude()
    async def health(request: Request):
        return json_response({"status": "ok"})

    return bp
