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


def test_0004_marks_existing_uitkomsten_of_conversations_that_have_an_aanmelding(db_url):
    """The backfill of uitkomst.met_aanmelding: run it again over rows written without the flag."""
    import secrets

    from sqlalchemy import text

    from inbox import schemas
    from inbox.db import make_engine, make_sessionmaker
    from inbox.services import intake
    from tests.support.payloads import aanmelding_body

    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as s:
            intake.create_aanmelding(s, schemas.parse(schemas.models()[0], aanmelding_body(conversation_id="g-1")),
                                  secrets.token_hex(8))
        with engine.begin() as conn:
            for cid in ("g-1", "g-2"):
                conn.execute(text("INSERT INTO uitkomst (conversation_id, uitkomst, onderwerpen_ook, "
                                  "voorzieningen_aangeboden, met_aanmelding, created_at) "
                                  "VALUES (:c, 'afgebroken', '[]', '[]', FALSE, CURRENT_TIMESTAMP)"), {"c": cid})
        downgrade(db_url, "0003")
        upgrade(db_url)
        with engine.connect() as conn:
            flags = dict(conn.execute(text("SELECT conversation_id, met_aanmelding FROM uitkomst")).all())
        assert {k: bool(v) for k, v in flags.items()} == {"g-1": True, "g-2": False}
    finally:
        engine.dispose()
        downgrade(db_url)
