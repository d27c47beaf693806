"""Nothing personal leaks into errors, logs or the audit log: engine errors hide their bound values, and a failed
login under a name that is no account is recorded as a keyed pseudonym, never as typed (SQLite and PostgreSQL)."""
from __future__ import annotations

import logging
import re
import secrets

import httpx
import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from inbox.db import make_engine, make_sessionmaker
from inbox.models import AuditLog
from inbox.services import audit, users
from tests.inbox.conftest import BACKENDS, database_url, start_server, stop_server

PERSONAL = "Jan de Vries, 06-12345678, mijn dochter heeft schulden"


def _error_text(engine, statement, caplog) -> str:
    """Run a statement that the database refuses; everything the error and the inbox's log line would show."""
    with pytest.raises(IntegrityError) as err, engine.begin() as conn:
        conn.execute(statement)
    try:
        raise err.value
    except IntegrityError:
        logging.getLogger("inbox").exception("database error")  # what the inbox's error handler writes
    return str(err.value) + repr(err.value) + caplog.text


# Refused rows: a primary-key violation (the values are bound parameters) and a NOT NULL violation
# (PostgreSQL's DETAIL line repeats the whole row).
REFUSED = [
    ("duplicate id", dict(id=7, wie=PERSONAL, actie="test", details={"verhaal": PERSONAL})),
    ("missing actie", dict(id=8, wie=PERSONAL, actie=None, details={"verhaal": PERSONAL})),
]


@pytest.mark.parametrize("case,row", REFUSED)
def test_a_database_error_does_not_carry_the_personal_values_it_was_given(engine, caplog, case, row):
    caplog.set_level(logging.DEBUG)
    with engine.begin() as conn:
        conn.execute(insert(AuditLog).values(id=7, wie="tessa", actie="test"))
    text = _error_text(engine, insert(AuditLog).values(**row), caplog)
    assert "INSERT INTO audit_log" in text  # the statement is still there to debug with
    for fragment in ("Jan de Vries", "12345678", "schulden"):
        assert fragment not in text, case


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SECRET_KEY = secrets.token_urlsafe(24)


@pytest.fixture(scope="module", params=BACKENDS)
def web(request, tmp_path_factory):
    var_dir = tmp_path_factory.mktemp(f"inbox-login-{request.param}")
    srv = start_server(var_dir, database_url(request.param, var_dir, request), INBOX_SECRET_KEY=SECRET_KEY)
    request.addfinalizer(lambda: stop_server(srv))
    return srv


def _login(server, naam: str, wachtwoord: str) -> int:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = CSRF.search(client.get("/login").text).group(1)
        return client.post("/login", data={"csrf_token": token, "gebruikersnaam": naam,
                                           "wachtwoord": wachtwoord}).status_code


def test_failed_logins_keep_a_keyed_pseudonym_of_an_unknown_name_never_the_name(web):
    engine = make_engine(web.database_url)
    Session = make_sessionmaker(engine)
    try:
        with Session() as s:
            user, password = users.create_user(s, f"anna{secrets.token_hex(2)}", "toegang")
        known = user.username
        typo = f"Zomer{secrets.token_hex(3)}!"  # a password typed into the name field
        other = f"Herfst{secrets.token_hex(3)}!"
        for naam in (typo, typo, other):
            assert _login(web, naam, "wat-dan-ook") == 401
        assert _login(web, known, "fout") == 401
        assert _login(web, known, password) == 303

        with Session() as s:
            rows = list(s.scalars(select(AuditLog).where(AuditLog.actie.in_(("inloggen_mislukt", "ingelogd")))
                                  .order_by(AuditLog.id)))
            # The pseudonym is keyed with INBOX_SECRET_KEY: a beheerder (or a restarted inbox) derives the same one.
            keyed = make_sessionmaker(engine, audit_key=SECRET_KEY)()
            expected = [audit.failed_login_name(keyed, n) for n in (typo, typo, other)]
        everything = " ".join(f"{r.wie} {r.object_id} {r.details}" for r in rows).lower()
        assert typo.lower() not in everything and other.lower() not in everything
        assert [r.wie for r in rows] == [*expected, known, known]
        assert expected[0] == expected[1] != expected[2] and expected[0].startswith("onbekend:")
        assert [r.actie for r in rows[-2:]] == ["inloggen_mislukt", "ingelogd"]
    finally:
        engine.dispose()


def test_the_pseudonym_depends_on_the_key():
    a = make_sessionmaker(None, audit_key="sleutel-a")()
    b = make_sessionmaker(None, audit_key="sleutel-b")()
    assert audit.failed_login_name(a, " Piet ") == audit.failed_login_name(a, "piet")
    assert audit.failed_login_name(a, "piet") != audit.failed_login_name(b, "piet")
