"""The chat page standing in for the gemeente Berkelland website, served from Rasa's own origin.

`GET /chat/` (page) and `GET /chat/static/<file>` (widget, styles, vendored socket.io client), every response
with a strict Content-Security-Policy: no inline script or style anywhere.
"""
from __future__ import annotations

import mimetypes
import os
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WEB_DIR = Path(os.environ.get("VOORDEUR_WEB_DIR") or Path(__file__).resolve().parents[2] / "web")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _static_files(root: Path) -> dict[str, Path]:
    """Every servable file under web/static, by its path relative to it (a fixed list: no path tricks)."""
    static = root / "static"
    if not static.is_dir():
        return {}
    return {p.relative_to(static).as_posix(): p for p in static.rglob("*") if p.is_file()}


def chat_page_blueprint(web_dir: Path = WEB_DIR) -> Blueprint:
    """Blueprint with the chat page and its static files."""
    bp = Blueprint("voordeur_chat_page", url_prefix="/chat")
    files = _static_files(web_dir)

    @bp.route("", methods=["GET"], strict_slashes=True)
    async def page_without_slash(request: Request) -> HTTPResponse:
        query = f"?{request.query_string}" if request.query_string else ""
        return response.redirect(f"/chat/{query}", headers=SECURITY_HEADERS)

    @bp.route("/", methods=["GET"], strict_slashes=True)
    async def page(_: Request) -> HTTPResponse:
        html = (web_dir / "index.html").read_text(encoding="utf-8")
        headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
        return response.html(html, headers=headers)

    @bp.route("/static/<name:path>", methods=["GET"])
    async def static(_: Request, name: str) -> HTTPResponse:
        path = files.get(name)
        if path is None:
            return response.text("Niet gevonden", status=404, headers=SECURITY_HEADERS)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mime.startswith("text/") or mime in ("application/javascript", "application/json"):
            mime += "; charset=utf-8"
        return await response.file(path, mime_type=mime, headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

    return bp
