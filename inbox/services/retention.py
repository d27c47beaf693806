"""AVG retention for every store that holds personal data (`make retention`, nightly).

- inbox: closed aanmeldingen are anonymised `retention_months` after closing (what the consent text promises:
  "tot uw vraag klaar is en daarna nog 12 maanden"); open aanmeldingen nobody handled for `retention_open_months`
  are anonymised too (as if closed at their last handling), after the beheerder saw them flagged for
  `retention_grace_days`, unless someone handles or closes them first;
  audit IP addresses are cut to their network (/24, /48) after `audit_ip_days`; audit rows go after
  `audit_retention_months`.
- tevredenheid: the free-text comment is emptied after `tevredenheid_opmerking_days` (the score stays).
- Rasa's tracker store: conversations idle for `tracker_retention_days` are deleted.
- the action server's outbox: delivered rows after `outbox_delivered_days`, refused ones after `outbox_failed_days`.
- log files: rotated on every run (copy, then truncate), rotated copies deleted after `log_retention_days`.

A store that must be cleaned but cannot be reached raises `StoreUnavailable` (the CLI exits non-zero); a store
switched off on purpose (location 'off', see inbox/config.py) is skipped and reported as such.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import re
import shutil
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import and_, create_engine, delete, exists, inspect, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from inbox.config import Config
from inbox.db import utcnow
from inbox.models import Aanmelding, AuditLog, Gebeurtenis, LabelWijziging, Notitie
from inbox.services import audit, tevredenheid

logger = logging.getLogger(__name__)
CHUNK = 500
ROTATED_LOG = re.compile(r"\.log\.\d{8}T\d{6}Z$")  # inbox.log.20261130T021500Z

INBOX_DB = "inbox-database"
TRACKER = "Rasa tracker store"
OUTBOX = "outbox van de actieserver"
LOG_DIR = "logmap"


class StoreUnavailable(Exception):
    """A store retention must clean is missing or unreachable: nothing there was cleaned."""

    def __init__(self, store: str, where: str, reason: str) -> None:
        super().__init__(f"{store} ({where}): {reason}")
        self.store, self.where, self.reason = store, where, reason


def months_before(when: dt.datetime, months: int) -> dt.datetime:
    """Same day-of-month `months` earlier (clamped to the month's last day)."""
    year, month = divmod(when.year * 12 + when.month - 1 - months, 12)
    month += 1
    for day in (when.day, 30, 29, 28):
        try:
            return when.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:  # an unparsable URL is shown as its scheme only
        return url.split("://")[0] + "://…"


@dataclass
class RetentieVerslag:
    geanonimiseerd: int = 0
    anonimiseer_grens: str = ""
    open_gemarkeerd: int = 0
    open_markering_opgeheven: int = 0
    open_geanonimiseerd: int = 0
    open_grens: str = ""
    audit_ips_ingekort: int = 0
    audit_ip_grens: str = ""
    audit_rijen_verwijderd: int = 0
    audit_grens: str = ""
    audit_namen_gepseudonimiseerd: int = 0  # failed logins older versions kept under the typed name
    tevredenheid_opmerkingen_geleegd: int = 0
    outbox_afgeleverd_verwijderd: int = 0
    outbox_mislukt_verwijderd: int = 0
    logs_geroteerd: int = 0
    logs_geleegd: int = 0
    logs_verwijderd: int = 0
    tracker_gesprekken_zonder_aanmelding: int = 0
    tracker_gesprekken_met_aanmelding: int = 0
    tracker_events_verwijderd: int = 0
    tracker_grens: str = ""
    uitgeschakeld: list[str] = field(default_factory=list)  # stores switched off on purpose
    fouten: list[str] = field(default_factory=list)  # stores that could not be cleaned

    def as_dict(self) -> dict:
        return asdict(self)


# --- inbox: aanmeldingen ------------------------------------------------------------------------------------------

def _anonymise(session: Session, ids: list[int], now: dt.datetime) -> None:
    """The one anonymisation path: remove contact, words, transcript, notes; keep codes and timestamps (the
    monitoring's figures). The aanmelding leaves the werkvoorraad (`actief`), its status stays what it was."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        session.execute(update(Aanmelding).where(Aanmelding.id.in_(chunk)).values(
            samenvatting=None, redenen=[], transcript=None, conversation_id=None,
            contact_naam=None, contact_telefoon=None, contact_email=None, contact_voorkeur=None,
            professional_organisatie=None, professional_functie=None, professional_telefoon=None,
            professional_email=None, overdrachtsnotitie=None, teruggekoppeld_hoe=None,
            actief=False, geanonimiseerd_op=now), execution_options={"synchronize_session": False})
        session.execute(delete(Notitie).where(Notitie.aanmelding_id.in_(chunk)),
                        execution_options={"synchronize_session": False})
        session.execute(update(Gebeurtenis).where(Gebeurtenis.aanmelding_id.in_(chunk)).values(omschrijving=""),
                        execution_options={"synchronize_session": False})
        for lw in session.scalars(select(LabelWijziging).where(LabelWijziging.aanmelding_id.in_(chunk))):
            if lw.nieuw.get("reden"):
                lw.nieuw = {**lw.nieuw, "reden": None}
    # Bulk UPDATEs bypass the identity map: objects this session already holds must reload.
    session.expire_all()


def anonymise_closed(session: Session, months: int, *, now: dt.datetime | None = None, wie: str = "retentie") -> int:
    """Afgerond longer than `months` ago: anonymise."""
    now = now or utcnow()
    cutoff = months_before(now, months)
    with session.begin():
        ids = list(session.scalars(select(Aanmelding.id).where(
            Aanmelding.status == "afgerond", Aanmelding.afgerond_op < cutoff,
            Aanmelding.geanonimiseerd_op.is_(None))).all())
        _anonymise(session, ids, now)
        if ids:
            audit.log(session, wie, "retentie_geanonimiseerd", "aanmelding", None,
                      {"aantal": len(ids), "grens": cutoff.isoformat()})
    return len(ids)


def _stale_open(cutoff: dt.datetime):
    """Open, not anonymised, created before `cutoff` and nothing done with it since (no history entry)."""
    handled = exists().where(Gebeurtenis.aanmelding_id == Aanmelding.id, Gebeurtenis.op >= cutoff)
    return and_(Aanmelding.status != "afgerond", Aanmelding.geanonimiseerd_op.is_(None),
                Aanmelding.created_at < cutoff, ~handled)


def expire_open(session: Session, months: int, grace_days: int, *, now: dt.datetime | None = None,
                verslag: RetentieVerslag | None = None, wie: str = "retentie") -> RetentieVerslag:
    """Open aanmeldingen nobody handled for `months` are anonymised, as if they were closed at their last
    handling. `grace_days` before that they are flagged (the beheerder sees the list) and anonymisation waits
    until the flag is `grace_days` old; handling or closing one meanwhile lifts its flag."""
    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    cutoff = months_before(now, months)
    verslag.open_grens = cutoff.isoformat()
    with session.begin():
        to_flag = set(session.scalars(select(Aanmelding.id).where(
            _stale_open(cutoff + dt.timedelta(days=grace_days)))))
        stale = set(session.scalars(select(Aanmelding.id).where(_stale_open(cutoff))))
        flagged = dict(session.execute(select(Aanmelding.id, Aanmelding.bewaartermijn_verlopen_op).where(
            Aanmelding.bewaartermijn_verlopen_op.is_not(None), Aanmelding.geanonimiseerd_op.is_(None))).all())
        new = sorted(to_flag - set(flagged))
        lifted = sorted(set(flagged) - to_flag)
        due = sorted(i for i, op in flagged.items() if i in stale and op <= now - dt.timedelta(days=grace_days))
        for ids, value in ((new, now), (lifted, None)):
            for start in range(0, len(ids), CHUNK):
                session.execute(update(Aanmelding).where(Aanmelding.id.in_(ids[start:start + CHUNK])).values(
                    bewaartermijn_verlopen_op=value), execution_options={"synchronize_session": False})
        _anonymise(session, due, now)
        if new or lifted or due:
            audit.log(session, wie, "retentie_open_aanmeldingen", "aanmelding", None,
                      {"gemarkeerd": len(new), "markering_opgeheven": len(lifted), "geanonimiseerd": len(due),
                       "grens": cutoff.isoformat(), "gratie_dagen": grace_days})
    verslag.open_gemarkeerd, verslag.open_markering_opgeheven = len(new), len(lifted)
    verslag.open_geanonimiseerd = len(due)
    return verslag


def verlopen_lijst(session: Session, grace_days: int) -> list[dict]:
    """Flagged open aanmeldingen for the beheerder: codes and dates only, no personal data."""
    with session.begin():
        rows = session.execute(select(
            Aanmelding.id, Aanmelding.referentie, Aanmelding.status, Aanmelding.onderwerp, Aanmelding.urgentie,
            Aanmelding.created_at, Aanmelding.bewaartermijn_verlopen_op).where(
            Aanmelding.bewaartermijn_verlopen_op.is_not(None), Aanmelding.geanonimiseerd_op.is_(None)).order_by(
            Aanmelding.bewaartermijn_verlopen_op, Aanmelding.id)).all()
    return [{"id": r.id, "referentie": r.referentie, "status": r.status, "onderwerp": r.onderwerp,
             "urgentie": r.urgentie, "created_at": r.created_at, "gemarkeerd_op": r.bewaartermijn_verlopen_op,
             "anonimiseren_vanaf": r.bewaartermijn_verlopen_op + dt.timedelta(days=grace_days)} for r in rows]


# --- inbox: audit IP addresses ------------------------------------------------------------------------------------

def truncate_ip(ip: str) -> str | None:
    """The network an address belongs to: IPv4 /24, IPv6 /48 ('192.0.2.0/24'); None for what is not an address.
    Enough to see abuse from one network, no longer one household's line."""
    try:
        addr = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if addr.version == 6 and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    prefix = 24 if addr.version == 4 else 48
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def truncate_audit_ips(session: Session, days: int, *, now: dt.datetime | None = None,
                       verslag: RetentieVerslag | None = None) -> RetentieVerslag:
    """Audit rows older than `days`: the IP address becomes its network (a '/' marks a truncated one)."""
    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    verslag.audit_ip_grens = cutoff.isoformat()
    old = and_(AuditLog.wanneer < cutoff, AuditLog.ip.is_not(None), AuditLog.ip.not_like("%/%"))
    done = 0
    with session.begin():
        for ip in list(session.scalars(select(AuditLog.ip).where(old).distinct())):
            done += session.execute(update(AuditLog).where(old, AuditLog.ip == ip).values(ip=truncate_ip(ip)),
                                    execution_options={"synchronize_session": False}).rowcount
        if done:
            audit.log(session, "retentie", "retentie_ip_ingekort", "audit_log", None,
                      {"aantal": done, "grens": cutoff.isoformat()})
    verslag.audit_ips_ingekort = done
    return verslag


def purge_audit(session: Session, months: int, *, now: dt.datetime | None = None,
                verslag: RetentieVerslag | None = None) -> RetentieVerslag:
    """Audit rows older than `months` are deleted: they name staff, aanmeldingen and networks, so they get a clock
    too. The default (60 months) follows NEN 7513's advice to keep access logs of sensitive records five years."""
    verslag = verslag or RetentieVerslag()
    cutoff = months_before(now or utcnow(), months)
    verslag.audit_grens = cutoff.isoformat()
    with session.begin():
        done = session.execute(delete(AuditLog).where(AuditLog.wanneer < cutoff),
                               execution_options={"synchronize_session": False}).rowcount
        if done:
            audit.log(session, "retentie", "retentie_audit_verwijderd", "audit_log", None,
                      {"aantal": done, "grens": cutoff.isoformat()})
    verslag.audit_rijen_verwijderd = done
    return verslag


# --- Rasa's tracker store -----------------------------------------------------------------------------------------

def purge_tracker(session: Session, tracker_url: str, days: int, *, now: dt.datetime | None = None,
                  verslag: RetentieVerslag | None = None, wie: str = "retentie") -> RetentieVerslag:
    """Delete Rasa tracker events of conversations idle for `days`: those without an aanmelding, and those
    whose aanmelding was delivered (its masked transcript is kept in the inbox)."""
    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    cutoff = now - dt.timedelta(days=days)
    verslag.tracker_grens = cutoff.isoformat()
    where = safe_url(tracker_url)
    if tracker_url.startswith("sqlite:///") and not Path(tracker_url.removeprefix("sqlite:///")).is_file():
        raise StoreUnavailable(TRACKER, where, "het bestand bestaat niet")
    engine = create_engine(tracker_url, hide_parameters=True)
    senders: list[str] = []
    try:
        if not inspect(engine).has_table("events"):
            raise StoreUnavailable(TRACKER, where, "de tabel events ontbreekt (is dit Rasa's tracker store?)")
        with engine.begin() as conn:
            senders = [row[0] for row in conn.execute(text(
                "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff.timestamp()})]
            with session.begin():
                delivered = set()
                for start in range(0, len(senders), CHUNK):
                    delivered.update(session.scalars(select(Aanmelding.conversation_id).where(
                        Aanmelding.conversation_id.in_(senders[start:start + CHUNK]))))
            deleted = 0
            for start in range(0, len(senders), CHUNK):
                chunk = senders[start:start + CHUNK]
                params = {f"s{i}": s for i, s in enumerate(chunk)}
                marks = ", ".join(f":s{i}" for i in range(len(chunk)))
                deleted += conn.execute(text(f"DELETE FROM events WHERE sender_id IN ({marks})"), params).rowcount
        verslag.tracker_gesprekken_met_aanmelding = len(delivered)
        verslag.tracker_gesprekken_zonder_aanmelding = len(senders) - len(delivered)
        verslag.tracker_events_verwijderd = deleted
    except DBAPIError as exc:
        raise StoreUnavailable(TRACKER, where, f"niet bereikbaar ({type(exc.orig).__name__})") from exc
    finally:
        engine.dispose()
    if senders:
        audit.record(session, wie, "retentie_tracker_opgeschoond", "gesprek", None,
                     {"gesprekken": len(senders), "events": verslag.tracker_events_verwijderd})
    return verslag


# --- the action server's outbox -----------------------------------------------------------------------------------

def purge_outbox(path: Path, delivered_days: int, failed_days: int, *, now: dt.datetime | None = None,
                 verslag: RetentieVerslag | None = None) -> RetentieVerslag:
    """Delete outbox rows that reached an end state, through the outbox's own `purge`: delivered (payload already
    emptied) after `delivered_days`, dead letters (full payload, kept for the beheerder to inspect and requeue)
    after `failed_days`. Pending rows are promises to an inwoner and stay until delivered. The action server's
    outbox is SQLite (bot/actions/outbox.py)."""
    from bot.actions.outbox import DEAD, DELIVERED, Outbox

    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    path = Path(path)
    if not path.is_file():
        raise StoreUnavailable(OUTBOX, str(path), "het bestand bestaat niet")
    try:
        # mode=rw: never create an empty outbox where the real one was expected (Outbox() would).
        with closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=10)) as db:
            if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").fetchone() is None:
                raise StoreUnavailable(OUTBOX, str(path), "de tabel outbox ontbreekt")
        outbox = Outbox(path, client=None)  # retention only purges; it never delivers
        verslag.outbox_afgeleverd_verwijderd = outbox.purge(dt.timedelta(days=delivered_days), (DELIVERED,),
                                                            now=now.timestamp())
        verslag.outbox_mislukt_verwijderd = outbox.purge(dt.timedelta(days=failed_days), (DEAD,),
                                                         now=now.timestamp())
    except sqlite3.Error as exc:
        raise StoreUnavailable(OUTBOX, str(path), f"niet bereikbaar ({exc})") from exc
    return verslag


# --- log files ----------------------------------------------------------------------------------------------------

def purge_logs(log_dir: Path, days: int, *, now: dt.datetime | None = None,
               verslag: RetentieVerslag | None = None) -> RetentieVerslag:
    """Rotate every `*.log` file in use (copy to `<name>.<time>`, then truncate: writers append, so they carry on in
    the emptied file) and delete rotated copies whose newest line is older than `days`. A log file nobody wrote
    to for `days` is emptied, not deleted (a quiet service may still hold it open)."""
    verslag = verslag or RetentieVerslag()
    now = now or utcnow()
    log_dir = Path(log_dir)
    if not log_dir.is_dir():
        raise StoreUnavailable(LOG_DIR, str(log_dir), "de map bestaat niet")
    cutoff = (now - dt.timedelta(days=days)).timestamp()
    stamp = now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    try:
        for path in sorted(p for p in log_dir.rglob("*") if p.is_file() and not p.is_symlink()):
            info = path.stat()
            if ROTATED_LOG.search(path.name):
                if info.st_mtime < cutoff:
                    path.unlink()
                    verslag.logs_verwijderd += 1
            elif not path.name.endswith(".log") or info.st_size == 0:
                continue  # only log files, whatever else shares the folder
            elif info.st_mtime < cutoff:
                with path.open("r+b") as f:
                    f.truncate(0)
                verslag.logs_geleegd += 1
            else:
                # copy2 keeps the mtime: the time of the newest line decides when the copy goes.
                shutil.copy2(path, path.with_name(f"{path.name}.{stamp}"))
                with path.open("r+b") as f:
                    f.truncate(0)
                verslag.logs_geroteerd += 1
    except OSError as exc:
        raise StoreUnavailable(LOG_DIR, str(log_dir), f"niet op te schonen ({exc})") from exc
    return verslag


# --- everything ---------------------------------------------------------------------------------------------------

def check_inbox_database(database_url: str) -> None:
    """Retention must clean the inbox database: a missing SQLite file is an error (not a new empty database),
    and so is a server that does not answer."""
    where = safe_url(database_url)
    if database_url.startswith("sqlite:///") and not Path(database_url.removeprefix("sqlite:///")).is_file():
        raise StoreUnavailable(INBOX_DB, where, "het bestand bestaat niet")
    engine = create_engine(database_url, hide_parameters=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise StoreUnavailable(INBOX_DB, where, f"niet bereikbaar ({type(exc.orig).__name__})") from exc
    finally:
        engine.dispose()


def run(session: Session, config: Config, *, now: dt.datetime | None = None) -> RetentieVerslag:
    """Every retention rule on every store. A store that cannot be cleaned is listed in `fouten` (the others are
    still cleaned); one switched off on purpose in `uitgeschakeld`."""
    now = now or utcnow()
    verslag = RetentieVerslag(anonimiseer_grens=months_before(now, config.retention_months).isoformat())
    try:
        verslag.geanonimiseerd = anonymise_closed(session, config.retention_months, now=now)
        expire_open(session, config.retention_open_months, config.retention_grace_days, now=now, verslag=verslag)
        truncate_audit_ips(session, config.audit_ip_days, now=now, verslag=verslag)
        purge_audit(session, config.audit_retention_months, now=now, verslag=verslag)
        verslag.audit_namen_gepseudonimiseerd = audit.pseudonymise_failed_logins(session, "retentie")
        verslag.tevredenheid_opmerkingen_geleegd = tevredenheid.purge_opmerkingen(
            session, config.tevredenheid_opmerking_days, now=now)
    except DBAPIError as exc:
        raise StoreUnavailable(INBOX_DB, safe_url(config.database_url),
                               f"niet bereikbaar ({type(exc.orig).__name__})") from exc
    steps = (
        (TRACKER, config.tracker_db_url,
         lambda: purge_tracker(session, config.tracker_db_url, config.tracker_retention_days, now=now,
                               verslag=verslag)),
        (OUTBOX, config.outbox_db,
         lambda: purge_outbox(Path(config.outbox_db), config.outbox_delivered_days, config.outbox_failed_days,
                              now=now, verslag=verslag)),
        (LOG_DIR, config.log_dir,
         lambda: purge_logs(Path(config.log_dir), config.log_retention_days, now=now, verslag=verslag)),
    )
    for store, location, step in steps:
        if Config.switched_off(location):
            verslag.uitgeschakeld.append(store)
            continue
        try:
            step()
        except StoreUnavailable as exc:
            logger.error("retention: %s", exc)
            verslag.fouten.append(str(exc))
    return verslag
