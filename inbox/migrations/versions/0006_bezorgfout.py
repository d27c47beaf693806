"""bezorgfout: requests of the assistant that the inbox refused for good (dead letters of the outbox)

Codes only, nothing personal: idempotency key, status, the inbox's message, the names of the refused fields,
urgentie, when, how often. Shown to the beheerder as "Niet afgeleverde aanmeldingen" and counted in the monitoring.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 15:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bezorgfout",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("fout", sa.String(length=500), nullable=False),
        sa.Column("velden", sa.JSON(), nullable=False),
        sa.Column("urgentie", sa.String(length=20), nullable=True),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.Column("eerste_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("laatste_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("afgehandeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("afgehandeld_door", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("soort", "idempotency_key", name="uq_bezorgfout_sleutel"),
    )
    op.create_index("ix_bezorgfout_laatste_op", "bezorgfout", ["laatste_op"])


def downgrade() -> None:
    op.drop_index("ix_bezorgfout_laatste_op", table_name="bezorgfout")
    op.drop_table("bezorgfout")
