"""Retention over every store, with the clock moved: the inbox (open and closed aanmeldingen, audit IPs), Rasa's
tracker store, the action server's outbox and the log folder, on SQLite and PostgreSQL. The service gets `now`;
the real CLI runs as a process with zero periods; an unreachable store makes it exit non-zero."""
from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from bot.actions.inbox_client import InboxClient
from bot.actions.outbox import AANMELDING, Outbox
from inbox import schemas
from inbox.config import Config
from inbox.db import make_engine, make_sessionmaker
from inbox.migrate import upgrade
from inbox.models import Aanmelding, AuditLog, Notitie
from inbox.services import intake, monitoring, retention, workflow
from tests.inbox.conftest import PgSchema, body, pg_available
from tests.support.stack import ROOT, free_port

MONTH = dt.timedelta(days=30)
IPV4, IPV6, MAPPED = "192.0.2.45", "2001:db8:abcd:12::7", "::ffff:198.51.100.7"


@dataclass
class Stores:
    config: Config
    Session: object
    tracker_url: str
    outbox: Path
    logs: Path


def _tracker_url(backend: str, tmp_path: Path, request) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'rasa_tracker.sqlite3'}"
    schema = PgSchema()
    request.addfinalizer(schema.drop)
    return schema.url


@pytest.fixture
def stores(db_url, tmp_path, request) -> Stores:
    """Every store retention cleans, empty, on the inbox's backend (the outbox is SQLite, as in the action server)."""
    upgrade(db_url)
    engine = make_engine(db_url)
    request.addfinalizer(engine.dispose)
    tracker_url = _tracker_url("sqlite" if db_url.startswith("sqlite") else "postgresql", tmp_path, request)
    tracker = create_engine(tracker_url)
    with tracker.begin() as conn:  # the columns of Rasa's SQLTrackerStore that retention reads
        conn.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                          "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                          "action_name VARCHAR(255), data TEXT)"))
    tracker.dispose()
    var = tmp_path / "var"
    (var / "logs").mkdir(parents=True)
    config = Config(var_dir=var, database_url=db_url, tracker_db_url=tracker_url, service_token="s", read_token="r")
    assert Path(config.outbox_db) == var / "outbox.sqlite3" and Path(config.log_dir) == var / "logs"
    return Stores(config, make_sessionmaker(engine), tracker_url, var / "outbox.sqlite3", var / "logs")


def _aanmelding(Session, when: dt.datetime) -> int:
    """An aanmelding as the API creates it at `when`."""
    data = schemas.parse(schemas.models()[0], body())
    with Session() as s:
        a, _ = intake.create_aanmelding(s, data, secrets.token_hex(8), now=when)
    return a.id


def _tracker_events(url: str, rows: list[tuple[str, dt.datetime]]) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        next_id = conn.scalar(text("SELECT COALESCE(MAX(id), 0) FROM events")) + 1
        for i, (sender, when) in enumerate(rows):
            conn.execute(text("INSERT INTO events (id, sender_id, type_name, timestamp, data) "
                              "VALUES (:i, :s, 'user', :t, '{\"text\": \"Mijn naam is Jan\"}')"),
                         {"i": next_id + i, "s": sender, "t": when.timestamp()})
    engine.dispose()


def _senders(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {r[0] for r in conn.execute(text("SELECT sender_id FROM events"))}
    engine.dispose()
    return found


async def _outbox_rows(path: Path, inbox_url: str, token: str) -> dict[str, str]:
    """One outbox row in each state, reached through the real outbox against a real inbox."""
    up = Outbox(path, InboxClient(inbox_url, token))
    down = Outbox(path, InboxClient(f"http://127.0.0.1:{free_port()}", token))
    up.enqueue("afgeleverd", AANMELDING, body(), wake=False)
    up.enqueue("geweigerd", AANMELDING, body(toestemming={"gegeven": False, "tekstversie": "v1",
                                                          "tijdstip": "2026-11-24T10:00:00Z"}), wake=False)
    down.enqueue("wachtend", AANMELDING, body(), wake=False)
    states = {"afgeleverd": (await up.deliver("afgeleverd")).status,
              "geweigerd": (await up.deliver("geweigerd")).status,
              "wachtend": (await down.deliver("wachtend", timeout=0.5)).status}
    for box in (up, down):
        await box.client.aclose()
    assert states["afgeleverd"] == "delivered" and states["wachtend"] == "pending"
    assert states["geweigerd"] not in ("delivered", "pending")  # refused for good (failed / dead-letter)
    return states


def _outbox_keys(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("SELECT key FROM outbox")}


def _figures(Session, t0: dt.datetime) -> dict:
    with Session() as s:
        fig = monitoring.statistieken(s, periode="maand", van=t0 - 17 * MONTH, tot=t0 + dt.timedelta(days=1),
                                      now=t0)
    fig.pop("gemaakt_op")
    return fig["totaal"]


def _state(Session, ids: dict[str, int]) -> dict[str, tuple[bool, bool, bool]]:
    """Per aanmelding: (flagged, anonymised, in the werkvoorraad)."""
    with Session() as s, s.begin():
        rows = {a.id: a for a in s.scalars(select(Aanmelding).where(Aanmelding.id.in_(ids.values())))}
        return {k: (rows[i].bewaartermijn_verlopen_op is not None and rows[i].geanonimiseerd_op is None,
                    rows[i].geanonimiseerd_op is not None and rows[i].contact_naam is None
                    and rows[i].samenvatting is None and rows[i].transcript is None, rows[i].actief)
                for k, i in ids.items()}


def _ips(Session) -> list[str]:
    with Session() as s, s.begin():
        return sorted(ip for ip in s.scalars(select(AuditLog.ip)) if ip)


def _touch(path: Path, content: str, when: dt.datetime) -> Path:
    path.write_text(content)
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


async def test_retention_moves_every_store_through_time(stores, server, toegang):
    t0 = dt.datetime.now(dt.timezone.utc)
    S = stores.Session
    ids = {"a_vergeten": _aanmelding(S, t0 - 15 * MONTH), "b_opgepakt": _aanmelding(S, t0 - 15 * MONTH),
           "c_afgerond": _aanmelding(S, t0 - 15 * MONTH), "d_recent": _aanmelding(S, t0 - 2 * MONTH),
           "e_later_opgepakt": _aanmelding(S, t0 - 15 * MONTH)}
    with S() as s:
        workflow.claim(s, toegang, ids["b_opgepakt"], ip=IPV4)
        workflow.close(s, toegang, ids["c_afgerond"], "geholpen_algemene_voorziening", ip=IPV6)
    _tracker_events(stores.tracker_url, [("oud", t0 - dt.timedelta(days=40)), ("oud", t0 - dt.timedelta(days=39)),
                                         ("recent", t0 - dt.timedelta(days=40)), ("recent", t0 - dt.timedelta(days=1))])
    states = await _outbox_rows(stores.outbox, server.url, server.service_token)
    logs = stores.logs
    _touch(logs / "inbox.log", "vandaag\n", t0)
    _touch(logs / "rasa.log", "stil sinds lang\n", t0 - dt.timedelta(days=40))
    _touch(logs / "actions.log.20260101T000000Z", "oud geroteerd\n", t0 - dt.timedelta(days=40))
    _touch(logs / "actions.log.20261125T000000Z", "recent geroteerd\n", t0 - dt.timedelta(days=5))
    _touch(logs / "leeg.log", "", t0 - dt.timedelta(days=40))
    _touch(logs / "lees-mij.txt", "geen log\n", t0 - dt.timedelta(days=40))  # not a log file: left alone
    before = _figures(S, t0)
    assert (before["aanmeldingen"], before["open"], before["afgerond"], before["verlopen_niet_afgerond"],
            before["bewaartermijn_verlopen"]) == (5, 4, 1, 0, 0)

    # Run 1, today: the two forgotten ones are flagged (not yet touched); old tracker, log files go.
    now1 = dt.datetime.now(dt.timezone.utc)
    with S() as s:
        v1 = retention.run(s, stores.config, now=now1)
    assert v1.fouten == [] and v1.uitgeschakeld == []
    assert _state(S, ids) == {"a_vergeten": (True, False, True), "b_opgepakt": (False, False, True),
                              "c_afgerond": (False, False, False), "d_recent": (False, False, True),
                              "e_later_opgepakt": (True, False, True)}
    assert (v1.open_gemarkeerd, v1.open_geanonimiseerd, v1.geanonimiseerd) == (2, 0, 0)
    assert _senders(stores.tracker_url) == {"recent"} and v1.tracker_gesprekken_zonder_aanmelding == 1
    assert _outbox_keys(stores.outbox) == {"afgeleverd", "geweigerd", "wachtend"}
    stamp = now1.strftime("%Y%m%dT%H%M%SZ")
    assert sorted(p.name for p in logs.iterdir()) == sorted(
        ["inbox.log", f"inbox.log.{stamp}", "rasa.log", "actions.log.20261125T000000Z", "leeg.log", "lees-mij.txt"])
    assert (logs / "inbox.log").read_text() == "" and (logs / f"inbox.log.{stamp}").read_text() == "vandaag\n"
    assert (logs / "rasa.log").read_text() == ""  # emptied, not deleted: a quiet service may hold it open
    assert _ips(S) == sorted([IPV4, IPV6])
    flagged = _figures(S, t0)
    assert flagged["bewaartermijn_verlopen"] == 2
    assert {k: v for k, v in flagged.items() if k != "bewaartermijn_verlopen"} == {
        k: v for k, v in before.items() if k != "bewaartermijn_verlopen"}
    with S() as s:
        lijst = retention.verlopen_lijst(s, stores.config.retention_grace_days)
    assert [r["id"] for r in lijst] == sorted([ids["a_vergeten"], ids["e_later_opgepakt"]])
    assert all(r["anonimiseren_vanaf"] == r["gemarkeerd_op"] + dt.timedelta(days=30) for r in lijst)

    # Someone handles E during the grace period.
    with S() as s:
        workflow.add_note(s, toegang, ids["e_later_opgepakt"], "Gebeld, terugbellen volgende week.", ip=MAPPED)

    # Run 2, a month later: A is anonymised (grace over), E's flag is lifted; delivered and refused outbox rows
    # and every rotated log go; the pending request stays (a promise to an inwoner).
    with S() as s:
        v2 = retention.run(s, stores.config, now=now1 + dt.timedelta(days=31))
    assert v2.fouten == []
    assert _state(S, ids) == {"a_vergeten": (False, True, False), "b_opgepakt": (False, False, True),
                              "c_afgerond": (False, False, False), "d_recent": (False, False, True),
                              "e_later_opgepakt": (False, False, True)}
    assert (v2.open_geanonimiseerd, v2.open_markering_opgeheven, v2.open_gemarkeerd) == (1, 1, 0)
    with S() as s, s.begin():
        assert s.scalars(select(Notitie).where(Notitie.aanmelding_id == ids["a_vergeten"])).all() == []
        a = s.get(Aanmelding, ids["a_vergeten"])
        assert (a.status, a.afgerond_op, a.uitkomst, a.onderwerp) == ("nieuw", None, None, "huishoudelijke_hulp")
    assert _senders(stores.tracker_url) == set()
    assert _outbox_keys(stores.outbox) == {"wachtend"} and states["wachtend"] == "pending"
    assert (v2.outbox_afgeleverd_verwijderd, v2.outbox_mislukt_verwijderd) == (1, 1)
    assert sorted(p.name for p in logs.iterdir()) == ["inbox.log", "leeg.log", "lees-mij.txt", "rasa.log"]
    assert (logs / "lees-mij.txt").read_text() == "geen log\n"
    after = _figures(S, t0)
    moved = {"open": -1, "verlopen_niet_afgerond": +1, "bewaartermijn_verlopen": 0}
    assert {k: after[k] - before[k] for k in moved} == moved
    assert {k: v for k, v in after.items() if k not in moved} == {k: v for k, v in before.items() if k not in moved}
    assert after["open"] + after["afgerond"] + after["verlopen_niet_afgerond"] == after["aanmeldingen"]

    # Run 3, thirteen months on: C (closed a year ago) is anonymised; B, D and E have waited a year without any
    # handling and are flagged; the audit IPs are cut to their networks.
    with S() as s:
        v3 = retention.run(s, stores.config, now=now1 + 13 * MONTH)
    assert v3.fouten == [] and (v3.geanonimiseerd, v3.open_gemarkeerd, v3.open_geanonimiseerd) == (1, 3, 0)
    assert _state(S, ids) == {"a_vergeten": (False, True, False), "b_opgepakt": (True, False, True),
                              "c_afgerond": (False, True, False), "d_recent": (True, False, True),
                              "e_later_opgepakt": (True, False, True)}
    assert _ips(S) == sorted(["192.0.2.0/24", "2001:db8:abcd::/48", "198.51.100.0/24"])
    assert _outbox_keys(stores.outbox) == {"wachtend"}
    last = _figures(S, t0)
    assert {k: v for k, v in last.items() if k != "bewaartermijn_verlopen"} == {
        k: v for k, v in after.items() if k != "bewaartermijn_verlopen"}
    assert last["bewaartermijn_verlopen"] == 3


@pytest.mark.parametrize("ip, network", [
    ("192.0.2.45", "192.0.2.0/24"), ("2001:db8:abcd:12::7", "2001:db8:abcd::/48"),
    ("::ffff:198.51.100.7", "198.51.100.0/24"), ("onbekend", None), (" 10.1.2.3 ", "10.1.2.0/24"),
])
def test_an_audit_ip_is_cut_to_its_network(ip, network):
    assert retention.truncate_ip(ip) == network


# --- the real CLI ------------------------------------------------------------------------------------------------

def _cli(config: Config, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOORDEUR_VAR_DIR": str(config.var_dir),
           "DATABASE_URL": config.database_url, "TRACKER_DB_URL": config.tracker_db_url,
           "INBOX_SERVICE_TOKEN": "s", "INBOX_READ_TOKEN": "r", "INBOX_STATS_TOKEN": "b"}
    for name in ("RETENTION_OUTBOX_DB", "RETENTION_LOG_DIR", "TRACKER_DB"):
        env.pop(name, None)
    env.update(settings)
    return subprocess.run([sys.executable, "-m", "inbox.cli", "retention"], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


ZERO = {"INBOX_RETENTION_OPEN_MONTHS": "0", "INBOX_RETENTION_GRACE_DAYS": "0", "AUDIT_IP_RETENTION_DAYS": "0",
        "OUTBOX_DELIVERED_RETENTION_DAYS": "0", "OUTBOX_FAILED_RETENTION_DAYS": "0", "TRACKER_RETENTION_DAYS": "0",
        "LOG_RETENTION_DAYS": "0"}


async def test_the_cli_applies_every_period_from_the_environment(stores, server, toegang):
    t0 = dt.datetime.now(dt.timezone.utc)
    S = stores.Session
    open_id, closed_id = _aanmelding(S, t0 - dt.timedelta(days=1)), _aanmelding(S, t0 - dt.timedelta(days=1))
    with S() as s:
        workflow.close(s, toegang, closed_id, "geholpen_algemene_voorziening", ip=IPV4)
    _tracker_events(stores.tracker_url, [("gesprek", t0 - dt.timedelta(seconds=5))])
    await _outbox_rows(stores.outbox, server.url, server.service_token)
    _touch(stores.logs / "inbox.log", "regel\n", t0 - dt.timedelta(seconds=5))
    _touch(stores.logs / "inbox.log.20261101T000000Z", "oud\n", t0 - dt.timedelta(seconds=5))
    before = _figures(S, t0)

    first = _cli(stores.config, **ZERO)
    assert first.returncode == 0, first.stderr
    assert "1 gemarkeerd" in first.stdout and "1 IP-adressen ingekort" in first.stdout
    assert _state(S, {"open": open_id}) == {"open": (True, False, True)}
    assert _ips(S) == ["192.0.2.0/24"] and _senders(stores.tracker_url) == set()
    assert _outbox_keys(stores.outbox) == {"wachtend"}
    assert [p.name for p in stores.logs.iterdir()] == ["inbox.log"] and (stores.logs / "inbox.log").read_text() == ""

    second = _cli(stores.config, **ZERO)  # the grace period (0 days) is over: anonymised
    assert second.returncode == 0, second.stderr
    assert _state(S, {"open": open_id}) == {"open": (False, True, False)}
    after = _figures(S, t0)
    assert (after["open"], after["verlopen_niet_afgerond"]) == (before["open"] - 1, 1)
    assert after["aanmeldingen"] == before["aanmeldingen"] and after["afgerond"] == before["afgerond"]

    # With the default periods nothing more happens: the aanmelding closed yesterday is kept.
    third = _cli(stores.config)
    assert third.returncode == 0 and "Geanonimiseerd: 0" in third.stdout


def _unreachable_pg() -> str:
    return f"postgresql+psycopg://postgres:geheim@127.0.0.1:{free_port()}/voordeur"


STORE_PROBLEMS = [  # (name, settings given to the CLI, the store the message must name)
    ("tracker file missing", lambda var: {"TRACKER_DB_URL": f"sqlite:///{var / 'nergens.sqlite3'}"},
     "Rasa tracker store"),
    ("tracker server down", lambda var: {"TRACKER_DB_URL": _unreachable_pg()}, "Rasa tracker store"),
    ("tracker without events", lambda var: {"TRACKER_DB_URL": f"sqlite:///{var / 'leeg.sqlite3'}"},
     "Rasa tracker store"),
    ("outbox missing", lambda var: {"RETENTION_OUTBOX_DB": str(var / "weg.sqlite3")}, "outbox van de actieserver"),
    ("log folder missing", lambda var: {"RETENTION_LOG_DIR": str(var / "geen-logs")}, "logmap"),
    ("inbox file missing", lambda var: {"DATABASE_URL": f"sqlite:///{var / 'geen-inbox.sqlite3'}"},
     "inbox-database"),
    ("inbox server down", lambda var: {"DATABASE_URL": _unreachable_pg()}, "inbox-database"),
]


@pytest.mark.parametrize("name, settings, store", STORE_PROBLEMS, ids=[p[0] for p in STORE_PROBLEMS])
def test_retention_fails_loudly_when_a_store_it_must_clean_is_unreachable(tmp_path, name, settings, store):
    var = tmp_path / "var"
    (var / "logs").mkdir(parents=True)
    inbox_url = f"sqlite:///{var / 'inbox.sqlite3'}"
    upgrade(inbox_url)
    tracker = sqlite3.connect(var / "rasa_tracker.sqlite3")
    tracker.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, timestamp REAL, "
                    "data TEXT)")
    tracker.close()
    sqlite3.connect(var / "leeg.sqlite3").close()
    Outbox(var / "outbox.sqlite3", InboxClient(f"http://127.0.0.1:{free_port()}", "t"))  # the action server's own
    config = Config(var_dir=var, database_url=inbox_url, tracker_db_url=f"sqlite:///{var / 'rasa_tracker.sqlite3'}")
    assert _cli(config).returncode == 0  # every store in place: fine
    out = _cli(config, **settings(var))
    assert out.returncode == 1, out.stdout + out.stderr
    assert store in out.stderr and "niet" in out.stderr
    assert "geheim" not in out.stderr  # a password in a URL is never shown
    for never_created in ("nergens.sqlite3", "weg.sqlite3", "geen-inbox.sqlite3", "geen-logs"):
        assert not (var / never_created).exists()


@pytest.mark.postgres
@pytest.mark.skipif(not pg_available(), reason="PostgreSQL op 127.0.0.1:5432 niet bereikbaar")
def test_stores_switched_off_on_purpose_are_skipped_and_named(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    schema = PgSchema()
    try:
        upgrade(schema.url)
        config = Config(var_dir=var, database_url=schema.url, tracker_db_url="off")
        out = _cli(config, RETENTION_OUTBOX_DB="off", RETENTION_LOG_DIR="off")
    finally:
        schema.drop()
    assert out.returncode == 0, out.stderr
    for store in ("Rasa tracker store", "outbox van de actieserver", "logmap"):
        assert f"{store}: uitgeschakeld" in out.stdout


def test_the_outbox_retention_reads_is_the_one_the_action_server_writes(tmp_path):
    from bot.actions.config import load_config

    env = {"VOORDEUR_VAR_DIR": str(tmp_path), "INBOX_SERVICE_TOKEN": "s", "INBOX_READ_TOKEN": "r",
           "INBOX_STATS_TOKEN": "b"}
    assert Path(Config.from_env(env).outbox_db) == load_config(env).outbox_path
    assert Config.from_env({**env, "RETENTION_OUTBOX_DB": "off"}).outbox_db == "off"
