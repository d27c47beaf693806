"""Audit log: every change and every view of personal data (who, when, what)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.db import utcnow
from inbox.models import AuditLog


def log(session: Session, wie: str, actie: str, object_type: str | None = None, object_id: Any = None,
        details: dict | None = None, ip: str | None = None) -> AuditLog:
    """Add an audit entry to the caller's transaction."""
    entry = AuditLog(wie=wie, wanneer=utcnow(), actie=actie, object_type=object_type,
                     object_id=None if object_id is None else str(object_id), details=details, ip=ip)
    session.add(entry)
    return entry


def record(session: Session, wie: str, actie: str, object_type: str | None = None, object_id: Any = None,
           details: dict | None = None, ip: str | None = None) -> None:
    """Write one audit entry in its own transaction (e.g. login, logout, page views)."""
    with session.begin():
        log(session, wie, actie, object_type, object_id, details, ip)


def entries(session: Session, *, wie: str | None = None, actie: str | None = None, object_type: str | None = None,
            object_id: Any = None, since: dt.datetime | None = None, limit: int = 100,
            offset: int = 0) -> tuple[list[AuditLog], int]:
    """Newest first, with the total count for paging (the beheerder's audit page)."""
    stmt = select(AuditLog)
    if wie:
        stmt = stmt.where(AuditLog.wie == wie)
    if actie:
        stmt = stmt.where(AuditLog.actie == actie)
    if object_type:
        stmt = stmt.where(AuditLog.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditLog.object_id == str(object_id))
    if since:
        stmt = stmt.where(AuditLog.wanneer >= since)
    with session.begin():
        total = session.scalar(select(func.count()).select_from(stmt.subquery()))
        rows = session.scalars(stmt.order_by(AuditLog.id.desc()).limit(limit).offset(offset)).all()
    return list(rows), int(total or 0)
