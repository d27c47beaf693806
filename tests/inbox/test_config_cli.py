"""Embedded-mode defaults and the CLI (create-user, retention, migrate, seed) as real processes."""
from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, func, select

from inbox.config import Config, normalise_database_url
from inbox.models import Aanmelding
from tests.support.stack import ROOT


def test_without_settings_tokens_are_generated_once_into_var(tmp_path):
    first = Config.from_env({"VOORDEUR_VAR_DIR": str(tmp_path)})
    again = Config.from_env({"VOORDEUR_VAR_DIR": str(tmp_path)})
    tokens = (first.service_token, first.read_token, first.stats_token)
    assert all(tokens) and len(set(tokens)) == 3
    assert (again.service_token, again.read_token, again.stats_token) == tokens
    assert oct((tmp_path / "inbox_tokens.env").stat().st_mode)[-3:] == "600"
    assert first.database_url == f"sqlite:///{tmp_path / 'inbox.sqlite3'}"


def test_environment_tokens_win_and_postgres_urls_get_the_psycopg_driver(tmp_path):
    cfg = Config.from_env({"VOORDEUR_VAR_DIR": str(tmp_path), "INBOX_SERVICE_TOKEN": "s", "INBOX_READ_TOKEN": "r",
                           "INBOX_STATS_TOKEN": "b", "DATABASE_URL": "postgresql://u@h/db"})
    assert (cfg.service_token, cfg.read_token, cfg.stats_token) == ("s", "r", "b") and not (tmp_path / "inbox_tokens.env").exists()
    assert cfg.database_url == "postgresql+psycopg://u@h/db" == normalise_database_url("postgres://u@h/db")


def _cli(tmp_path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VOORDEUR_VAR_DIR": str(tmp_path),
           "INBOX_SERVICE_TOKEN": "s", "INBOX_READ_TOKEN": "r", "INBOX_STATS_TOKEN": "b"}
    for name in ("DATABASE_URL", "TRACKER_DB_URL", "TRACKER_DB", "RETENTION_OUTBOX_DB", "RETENTION_LOG_DIR"):
        env.pop(name, None)
    env.update(settings)
    return subprocess.run([sys.executable, "-m", "inbox.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_creates_users_seeds_and_applies_retention(tmp_path):
    made = _cli(tmp_path, "create-user", "anna", "--role", "toegang")
    assert made.returncode == 0 and "Eenmalig wachtwoord:" in made.stdout
    dup = _cli(tmp_path, "create-user", "anna", "--role", "toegang")
    assert dup.returncode == 2 and "bestaat al" in dup.stderr
    seeded = _cli(tmp_path, "seed", "300")
    assert seeded.returncode == 0 and "300/300" in seeded.stdout
    engine = create_engine(f"sqlite:///{tmp_path / 'inbox.sqlite3'}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(Aanmelding.id))) == 300
    engine.dispose()
    # Only the inbox here (no Rasa, no action server, no log folder): the other stores are switched off.
    kept = _cli(tmp_path, "retention", TRACKER_DB_URL="off", RETENTION_OUTBOX_DB="off", RETENTION_LOG_DIR="off")
    assert kept.returncode == 0 and "Geanonimiseerd:" in kept.stdout
    assert "Rasa tracker store: uitgeschakeld" in kept.stdout
    assert _cli(tmp_path, "migrate").returncode == 0
