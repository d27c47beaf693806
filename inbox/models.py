"""All inbox tables (API, staff pages, monitoring, audit). Migrations in inbox/migrations/ mirror this file."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inbox.db import Base, UTCDateTime, utcnow

STATUSSEN = ("nieuw", "in_behandeling", "doorgezet", "afgerond")
ACTIEVE_STATUSSEN = ("nieuw", "in_behandeling", "doorgezet")
URGENTIE_RANG = {"spoed": 0, "hoog": 1, "normaal": 2}
AFSLUIT_UITKOMSTEN = ("geholpen_algemene_voorziening", "keukentafelgesprek_gepland", "doorgezet",
                      "geen_vervolg_nodig", "niet_bereikbaar")
GESPREK_UITKOMSTEN = ("verwezen_voorliggend_veld", "buiten_sociaal_domein", "afgebroken", "geen_toestemming",
                      "mens_gevraagd")
# How a conversation ended when the assistant asked "Hoe tevreden bent u over dit gesprek?" (bot/actions/tevredenheid.py)
TEVREDENHEID_UITKOMSTEN = ("aanmelding", "partner_aanmelding", "verwezen_voorliggend_veld", "buiten_sociaal_domein",
                           "geen_toestemming", "mens_gevraagd")
TEVREDENHEID_SCORES = (1, 2, 3, 4, 5)
# trainer: the functioneel beheerder who reviews what the model got wrong and turns it into training examples
ROLLEN = ("toegang", "frontteam", "beheerder", "trainer")
PARTNER_SOORTEN = ("signaal", "ondersteuningsvraag", "overleg")


class ReferentieTeller(Base):
    """Last number handed out per year; incremented with UPDATE ... RETURNING (row lock = no duplicates)."""

    __tablename__ = "referentie_teller"
    jaar: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    laatste: Mapped[int] = mapped_column(Integer, default=0)


class Aanmelding(Base):
    __tablename__ = "aanmelding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referentie: Mapped[str] = mapped_column(String(20), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="nieuw")
    # In the werkvoorraad: status != afgerond and not anonymised by retention; leads the werkvoorraad index
    actief: Mapped[bool] = mapped_column(Boolean, default=True)
    kanaal: Mapped[str] = mapped_column(String(20))
    melder: Mapped[str] = mapped_column(String(20))
    onderwerp: Mapped[str] = mapped_column(String(50))  # primary onderwerp (onderwerpen[0])
    onderwerpen_ook: Mapped[list[str]] = mapped_column(JSON, default=list)
    wet: Mapped[str] = mapped_column(String(30))
    urgentie: Mapped[str] = mapped_column(String(20))
    urgentie_rang: Mapped[int] = mapped_column(Integer)  # spoed 0, hoog 1, normaal 2: sort key
    team_advies: Mapped[str] = mapped_column(String(50))
    kern: Mapped[str | None] = mapped_column(String(50))
    samenvatting: Mapped[str | None] = mapped_column(Text)
    redenen: Mapped[list[str]] = mapped_column(JSON, default=list)
    # contact
    contact_naam: Mapped[str | None] = mapped_column(String(200))
    contact_telefoon: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_voorkeur: Mapped[str | None] = mapped_column(String(200))
    # toestemming
    toestemming_gegeven: Mapped[bool] = mapped_column(Boolean, default=False)
    toestemming_tekstversie: Mapped[str | None] = mapped_column(String(50))
    toestemming_tijdstip: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # professional melder
    professional_organisatie: Mapped[str | None] = mapped_column(String(200))
    professional_functie: Mapped[str | None] = mapped_column(String(200))
    professional_telefoon: Mapped[str | None] = mapped_column(String(40))
    professional_email: Mapped[str | None] = mapped_column(String(254))
    # partner (professional) signal
    partner_soort: Mapped[str | None] = mapped_column(String(30))
    partner_inwoner_akkoord: Mapped[bool | None] = mapped_column(Boolean)
    terugkoppeling_gewenst: Mapped[bool] = mapped_column(Boolean, default=False)
    teruggekoppeld_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    teruggekoppeld_hoe: Mapped[str | None] = mapped_column(String(200))
    voorzieningen_aangeboden: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The assistant's first guess of the onderwerpen and the user's correction (empty: confirmed or not asked)
    onderwerp_gok: Mapped[list[str] | None] = mapped_column(JSON)
    onderwerp_correctie: Mapped[list[str] | None] = mapped_column(JSON)
    # Rasa's model_id of the model that labelled it (NULL: sent before the field existed)
    model_versie: Mapped[str | None] = mapped_column(String(64))
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    transcript: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # timestamps and deadlines
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    verwacht_contact_voor: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    wettelijke_termijn_label: Mapped[str | None] = mapped_column(String(200))
    wettelijke_termijn_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    eerste_contact_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # workflow
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    toegewezen_aan: Mapped[str | None] = mapped_column(String(100))
    doorgezet_naar: Mapped[str | None] = mapped_column(String(50))
    doorgezet_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    overdrachtsnotitie: Mapped[str | None] = mapped_column(Text)
    uitkomst: Mapped[str | None] = mapped_column(String(50))
    afgerond_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    geanonimiseerd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Open without any handling for the retention period: shown to the beheerder, anonymised after a grace period
    bewaartermijn_verlopen_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    notities: Mapped[list["Notitie"]] = relationship(back_populates="aanmelding", order_by="Notitie.id")
    gebeurtenissen: Mapped[list["Gebeurtenis"]] = relationship(back_populates="aanmelding", order_by="Gebeurtenis.id")
    label_wijzigingen: Mapped[list["LabelWijziging"]] = relationship(back_populates="aanmelding",
                                                                     order_by="LabelWijziging.id")

    __table_args__ = (
        Index("ix_aanmelding_werkvoorraad", "actief", "urgentie_rang", "verwacht_contact_voor", "id"),
        Index("ix_aanmelding_sort", "urgentie_rang", "verwacht_contact_voor", "id"),
        Index("ix_aanmelding_status_sort", "status", "urgentie_rang", "verwacht_contact_voor", "id"),
        Index("ix_aanmelding_team_sort", "doorgezet_naar", "actief", "urgentie_rang", "verwacht_contact_voor"),
        Index("ix_aanmelding_onderwerp", "onderwerp", "actief"),
        Index("ix_aanmelding_wet", "wet", "actief"),
        Index("ix_aanmelding_kern", "kern", "actief"),
        Index("ix_aanmelding_team_advies", "team_advies", "actief"),
        # Covers the counts (totaal, counts per filter value) for any filter combination without table lookups.
        Index("ix_aanmelding_filters", "status", "urgentie_rang", "kanaal", "melder", "onderwerp", "wet", "kern",
              "team_advies", "doorgezet_naar", "created_at"),
        Index("ix_aanmelding_kanaal", "kanaal", "actief"),
        Index("ix_aanmelding_melder", "melder", "actief"),
        Index("ix_aanmelding_created_at", "created_at"),
        Index("ix_aanmelding_afgerond_op", "afgerond_op"),
    )

    @property
    def onderwerpen(self) -> list[str]:
        return [self.onderwerp, *(self.onderwerpen_ook or [])]


class LabelWijziging(Base):
    """A triage label corrected by team toegang: old and new kept as a training signal."""

    __tablename__ = "label_wijziging"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    oud: Mapped[dict[str, Any]] = mapped_column(JSON)
    nieuw: Mapped[dict[str, Any]] = mapped_column(JSON)
    door: Mapped[str] = mapped_column(String(100))
    op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    aanmelding: Mapped[Aanmelding] = relationship(back_populates="label_wijzigingen")


class Notitie(Base):
    __tablename__ = "notitie"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    tekst: Mapped[str] = mapped_column(Text)
    door: Mapped[str] = mapped_column(String(100))
    op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    aanmelding: Mapped[Aanmelding] = relationship(back_populates="notities")


class Gebeurtenis(Base):
    """History of one aanmelding (shown on the detail page)."""

    __tablename__ = "gebeurtenis"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    soort: Mapped[str] = mapped_column(String(50))
    omschrijving: Mapped[str] = mapped_column(Text, default="")
    door: Mapped[str | None] = mapped_column(String(100))
    op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    aanmelding: Mapped[Aanmelding] = relationship(back_populates="gebeurtenissen")


class Uitkomst(Base):
    """A conversation that ended without routing (counted in the monitoring)."""

    __tablename__ = "uitkomst"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200))
    uitkomst: Mapped[str] = mapped_column(String(50))
    kanaal: Mapped[str | None] = mapped_column(String(20))
    melder: Mapped[str | None] = mapped_column(String(20))
    onderwerp: Mapped[str | None] = mapped_column(String(50))
    onderwerpen_ook: Mapped[list[str]] = mapped_column(JSON, default=list)
    wet: Mapped[str | None] = mapped_column(String(30))
    urgentie: Mapped[str | None] = mapped_column(String(20))
    kern: Mapped[str | None] = mapped_column(String(50))
    voorzieningen_aangeboden: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The same conversation ended in an aanmelding after all (then the monitoring counts it there, once).
    met_aanmelding: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    __table_args__ = (UniqueConstraint("conversation_id", "uitkomst", name="uq_uitkomst_gesprek"),)


class Tevredenheid(Base):
    """One answer to "Hoe tevreden bent u over dit gesprek?" with how the conversation ended, its kanaal and
    onderwerp. Never a conversation id or contact details: `sleutel` is a random token the action server draws per
    question, so an answer cannot be joined to an aanmelding; `created_at` is the start of the (Dutch) day, so the
    time cannot join it either. The comment is masked free text with its own retention clock."""

    __tablename__ = "tevredenheid"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    uitkomst: Mapped[str] = mapped_column(String(50))
    kanaal: Mapped[str] = mapped_column(String(20))
    onderwerp: Mapped[str | None] = mapped_column(String(50))
    opmerking: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    __table_args__ = (UniqueConstraint("sleutel", name="uq_tevredenheid_sleutel"),)


class Gebruiker(Base):
    __tablename__ = "gebruiker"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set with a one-time password (72 hours after it was made), cleared when the user chooses their own.
    password_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class WebSessie(Base):
    """A signed-in staff session: the cookie's session id (stored as its SHA-256) is valid while this row exists and
    is younger than the absolute lifetime. Logout, a password change (other sessions), a reset and deactivation
    delete rows, so revocation survives a restart and holds for every worker."""

    __tablename__ = "web_sessie"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gebruiker_id: Mapped[int] = mapped_column(ForeignKey("gebruiker.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class RateLimitHit(Base):
    """One counted request of a rate limit (login attempts per address and per account name, read-token requests per
    address), in the database so that every worker counts the same (inbox/services/limits.py). The key is an HMAC of
    what is counted: no address or typed name is stored. Rows go once their window has passed."""

    __tablename__ = "rate_limit_hit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sleutel: Mapped[str] = mapped_column(String(64))
    tijd: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    verloopt: Mapped[float] = mapped_column(Float, index=True)  # tijd + the limit's window
    __table_args__ = (Index("ix_rate_limit_hit_sleutel_tijd", "sleutel", "tijd"),)


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wie: Mapped[str] = mapped_column(String(100))
    wanneer: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actie: Mapped[str] = mapped_column(String(50))
    object_type: Mapped[str | None] = mapped_column(String(50))
    object_id: Mapped[str | None] = mapped_column(String(50))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)


class Bezorgfout(Base):
    """A request of the assistant (service token) that the inbox refused for good: the action server keeps it as
    a dead letter. Codes only, nothing personal (no body, no conversation id); see inbox/services/bezorgfouten.py."""

    __tablename__ = "bezorgfout"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    soort: Mapped[str] = mapped_column(String(20))  # aanmelding | uitkomst
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    status_code: Mapped[int] = mapped_column(Integer)
    fout: Mapped[str] = mapped_column(String(500))
    velden: Mapped[list[str]] = mapped_column(JSON, default=list)  # names of the refused fields, never values
    urgentie: Mapped[str | None] = mapped_column(String(20))
    aantal: Mapped[int] = mapped_column(Integer, default=1)
    eerste_op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    laatste_op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    afgehandeld_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    afgehandeld_door: Mapped[str | None] = mapped_column(String(100))
    __table_args__ = (UniqueConstraint("soort", "idempotency_key", name="uq_bezorgfout_sleutel"),)


class Spoedmelding(Base):
    """The outbox of the spoed alert: one row per spoed aanmelding and channel (e-mail, webhook), written in the
    aanmelding's own transaction and delivered by inbox/spoed.py. A deliverer claims a row by setting `bezig_tot`
    with a conditional UPDATE, so two workers never send it both. No personal data: what a message says is built
    from the aanmelding's referentie, onderwerp, kern and time at sending (inbox/melders/)."""

    __tablename__ = "spoedmelding"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aanmelding_id: Mapped[int] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"))
    kanaal: Mapped[str] = mapped_column(String(20))  # email | webhook
    status: Mapped[str] = mapped_column(String(20), default="wachtend")  # wachtend | verzonden | vervallen
    pogingen: Mapped[int] = mapped_column(Integer, default=0)  # attempts made, the successful one included
    volgende_poging_op: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    bezig_tot: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # a deliverer's claim ends then
    bezig_door: Mapped[str | None] = mapped_column(String(100))
    laatste_fout: Mapped[str | None] = mapped_column(String(500))
    aangemaakt_op: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    afgehandeld_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # verzonden or vervallen
    __table_args__ = (UniqueConstraint("aanmelding_id", "kanaal", name="uq_spoedmelding_kanaal"),
                      Index("ix_spoedmelding_te_bezorgen", "status", "volgende_poging_op"))


# Why an item is in the trainers' review queue (inbox/services/training.py)
TRAINING_BRONNEN = ("niet_begrepen", "lage_zekerheid", "correctie", "herlabeld", "tevredenheid")
# open → ter_goedkeuring (a trainer chose the onderwerp) → goedgekeurd (a second trainer) → geexporteerd
# (make training-export); or niet_bruikbaar. A second trainer can send an annotation back (ter_goedkeuring → open).
TRAINING_STATUSSEN = ("open", "ter_goedkeuring", "goedgekeurd", "geexporteerd", "niet_bruikbaar")


class Trainingsitem(Base):
    """A sign that the model may have got a first message wrong, in the trainers' review queue, and what they made
    of it. Codes only until a trainer annotates it: the person's words are read where they are kept (Rasa's tracker
    store, the aanmelding's samenvatting, the satisfaction comment), each time they are shown, so a refused
    consent, retention or anonymisation takes them out of the queue as well. `tekst` is the masked training example
    a trainer wrote from them (inbox/masking.py), never the words themselves."""

    __tablename__ = "trainingsitem"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bron: Mapped[str] = mapped_column(String(20))
    # One item per signal: gesprek:<sha256 of the conversation id>, correctie:<aanmelding id>, label:<label_wijziging
    # id>, tevredenheid:<id>
    sleutel: Mapped[str] = mapped_column(String(100), unique=True)
    op: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # when it happened: the queue is newest first
    tracker_event_id: Mapped[int | None] = mapped_column(Integer)  # the message in Rasa's tracker store (events.id)
    aanmelding_id: Mapped[int | None] = mapped_column(ForeignKey("aanmelding.id", ondelete="CASCADE"), index=True)
    label_wijziging_id: Mapped[int | None] = mapped_column(ForeignKey("label_wijziging.id", ondelete="CASCADE"))
    tevredenheid_id: Mapped[int | None] = mapped_column(ForeignKey("tevredenheid.id", ondelete="CASCADE"))
    # What the assistant made of the message: its intent (nlu_fallback when it did not understand), the onderwerp
    # (its best guess when it fell back), the model's confidence in that onderwerp, and the model that said so.
    intent: Mapped[str | None] = mapped_column(String(100))
    onderwerp: Mapped[str | None] = mapped_column(String(50))
    zekerheid: Mapped[float | None] = mapped_column(Float)
    model_versie: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="open")
    # The trainers' work: the right onderwerp (veiligheid when danger was missed), the masked example, who did what
    gekozen_onderwerp: Mapped[str | None] = mapped_column(String(50))
    gevaar: Mapped[bool] = mapped_column(Boolean, default=False)
    tekst: Mapped[str | None] = mapped_column(Text)
    reden: Mapped[str | None] = mapped_column(Text)  # why niet bruikbaar, or why sent back
    geannoteerd_door: Mapped[str | None] = mapped_column(String(100))
    geannoteerd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    goedgekeurd_door: Mapped[str | None] = mapped_column(String(100))
    goedgekeurd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    geexporteerd_op: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    export_bestand: Mapped[str | None] = mapped_column(String(200))
    __table_args__ = (Index("ix_trainingsitem_wachtrij", "status", "op"),
                      Index("ix_trainingsitem_bron", "bron", "status"))


class TrainingStand(Base):
    """How far the queue has read each growing source (the highest id seen), so each look reads only what is new."""

    __tablename__ = "training_stand"
    bron: Mapped[str] = mapped_column(String(30), primary_key=True)
    laatste_id: Mapped[int] = mapped_column(Integer, default=0)
