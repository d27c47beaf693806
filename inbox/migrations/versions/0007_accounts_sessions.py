"""Accounts: one-time passwords expire, staff sessions in the database

gebruiker.password_expires_at: a one-time password is valid for 72 hours. Existing accounts that still have to
change their one-time password get created_at + 72 hours (the first beheerder's password used to be kept on disk
in var/.first-admin; a beheerder or `python -m inbox.cli reset-password` gives a new one).
web_sessie: one row per signed-in session (SHA-256 of the cookie's session id), so the absolute lifetime and
revocation (logout, password change, reset, deactivation) survive a restart.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:30:00
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from inbox.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gebruiker") as batch:
        batch.add_column(sa.Column("password_expires_at", sa.DateTime(timezone=True), nullable=True))
    gebruiker = sa.table("gebruiker", sa.column("id", sa.Integer()), sa.column("created_at", UTCDateTime()),
                         sa.column("must_change_password", sa.Boolean()),
                         sa.column("password_expires_at", UTCDateTime()))
    conn = op.get_bind()
    rows = conn.execute(sa.select(gebruiker.c.id, gebruiker.c.created_at)
                        .where(gebruiker.c.must_change_password.is_(True))).all()
    for uid, created in rows:
        conn.execute(gebruiker.update().where(gebruiker.c.id == uid)
                     .values(password_expires_at=created + dt.timedelta(hours=72)))
    op.create_table(
        "web_sessie",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gebruiker_id"], ["gebruiker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_sessie_gebruiker_id", "web_sessie", ["gebruiker_id"])
    op.create_index("ix_web_sessie_created_at", "web_sessie", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_web_sessie_created_at", table_name="web_sessie")
    op.drop_index("ix_web_sessie_gebruiker_id", table_name="web_sessie")
    op.drop_table("web_sessie")
    with op.batch_alter_table("gebruiker") as batch:
        batch.drop_column("password_expires_at")
