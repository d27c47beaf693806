"""Accounts through a real `python -m inbox` on SQLite and PostgreSQL: one-time passwords (change first, 72 hours),
atomic lockout under parallel guesses, database-backed sessions (absolute lifetime, revocation across a restart,
a password change ends the other sessions), var/ permissions and the first beheerder's password never on disk."""
from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from inbox.db import make_engine, make_sessionmaker
from inbox.models import AuditLog
from inbox.services import users
from tests.inbox.conftest import body, start_server, stop_server
from tests.support.stack import ROOT

NIEUW = "een-lang-eigen-wachtwoord"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def srv(staff_server):
    return staff_server


def make_user(server, name: str, *, chosen: str | None = NIEUW, now: dt.datetime | None = None) -> str:
    """An account as a beheerder makes it; with `chosen` the user has already replaced the one-time password."""
    with server.Session() as s:
        user, one_time = users.create_user(s, name, "toegang", wie="tests", now=now)
        if chosen:
            users.change_password(s, user.id, one_time, chosen)
    return chosen or one_time


def client(server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)


def token(c: httpx.Client, path: str = "/login") -> str:
    m = CSRF_RE.search(c.get(path, follow_redirects=True).text)
    assert m, path
    return m.group(1)


def login(c: httpx.Client, name: str, password: str) -> httpx.Response:
    return c.post("/login", data={"csrf_token": token(c), "gebruikersnaam": name, "wachtwoord": password})


def change(c: httpx.Client, old: str, new: str) -> httpx.Response:
    return c.post("/account/wachtwoord", data={"csrf_token": token(c, "/account/wachtwoord"), "huidig": old,
                                               "nieuw": new, "herhaal": new})


def test_a_one_time_password_must_be_changed_before_any_other_page(srv):
    one_time = make_user(srv, "olga", chosen=None)
    c = client(srv)
    r = login(c, "olga", one_time)
    assert r.status_code == 303 and r.headers["location"] == "/account/wachtwoord"
    page = c.get("/account/wachtwoord")
    assert page.status_code == 200 and "Kies eerst een eigen wachtwoord" in page.text
    csrf = CSRF_RE.search(page.text).group(1)
    for method, path in (("GET", "/"), ("GET", "/werkvoorraad"), ("GET", "/monitoring"), ("GET", "/login"),
                         ("GET", "/beheer/gebruikers"), ("POST", "/aanmeldingen/1/notitie")):
        r = c.request(method, path, data={"csrf_token": csrf, "tekst": "x"} if method == "POST" else None)
        assert (r.status_code, r.headers.get("location")) == (303, "/account/wachtwoord"), path
    # the API tokens are not a staff session: unaffected
    assert srv.post(body(), key=secrets.token_hex(8)).status_code == 201
    assert change(c, one_time, NIEUW).status_code == 303
    assert c.get("/werkvoorraad").status_code == 200
    # the one-time password is gone; the chosen one works
    assert login(client(srv), "olga", one_time).status_code == 401
    assert login(client(srv), "olga", NIEUW).headers["location"] == "/werkvoorraad"


def test_a_one_time_password_expires_after_72_hours(srv):
    now = dt.datetime.now(dt.timezone.utc)
    oud = make_user(srv, "oud", chosen=None, now=now - dt.timedelta(hours=72, minutes=1))
    vers = make_user(srv, "vers", chosen=None, now=now - dt.timedelta(hours=71))
    r = login(client(srv), "oud", oud)
    assert r.status_code == 401
    assert "eenmalige wachtwoord is verlopen" in r.text and "Vraag de beheerder" in r.text
    # only who knows the password hears it expired; a wrong one gets the usual answer
    r = login(client(srv), "oud", "fout-wachtwoord")
    assert r.status_code == 401 and "verlopen" not in r.text and "klopt niet" in r.text
    assert login(client(srv), "vers", vers).headers["location"] == "/account/wachtwoord"
    # a beheerder's reset gives a fresh 72 hours
    with srv.Session() as s:
        uid = users.get_user_by_name(s, "oud").id
        _, nieuw = users.reset_password(s, uid, wie="bea")
    assert login(client(srv), "oud", nieuw).headers["location"] == "/account/wachtwoord"


def test_parallel_wrong_passwords_get_at_most_five_evaluations(srv):
    make_user(srv, "doelwit")

    def guess(i: int) -> int:
        c = client(srv)
        r = login(c, "doelwit", f"gok-{i}")
        c.close()
        return r.status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(guess, range(20)))
    with srv.Session() as s:
        evaluated = s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.actie == "inloggen_mislukt", AuditLog.wie == "doelwit"))
    assert evaluated <= 5, (evaluated, codes)
    assert codes.count(401) == evaluated and codes.count(429) == 20 - evaluated
    # and the account is locked now, even for the right password
    assert login(client(srv), "doelwit", NIEUW).status_code == 429


def test_a_password_change_ends_the_other_sessions_but_not_this_one(srv):
    make_user(srv, "piet")
    laptop, telefoon = client(srv), client(srv)
    for c in (laptop, telefoon):
        assert login(c, "piet", NIEUW).status_code == 303
        assert c.get("/werkvoorraad").status_code == 200
    assert change(laptop, NIEUW, NIEUW + "-2").status_code == 303
    assert laptop.get("/werkvoorraad").status_code == 200
    oud = {"Cookie": f"vmk_sessie={telefoon.cookies.get('vmk_sessie')}"}
    r = httpx.get(f"{srv.url}/werkvoorraad", headers=oud)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert "Uw sessie is beëindigd" in httpx.get(f"{srv.url}/login", headers=oud).text


def test_sessions_end_after_their_absolute_lifetime_however_active(db_url, tmp_path):
    server = start_server(tmp_path / "var", db_url, INBOX_SESSION_HOURS=str(4 / 3600))
    engine = make_engine(db_url)
    server.Session = make_sessionmaker(engine)
    try:
        make_user(server, "kim")
        c = client(server)
        assert login(c, "kim", NIEUW).status_code == 303
        begin = time.monotonic()
        while time.monotonic() - begin < 3:  # active all the time: the idle timeout (30 min) never applies
            assert c.get("/werkvoorraad").status_code == 200
            time.sleep(0.5)
        time.sleep(1.5)
        r = c.get("/werkvoorraad")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
    finally:
        stop_server(server)
        engine.dispose()


def test_a_logged_out_session_stays_revoked_after_a_restart(db_url, tmp_path):
    key = secrets.token_urlsafe(24)
    server = start_server(tmp_path / "var", db_url, INBOX_SECRET_KEY=key)
    engine = make_engine(db_url)
    server.Session = make_sessionmaker(engine)
    try:
        make_user(server, "lars")
        c = client(server)
        assert login(c, "lars", NIEUW).status_code == 303
        oud = c.cookies.get("vmk_sessie")
        page = c.get("/werkvoorraad")
        assert page.status_code == 200
        assert c.post("/logout", data={"csrf_token": CSRF_RE.search(page.text).group(1)}).status_code == 303
        stop_server(server)
        server = start_server(tmp_path / "var", db_url, INBOX_SECRET_KEY=key)
        r = httpx.get(f"{server.url}/werkvoorraad", headers={"Cookie": f"vmk_sessie={oud}"})
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        # a session that was not logged out survives the restart (same key): revocation is what ended the other
        c2 = httpx.Client(base_url=server.url, timeout=60)
        assert login(c2, "lars", NIEUW).status_code == 303
        levend = c2.cookies.get("vmk_sessie")
        stop_server(server)
        server = start_server(tmp_path / "var", db_url, INBOX_SECRET_KEY=key)
        assert httpx.get(f"{server.url}/werkvoorraad", headers={"Cookie": f"vmk_sessie={levend}"}).status_code == 200
    finally:
        stop_server(server)
        engine.dispose()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_var_is_private_and_holds_no_one_time_password(tmp_path):
    """The real inbox on a fresh var dir (left 0755/0644 by an older version, with its .first-admin file)."""
    var = tmp_path / "var"
    (var / "logs").mkdir(parents=True)
    os.chmod(var, 0o755)
    os.chmod(var / "logs", 0o755)
    (var / "logs" / "rasa.log").write_text("oud logbestand\n")
    os.chmod(var / "logs" / "rasa.log", 0o644)
    (var / ".first-admin").write_text("Eenmalig wachtwoord: geheim\n")
    server = start_server(var, f"sqlite:///{var / 'inbox.sqlite3'}")
    try:
        env = {**server.env}
        run = subprocess.run([sys.executable, "-m", "inbox.cli", "first-admin"], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        password = re.search(r"Eenmalig wachtwoord: (\S+)", run.stdout).group(1)
        again = subprocess.run([sys.executable, "-m", "inbox.cli", "first-admin"], env=env, cwd=ROOT,
                               capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and again.stdout == ""  # there is a beheerder now: nothing printed
        assert login(client(server), "beheerder", password).headers["location"] == "/account/wachtwoord"
    finally:
        stop_server(server)
    assert not (var / ".first-admin").exists()
    entries = [var, *var.rglob("*")]
    assert {p.name for p in entries} >= {"var", "logs", "rasa.log", "inbox.sqlite3", "inbox.log"}
    wrong = {str(p.relative_to(tmp_path)): oct(_mode(p)) for p in entries
             if _mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert wrong == {}
    for p in entries:
        if p.is_file():
            assert password.encode() not in p.read_bytes(), p


def test_env_sh_makes_var_private_for_every_make_target(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    os.chmod(var, 0o755)
    (var / "oud.sqlite3").write_text("x")
    os.chmod(var / "oud.sqlite3", 0o644)
    script = f'VOORDEUR_VAR_DIR="{var}"; source "{ROOT}/scripts/env.sh" && echo log > "$VOORDEUR_VAR_DIR/nieuw.log"'
    subprocess.run(["bash", "-c", script], check=True, capture_output=True, timeout=60, env={**os.environ,
                   "VOORDEUR_VAR_DIR": str(var)})
    modes = {p.name: oct(_mode(p)) for p in (var, *var.iterdir())}
    assert modes == {"var": "0o700", "oud.sqlite3": "0o600", "nieuw.log": "0o600", "secrets.env": "0o600"}
