"""uitkomst.met_aanmelding: the conversation led to an aanmelding after all

The monitoring counts a conversation once. A conversation can record an uitkomst (for example 'afgebroken'
after "opnieuw beginnen") and still end in an aanmelding; the flag says so, and stays true when retention
later clears the aanmelding's conversation_id. Existing rows are filled in from the aanmeldingen.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 22:05:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("uitkomst") as batch:
        batch.add_column(sa.Column("met_aanmelding", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE uitkomst SET met_aanmelding = TRUE WHERE conversation_id IN "
               "(SELECT conversation_id FROM aanmelding WHERE conversation_id IS NOT NULL)")


def downgrade() -> None:
    with op.batch_alter_table("uitkomst") as batch:
        batch.drop_column("met_aanmelding")
