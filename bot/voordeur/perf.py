"""Two measured hot spots of Rasa 3.6.21 in our turn loop (see benchmarks/results), fixed without changing
what Rasa does:

1. `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` for every
   action-server response, and `validate` checks the schema and builds a new validator each time: a third
   of Rasa's CPU per turn under load. We validate against the same schema with one validator built once.
2. The embedded SQLite tracker store commits every turn with a full fsync. WAL with synchronous=NORMAL
   keeps every committed turn durable against a process crash (only an OS crash may lose the last turns).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Text

logger = logging.getLogger(__name__)
_installed = False


def install() -> None:
    """Patch RemoteAction's response validation to use a cached validator (idempotent)."""
    global _installed
    if _installed:
        return
    from jsonschema import Draft202012Validator, ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec, default=Draft202012Validator)(spec)

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError:
            # The original adds Rasa's explanatory message and logs it; let it do exactly that.
            return original(self, result)

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    _installed = True
    logger.debug("RemoteAction response validation uses a cached jsonschema validator")


def tune_sqlite(store: Any) -> None:
    """A pooled engine with WAL + synchronous=NORMAL for an SQLite tracker store.

    SQLAlchemy 1.4 (Rasa's) gives a file SQLite database a NullPool: a new connection for every
    retrieve and save. A small QueuePool keeps them open; SQLite serialises writers itself.
    """
    if store.engine.dialect.name != "sqlite":
        return
    import sqlalchemy as sa
    from sqlalchemy import event

    store.engine.dispose()
    engine = sa.create_engine(store.engine.url, poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4,
                              connect_args={"check_same_thread": False})
    store.engine = engine
    store.sessionmaker = sa.orm.session.sessionmaker(bind=engine)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
