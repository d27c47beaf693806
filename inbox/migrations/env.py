"""Alembic environment: the URL comes from the caller (inbox.migrate) or DATABASE_URL."""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, pool

from inbox.config import Config, normalise_database_url
from inbox.models import Base

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    if os.environ.get("DATABASE_URL"):
        return normalise_database_url(os.environ["DATABASE_URL"])
    return Config(var_dir=os.environ.get("VOORDEUR_VAR_DIR") or Config().var_dir).database_url


def run_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connectable = create_engine(database_url(), poolclass=pool.NullPool, hide_parameters=True)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          version_table_schema=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
