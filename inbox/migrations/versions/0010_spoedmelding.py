"""spoedmelding: the outbox of the spoed alert to team toegang (e-mail, webhook)

One row per spoed aanmelding and channel, written in the same transaction as the aanmelding; a deliverer in the
inbox app claims a row (bezig_tot, bezig_door) with a conditional UPDATE, sends it and marks it verzonden, or
counts the failed attempt and waits (volgende_poging_op). Codes and times only: no personal data.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 10:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spoedmelding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanmelding_id", sa.Integer(), nullable=False),
        sa.Column("kanaal", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("volgende_poging_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bezig_tot", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bezig_door", sa.String(length=100), nullable=True),
        sa.Column("laatste_fout", sa.String(length=500), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("afgehandeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["aanmelding_id"], ["aanmelding.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("aanmelding_id", "kanaal", name="uq_spoedmelding_kanaal"),
    )
    op.create_index("ix_spoedmelding_te_bezorgen", "spoedmelding", ["status", "volgende_poging_op"])


def downgrade() -> None:
    op.drop_index("ix_spoedmelding_te_bezorgen", table_name="spoedmelding")
    op.drop_table("spoedmelding")
