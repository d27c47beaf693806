"""aanmelding.model_versie: the Rasa model that labelled the aanmelding

Rasa 3.6 stamps every event it logs with the loaded model's `model_id`; the action server sends the stamp of the
event that recorded the onderwerpen. With it the monitoring splits figures per model version, and a trainer can
see which model made a label team toegang had to change. Not personal data. NULL for existing rows and for
aanmeldingen queued by an action server from before this field.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 22:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.add_column(sa.Column("model_versie", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.drop_column("model_versie")
