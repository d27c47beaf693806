"""Engine and session factory. Nothing here connects at import time."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

from inbox.config import normalise_database_url


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use timezone-aware datetimes")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """Create the engine. SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE (no upgrade deadlocks).

    hide_parameters (and, on PostgreSQL, dropping the server's DETAIL line): the values of a statement (names, phone
    numbers, stories) never appear in an error or a log line."""
    url = normalise_database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, see below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:
            # A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY
            # when another writer committed in between; taking the write lock up front avoids it.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, hide_parameters=True)
    event.listen(engine, "handle_error", _drop_row_detail)
    return engine


_DETAIL = re.compile(r"\nDETAIL:.*", re.S)


def _drop_row_detail(context) -> None:
    """PostgreSQL's DETAIL line repeats the values of a refused row ("Failing row contains (...)",
    "Key (naam)=(...)"): drop it from the message of both exceptions, as hide_parameters does for the bound values.
    Code that needs it still has `exc.orig.diag.message_detail`."""
    for exc in (context.original_exception, context.sqlalchemy_exception):
        if exc is not None:
            exc.args = tuple(_DETAIL.sub("", a) if isinstance(a, str) else a for a in exc.args)


def make_sessionmaker(engine: Engine, audit_key: str | bytes | None = None) -> sessionmaker:
    """Sessions whose objects stay readable after commit (services return them to handlers).

    audit_key: the secret the audit log keys its pseudonyms with (see services.audit.failed_login_name)."""
    return sessionmaker(engine, expire_on_commit=False, info={"audit_key": audit_key} if audit_key else None)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
