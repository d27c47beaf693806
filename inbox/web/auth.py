"""Login and logout."""
from __future__ import annotations

import logging

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.errors import AccountGeblokkeerd, NietGeauthenticeerd, Ongeldig, WachtwoordVerlopen
from inbox.web import backend
from inbox.web.backend import _db
from inbox.web.base import (WACHTWOORD_PAGE, check_csrf, client_ip, csrf_failure, flash, form_value, redirect_to,
                            render, requires)
from inbox.web.security import new_session

logger = logging.getLogger(__name__)
bp = Blueprint("web_auth")

FOUT_INLOG = "De combinatie van gebruikersnaam en wachtwoord klopt niet. Controleer uw invoer en probeer het opnieuw."
FOUT_LIMIET = ("U heeft te vaak geprobeerd in te loggen. Wacht 15 minuten en probeer het dan opnieuw. "
               "Wachtwoord vergeten? Neem contact op met de beheerder.")
FOUT_VERLOPEN = ("Uw eenmalige wachtwoord is verlopen. Het was 72 uur geldig. "
                 "Vraag de beheerder om een nieuw eenmalig wachtwoord.")


START_PAGES = {"beheerder": "/beheer/gebruikers", "trainer": "/training"}


def start_page(user: dict) -> str:
    return START_PAGES.get(user.get("rol"), "/werkvoorraad")


def safe_next(url: str | None) -> str | None:
    """Only local paths: no open redirect to another site."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


@bp.get("/")
async def index(request: Request) -> HTTPResponse:
    if request.ctx.user is None:
        return redirect_to("/login")
    return redirect_to(start_page(request.ctx.user))


@bp.get("/login")
async def login_form(request: Request) -> HTTPResponse:
    if request.ctx.user is not None:
        return redirect_to(start_page(request.ctx.user))
    melding = None
    if request.ctx.session.expired:
        melding = "U was te lang niet actief en bent automatisch uitgelogd. Log opnieuw in."
    elif request.ctx.session.ended:
        melding = "Uw sessie is beëindigd. Log opnieuw in."
    return render(request, "login.html", melding=melding, gebruikersnaam="",
                  volgende=safe_next(request.args.get("volgende")) or "")


@bp.post("/login")
async def login(request: Request) -> HTTPResponse:
    if not check_csrf(request):
        return csrf_failure(request)
    naam = form_value(request, "gebruikersnaam")
    wachtwoord = request.form.get("wachtwoord", "") if request.form else ""
    volgende = safe_next(form_value(request, "volgende"))
    ip = client_ip(request)
    limiter = request.app.ctx.web_login_limiter

    def fail(message: str, status: int) -> HTTPResponse:
        return render(request, "login.html", status=status, fout=message, gebruikersnaam=naam,
                      volgende=volgende or "")

    if not naam or not wachtwoord:
        return fail("Vul uw gebruikersnaam en wachtwoord in.", 400)
    if await _db(request.app, limiter.blocked, ip, naam):
        # The typed name may be a password typed in the wrong field: the log gets the audit log's pseudonym.
        logger.warning("login rate limit hit for ip=%s account=%s", ip, backend.login_pseudonym(request.app, naam))
        return fail(FOUT_LIMIET, 429)
    try:
        user = await backend.authenticate(request.app, naam, wachtwoord, ip=ip)
    except AccountGeblokkeerd:
        await _db(request.app, limiter.failure, ip, naam)
        return fail(FOUT_LIMIET, 429)
    except WachtwoordVerlopen:
        return fail(FOUT_VERLOPEN, 401)
    except NietGeauthenticeerd:
        await _db(request.app, limiter.failure, ip, naam)
        return fail(FOUT_INLOG, 401)
    await _db(request.app, limiter.success, naam)
    # A new session id and CSRF token at login: no session fixation. The session lives in the database.
    sess = new_session()
    sess.uid = user["id"]
    await backend.start_session(request.app, user, sess.sid, request.app.ctx.web_settings.session_seconds)
    request.ctx.session = sess
    request.ctx.user = user
    if user.get("moet_wachtwoord_wijzigen"):
        return redirect_to(WACHTWOORD_PAGE)
    sess.flash.append(["succes", f"Welkom, {user.get('naam') or user['gebruikersnaam']}. U bent ingelogd."])
    return redirect_to(volgende or start_page(user))


@bp.post("/logout")
async def logout(request: Request) -> HTTPResponse:
    if not check_csrf(request):
        return csrf_failure(request)
    await backend.end_session(request.app, request.ctx.session.sid)
    if request.ctx.user is not None:
        await backend.audit(request.app, request.ctx.user, "uitgelogd", None, {}, client_ip(request))
    sess = new_session()
    sess.flash.append(["succes", "U bent uitgelogd."])
    request.ctx.session = sess
    request.ctx.user = None
    return redirect_to("/login")


@bp.get("/account/wachtwoord")
@requires()
async def wachtwoord_form(request: Request) -> HTTPResponse:
    return render(request, "wachtwoord.html", velden={})


def _wachtwoord_page(request: Request, fout: str, velden: dict) -> HTTPResponse:
    return render(request, "wachtwoord.html", status=422, fout=fout, velden=velden)


@bp.post("/account/wachtwoord")
@requires()
async def wachtwoord(request: Request) -> HTTPResponse:
    huidig = request.form.get("huidig", "") if request.form else ""
    nieuw = request.form.get("nieuw", "") if request.form else ""
    herhaal = request.form.get("herhaal", "") if request.form else ""
    if nieuw != herhaal:
        return _wachtwoord_page(request, "De twee nieuwe wachtwoorden zijn niet gelijk.",
                                {"herhaal": "Typ hetzelfde nieuwe wachtwoord nog een keer."})
    try:
        # Every other session of this user ends; this one stays.
        await backend.change_password(request.app, request.ctx.user, huidig, nieuw, ip=client_ip(request),
                                      keep_sid=request.ctx.session.sid)
    except Ongeldig as exc:
        velden = dict(exc.velden)
        if "nieuw" in velden:
            velden["nieuw"] = "Kies een wachtwoord van minimaal 12 tekens, anders dan uw huidige."
        if "huidig" in velden:
            velden["huidig"] = "Uw huidige wachtwoord klopt niet."
        return _wachtwoord_page(request, "Het wachtwoord is niet gewijzigd.", velden)
    flash(request, "Uw wachtwoord is gewijzigd. Op andere apparaten bent u nu uitgelogd.")
    return redirect_to(start_page(request.ctx.user))
