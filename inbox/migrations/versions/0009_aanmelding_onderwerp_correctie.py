"""aanmelding.onderwerp_gok, aanmelding.onderwerp_correctie: the assistant's first guess and the user's correction

The assistant confirms its first guess of the onderwerpen ("klopt dat?"); when the inwoner chooses other
onderwerpen, both are kept as a signal for team toegang and for improving the model. Codes only, nothing
personal. NULL for existing rows and for aanmeldingen where the guess was not put to the inwoner.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 19:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.add_column(sa.Column("onderwerp_gok", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("onderwerp_correctie", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aanmelding") as batch:
        batch.drop_column("onderwerp_correctie")
        batch.drop_column("onderwerp_gok")
