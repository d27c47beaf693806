"""Alembic: upgrade head on SQLite and PostgreSQL gives exactly the models' schema; downgrade works."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from inbox.migrate import downgrade, upgrade
from inbox.models import Base


def test_upgrade_head_matches_the_models_and_downgrade_removes_everything(db_url):
    upgrade(db_url)
    upgrade(db_url)  # idempotent: a second run at startup is a no-op
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        assert {"aanmelding", "audit_log", "gebruiker", "uitkomst", "referentie_teller"} <= set(
            inspect(engine).get_table_names())
        downgrade(db_url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
