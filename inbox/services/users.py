"""Staff accounts: creation with a one-time password, argon2 login with lockout, password change, sessions.

A one-time password (new account, reset) must be changed at the first login and expires after 72 hours.
Lockout is counted in SQL: each attempt first increments gebruiker.failed_logins (UPDATE ... RETURNING), and only
attempts whose incremented count is within MAX_FAILED get their password checked, so parallel guesses get no more.
Signed-in staff sessions are rows in web_sessie (keyed by the SHA-256 of the cookie's session id)."""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.vocab import AMSTERDAM
from inbox.db import utcnow
from inbox.errors import AccountGeblokkeerd, NietGeauthenticeerd, NietGevonden, Ongeldig, WachtwoordVerlopen
from inbox.models import ROLLEN, Gebruiker, WebSessie
from inbox.services import audit

logger = logging.getLogger(__name__)
HASHER = PasswordHasher()
MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
ONE_TIME_VALID = dt.timedelta(hours=72)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


def new_password() -> str:
    return secrets.token_urlsafe(15)


def create_user(session: Session, username: str, role: str, *, team: str | None = None, wie: str = "cli",
                password: str | None = None, ip: str | None = None,
                now: dt.datetime | None = None) -> tuple[Gebruiker, str]:
    """Create an account; returns (user, one-time password, valid for 72 hours). frontteam accounts need a frontteam
    team."""
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
            now = now or utcnow()
            user = Gebruiker(username=username, password_hash=HASHER.hash(password), role=role, team=team,
                             active=True, must_change_password=True, created_at=now, failed_logins=0,
                             password_expires_at=now + ONE_TIME_VALID)
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
    """Check name and password; 5 failures lock the account for 15 minutes. Every attempt is audited.

    The attempt is counted (committed) before the password is checked, and the check uses the incremented count:
    the 6th of many parallel guesses is refused without being evaluated. A correct one-time password older than
    72 hours is refused with WachtwoordVerlopen (said only to whoever knows the password)."""
    now = now or utcnow()
    username = (username or "").strip().lower()
    with session.begin():
        user = session.scalars(select(Gebruiker).where(Gebruiker.username == username)).first()
        attempt = None
        if user is not None and user.active:
            attempt = session.execute(
                update(Gebruiker)
                .where(Gebruiker.id == user.id,
                       (Gebruiker.locked_until.is_(None)) | (Gebruiker.locked_until <= now))
                .values(failed_logins=Gebruiker.failed_logins + 1)
                .returning(Gebruiker.failed_logins)
                .execution_options(synchronize_session=False)).scalar_one_or_none()
            if attempt is None:  # locked
                session.refresh(user)
                audit.log(session, username, "inloggen_geblokkeerd", "gebruiker", user.id, None, ip)
                raise_after = _locked(user)
            elif attempt > MAX_FAILED:  # more parallel guesses than allowed: lock, do not evaluate
                session.execute(update(Gebruiker).where(Gebruiker.id == user.id)
                                .values(locked_until=now + LOCKOUT, failed_logins=0))
                session.refresh(user)
                audit.log(session, username, "inloggen_geblokkeerd", "gebruiker", user.id, None, ip)
                raise_after = _locked(user)
            else:
                raise_after = None
        else:
            raise_after = None
    if raise_after is not None:
        raise raise_after
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        with session.begin():
            audit.log(session, audit.failed_login_name(session, username), "inloggen_mislukt", "gebruiker", None,
                      None, ip)
        raise NietGeauthenticeerd("Gebruikersnaam of wachtwoord onjuist.")
    ok = _verify(user.password_hash, password)
    with session.begin():
        if not ok:
            if attempt >= MAX_FAILED:
                session.execute(update(Gebruiker).where(Gebruiker.id == user.id)
                                .values(locked_until=now + LOCKOUT, failed_logins=0))
            audit.log(session, username, "inloggen_mislukt", "gebruiker", user.id, None, ip)
            failure: Exception = NietGeauthenticeerd("Gebruikersnaam of wachtwoord onjuist.")
        elif _one_time_expired(user, now):
            session.execute(update(Gebruiker).where(Gebruiker.id == user.id).values(failed_logins=0))
            audit.log(session, username, "inloggen_wachtwoord_verlopen", "gebruiker", user.id, None, ip)
            failure = WachtwoordVerlopen("Het eenmalige wachtwoord is verlopen.")
        else:
            user = session.get(Gebruiker, user.id, populate_existing=True)
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            audit.log(session, username, "ingelogd", "gebruiker", user.id, None, ip)
            return user
    raise failure


def _locked(user: Gebruiker) -> AccountGeblokkeerd:
    until = user.locked_until.astimezone(AMSTERDAM).strftime("%H:%M") if user.locked_until else "een kwartier"
    return AccountGeblokkeerd(f"Te veel mislukte pogingen. Probeer het na {until} opnieuw.")


def _one_time_expired(user: Gebruiker, now: dt.datetime) -> bool:
    return bool(user.must_change_password and user.password_expires_at and user.password_expires_at <= now)


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_password(session: Session, user_id: int, old: str, new: str, *, ip: str | None = None,
                    keep_sid: str | None = None) -> Gebruiker:
    """Change one's own password (old one required; at least 12 characters). Ends every other session of the user
    (keep_sid: the session that made the change stays)."""
    if not new or len(new) < MIN_PASSWORD or len(new) > 200:
        raise Ongeldig("Nieuw wachtwoord te kort.", {"new": f"Minimaal {MIN_PASSWORD} tekens."})
    with session.begin():
        user = session.get(Gebruiker, user_id)
        if user is None:
            raise NietGevonden("Gebruiker bestaat niet.")
        if not _verify(user.password_hash, old) or _one_time_expired(user, utcnow()):
            raise Ongeldig("Huidig wachtwoord onjuist.", {"old": "Onjuist."})
        if old == new:
            raise Ongeldig("Kies een ander wachtwoord.", {"new": "Mag niet gelijk zijn aan het huidige."})
        user.password_hash, user.must_change_password, user.password_expires_at = HASHER.hash(new), False, None
        others = delete(WebSessie).where(WebSessie.gebruiker_id == user.id)
        if keep_sid:
            others = others.where(WebSessie.id != _sid_key(keep_sid))
        session.execute(others)
        audit.log(session, user.username, "wachtwoord_gewijzigd", "gebruiker", user.id, None, ip)
    return user


def reset_password(session: Session, user_id: int, *, wie: str, ip: str | None = None) -> tuple[Gebruiker, str]:
    """Beheerder: set a new one-time password and unlock the account (not a deactivated one)."""
    password = new_password()
    with session.begin():
        user = session.get(Gebruiker, user_id)
        if user is None:
            raise NietGevonden("Gebruiker bestaat niet.")
        if not user.active:
            raise Ongeldig("Dit account is gedeactiveerd. Het krijgt geen nieuw wachtwoord.")
        user.password_hash, user.must_change_password = HASHER.hash(password), True
        user.password_expires_at = utcnow() + ONE_TIME_VALID
        user.failed_logins, user.locked_until = 0, None
        session.execute(delete(WebSessie).where(WebSessie.gebruiker_id == user.id))
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
        session.execute(delete(WebSessie).where(WebSessie.gebruiker_id == user.id))
        audit.log(session, wie, "gebruiker_gedeactiveerd", "gebruiker", user.id, {"username": user.username}, ip)
    return user


def get_user_by_name(session: Session, username: str) -> Gebruiker | None:
    with session.begin():
        return session.scalars(select(Gebruiker).where(Gebruiker.username == (username or "").strip().lower())).first()


def has_active_beheerder(session: Session) -> bool:
    with session.begin():
        return session.scalars(select(Gebruiker.id).where(Gebruiker.role == "beheerder",
                                                          Gebruiker.active.is_(True)).limit(1)).first() is not None


# --- staff sessions ----------------------------------------------------------------------------------------------

def _sid_key(sid: str) -> str:
    """Only a hash of the session id is stored: a database read gives no usable cookie."""
    return hashlib.sha256(sid.encode()).hexdigest()


def start_session(session: Session, user_id: int, sid: str, *, lifetime: dt.timedelta,
                  now: dt.datetime | None = None) -> None:
    """Record a signed-in session; sessions past the absolute lifetime (any user) are purged on the way."""
    now = now or utcnow()
    with session.begin():
        session.execute(delete(WebSessie).where(WebSessie.created_at <= now - lifetime))
        session.add(WebSessie(id=_sid_key(sid), gebruiker_id=user_id, created_at=now))


def session_user(session: Session, sid: str, user_id: int, *, lifetime: dt.timedelta,
                 now: dt.datetime | None = None) -> Gebruiker | None:
    """The active user of a live session (exists, belongs to user_id, younger than lifetime), else None."""
    now = now or utcnow()
    with session.begin():
        return session.scalars(
            select(Gebruiker).join(WebSessie, WebSessie.gebruiker_id == Gebruiker.id)
            .where(WebSessie.id == _sid_key(sid), Gebruiker.id == user_id, Gebruiker.active.is_(True),
                   WebSessie.created_at > now - lifetime)).first()


def end_session(session: Session, sid: str) -> None:
    with session.begin():
        session.execute(delete(WebSessie).where(WebSessie.id == _sid_key(sid)))
