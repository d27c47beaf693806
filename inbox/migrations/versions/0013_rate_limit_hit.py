"""rate_limit_hit: the login and read-token rate limits counted in the database

The inbox runs with several workers in production (INBOX_WORKERS); limits counted in each worker's memory would let
a client try as many passwords as there are workers times the limit. One row per counted request, keyed by an HMAC
of the address or account name (nothing readable is stored), deleted once its window has passed.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(length=64), nullable=False),
        sa.Column("tijd", sa.Float(), nullable=False),
        sa.Column("verloopt", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rate_limit_hit_sleutel_tijd", "rate_limit_hit", ["sleutel", "tijd"])
    op.create_index("ix_rate_limit_hit_verloopt", "rate_limit_hit", ["verloopt"])


def downgrade() -> None:
    op.drop_index("ix_rate_limit_hit_verloopt", table_name="rate_limit_hit")
    op.drop_index("ix_rate_limit_hit_sleutel_tijd", table_name="rate_limit_hit")
    op.drop_table("rate_limit_hit")
