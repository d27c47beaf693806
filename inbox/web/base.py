"""Shared plumbing of the staff pages: per-request session, CSRF check, role guard, page rendering."""
from __future__ import annotations

import functools
import logging
import time
from typing import Any, Awaitable, Callable
from urllib.parse import urlencode

from sanic import Request
from sanic.response import HTTPResponse, html, redirect

from inbox.errors import GeenToegang, NietGevonden
from inbox.web import backend
from inbox.web.security import HSTS, SECURITY_HEADERS, csrf_ok, new_session

logger = logging.getLogger(__name__)

# Pages that show or change personal data must never be cached (shared computers at the town hall).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
WEB_PREFIXES = ("/login", "/logout", "/werkvoorraad", "/aanmeldingen", "/monitoring", "/beheer", "/account",
                "/training")
# Until a one-time password is replaced, these are the only staff pages (everything else redirects here).
WACHTWOORD_PAGE = "/account/wachtwoord"
OPEN_WHILE_ONE_TIME = (WACHTWOORD_PAGE, "/logout")


def is_web_path(path: str) -> bool:
    return path == "/" or path.startswith(WEB_PREFIXES)


def client_ip(request: Request) -> str:
    # Behind the municipality's reverse proxy Sanic's forwarded-secret/proxies config fills remote_addr.
    return request.remote_addr or request.ip or "onbekend"


async def load_session(request: Request) -> HTTPResponse | None:
    """Request middleware: the session from the signed cookie and the signed-in user (or None).

    A signed-in cookie counts only while its session is live in the database (absolute lifetime, not revoked) and
    the account is active. An account with a one-time password is sent to the password page from every other page."""
    if not is_web_path(request.path):
        return None
    settings = request.app.ctx.web_settings
    # The exact name only: Sanic's cookies.get() would also accept a __Host-/__Secure- variant of it.
    sess = request.app.ctx.web_sessions.loads((dict.get(request.cookies, settings.cookie_name) or [None])[0])
    request.ctx.session = sess
    request.ctx.user = None
    if sess.uid is None:
        return None
    user = await backend.session_user(request.app, sess.sid, sess.uid, settings.session_seconds)
    if user is None:
        fresh = new_session()
        fresh.ended = True
        request.ctx.session = fresh
        return None
    request.ctx.user = user
    if user.get("moet_wachtwoord_wijzigen") and request.path not in OPEN_WHILE_ONE_TIME:
        return redirect_to(WACHTWOORD_PAGE)
    if user.get("rol") == "toegang" and request.method == "GET":
        # Every page team toegang opens says how many spoed aanmeldingen nobody has picked up yet (base.html).
        request.ctx.spoed_wacht = await backend.spoed_wachtend(request.app)
    return None


async def save_session(request: Request, response: HTTPResponse) -> None:
    """Response middleware: security headers everywhere (HSTS when secure), refreshed session cookie on staff
    pages."""
    settings = request.app.ctx.web_settings
    for k, v in SECURITY_HEADERS.items():
        if k not in response.headers:
            response.headers[k] = v
    if settings.cookie_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    sess = getattr(request.ctx, "session", None)
    if sess is None or getattr(request.ctx, "session_cleared", False):
        return
    sess.seen = time.time()
    response.add_cookie(settings.cookie_name, request.app.ctx.web_sessions.dumps(sess), path="/", httponly=True,
                        samesite="Strict", secure=settings.cookie_secure)


def flash(request: Request, message: str, kind: str = "succes") -> None:
    request.ctx.session.flash.append([kind, message])


def render(request: Request, template: str, status: int = 200, *, no_store: bool = True, **context: Any) -> HTTPResponse:
    env = request.app.ctx.web_env
    sess = getattr(request.ctx, "session", None)
    messages = []
    if sess is not None:
        messages, sess.flash = sess.flash, []
    ctx = {
        "user": getattr(request.ctx, "user", None),
        "csrf_token": sess.csrf if sess else "",
        "flashes": messages,
        "path": request.path,
        "spoed_wacht": getattr(request.ctx, "spoed_wacht", 0),
        **context,
    }
    body = env.get_template(template).render(**ctx)
    headers = dict(SECURITY_HEADERS)
    if no_store:
        headers.update(NO_STORE)
    return html(body, status=status, headers=headers)


def redirect_to(url: str) -> HTTPResponse:
    resp = redirect(url, status=303)
    resp.headers.update(NO_STORE)
    return resp


def error_page(request: Request, status: int, title: str, message: str) -> HTTPResponse:
    if not hasattr(request.ctx, "session"):
        request.ctx.session = None
        request.ctx.user = None
    return render(request, "fout.html", status=status, titel=title, melding=message)


def requires(*roles: str, csrf: bool = True) -> Callable:
    """Route guard: signed in with one of the roles; POSTs need the session's CSRF token."""

    def deco(handler: Callable[..., Awaitable[HTTPResponse]]) -> Callable[..., Awaitable[HTTPResponse]]:
        @functools.wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            if request.method == "POST" and csrf and not check_csrf(request):
                return csrf_failure(request)
            user = request.ctx.user
            if user is None:
                if request.method == "GET":
                    nxt = request.path + (f"?{request.query_string}" if request.query_string else "")
                    return redirect_to("/login?" + urlencode({"volgende": nxt}))
                return redirect_to("/login")
            if roles and user.get("rol") not in roles:
                return error_page(request, 403, "Geen toegang",
                                  "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? "
                                  "Vraag het de beheerder.")
            try:
                return await handler(request, *args, **kwargs)
            except GeenToegang:
                return error_page(request, 403, "Geen toegang",
                                  "Deze aanmelding is niet aan uw team doorgezet. U kunt deze daarom niet bekijken "
                                  "of wijzigen.")
            except NietGevonden:
                return error_page(request, 404, "Niet gevonden", "Deze aanmelding of pagina bestaat niet (meer).")

        return wrapper

    return deco


def check_csrf(request: Request) -> bool:
    token = None
    if request.form:
        token = request.form.get("csrf_token")
    token = token or request.headers.get("x-csrf-token")
    return csrf_ok(request.ctx.session, token)


def csrf_failure(request: Request) -> HTTPResponse:
    logger.warning("CSRF check failed on %s %s", request.method, request.path)
    return error_page(request, 403, "Formulier verlopen",
                      "Dit formulier is verlopen of niet via deze website verstuurd. Ga terug, laad de pagina "
                      "opnieuw en probeer het nog eens. Uw invoer is niet opgeslagen.")


def form_value(request: Request, name: str, default: str = "") -> str:
    if not request.form:
        return default
    v = request.form.get(name)
    return default if v is None else str(v).strip()
