"""Production shape: inbox and Rasa tracker store on PostgreSQL, Rasa lock store on Redis, and two Rasa
instances serving one conversation turn by turn. Then retention purges Rasa's own `events` table."""
from __future__ import annotations

import secrets
import socket
import subprocess

import psycopg
import pytest

from benchmarks.conversations import SCRIPTS
from tests.e2e.conftest import MODEL, require_model
from tests.e2e.helpers import Chat
from tests.support.stack import APP_PY, ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.slow]
PG = "postgresql://postgres@127.0.0.1:5432"


def redis_commands_processed() -> int:
    """total_commands_processed from Redis INFO, over a raw RESP socket (no client library needed)."""
    with socket.create_connection(("127.0.0.1", 6379), timeout=5) as sock:
        sock.sendall(b"INFO stats\r\n")
        data = b""
        while b"total_commands_processed" not in data or not data.endswith(b"\r\n"):
            data += sock.recv(65536)
    for line in data.decode().splitlines():
        if line.startswith("total_commands_processed:"):
            return int(line.split(":")[1])
    raise AssertionError("Redis INFO without total_commands_processed")


@pytest.fixture(scope="module")
def databases():
    names = {k: f"voordeur_e2e_{k}_{secrets.token_hex(4)}" for k in ("inbox", "tracker")}
    with psycopg.connect(f"{PG}/test", autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE DATABASE "{name}"')
    yield names
    with psycopg.connect(f"{PG}/test", autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def prod_stack(tmp_path_factory, databases):
    require_model()
    stack = Stack(tmp_path_factory.mktemp("prod-stack"), model=MODEL,
                  database_url=f"{PG}/{databases['inbox']}",
                  tracker={"TRACKER_DIALECT": "postgresql", "TRACKER_URL": "127.0.0.1:5432",
                           "TRACKER_DB": databases["tracker"], "TRACKER_USER": "postgres",
                           "TRACKER_PASSWORD": "", "LOCK_STORE_TYPE": "redis"})
    stack.start()
    stack.start_rasa("rasa2")
    yield stack
    stack.stop()


def test_two_rasa_instances_share_one_conversation_via_postgres_and_redis(prod_stack, databases):
    sender = f"e2e-prod-{secrets.token_hex(6)}"
    redis_before = redis_commands_processed()

    chat = Chat(prod_stack, sender, instances=("rasa", "rasa2"))
    chat.run(SCRIPTS["wmo_routed"])
    [a] = chat.aanmeldingen()
    assert (a["onderwerpen"][0], a["kern"], a["contact"]["telefoon"]) == ("huishoudelijke_hulp", "Neede", "+31612345678")
    assert redis_commands_processed() > redis_before, "the Redis lock store was used"
    with psycopg.connect(f"{PG}/{databases['tracker']}") as conn:
        rows = conn.execute("SELECT data FROM events WHERE sender_id = %s", (sender,)).fetchall()
    assert len(rows) > 20
    stored = " ".join(r[0] for r in rows)
    assert "612345678" not in stored, "raw phone numbers never reach the tracker store"


def test_retention_purges_rasa_events_on_postgres_and_keeps_the_figures(prod_stack, databases):
    chat = Chat(prod_stack, f"e2e-prod-{secrets.token_hex(6)}")
    chat.run(SCRIPTS["voorziening_genoeg"])
    stats_before = prod_stack.inbox_get("/api/v1/statistieken").json()["totaal"]
    env = {**prod_stack.env, "TRACKER_RETENTION_DAYS": "0", "RETENTION_LOG_DIR": "off"}  # the stack logs to var/
    out = subprocess.run([str(APP_PY), "-m", "inbox.cli", "retention"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    with psycopg.connect(f"{PG}/{databases['tracker']}") as conn:
        left = conn.execute("SELECT count(*) FROM events WHERE sender_id = %s", (chat.sender,)).fetchone()[0]
    assert left == 0, out.stdout
    stats_after = prod_stack.inbox_get("/api/v1/statistieken").json()["totaal"]
    assert stats_after["gesprekken"] == stats_before["gesprekken"]
    assert stats_after["verwezen_voorliggend_veld"] == stats_before["verwezen_voorliggend_veld"]
