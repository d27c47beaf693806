"""trainingsitem and training_stand: the trainers' review queue (role trainer)

An item is a sign that the model may have got a first message wrong: it fell back or was unsure (Rasa's tracker
store), the inwoner corrected its guess, team toegang changed the label, or a low satisfaction score with a
comment. Until a trainer annotates it the item holds codes only (intent, onderwerp, confidence, model version)
and where the words are; then the masked training example, who annotated and who approved it (four eyes), and
the export file it went into. training_stand keeps how far each growing source was read.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 02:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainingsitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bron", sa.String(length=20), nullable=False),
        sa.Column("sleutel", sa.String(length=100), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tracker_event_id", sa.Integer(), nullable=True),
        sa.Column("aanmelding_id", sa.Integer(), nullable=True),
        sa.Column("label_wijziging_id", sa.Integer(), nullable=True),
        sa.Column("tevredenheid_id", sa.Integer(), nullable=True),
        sa.Column("intent", sa.String(length=100), nullable=True),
        sa.Column("onderwerp", sa.String(length=50), nullable=True),
        sa.Column("zekerheid", sa.Float(), nullable=True),
        sa.Column("model_versie", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("gekozen_onderwerp", sa.String(length=50), nullable=True),
        sa.Column("gevaar", sa.Boolean(), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("geannoteerd_door", sa.String(length=100), nullable=True),
        sa.Column("geannoteerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("goedgekeurd_door", sa.String(length=100), nullable=True),
        sa.Column("goedgekeurd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("geexporteerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("export_bestand", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["aanmelding_id"], ["aanmelding.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["label_wijziging_id"], ["label_wijziging.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tevredenheid_id"], ["tevredenheid.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sleutel"),
    )
    op.create_index("ix_trainingsitem_aanmelding_id", "trainingsitem", ["aanmelding_id"])
    op.create_index("ix_trainingsitem_wachtrij", "trainingsitem", ["status", "op"])
    op.create_index("ix_trainingsitem_bron", "trainingsitem", ["bron", "status"])
    op.create_table(
        "training_stand",
        sa.Column("bron", sa.String(length=30), nullable=False),
        sa.Column("laatste_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bron"),
    )


def downgrade() -> None:
    op.drop_table("training_stand")
    op.drop_index("ix_trainingsitem_bron", table_name="trainingsitem")
    op.drop_index("ix_trainingsitem_wachtrij", table_name="trainingsitem")
    op.drop_index("ix_trainingsitem_aanmelding_id", table_name="trainingsitem")
    op.drop_table("trainingsitem")
