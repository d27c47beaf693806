"""Staff accounts: creation with a one-time password, argon2 login with lockout, password change."""
from __future__ import annotations

import datetime as dt
import logging
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.vocab import AMSTERDAM
from inbox.db import utcnow
from inbox.errors import AccountGeblokkeerd, NietGeauthenticeerd, NietGevonden, Ongeldig
from inbox.models import ROLLEN, Gebruiker
from inbox.services import audit

logger = logging.getLogger(__name__)
HASHER = PasswordHasher()
MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


def new_password() -> str:
    return secrets.token_urlsafe(15)


def create_user(session: Session, username: str, role: str, *, team: str | None = None, wie: str = "cli",
                password: str | None = None, ip: str | None = None) -> tuple[Gebruiker, str]:
    """Create an account; returns (user, one-time password). frontteam accounts need a frontteam team."""
    username = (username or "").strip().lower()
    errors: dict[str, str] = {}
    if not USERNAME.match(username):
        errors["username"] = "2-100 tekens: kleine letters, cijfers, punt, streepje of liggend streepje."
    if role not in ROLLEN:
        errors["role"] = f"Kies een van: {', '.join(ROLLEN)}."
    if role == "frontteam":
        if not team or not team.startswith("frontteam_") or team not in vocab.codes().teams:
            errors["team"] = "Een frontteam-account hoort bij een frontteam."
    else:
        team = None
    if errors:
        raise Ongeldig("Account kan niet worden aangemaakt.", errors)
    password = password or new_password()
    try:
        with session.begin():
            user = Gebruiker(username=username, password_hash=HASHER.hash(password), role=role, team=team,
                             active=True, must_change_password=True, created_at=utcnow(), failed_logins=0)
            session.add(user)
            session.flush()
            audit.log(session, wie, "gebruiker_aangemaakt", "gebruiker", user.id,
                      {"username": username, "role": role, "team": team}, ip)
    except IntegrityError:
        session.rollback()
        raise Ongeldig("Deze gebruikersnaam bestaat al.", {"username": "Kies een andere naam."}) from None
    return user, password


def authenticate(session: Session, username: str, password: str, *, ip: str | None = None,
                 now: dt.datetime | None = None) -> Gebruiker:
    """Check name and password; 5 failures lock the account for 15 minutes. Every attempt is audited."""
    now = now or utcnow()
    username = (username or "").strip().lower()
    failure: Exception | None = None
    # Failures are committed (counter, lockout, audit) before the exception is raised.
    with session.begin():
        user = session.scalars(select(Gebruiker).where(Gebruiker.username == username)).first()
        if user is None or not user.active:
            _verify(_DUMMY_HASH, password)
            audit.log(session, audit.failed_login_name(session, username), "inloggen_mislukt", "gebruiker", None,
                      None, ip)
            failure = NietGeauthenticeerd("Gebruikersnaam of wachtwoord onjuist.")
        elif user.locked_until and user.locked_until > now:
            audit.log(session, username, "inloggen_geblokkeerd", "gebruiker", user.id, None, ip)
            failure = AccountGeblokkeerd(f"Te veel mislukte pogingen. Probeer het na "
                                         f"{user.locked_until.astimezone(AMSTERDAM).strftime('%H:%M')} opnieuw.")
        elif not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
            audit.log(session, username, "inloggen_mislukt", "gebruiker", user.id, None, ip)
            failure = NietGeauthenticeerd("Gebruikersnaam of wachtwoord onjuist.")
        else:
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            audit.log(session, username, "ingelogd", "gebruiker", user.id, None, ip)
    if failure is not None:
        raise failure
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_password(session: Session, user_id: int, old: str, new: str, *, ip: str | None = None) -> Gebruiker:
    """Change one's own password (old one required; at least 12 characters)."""
    if not new or len(new) < MIN_PASSWORD or len(new) > 200:
        raise Ongeldig("Nieuw wachtwoord te kort.", {"new": f"Minimaal {MIN_PASSWORD} tekens."})
    with session.begin():
        user = session.get(Gebruiker, user_id)
        if user is None:
            raise NietGevonden("Gebruiker bestaat niet.")
        if not _verify(user.password_hash, old):
            raise Ongeldig("Huidig wachtwoord onjuist.", {"old": "Onjuist."})
        if old == new:
            raise Ongeldig("Kies een ander wachtwoord.", {"new": "Mag niet gelijk zijn aan het huidige."})
        user.password_hash, user.must_change_password = HASHER.hash(new), False
        audit.log(session, user.username, "wachtwoord_gewijzigd", "gebruiker", user.id, None, ip)
    return user


def reset_password(session: Session, user_id: int, *, wie: str, ip: str | None = None) -> tuple[Gebruiker, str]:
    """Beheerder: set a new one-time password and unlock the account."""
    password = new_password()
    with session.begin():
        user = session.get(Gebruiker, user_id)
        if user is None:
            raise NietGevonden("Gebruiker bestaat niet.")
        user.password_hash, user.must_change_password = HASHER.hash(password), True
        user.failed_logins, user.locked_until = 0, None
        audit.log(session, wie, "wachtwoord_gereset", "gebruiker", user.id, None, ip)
    return user, password


def list_users(session: Session) -> list[Gebruiker]:
    with session.begin():
        return list(session.scalars(select(Gebruiker).order_by(Gebruiker.username)).all())


def assignable_users(session: Session) -> list[Gebruiker]:
    """Active accounts an aanmelding can be assigned to (team toegang and the frontteams), by name."""
    with session.begin():
        return list(session.scalars(select(Gebruiker).where(Gebruiker.active.is_(True),
                                                            Gebruiker.role.in_(("toegang", "frontteam")))
                                    .order_by(Gebruiker.username)).all())


def get_user(session: Session, user_id: int) -> Gebruiker | None:
    with session.begin():
        return session.get(Gebruiker, user_id)


def deactivate_user(session: Session, user_id: int, *, wie: str, ip: str | None = None) -> Gebruiker:
    with session.begin():
        user = session.get(Gebruiker, user_id)
        if user is None:
            raise NietGevonden("Gebruiker bestaat niet.")
        user.active = False
        audit.log(session, wie, "gebruiker_gedeactiveerd", "gebruiker", user.id, {"username": user.username}, ip)
    return user
