"""indexes for the kanaal and melder filters of the werkvoorraad

Without them a filter on kanaal or melder (and its count) scans the whole table; with 100,000
aanmeldingen that alone took 15-20 ms on SQLite.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 17:40:00
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_aanmelding_kanaal", "aanmelding", ["kanaal", "actief"])
    op.create_index("ix_aanmelding_melder", "aanmelding", ["melder", "actief"])


def downgrade() -> None:
    op.drop_index("ix_aanmelding_melder", table_name="aanmelding")
    op.drop_index("ix_aanmelding_kanaal", table_name="aanmelding")
