"""Staff pages and personal data, through a real `python -m inbox` on SQLite and PostgreSQL: the werkvoorraad list
audits exactly the aanmeldingen on the page; a beheerder gives a new one-time password from the users page (shown
once, never stored or logged); the login rate limit logs a pseudonym, not the typed name; failed logins that older
versions kept under the typed name are pseudonymised by the CLI and by every retention run."""
from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import insert, select

from inbox.db import make_engine, make_sessionmaker
from inbox.models import AuditLog
from inbox.services import audit, users
from tests.inbox.conftest import body, start_server, stop_server
from tests.support.stack import ROOT

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ID_RE = re.compile(r'href="/aanmeldingen/(\d+)"')
WACHTWOORD = "een-lang-eigen-wachtwoord"
SECRET_KEY = secrets.token_urlsafe(24)


@pytest.fixture
def srv(db_url, tmp_path):
    server = start_server(tmp_path / "var", db_url, INBOX_SECRET_KEY=SECRET_KEY, INBOX_LOGIN_MAX_PER_ACCOUNT="1000",
                          INBOX_LOGIN_MAX_PER_IP="1000")
    engine = make_engine(db_url)
    server.Session = make_sessionmaker(engine)
    server.Keyed = make_sessionmaker(engine, audit_key=SECRET_KEY)
    yield server
    stop_server(server)
    engine.dispose()


def make_user(server, name: str, role: str = "toegang") -> int:
    with server.Session() as s:
        user, one_time = users.create_user(s, name, role, wie="tests")
        users.change_password(s, user.id, one_time, WACHTWOORD)
    return user.id


def signed_in(server, name: str, password: str = WACHTWOORD) -> httpx.Client:
    c = httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)
    token = CSRF_RE.search(c.get("/login").text).group(1)
    r = c.post("/login", data={"csrf_token": token, "gebruikersnaam": name, "wachtwoord": password})
    assert r.status_code == 303, r.text[:300]
    return c


def csrf(c: httpx.Client, path: str) -> str:
    return CSRF_RE.search(c.get(path).text).group(1)


def audit_rows(server, **where) -> list[AuditLog]:
    with server.Session() as s:
        stmt = select(AuditLog).order_by(AuditLog.id)
        for k, v in where.items():
            stmt = stmt.where(getattr(AuditLog, k) == v)
        return list(s.scalars(stmt))


# --- werkvoorraad list: audited per record ---------------------------------------------------------------------

def test_a_werkvoorraad_page_audits_exactly_the_aanmeldingen_it_shows(srv):
    make_user(srv, "tessa")
    for i in range(27):  # one more page than PER_PAGE (25)
        r = srv.post(body(urgentie="spoed" if i < 3 else "normaal", samenvatting=f"Vraag {i} over vervoer."),
                     key=f"lijst-{i}")
        assert r.status_code == 201, r.text
    c = signed_in(srv, "tessa")
    for query in ("/werkvoorraad", "/werkvoorraad?pagina=2", "/werkvoorraad?urgentie=spoed"):
        before = {r.id for r in audit_rows(srv, actie="aanmelding_bekeken")}
        page = c.get(query)
        assert page.status_code == 200
        shown = ID_RE.findall(page.text)
        assert shown and len(set(shown)) == len(shown)
        new = [r for r in audit_rows(srv, actie="aanmelding_bekeken") if r.id not in before]
        assert sorted(r.object_id for r in new) == sorted(shown), query
        assert {(r.wie, r.object_type, r.ip) for r in new} == {("tessa", "aanmelding", "127.0.0.1")}
    assert len(shown) == 3  # the spoed filter: only those three were shown and audited
    # the page that shows nothing audits nothing
    before = len(audit_rows(srv, actie="aanmelding_bekeken"))
    assert ID_RE.findall(c.get("/werkvoorraad?pagina=9").text) == []
    assert len(audit_rows(srv, actie="aanmelding_bekeken")) == before


# --- a new one-time password from the users page ---------------------------------------------------------------

def test_a_beheerder_gives_a_new_one_time_password_from_the_users_page(srv):
    make_user(srv, "bea", "beheerder")
    uid = make_user(srv, "olga")
    olga = signed_in(srv, "olga")
    bea = signed_in(srv, "bea")
    page = bea.get("/beheer/gebruikers")
    assert f'action="/beheer/gebruikers/{uid}/wachtwoord"' in page.text
    # without the CSRF token nothing happens
    r = bea.post(f"/beheer/gebruikers/{uid}/wachtwoord", data={})
    assert r.status_code == 403 and not audit_rows(srv, actie="wachtwoord_gereset")
    r = bea.post(f"/beheer/gebruikers/{uid}/wachtwoord", data={"csrf_token": csrf(bea, "/beheer/gebruikers")})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    nieuw = re.search(r'<code id="eenmalig-wachtwoord">([^<]+)</code>', r.text).group(1)
    assert "72 uur geldig" in r.text and "maar één keer" in r.text
    assert nieuw not in bea.get("/beheer/gebruikers").text  # shown once
    # olga's sessions ended, her old password no longer works, the new one leads to choosing her own
    assert olga.get("/werkvoorraad").headers["location"].startswith("/login")
    c = httpx.Client(base_url=srv.url, timeout=60, follow_redirects=False)
    token = CSRF_RE.search(c.get("/login").text).group(1)
    assert c.post("/login", data={"csrf_token": token, "gebruikersnaam": "olga",
                                  "wachtwoord": WACHTWOORD}).status_code == 401
    assert signed_in(srv, "olga", nieuw).get("/werkvoorraad").headers["location"] == "/account/wachtwoord"
    [row] = audit_rows(srv, actie="wachtwoord_gereset")
    assert (row.wie, row.object_id) == ("bea", str(uid)) and nieuw not in str(row.details)
    with srv.Session() as s:
        assert users.get_user_by_name(s, "olga").password_hash != nieuw
    for path in srv.var_dir.rglob("*"):  # never stored in clear, never logged
        if path.is_file():
            assert nieuw.encode() not in path.read_bytes(), path


def test_only_a_beheerder_resets_and_not_a_deactivated_account(srv):
    make_user(srv, "bea", "beheerder")
    make_user(srv, "olga")
    weg = make_user(srv, "weg")
    olga, bea = signed_in(srv, "olga"), signed_in(srv, "bea")
    r = olga.post(f"/beheer/gebruikers/{weg}/wachtwoord", data={"csrf_token": csrf(olga, "/werkvoorraad")})
    assert r.status_code == 403 and "Geen toegang" in r.text
    token = csrf(bea, "/beheer/gebruikers")
    assert bea.post(f"/beheer/gebruikers/{weg}/deactiveren", data={"csrf_token": token}).status_code == 303
    r = bea.post(f"/beheer/gebruikers/{weg}/wachtwoord", data={"csrf_token": token}, follow_redirects=True)
    assert "gedeactiveerd. Het krijgt geen nieuw wachtwoord" in r.text and "eenmalig-wachtwoord" not in r.text
    r = bea.post("/beheer/gebruikers/999999/wachtwoord", data={"csrf_token": token})
    assert r.status_code == 404
    assert not audit_rows(srv, actie="wachtwoord_gereset")
    assert olga.get("/werkvoorraad").status_code == 200


# --- the login rate limit's log line ---------------------------------------------------------------------------

def test_the_login_rate_limit_logs_a_pseudonym_not_the_typed_name(db_url, tmp_path):
    server = start_server(tmp_path / "var", db_url, INBOX_SECRET_KEY=SECRET_KEY, INBOX_LOGIN_MAX_PER_ACCOUNT="1")
    typed = f"Zomer{secrets.token_hex(4)}!"  # a password typed into the name field
    try:
        codes = []
        for _ in range(3):
            c = httpx.Client(base_url=server.url, timeout=60)
            token = CSRF_RE.search(c.get("/login").text).group(1)
            codes.append(c.post("/login", data={"csrf_token": token, "gebruikersnaam": typed,
                                                "wachtwoord": "wat-dan-ook"}).status_code)
        assert codes == [401, 429, 429]
    finally:
        stop_server(server)
    log = (tmp_path / "var" / "inbox.log").read_text()
    pseudonym = audit.failed_login_name(make_sessionmaker(None, audit_key=SECRET_KEY)(), typed)
    assert log.count(f"login rate limit hit for ip=127.0.0.1 account={pseudonym}") == 2
    assert typed.lower() not in log.lower()


# --- failed logins older versions kept under the typed name ----------------------------------------------------

def _cli(server, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "inbox.cli", *args], env={**server.env, **env}, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _old_failed_login(server, name: str, object_id: str | None = None) -> None:
    """What inbox versions before the pseudonym wrote for a failed login: the typed name (stripped, lower case)."""
    with server.Session() as s, s.begin():
        s.execute(insert(AuditLog).values(wie=name[:100] or "?", actie="inloggen_mislukt", object_type="gebruiker",
                                          object_id=object_id, wanneer=dt.datetime.now(dt.timezone.utc),
                                          ip="192.0.2.7"))


def test_old_failed_logins_under_a_typed_name_are_pseudonymised_by_the_cli_and_by_retention(srv):
    uid = make_user(srv, "anna")
    typos = [f"zomer{secrets.token_hex(3)}!", f"herfst{secrets.token_hex(3)}!"]
    for name in (typos[0], typos[0], typos[1]):
        _old_failed_login(srv, name)
    _old_failed_login(srv, "anna", str(uid))  # a wrong password for an account: the account's name stays
    with srv.Keyed() as keyed:
        expected = [audit.failed_login_name(keyed, n) for n in typos]
    # a failed login the current inbox records (already a pseudonym) is left as it is
    c = httpx.Client(base_url=srv.url, timeout=60)
    token = CSRF_RE.search(c.get("/login").text).group(1)
    assert c.post("/login", data={"csrf_token": token, "gebruikersnaam": typos[1],
                                  "wachtwoord": "x"}).status_code == 401

    run = _cli(srv, "pseudonymise-audit")
    assert run.returncode == 0, run.stderr
    assert "3 mislukte inlogpogingen" in run.stdout
    failed = [r.wie for r in audit_rows(srv, actie="inloggen_mislukt")]
    assert failed == [expected[0], expected[0], expected[1], "anna", expected[1]]
    [done] = audit_rows(srv, actie="auditlog_gepseudonimiseerd")
    assert done.details == {"aantal": 3} and done.wie == "cli"
    # idempotent: a second run changes nothing
    again = _cli(srv, "pseudonymise-audit")
    assert again.returncode == 0 and "0 mislukte inlogpogingen" in again.stdout
    assert [r.wie for r in audit_rows(srv, actie="inloggen_mislukt")] == failed
    assert len(audit_rows(srv, actie="auditlog_gepseudonimiseerd")) == 1
    # without the inbox's key it refuses (another key would give other pseudonyms)
    nokey = _cli(srv, "pseudonymise-audit", INBOX_SECRET_KEY="")
    assert nokey.returncode == 2 and "INBOX_SECRET_KEY ontbreekt" in nokey.stderr

    # every retention run does the same (a backup restored from before the upgrade, say)
    late = f"winter{secrets.token_hex(3)}!"
    _old_failed_login(srv, late)
    run = _cli(srv, "retention", TRACKER_DB_URL="off", RETENTION_OUTBOX_DB="off", RETENTION_LOG_DIR="off")
    assert run.returncode == 0, run.stderr
    assert "1 mislukte inlogpogingen gepseudonimiseerd" in run.stdout
    with srv.Keyed() as keyed:
        assert audit_rows(srv, actie="inloggen_mislukt")[-1].wie == audit.failed_login_name(keyed, late)
    everything = " ".join(f"{r.wie} {r.details}" for r in audit_rows(srv)).lower()
    assert not any(t in everything for t in (*typos, late))
