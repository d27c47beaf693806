"""aanmelding.bewaartermijn_verlopen_op: an open aanmelding nobody handled for the retention period

Retention flags such an aanmelding (the beheerder sees it in the inbox) and anonymises it after a grace period,
unless someone handles or closes it first. NULL: not flagged. Existing rows start unflagged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.add_column(sa.Column("bewaartermijn_verlopen_op", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.drop_column("bewaartermijn_verlopen_op")
