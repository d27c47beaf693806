"""python -m inbox.cli create-user NAME --role ROLE [--team TEAM] | reset-password NAME | first-admin | retention |
pseudonymise-audit | seed N | migrate | create-databases

One-time passwords are printed once, to this terminal only: they are never written to a file."""
from __future__ import annotations

import argparse
import sys

from inbox.config import Config, secure_var_dir
from inbox.db import make_engine, make_sessionmaker
from inbox.errors import InboxError
from inbox.migrate import upgrade
from inbox.models import ROLLEN


def _sessionmaker(config: Config):
    upgrade(config.database_url)
    # The audit log's pseudonyms are keyed with the inbox's secret, as in the running inbox (inbox.app).
    return make_sessionmaker(make_engine(config.database_url), audit_key=config.secret_key)


def cmd_create_user(config: Config, args: argparse.Namespace) -> int:
    from inbox.services import users

    Session = _sessionmaker(config)
    with Session() as session:
        user, password = users.create_user(session, args.name, args.role, team=args.team, wie="cli")
    print(f"Account '{user.username}' ({user.role}{', ' + user.team if user.team else ''}) aangemaakt.")
    _print_one_time(password)
    return 0


def _print_one_time(password: str) -> None:
    print(f"Eenmalig wachtwoord: {password}")
    print("Het wordt nergens bewaard. Het is 72 uur geldig. Na het inloggen kiest u meteen een eigen wachtwoord.")


def cmd_reset_password(config: Config, args: argparse.Namespace) -> int:
    from inbox.errors import NietGevonden
    from inbox.services import users

    Session = _sessionmaker(config)
    with Session() as session:
        user = users.get_user_by_name(session, args.name)
        if user is None:
            raise NietGevonden(f"Account '{args.name}' bestaat niet.")
        _, password = users.reset_password(session, user.id, wie="cli")
    print(f"Nieuw eenmalig wachtwoord voor '{user.username}'. Het account is ontgrendeld.")
    _print_one_time(password)
    return 0


def cmd_first_admin(config: Config, args: argparse.Namespace) -> int:
    """make run: create account 'beheerder' when there is no active beheerder yet; otherwise print nothing."""
    from inbox.services import users

    Session = _sessionmaker(config)
    with Session() as session:
        if users.has_active_beheerder(session):
            return 0
        user, password = users.create_user(session, "beheerder", "beheerder", wie="cli")
    print(f"Eerste beheerder aangemaakt: account '{user.username}'.")
    _print_one_time(password)
    return 0


def cmd_retention(config: Config, args: argparse.Namespace) -> int:
    from inbox.services import retention

    try:
        retention.check_inbox_database(config.database_url)
        Session = _sessionmaker(config)
        with Session() as session:
            v = retention.run(session, config)
    except retention.StoreUnavailable as exc:
        print(f"Fout: bewaartermijnen niet toegepast. {exc}", file=sys.stderr)
        return 1
    c = config
    print(f"Geanonimiseerd: {v.geanonimiseerd} afgeronde aanmeldingen "
          f"(afgerond voor {v.anonimiseer_grens}; bewaartermijn {c.retention_months} maanden)")
    print(f"Open aanmeldingen: {v.open_geanonimiseerd} geanonimiseerd (niet behandeld sinds {v.open_grens}; "
          f"bewaartermijn {c.retention_open_months} maanden), {v.open_gemarkeerd} gemarkeerd "
          f"(bewaartermijn verloopt over {c.retention_grace_days} dagen), "
          f"{v.open_markering_opgeheven} markeringen opgeheven")
    print(f"Auditlog: {v.audit_ips_ingekort} IP-adressen ingekort (van voor {v.audit_ip_grens}), "
          f"{v.audit_namen_gepseudonimiseerd} mislukte inlogpogingen gepseudonimiseerd")
    print(f"Tevredenheid: {v.tevredenheid_opmerkingen_geleegd} opmerkingen geleegd "
          f"(bewaartermijn {c.tevredenheid_opmerking_days} dagen; de scores blijven)")
    steps = {
        retention.TRACKER: f"Tracker opgeschoond: {v.tracker_gesprekken_zonder_aanmelding} gesprekken zonder "
                           f"aanmelding, {v.tracker_gesprekken_met_aanmelding} met afgeleverde aanmelding, "
                           f"{v.tracker_events_verwijderd} events (stil sinds {v.tracker_grens}; bewaartermijn "
                           f"{c.tracker_retention_days} dagen)",
        retention.OUTBOX: f"Outbox: {v.outbox_afgeleverd_verwijderd} afgeleverde (na {c.outbox_delivered_days} "
                          f"dagen) en {v.outbox_mislukt_verwijderd} geweigerde (na {c.outbox_failed_days} dagen) "
                          f"verzoeken verwijderd",
        retention.LOG_DIR: f"Logbestanden: {v.logs_geroteerd} geroteerd, {v.logs_geleegd} geleegd, "
                           f"{v.logs_verwijderd} verwijderd (na {c.log_retention_days} dagen)",
    }
    for store, line in steps.items():
        if store in v.uitgeschakeld:
            print(f"{store}: uitgeschakeld (instelling 'off')")
        elif not any(f.startswith(store) for f in v.fouten):
            print(line)
    if v.fouten:
        print("Fout: bewaartermijnen niet overal toegepast. Niet opgeschoond:", file=sys.stderr)
        for fout in v.fouten:
            print(f"  {fout}", file=sys.stderr)
        return 1
    return 0


def cmd_pseudonymise_audit(config: Config, args: argparse.Namespace) -> int:
    """Once after upgrading: failed logins that older versions kept under the typed name get the keyed pseudonym
    (retention does the same every run). Safe to repeat."""
    from inbox.errors import Ongeldig
    from inbox.services import audit

    if not config.secret_key:
        raise Ongeldig("INBOX_SECRET_KEY ontbreekt.", {
            "INBOX_SECRET_KEY": "Zet dezelfde sleutel als de inbox gebruikt (make zet hem uit var/secrets.env)."})
    Session = _sessionmaker(config)
    with Session() as session:
        n = audit.pseudonymise_failed_logins(session)
    print(f"Auditlog: {n} mislukte inlogpogingen met een getypte naam gepseudonimiseerd.")
    return 0


def cmd_seed(config: Config, args: argparse.Namespace) -> int:
    from inbox.seed import seed

    upgrade(config.database_url)
    engine = make_engine(config.database_url)
    try:
        seed(engine, args.n, progress=lambda msg: print(msg, flush=True))
    finally:
        engine.dispose()
    return 0


def cmd_migrate(config: Config, args: argparse.Namespace) -> int:
    upgrade(config.database_url)
    print(f"Database bijgewerkt ({config.database_url.split('://')[0]}).")
    return 0


def cmd_create_databases(config: Config, args: argparse.Namespace) -> int:
    """The PostgreSQL databases of the inbox (DATABASE_URL) and of Rasa's tracker store (TRACKER_*), when missing:
    `make run-prod` runs this first. SQLite files are made by their first use."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    for what, url in (("inbox", config.database_url), ("Rasa-gesprekken", config.tracker_db_url)):
        target = make_url(url)
        if not target.drivername.startswith("postgresql"):
            continue
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                      {"n": target.database}).first()
                if not exists:
                    conn.execute(text('CREATE DATABASE "' + target.database.replace('"', '""') + '"'))
                    print(f"Database {target.database} ({what}) aangemaakt op {target.host}:{target.port or 5432}.")
        except OperationalError as exc:
            print(f"Fout: PostgreSQL op {target.host}:{target.port or 5432} is niet bereikbaar voor de database "
                  f"{target.database} ({what}): {str(exc.orig).strip().splitlines()[0]}", file=sys.stderr)
            return 1
        finally:
            admin.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inbox.cli", description="Beheer van de inbox")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("create-user", help="account aanmaken (toont een eenmalig wachtwoord)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=list(ROLLEN))
    p.add_argument("--team", default=None, help="frontteam_... (verplicht bij --role frontteam)")
    p.set_defaults(fn=cmd_create_user)
    p = sub.add_parser("reset-password", help="nieuw eenmalig wachtwoord (en ontgrendelen)")
    p.add_argument("name")
    p.set_defaults(fn=cmd_reset_password)
    sub.add_parser("first-admin", help="account 'beheerder' aanmaken als er nog geen beheerder is").set_defaults(
        fn=cmd_first_admin)
    sub.add_parser("retention", help="bewaartermijnen toepassen (dagelijks via cron/systemd)").set_defaults(
        fn=cmd_retention)
    sub.add_parser("pseudonymise-audit", help="oude mislukte inlogpogingen: getypte naam -> pseudoniem (eenmalig)"
                   ).set_defaults(fn=cmd_pseudonymise_audit)
    p = sub.add_parser("seed", help="N nep-aanmeldingen (voor de benchmark)")
    p.add_argument("n", type=int)
    p.set_defaults(fn=cmd_seed)
    sub.add_parser("migrate", help="alembic upgrade head").set_defaults(fn=cmd_migrate)
    sub.add_parser("create-databases", help="PostgreSQL-databases van inbox en Rasa aanmaken als ze ontbreken"
                   ).set_defaults(fn=cmd_create_databases)
    args = parser.parse_args(argv)
    config = Config.from_env()
    secure_var_dir(config.var_dir)
    try:
        return args.fn(config, args)
    except InboxError as exc:
        print(f"Fout: {exc.fout}", file=sys.stderr)
        for veld, melding in exc.velden.items():
            print(f"  {veld}: {melding}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
