"""The trainers' review queue: signs that the model got a first message wrong, newest first.

Sources (`Trainingsitem.bron`):
  niet_begrepen   the first question fell back (Rasa's tracker store);
  lage_zekerheid  the first question was understood with a confidence below `low_confidence`;
  correctie       the inwoner corrected the assistant's guess ("klopt dat?" → another onderwerp; the aanmelding);
  herlabeld       team toegang changed the onderwerpen or the urgentie of an aanmelding (old and new label);
  tevredenheid    a satisfaction score of 1 or 2 with a comment (without one there is nothing to read or learn).

`collect` brings the queue up to date before it is shown: it reads only what is new since the last look
(training_stand), stores codes and where the words are, never the words. `page` shows a page: the words are read
where they are kept, masked (inbox/masking.py), and every item shown is written to the audit log.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any, Optional

from sqlalchemy import Connection, delete, exists, func, or_, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from inbox import masking, tracker_store
from inbox.config import Config
from inbox.errors import GeenToegang, NietGevonden
from inbox.models import TRAINING_STATUSSEN, Aanmelding, LabelWijziging, Tevredenheid, Trainingsitem, TrainingStand
from inbox.services import audit
from inbox.services.policy import MAX_ID, User

logger = logging.getLogger(__name__)

LOW_SCORE = 2  # tevredenheid 1 (heel ontevreden) or 2 (ontevreden)
BATCH = 1000
# Items nobody worked on yet go when their words go (retention, anonymisation); worked-on ones keep their masked
# example. A refused consent takes every item of that conversation that was not exported yet.
UNWORKED = ("open", "niet_bruikbaar")


ROLE = "trainer"


def require_trainer(user: User | None) -> None:
    """The queue shows people's (masked) words: only an active trainer works with it."""
    if user is None or getattr(user, "role", None) != ROLE or not getattr(user, "active", True):
        raise GeenToegang("Alleen een trainer mag de trainingswachtrij zien en voorbeelden maken of goedkeuren.")


def get_item(session: Session, item_id: int, *, for_update: bool = False) -> Trainingsitem:
    """One item by id (in the caller's transaction), or NietGevonden."""
    if not isinstance(item_id, int) or not 0 < item_id <= MAX_ID:
        raise NietGevonden(f"Trainingsitem {item_id} bestaat niet.")
    item = session.get(Trainingsitem, item_id, with_for_update=for_update)
    if item is None:
        raise NietGevonden(f"Trainingsitem {item_id} bestaat niet (meer).")
    return item


@dataclass(frozen=True)
class Collected:
    nieuw: int = 0
    opgeruimd: int = 0
    tracker: str = "ok"  # ok | uit (TRACKER_DB_URL=off) | niet_bereikbaar


def _mark(session: Session, bron: str) -> int:
    row = session.get(TrainingStand, bron)
    return row.laatste_id if row else 0


def _set_mark(session: Session, bron: str, value: int) -> None:
    row = session.get(TrainingStand, bron)
    if row is None:
        session.add(TrainingStand(bron=bron, laatste_id=value))
    elif value > row.laatste_id:
        row.laatste_id = value


COLUMNS = ("bron", "sleutel", "op", "tracker_event_id", "aanmelding_id", "label_wijziging_id", "tevredenheid_id",
           "intent", "onderwerp", "zekerheid", "model_versie", "status", "gevaar")


def _item(bron: str, sleutel: str, op: dt.datetime, **values: Any) -> dict[str, Any]:
    row = dict.fromkeys(COLUMNS)
    row.update(bron=bron, sleutel=sleutel, op=op, status="open", gevaar=False, **values)
    return row


def _insert(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the items that are not there yet (two inbox workers may collect at the same time)."""
    if not rows:
        return 0
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    before = session.scalar(select(func.count()).select_from(Trainingsitem))
    session.execute(insert(Trainingsitem).on_conflict_do_nothing(index_elements=["sleutel"]), rows)
    return int(session.scalar(select(func.count()).select_from(Trainingsitem)) - before)


def _question_codes(conn: Optional[Connection], conversation_id: Optional[str]) -> dict[str, Any]:
    """Intent and confidence of an aanmelding's first question, while its conversation is in the tracker store."""
    if conn is None or not conversation_id:
        return {}
    q = tracker_store.first_question_of(conn, conversation_id)
    return {"intent": q.intent, "zekerheid": q.zekerheid} if q else {}


def _from_tracker(session: Session, conn: Connection, low_confidence: float) -> int:
    """Conversations whose first question the model did not understand, or not surely."""
    added = 0
    with session.begin():
        start = _mark(session, "tracker")
    mark = start
    while True:
        events = tracker_store.new_user_events(conn, mark, BATCH)
        if not events:
            return added
        rows = []
        for sender in dict.fromkeys(sender for _, sender in events):
            q = tracker_store.first_question_of(conn, sender)
            if q is None or q.event_id <= start:  # no question yet, or looked at before
                continue
            if q.fell_back:
                bron = "niet_begrepen"
            elif q.onderwerp != "veiligheid" and (q.zekerheid or 0.0) < low_confidence:
                bron = "lage_zekerheid"
            else:
                continue
            rows.append(_item(bron, tracker_store.conversation_key(sender), q.op, tracker_event_id=q.event_id,
                              intent=q.intent, onderwerp=q.onderwerp, zekerheid=q.zekerheid,
                              model_versie=q.model_versie))
        mark = events[-1][0]
        with session.begin():
            added += _insert(session, rows)
            _set_mark(session, "tracker", mark)


def _from_aanmeldingen(session: Session, conn: Optional[Connection]) -> int:
    """Aanmeldingen whose inwoner corrected the guess, and label changes of onderwerpen or urgentie."""
    with session.begin():
        mark_a, mark_l = _mark(session, "aanmelding"), _mark(session, "label_wijziging")
        corrected = session.execute(select(Aanmelding.id, Aanmelding.created_at, Aanmelding.onderwerp_gok,
                                           Aanmelding.onderwerp_correctie, Aanmelding.model_versie,
                                           Aanmelding.conversation_id)
                                    .where(Aanmelding.id > mark_a).order_by(Aanmelding.id)).all()
        relabelled = session.execute(select(LabelWijziging.id, LabelWijziging.aanmelding_id, LabelWijziging.oud,
                                            LabelWijziging.nieuw, LabelWijziging.op, Aanmelding.model_versie,
                                            Aanmelding.conversation_id)
                                     .join(Aanmelding, Aanmelding.id == LabelWijziging.aanmelding_id)
                                     .where(LabelWijziging.id > mark_l).order_by(LabelWijziging.id)).all()
    rows = []
    for a in corrected:
        if a.onderwerp_correctie and list(a.onderwerp_correctie) != list(a.onderwerp_gok or []):
            rows.append(_item("correctie", f"correctie:{a.id}", a.created_at, aanmelding_id=a.id,
                              onderwerp=(a.onderwerp_gok or [None])[0], model_versie=a.model_versie,
                              **_question_codes(conn, a.conversation_id)))
    for lw in relabelled:
        oud, nieuw = lw.oud or {}, lw.nieuw or {}
        if oud.get("onderwerpen") != nieuw.get("onderwerpen") or oud.get("urgentie") != nieuw.get("urgentie"):
            rows.append(_item("herlabeld", f"label:{lw.id}", lw.op, aanmelding_id=lw.aanmelding_id,
                              label_wijziging_id=lw.id, onderwerp=(oud.get("onderwerpen") or [None])[0],
                              model_versie=lw.model_versie, **_question_codes(conn, lw.conversation_id)))
    with session.begin():
        added = _insert(session, rows)
        if corrected:
            _set_mark(session, "aanmelding", corrected[-1].id)
        if relabelled:
            _set_mark(session, "label_wijziging", relabelled[-1].id)
    return added


def _from_tevredenheid(session: Session) -> int:
    """Low scores with a comment (the comment comes after the score: no mark, the table is small)."""
    with session.begin():
        found = session.execute(select(Tevredenheid.id, Tevredenheid.created_at, Tevredenheid.onderwerp).where(
            Tevredenheid.score <= LOW_SCORE, Tevredenheid.opmerking.is_not(None),
            ~exists().where(Trainingsitem.tevredenheid_id == Tevredenheid.id))).all()
        return _insert(session, [_item("tevredenheid", f"tevredenheid:{t.id}", t.created_at, tevredenheid_id=t.id,
                                       onderwerp=t.onderwerp) for t in found])


def _prune_tracker_items(session: Session, conn: Connection) -> int:
    """Items whose message left the tracker store: deleted by retention (unworked items go), or emptied by a
    refused consent (every item not yet exported goes)."""
    with session.begin():
        items = session.execute(select(Trainingsitem.id, Trainingsitem.tracker_event_id, Trainingsitem.sleutel,
                                       Trainingsitem.status)
                                .where(Trainingsitem.tracker_event_id.is_not(None),
                                       Trainingsitem.status != "geexporteerd")).all()
    stored = tracker_store.texts(conn, [i.tracker_event_id for i in items])
    gone = []
    for i in items:
        now = stored.get(i.tracker_event_id)
        if now is None or now.conversation != i.sleutel:  # deleted (an id SQLite reused is another conversation)
            if i.status in UNWORKED:
                gone.append(i.id)
        elif now.tekst is None:
            gone.append(i.id)
    return _delete(session, gone)


def _prune_inbox_items(session: Session) -> int:
    """Unworked items of anonymised aanmeldingen and of comments retention emptied."""
    with session.begin():
        ids = session.scalars(select(Trainingsitem.id).where(
            Trainingsitem.status.in_(UNWORKED),
            or_(Trainingsitem.aanmelding_id.in_(select(Aanmelding.id).where(Aanmelding.geanonimiseerd_op.is_not(None))),
                Trainingsitem.tevredenheid_id.in_(select(Tevredenheid.id).where(Tevredenheid.opmerking.is_(None))))
        )).all()
    return _delete(session, list(ids))


def _delete(session: Session, ids: list[int]) -> int:
    if not ids:
        return 0
    with session.begin():
        session.execute(delete(Trainingsitem).where(Trainingsitem.id.in_(ids)),
                        execution_options={"synchronize_session": False})
        audit.log(session, "training", "trainingsitems_opgeruimd", "trainingsitem", None, {"aantal": len(ids)})
    return len(ids)


def collect(session: Session, config: Config) -> Collected:
    """Bring the queue up to date with what is new in the tracker store and the inbox, and drop items whose words
    are gone. The tracker store being unreachable is a state to show, not an error."""
    nieuw = opgeruimd = 0
    tracker = "uit" if Config.switched_off(config.tracker_db_url) else "ok"
    conn = None
    try:
        if tracker == "ok":
            conn = tracker_store.engine_for(config.tracker_db_url).connect()
            nieuw += _from_tracker(session, conn, config.training_low_confidence)
            opgeruimd += _prune_tracker_items(session, conn)
    except DBAPIError as exc:
        logger.warning("tracker store niet bereikbaar voor de trainingswachtrij: %s", type(exc.orig).__name__)
        tracker, conn = "niet_bereikbaar", None
    try:
        nieuw += _from_aanmeldingen(session, conn)
    finally:
        if conn is not None:
            conn.close()
    nieuw += _from_tevredenheid(session)
    opgeruimd += _prune_inbox_items(session)
    return Collected(nieuw, opgeruimd, tracker)


# --- a page of the queue -----------------------------------------------------------------------------------------

TE_DOEN = ("open", "ter_goedkeuring")  # the status filter "te_doen": what a trainer still has to do


@dataclass(frozen=True)
class Filters:
    status: Optional[str] = "te_doen"  # a status, "te_doen" (open or awaiting a second trainer), None: every one
    bron: Optional[str] = None
    onderwerp: Optional[str] = None  # the assistant's onderwerp


def _where(f: Filters, skip: str = "") -> list[Any]:
    clauses = []
    if f.status and skip != "status":
        clauses.append(Trainingsitem.status.in_(TE_DOEN) if f.status == "te_doen" else Trainingsitem.status == f.status)
    if f.bron and skip != "bron":
        clauses.append(Trainingsitem.bron == f.bron)
    if f.onderwerp and skip != "onderwerp":
        clauses.append(Trainingsitem.onderwerp == f.onderwerp)
    return clauses


def counts(session: Session, f: Filters) -> dict[str, dict[str, int]]:
    """How many items per status, per bron and per onderwerp, each under the other filters."""
    out: dict[str, dict[str, int]] = {}
    with session.begin():
        for name in ("status", "bron", "onderwerp"):
            col = getattr(Trainingsitem, name)
            rows = session.execute(select(col, func.count()).where(*_where(f, skip=name)).group_by(col)).all()
            out[name] = {str(k): int(n) for k, n in rows if k is not None}
    out["status"] = {s: out["status"].get(s, 0) for s in TRAINING_STATUSSEN}
    out["status"]["te_doen"] = sum(out["status"][s] for s in TE_DOEN)
    return out


@dataclass
class Shown:
    """An item as a trainer sees it: the masked words, what the assistant made of them, the staff label."""
    item: Trainingsitem
    tekst: Optional[str]  # masked; None: the words are no longer there
    label: dict[str, Any] = field(default_factory=dict)  # staff label / inwoner correction, by source


def _words(session: Session, conn: Optional[Connection], items: list[Trainingsitem]) -> dict[int, Optional[str]]:
    """The words each item is about, read where they are kept (not yet masked)."""
    words: dict[int, Optional[str]] = {}
    stored = tracker_store.texts(conn, [i.tracker_event_id for i in items if i.tracker_event_id]) if conn else {}
    aanmeldingen = {a.id: a for a in session.scalars(select(Aanmelding).where(
        Aanmelding.id.in_([i.aanmelding_id for i in items if i.aanmelding_id])))}
    comments = dict(session.execute(select(Tevredenheid.id, Tevredenheid.opmerking).where(
        Tevredenheid.id.in_([i.tevredenheid_id for i in items if i.tevredenheid_id]))).all())
    for i in items:
        if i.tracker_event_id:
            s = stored.get(i.tracker_event_id)
            words[i.id] = s.tekst if s and s.conversation == i.sleutel else None
        elif i.aanmelding_id:
            a = aanmeldingen.get(i.aanmelding_id)
            words[i.id] = a.samenvatting if a and a.geanonimiseerd_op is None else None
        else:
            words[i.id] = comments.get(i.tevredenheid_id)
    return words


def _labels(session: Session, items: list[Trainingsitem]) -> dict[int, dict[str, Any]]:
    aanmeldingen = {a.id: a for a in session.scalars(select(Aanmelding).where(
        Aanmelding.id.in_([i.aanmelding_id for i in items if i.aanmelding_id])))}
    changes = {lw.id: lw for lw in session.scalars(select(LabelWijziging).where(
        LabelWijziging.id.in_([i.label_wijziging_id for i in items if i.label_wijziging_id])))}
    out: dict[int, dict[str, Any]] = {}
    for i in items:
        a = aanmeldingen.get(i.aanmelding_id)
        if i.label_wijziging_id in changes:
            lw = changes[i.label_wijziging_id]
            out[i.id] = {"oud": lw.oud.get("onderwerpen") or [], "oud_urgentie": lw.oud.get("urgentie"),
                         "nieuw": lw.nieuw.get("onderwerpen") or [], "nieuw_urgentie": lw.nieuw.get("urgentie")}
        elif a is not None:
            out[i.id] = {"gok": a.onderwerp_gok or [], "correctie": a.onderwerp_correctie or [],
                         "nu": a.onderwerpen, "nu_urgentie": a.urgentie}
    return out


def show(session: Session, config: Config, items: list[Trainingsitem], *, wie: str,
         ip: Optional[str] = None, details: Optional[dict] = None) -> list[Shown]:
    """The items with their masked words and labels; each one written to the audit log as seen by `wie` (and, for
    an item of an aanmelding, that aanmelding as seen: one query answers who saw aanmelding X)."""
    conn = None
    try:
        if items and not Config.switched_off(config.tracker_db_url) and any(i.tracker_event_id for i in items):
            conn = tracker_store.engine_for(config.tracker_db_url).connect()
    except DBAPIError:
        conn = None
    try:
        with session.begin():
            words = _words(session, conn, items)
            labels = _labels(session, items)
            audit.viewed(session, wie, [i.id for i in items], ip, details, object_type="trainingsitem",
                         actie="trainingsitem_bekeken")
            audit.viewed(session, wie, sorted({i.aanmelding_id for i in items if i.aanmelding_id}), ip,
                         {"via": "training"})
    finally:
        if conn is not None:
            conn.close()
    return [Shown(i, masking.mask(words[i.id]).tekst if words.get(i.id) else None, labels.get(i.id, {}))
            for i in items]


def page(session: Session, config: Config, user: User, f: Filters, *, limit: int, offset: int,
         ip: Optional[str] = None) -> tuple[list[Shown], int]:
    """One page of the queue, newest first, with the total under the filters; audited per item shown."""
    require_trainer(user)
    with session.begin():
        where = _where(f)
        total = session.scalar(select(func.count()).select_from(Trainingsitem).where(*where)) or 0
        items = list(session.scalars(select(Trainingsitem).where(*where)
                                     .order_by(Trainingsitem.op.desc(), Trainingsitem.id.desc())
                                     .limit(limit).offset(offset)))
    return show(session, config, items, wie=user.username, ip=ip, details={"via": "wachtrij"}), int(total)


def one(session: Session, config: Config, user: User, item_id: int, *, ip: Optional[str] = None) -> Shown:
    """One item for its own page (audited)."""
    require_trainer(user)
    with session.begin():
        item = get_item(session, item_id)
    [shown] = show(session, config, [item], wie=user.username, ip=ip, details={"via": "item"})
    return shown
