"""initial schema: aanmeldingen, workflow, uitkomsten, gebruikers, audit log

Tables for team toegang's inbox: aanmelding (one routed request, with its triage label, contact,
consent and workflow state), the per-year referentie counter, label changes (training signal),
notes and history, conversations that ended without routing (uitkomst), staff accounts and the
audit log. Timestamps are stored as UTC (SQLite: naive UTC, see inbox.db.UTCDateTime).
ix_aanmelding_werkvoorraad serves the werkvoorraad order (active first, urgentie, contact deadline).

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 17:26:46.189004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('aanmelding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referentie', sa.String(length=20), nullable=False),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('actief', sa.Boolean(), nullable=False),
    sa.Column('kanaal', sa.String(length=20), nullable=False),
    sa.Column('melder', sa.String(length=20), nullable=False),
    sa.Column('onderwerp', sa.String(length=50), nullable=False),
    sa.Column('onderwerpen_ook', sa.JSON(), nullable=False),
    sa.Column('wet', sa.String(length=30), nullable=False),
    sa.Column('urgentie', sa.String(length=20), nullable=False),
    sa.Column('urgentie_rang', sa.Integer(), nullable=False),
    sa.Column('team_advies', sa.String(length=50), nullable=False),
    sa.Column('kern', sa.String(length=50), nullable=True),
    sa.Column('samenvatting', sa.Text(), nullable=True),
    sa.Column('redenen', sa.JSON(), nullable=False),
    sa.Column('contact_naam', sa.String(length=200), nullable=True),
    sa.Column('contact_telefoon', sa.String(length=40), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_voorkeur', sa.String(length=200), nullable=True),
    sa.Column('toestemming_gegeven', sa.Boolean(), nullable=False),
    sa.Column('toestemming_tekstversie', sa.String(length=50), nullable=True),
    sa.Column('toestemming_tijdstip', sa.DateTime(timezone=True), nullable=True),
    sa.Column('professional_organisatie', sa.String(length=200), nullable=True),
    sa.Column('professional_functie', sa.String(length=200), nullable=True),
    sa.Column('professional_telefoon', sa.String(length=40), nullable=True),
    sa.Column('professional_email', sa.String(length=254), nullable=True),
    sa.Column('partner_soort', sa.String(length=30), nullable=True),
    sa.Column('partner_inwoner_akkoord', sa.Boolean(), nullable=True),
    sa.Column('terugkoppeling_gewenst', sa.Boolean(), nullable=False),
    sa.Column('teruggekoppeld_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('teruggekoppeld_hoe', sa.String(length=200), nullable=True),
    sa.Column('voorzieningen_aangeboden', sa.JSON(), nullable=False),
    sa.Column('conversation_id', sa.String(length=200), nullable=True),
    sa.Column('transcript', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('verwacht_contact_voor', sa.DateTime(timezone=True), nullable=False),
    sa.Column('wettelijke_termijn_label', sa.String(length=200), nullable=True),
    sa.Column('wettelijke_termijn_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('eerste_contact_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('toegewezen_aan', sa.String(length=100), nullable=True),
    sa.Column('doorgezet_naar', sa.String(length=50), nullable=True),
    sa.Column('doorgezet_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('overdrachtsnotitie', sa.Text(), nullable=True),
    sa.Column('uitkomst', sa.String(length=50), nullable=True),
    sa.Column('afgerond_op', sa.DateTime(timezone=True), nullable=True),
    sa.Column('geanonimiseerd_op', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idempotency_key'),
    sa.UniqueConstraint('referentie')
    )
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.create_index('ix_aanmelding_afgerond_op', ['afgerond_op'], unique=False)
        batch_op.create_index(batch_op.f('ix_aanmelding_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_aanmelding_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_aanmelding_kern', ['kern', 'actief'], unique=False)
        batch_op.create_index('ix_aanmelding_onderwerp', ['onderwerp', 'actief'], unique=False)
        batch_op.create_index('ix_aanmelding_sort', ['urgentie_rang', 'verwacht_contact_voor', 'id'], unique=False)
        batch_op.create_index('ix_aanmelding_status_sort', ['status', 'urgentie_rang', 'verwacht_contact_voor', 'id'], unique=False)
        batch_op.create_index('ix_aanmelding_team_advies', ['team_advies', 'actief'], unique=False)
        batch_op.create_index('ix_aanmelding_team_sort', ['doorgezet_naar', 'actief', 'urgentie_rang', 'verwacht_contact_voor'], unique=False)
        batch_op.create_index('ix_aanmelding_werkvoorraad', ['actief', 'urgentie_rang', 'verwacht_contact_voor', 'id'], unique=False)
        batch_op.create_index('ix_aanmelding_wet', ['wet', 'actief'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wie', sa.String(length=100), nullable=False),
    sa.Column('wanneer', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actie', sa.String(length=50), nullable=False),
    sa.Column('object_type', sa.String(length=50), nullable=True),
    sa.Column('object_id', sa.String(length=50), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_wanneer'), ['wanneer'], unique=False)
        batch_op.create_index('ix_audit_object', ['object_type', 'object_id'], unique=False)

    op.create_table('gebruiker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team', sa.String(length=50), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('referentie_teller',
    sa.Column('jaar', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('laatste', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('jaar')
    )
    op.create_table('uitkomst',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.String(length=200), nullable=False),
    sa.Column('uitkomst', sa.String(length=50), nullable=False),
    sa.Column('kanaal', sa.String(length=20), nullable=True),
    sa.Column('melder', sa.String(length=20), nullable=True),
    sa.Column('onderwerp', sa.String(length=50), nullable=True),
    sa.Column('onderwerpen_ook', sa.JSON(), nullable=False),
    sa.Column('wet', sa.String(length=30), nullable=True),
    sa.Column('urgentie', sa.String(length=20), nullable=True),
    sa.Column('kern', sa.String(length=50), nullable=True),
    sa.Column('voorzieningen_aangeboden', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id', 'uitkomst', name='uq_uitkomst_gesprek')
    )
    with op.batch_alter_table('uitkomst', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uitkomst_created_at'), ['created_at'], unique=False)

    op.create_table('gebeurtenis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanmelding_id', sa.Integer(), nullable=False),
    sa.Column('soort', sa.String(length=50), nullable=False),
    sa.Column('omschrijving', sa.Text(), nullable=False),
    sa.Column('door', sa.String(length=100), nullable=True),
    sa.Column('op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('gebeurtenis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_gebeurtenis_aanmelding_id'), ['aanmelding_id'], unique=False)

    op.create_table('label_wijziging',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanmelding_id', sa.Integer(), nullable=False),
    sa.Column('oud', sa.JSON(), nullable=False),
    sa.Column('nieuw', sa.JSON(), nullable=False),
    sa.Column('door', sa.String(length=100), nullable=False),
    sa.Column('op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('label_wijziging', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_label_wijziging_aanmelding_id'), ['aanmelding_id'], unique=False)

    op.create_table('notitie',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aanmelding_id', sa.Integer(), nullable=False),
    sa.Column('tekst', sa.Text(), nullable=False),
    sa.Column('door', sa.String(length=100), nullable=False),
    sa.Column('op', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['aanmelding_id'], ['aanmelding.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notitie', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notitie_aanmelding_id'), ['aanmelding_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('notitie', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notitie_aanmelding_id'))

    op.drop_table('notitie')
    with op.batch_alter_table('label_wijziging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_label_wijziging_aanmelding_id'))

    op.drop_table('label_wijziging')
    with op.batch_alter_table('gebeurtenis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_gebeurtenis_aanmelding_id'))

    op.drop_table('gebeurtenis')
    with op.batch_alter_table('uitkomst', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uitkomst_created_at'))

    op.drop_table('uitkomst')
    op.drop_table('referentie_teller')
    op.drop_table('gebruiker')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_wanneer'))

    op.drop_table('audit_log')
    with op.batch_alter_table('aanmelding', schema=None) as batch_op:
        batch_op.drop_index('ix_aanmelding_wet')
        batch_op.drop_index('ix_aanmelding_werkvoorraad')
        batch_op.drop_index('ix_aanmelding_team_sort')
        batch_op.drop_index('ix_aanmelding_team_advies')
        batch_op.drop_index('ix_aanmelding_status_sort')
        batch_op.drop_index('ix_aanmelding_sort')
        batch_op.drop_index('ix_aanmelding_onderwerp')
        batch_op.drop_index('ix_aanmelding_kern')
        batch_op.drop_index('ix_aanmelding_created_at')
        batch_op.drop_index(batch_op.f('ix_aanmelding_conversation_id'))
        batch_op.drop_index('ix_aanmelding_afgerond_op')

    op.drop_table('aanmelding')

