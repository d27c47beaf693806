"""Session cookie, CSRF token, login rate limit and security headers for the staff pages.

The session is a cookie signed with HMAC-SHA256 (INBOX_SECRET_KEY) that carries a random session id, the user id,
the CSRF token and the time of the last request. Idle sessions expire (INBOX_IDLE_MINUTES, default 30). A signed-in
session is also a row in the database (web_sessie): it ends for good after INBOX_SESSION_HOURS (default 12) however
active, and logout, a password change (the other sessions), a reset or deactivation delete it, which holds across
restarts. Every request re-reads the user, so a deactivated account is out at once.
With INBOX_COOKIE_SECURE=1 the cookie is `__Host-vmk_sessie` (Secure, Path=/, no Domain) and every response carries
HSTS. The login rate limit is counted in the database too, so it holds across workers.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.orm import Session

from inbox.services import limits

COOKIE_NAME = "vmk_sessie"
HOST_COOKIE_NAME = "__Host-" + COOKIE_NAME  # when secure: the browser refuses it from a sibling domain or over http
HSTS = "max-age=31536000; includeSubDomains"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
       "form-action 'self'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _truthy(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


@dataclass
class WebSettings:
    """Settings of the staff pages, read from the environment (defaults work on localhost)."""

    secret_key: bytes
    cookie_secure: bool
    idle_seconds: int
    session_seconds: int = 12 * 3600
    login_max_per_ip: int = 20
    login_max_per_account: int = 5
    login_window_seconds: int = 900

    @classmethod
    def from_env(cls, config: object | None = None) -> "WebSettings":
        """From the inbox Config (secret_key, cookie_secure) with the environment as fallback."""
        env = os.environ
        key = str(getattr(config, "secret_key", "") or env.get("INBOX_SECRET_KEY", ""))
        if not key:
            # Embedded mode without a configured key: sessions survive only this process.
            key = secrets.token_urlsafe(32)
        secure = getattr(config, "cookie_secure", None)
        if secure is None:
            secure = _truthy(env.get("INBOX_COOKIE_SECURE"), False)
        return cls(
            secret_key=key.encode(),
            cookie_secure=bool(secure),
            idle_seconds=int(float(env.get("INBOX_IDLE_MINUTES") or 30) * 60),
            session_seconds=int(float(env.get("INBOX_SESSION_HOURS") or 12) * 3600),
            login_max_per_ip=int(env.get("INBOX_LOGIN_MAX_PER_IP") or 20),
            login_max_per_account=int(env.get("INBOX_LOGIN_MAX_PER_ACCOUNT") or 5),
            login_window_seconds=int(env.get("INBOX_LOGIN_WINDOW_SECONDS") or 900),
        )

    @property
    def cookie_name(self) -> str:
        return HOST_COOKIE_NAME if self.cookie_secure else COOKIE_NAME


@dataclass
class Session:
    """What the signed cookie carries."""

    sid: str
    csrf: str
    uid: object | None = None
    seen: float = field(default_factory=time.time)
    flash: list[list[str]] = field(default_factory=list)
    expired: bool = False  # set when an idle session was just thrown away (to explain it on the login page)
    ended: bool = False  # set when a signed-in session was over (lifetime, logout elsewhere, password change)

    def to_dict(self) -> dict:
        return {"sid": self.sid, "csrf": self.csrf, "uid": self.uid, "seen": int(self.seen), "flash": self.flash}


def new_session() -> Session:
    return Session(sid=secrets.token_urlsafe(18), csrf=secrets.token_urlsafe(24))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Signs and verifies session cookies (whether a signed-in session is still live is the database's call)."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings

    def _sign(self, payload: bytes) -> str:
        return _b64(hmac.new(self.settings.secret_key, payload, hashlib.sha256).digest())

    def dumps(self, session: Session) -> str:
        payload = json.dumps(session.to_dict(), separators=(",", ":")).encode()
        return f"{_b64(payload)}.{self._sign(payload)}"

    def loads(self, cookie: str | None) -> Session:
        """A valid session from the cookie, or a fresh anonymous one."""
        if not cookie or "." not in cookie:
            return new_session()
        body, sig = cookie.rsplit(".", 1)
        try:
            payload = _unb64(body)
        except (ValueError, TypeError):
            return new_session()
        if not hmac.compare_digest(self._sign(payload), sig):
            return new_session()
        try:
            data = json.loads(payload)
            sess = Session(sid=str(data["sid"]), csrf=str(data["csrf"]), uid=data.get("uid"),
                           seen=float(data.get("seen", 0)), flash=list(data.get("flash") or []))
        except (ValueError, KeyError, TypeError):
            return new_session()
        if time.time() - sess.seen > self.settings.idle_seconds:
            fresh = new_session()
            fresh.expired = sess.uid is not None
            return fresh
        return sess


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf.encode(), str(token).encode())


class LoginRateLimiter:
    """Sliding-window limit on failed logins, per client IP and per account name, counted in the database so every
    worker counts the same attempts (inbox/services/limits.py; keys are HMACs, no address or typed name is stored).
    Methods take a database session (run them through the web backend)."""

    def __init__(self, max_per_ip: int, max_per_account: int, window: int, secret: bytes,
                 clock: Callable[[], float] = time.time) -> None:
        self.max_per_ip = max_per_ip
        self.max_per_account = max_per_account
        self.window = window
        self.secret = secret
        self._clock = clock

    def _ip(self, ip: str) -> str:
        return limits.pseudonym(self.secret, f"login-ip:{ip}")

    def _account(self, account: str) -> str:
        return limits.pseudonym(self.secret, f"login-account:{account.lower()}")

    def blocked(self, session: Session, ip: str, account: str) -> bool:
        limits_of = [(self._ip(ip), self.max_per_ip), (self._account(account), self.max_per_account)]
        return limits.reached(session, limits_of, self.window, self._clock())

    def failure(self, session: Session, ip: str, account: str) -> None:
        limits.record(session, [self._ip(ip), self._account(account)], self.window, self._clock())

    def success(self, session: Session, account: str) -> None:
        limits.forget(session, self._account(account))
