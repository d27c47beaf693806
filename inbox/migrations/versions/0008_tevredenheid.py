"""tevredenheid: the answer to "Hoe tevreden bent u over dit gesprek?" at the end of a conversation

Score 1-5 with how the conversation ended (uitkomst), kanaal and onderwerp, and an optional masked comment. No
conversation id: `sleutel` is a random token per question (idempotency of the score and the later comment);
`created_at` holds the start of the day only. Retention empties the comment after TEVREDENHEID_OPMERKING_DAYS.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 19:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tevredenheid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("uitkomst", sa.String(length=50), nullable=False),
        sa.Column("kanaal", sa.String(length=20), nullable=False),
        sa.Column("onderwerp", sa.String(length=50), nullable=True),
        sa.Column("opmerking", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sleutel", name="uq_tevredenheid_sleutel"),
    )
    op.create_index("ix_tevredenheid_created_at", "tevredenheid", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_tevredenheid_created_at", table_name="tevredenheid")
    op.drop_table("tevredenheid")
