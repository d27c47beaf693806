"""Fixtures: a database per test on SQLite and PostgreSQL (fresh schema), users, and a real inbox server."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from inbox.db import Base, make_engine, make_sessionmaker
from tests.support.stack import ROOT, free_port, wait_for_http
from tests.support.payloads import aanmelding_body

PG_ADMIN_URL = os.environ.get("INBOX_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_pg_ok: bool | None = None


def pg_available() -> bool:
    global _pg_ok
    if _pg_ok is None:
        try:
            engine = create_engine(PG_ADMIN_URL)
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_ok = True
        except Exception:  # noqa: BLE001 - any connection problem means: skip the PostgreSQL variant
            _pg_ok = False
    return _pg_ok


class PgSchema:
    """A uniquely named schema in the test database, so parallel runs never share tables."""

    def __init__(self) -> None:
        self.name = f"inbox_t_{secrets.token_hex(6)}"
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        self.url = f"{PG_ADMIN_URL}?options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'inbox.sqlite3'}"
    if not pg_available():
        pytest.skip("PostgreSQL op 127.0.0.1:5432 niet bereikbaar")
    schema = PgSchema()
    request.addfinalizer(schema.drop)
    return schema.url


BACKENDS = [pytest.param("sqlite"), pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    return database_url(request.param, tmp_path, request)


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def Session(engine):
    return make_sessionmaker(engine)


@pytest.fixture
def session(Session):
    with Session() as s:
        yield s


@dataclass
class Actor:
    username: str
    role: str
    team: str | None = None
    active: bool = True


@pytest.fixture
def toegang(Session) -> Actor:
    from inbox.services import users

    with Session() as s:
        users.create_user(s, "tessa", "toegang")
    return Actor("tessa", "toegang")


@pytest.fixture
def neede(Session) -> Actor:
    from inbox.services import users

    with Session() as s:
        users.create_user(s, "nina", "frontteam", team="frontteam_neede")
    return Actor("nina", "frontteam", "frontteam_neede")


@dataclass
class Server:
    url: str
    service_token: str
    read_token: str
    database_url: str
    var_dir: Path
    proc: subprocess.Popen
    stats_token: str = ""

    def service(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.service_token}"}

    def read(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.read_token}"}

    def stats(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.stats_token}"}

    def post(self, body: dict, key: str | None = None, **kw) -> httpx.Response:
        headers = {**self.service(), **({"Idempotency-Key": key} if key else {})}
        return httpx.post(f"{self.url}/api/v1/aanmeldingen", json=body, headers=headers, timeout=30, **kw)


def start_server(var_dir: Path, database_url: str, **settings: str) -> Server:
    """settings: extra environment (e.g. INBOX_READ_RATE_PER_MINUTE="3"). The read-token limit defaults high here
    so functional tests and the fuzzer are not throttled; tests of the limit start their own server."""
    server = spawn_server(var_dir, database_url, **settings)
    wait_until_up(server)
    return server


def wait_until_up(server: Server) -> None:
    try:
        wait_for_http(f"{server.url}/health", 60, server.proc, server.var_dir / "inbox.log")
    except Exception:
        server.proc.kill()
        raise


def spawn_server(var_dir: Path, database_url: str, **settings: str) -> Server:
    """start_server without waiting for it (several servers that should come up together)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOORDEUR_VAR_DIR": str(var_dir), "DATABASE_URL": database_url,
           "INBOX_HOST": "127.0.0.1", "INBOX_PORT": str(port), "INBOX_SERVICE_TOKEN": secrets.token_urlsafe(24),
           "INBOX_READ_TOKEN": secrets.token_urlsafe(24), "INBOX_STATS_TOKEN": secrets.token_urlsafe(24),
           "INBOX_SECRET_KEY": secrets.token_urlsafe(24), "INBOX_READ_RATE_PER_MINUTE": "100000",
           "TRACKER_DB_URL": f"sqlite:///{var_dir / 'rasa_tracker.sqlite3'}", **settings}
    var_dir.mkdir(parents=True, exist_ok=True)
    log = var_dir / "inbox.log"
    proc = subprocess.Popen([sys.executable, "-m", "inbox"], env=env, cwd=ROOT, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    server = Server(url, env["INBOX_SERVICE_TOKEN"], env["INBOX_READ_TOKEN"], database_url, var_dir, proc,
                    env["INBOX_STATS_TOKEN"])
    server.env = env
    return server


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Server:
    """A real `python -m inbox` on a free port with a SQLite database (migrated at start)."""
    var_dir = tmp_path_factory.mktemp("inbox-var")
    srv = start_server(var_dir, f"sqlite:///{var_dir / 'inbox.sqlite3'}")
    yield srv
    stop_server(srv)


@pytest.fixture
def staff_server(db_url, tmp_path) -> Server:
    """A real inbox on the test's database for tests of the staff pages (login limits out of the way), with
    `Session` on it for arranging users and reading rows."""
    server = start_server(tmp_path / "var", db_url, INBOX_LOGIN_MAX_PER_ACCOUNT="1000", INBOX_LOGIN_MAX_PER_IP="1000")
    engine = make_engine(db_url)
    server.Session = make_sessionmaker(engine)
    yield server
    stop_server(server)
    engine.dispose()


body = aanmelding_body  # the name the inbox tests import
