"""Staff pages (server-rendered Dutch HTML). create_app calls register_web(app).

Routes (roles in brackets; anonymous users are sent to /login):
  GET  /                                   start page per role
  GET  /login, POST /login, POST /logout
  GET  /werkvoorraad                       [toegang, frontteam (own team only)]
  GET  /aanmeldingen/<id>                  [toegang, frontteam (own team only)]  (audited as a view)
  POST /aanmeldingen/<id>/<actie>          [toegang; frontteam for its own items, not label/doorzetten]
  GET  /monitoring, /monitoring/export.csv [toegang, beheerder]
  GET  /beheer/gebruikers, POST /beheer/gebruikers, POST /beheer/gebruikers/<id>/deactiveren [beheerder]
  GET  /beheer/audit                       [beheerder]
  GET  /beheer/bezorgfouten, POST /beheer/bezorgfouten/<id>/afgehandeld [beheerder; toegang may look]
  GET  /beheer/modelpoort                  [beheerder, trainer]
  GET  /training, GET /training/<id>        [trainer]  (every item shown audited as a view)
  POST /training/<id>/<stap>               [trainer]  annoteren, niet-bruikbaar, goedkeuren (a second trainer),
                                                      terugsturen
The trainer sees only the training queue (masked words) and the model gate, never the werkvoorraad.
The beheerder does not see the werkvoorraad or any aanmelding: functioneel beheer needs no personal data (AVG,
data minimisation). The monitoring holds no personal data except the list of partner signals awaiting
terugkoppeling, which only team toegang sees.
"""
from __future__ import annotations

import logging
from pathlib import Path

from sanic import Sanic

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def register_web(app: Sanic) -> None:
    """Register the staff-page blueprints, middleware, static files and Dutch error pages on the inbox app."""
    from inbox.web import auth, beheer, bezorgfouten, modelpoort, monitoring, training, werkvoorraad
    from inbox.web.base import load_session, save_session
    from inbox.web.errors import install_error_pages
    from inbox.web.render import make_env
    from inbox.web.security import LoginRateLimiter, SessionCodec, WebSettings

    settings = WebSettings.from_env(getattr(app.ctx, "config", None))
    app.ctx.web_settings = settings
    app.ctx.web_env = make_env()
    app.ctx.web_sessions = SessionCodec(settings)
    app.ctx.web_login_limiter = LoginRateLimiter(settings.login_max_per_ip, settings.login_max_per_account,
                                                 settings.login_window_seconds, settings.secret_key)
    for bp in (auth.bp, werkvoorraad.bp, monitoring.bp, beheer.bp, bezorgfouten.bp, modelpoort.bp, training.bp):
        app.blueprint(bp)
    app.static("/static/web", str(STATIC), name="web_static")
    app.register_middleware(load_session, "request")
    app.register_middleware(save_session, "response")
    install_error_pages(app)
