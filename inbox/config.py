"""The inbox's one config module: every setting from the environment, defaults for the embedded mode."""
from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
TOKEN_FILE_NAME = "inbox_tokens.env"
# The API's bearer tokens, one per consumer: the assistant (service), integrations that read aanmeldingen (read),
# the BI-tool (stats: /api/v1/statistieken only).
TOKEN_NAMES = ("INBOX_SERVICE_TOKEN", "INBOX_READ_TOKEN", "INBOX_STATS_TOKEN")
OFF = "off"  # TRACKER_DB_URL, RETENTION_OUTBOX_DB, RETENTION_LOG_DIR: no such store here (documented choice)


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given without a driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _load_or_generate_tokens(var_dir: Path) -> dict[str, str]:
    """Embedded mode: tokens not in the environment are read from (or generated into) var/inbox_tokens.env."""
    path = var_dir / TOKEN_FILE_NAME
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip()
    missing = [k for k in TOKEN_NAMES if not values.get(k)]
    if missing:
        for key in missing:
            values[key] = secrets.token_urlsafe(32)
        var_dir.mkdir(parents=True, exist_ok=True)
        old_umask = os.umask(0o077)
        try:
            path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
        finally:
            os.umask(old_umask)
        logger.warning("%s niet gezet: gegenereerd in %s", "/".join(missing), path)
    return values


STALE_FILES = (".first-admin",)  # written by older versions: a one-time password in clear


def secure_var_dir(var_dir: Path) -> None:
    """Every process we start creates its files 0600 in 0700 folders (umask 077); existing var/ contents are
    tightened to that on start, and files older versions left with secrets are removed."""
    os.umask(0o077)
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in STALE_FILES:
        (var_dir / name).unlink(missing_ok=True)
    for path in (var_dir, *var_dir.rglob("*")):
        try:
            if path.is_symlink():
                continue
            mode = path.stat().st_mode & 0o7777
            if mode & 0o077:
                path.chmod(mode & 0o700)
        except OSError as exc:  # not ours (another user's file): leave it, say so
            logger.warning("could not tighten permissions of %s: %s", path, exc)


@dataclass
class Config:
    """All inbox settings. Build with `Config.from_env()`; tests pass keyword overrides."""

    var_dir: Path = ROOT / "var"
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1  # INBOX_WORKERS: processes sharing the port (inbox/__main__.py)
    service_token: str = ""
    read_token: str = ""
    stats_token: str = ""
    read_rate_per_minute: int = 60  # requests with the read token, per client IP (checked before any database work)
    secret_key: str = ""
    cookie_secure: bool = False
    request_max_size: int = 256 * 1024
    proxies_count: int = 0  # reverse proxies that append X-Forwarded-For (VOORDEUR_PROXIES_COUNT, as Rasa)
    samenvatting_max: int = 10_000
    transcript_max_entries: int = 500
    # Retention (make retention): every period is read here; README "Privacy and retention" gives the reasons.
    retention_months: int = 12
    retention_open_months: int = 12
    retention_grace_days: int = 30
    tracker_retention_days: int = 30
    tevredenheid_opmerking_days: int = 90
    tracker_db_url: str = ""
    audit_ip_days: int = 90
    audit_retention_months: int = 60
    outbox_delivered_days: int = 7
    outbox_failed_days: int = 30
    outbox_db: str = ""
    log_retention_days: int = 30
    log_dir: str = ""
    db_threads: int = 0  # 0: 1 for SQLite (one writer anyway), 8 for PostgreSQL
    # The latest `make gate` report (reports/gate.json), shown to the beheerder; on another host: a copy or a mount
    gate_report: str = ""
    # The trainers' queue: a first question the model understood with less confidence than this is in it (the
    # FallbackClassifier's threshold, 0.7 in bot/config.yml, sends lower ones to the fallback, also in it).
    training_low_confidence: float = 0.8
    pool_size: int = 10
    # The staff pages' address as staff open it (links in the spoed alert); default http://host:port.
    public_url: str = ""
    # Spoed alert (inbox/spoed.py): e-mail when host and recipients are set, a webhook when its URL is set.
    spoed_smtp_host: str = ""
    spoed_smtp_port: int = 25
    spoed_smtp_from: str = "voordeur@localhost"
    spoed_smtp_to: tuple[str, ...] = ()
    spoed_smtp_user: str = ""
    spoed_smtp_password: str = ""
    spoed_smtp_starttls: bool = False
    spoed_webhook_url: str = ""
    spoed_timeout: float = 10.0  # seconds for one SMTP session or webhook call
    spoed_max_delay: float = 300.0  # backoff between failed attempts grows to this
    spoed_poll_seconds: float = 5.0  # how often a deliverer looks for due alerts (others' workers, retries)
    metrics_token: str = ""  # VOORDEUR_METRICS_TOKEN: when set, GET /metrics needs it as a Bearer token
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.var_dir = Path(self.var_dir)
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'inbox.sqlite3'}"
        self.database_url = normalise_database_url(self.database_url)
        if not self.tracker_db_url:
            self.tracker_db_url = f"sqlite:///{self.var_dir / 'rasa_tracker.sqlite3'}"
        self.tracker_db_url = normalise_database_url(self.tracker_db_url)
        if not self.outbox_db:  # the action server's own default (bot/actions/config.py Config.outbox_path)
            self.outbox_db = str(self.var_dir / "outbox.sqlite3")
        if not self.log_dir:  # where scripts/run.sh writes the services' logs
            self.log_dir = str(self.var_dir / "logs")
        if not self.gate_report:
            self.gate_report = str(ROOT / "reports" / "gate.json")
        if not self.db_threads:
            self.db_threads = 1 if self.is_sqlite else 8
        self.public_url = (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
        self.spoed_smtp_to = tuple(a.strip() for a in self.spoed_smtp_to if a.strip())
        if self.workers < 1:
            raise ValueError(f"INBOX_WORKERS={self.workers}: het aantal werkprocessen is 1 of meer.")
        if self.workers > 1 and not self.secret_key:
            raise ValueError("INBOX_WORKERS is meer dan 1, maar INBOX_SECRET_KEY is niet gezet: elk werkproces zou "
                             "een eigen sleutel kiezen en de inlogcookies van de andere niet herkennen.")
        if self.spoed_smtp_host and not self.spoed_smtp_to:
            raise ValueError("VOORDEUR_SPOED_SMTP_HOST is gezet, maar VOORDEUR_SPOED_SMTP_TO niet: naar welk adres "
                             "moet de spoedmelding? Zet beide, of geen van beide.")

    @property
    def spoed_kanalen(self) -> tuple[str, ...]:
        """The channels a new spoed aanmelding is announced on (none: only the banner in the inbox)."""
        return (("email",) if self.spoed_smtp_host else ()) + (("webhook",) if self.spoed_webhook_url else ())

    @staticmethod
    def switched_off(location: str) -> bool:
        """A store location set to 'off' on purpose: this installation has no such store for retention to clean."""
        return location.strip().lower() == OFF

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Config":
        """Read the environment (os.environ by default); tokens are generated into var/ when unset."""
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("VOORDEUR_VAR_DIR") or ROOT / "var")
        tokens = {name: env.get(name, "") for name in TOKEN_NAMES}
        if not all(tokens.values()):
            generated = _load_or_generate_tokens(var_dir)
            tokens = {name: value or generated[name] for name, value in tokens.items()}
        tracker = env.get("TRACKER_DB_URL", "") or tracker_url_from_rasa_settings(env)
        values = dict(
            var_dir=var_dir,
            database_url=env.get("DATABASE_URL", ""),
            host=env.get("INBOX_HOST", "127.0.0.1"),
            port=int(env.get("INBOX_PORT", "8000")),
            workers=int(env.get("INBOX_WORKERS") or 1),
            service_token=tokens["INBOX_SERVICE_TOKEN"],
            read_token=tokens["INBOX_READ_TOKEN"],
            stats_token=tokens["INBOX_STATS_TOKEN"],
            read_rate_per_minute=int(env.get("INBOX_READ_RATE_PER_MINUTE", "60")),
            secret_key=env.get("INBOX_SECRET_KEY", ""),
            cookie_secure=env.get("INBOX_COOKIE_SECURE", "").lower() in ("1", "true", "yes", "ja"),
            request_max_size=int(env.get("INBOX_REQUEST_MAX_SIZE", str(256 * 1024))),
            proxies_count=max(0, int(env.get("VOORDEUR_PROXIES_COUNT") or 0)),
            retention_months=int(env.get("INBOX_RETENTION_MONTHS", "12")),
            retention_open_months=int(env.get("INBOX_RETENTION_OPEN_MONTHS", "12")),
            retention_grace_days=int(env.get("INBOX_RETENTION_GRACE_DAYS", "30")),
            tracker_retention_days=int(env.get("TRACKER_RETENTION_DAYS", "30")),
            tevredenheid_opmerking_days=int(env.get("TEVREDENHEID_OPMERKING_RETENTION_DAYS", "90")),
            tracker_db_url=tracker,
            audit_ip_days=int(env.get("AUDIT_IP_RETENTION_DAYS", "90")),
            audit_retention_months=int(env.get("AUDIT_RETENTION_MONTHS", "60")),
            outbox_delivered_days=int(env.get("OUTBOX_DELIVERED_RETENTION_DAYS", "7")),
            outbox_failed_days=int(env.get("OUTBOX_FAILED_RETENTION_DAYS", "30")),
            outbox_db=env.get("RETENTION_OUTBOX_DB", ""),
            log_retention_days=int(env.get("LOG_RETENTION_DAYS", "30")),
            log_dir=env.get("RETENTION_LOG_DIR", ""),
            db_threads=int(env.get("INBOX_DB_THREADS", "0")),
            public_url=env.get("INBOX_PUBLIC_URL", ""),
            spoed_smtp_host=env.get("VOORDEUR_SPOED_SMTP_HOST", "").strip(),
            spoed_smtp_port=int(env.get("VOORDEUR_SPOED_SMTP_PORT") or 25),
            spoed_smtp_from=env.get("VOORDEUR_SPOED_SMTP_FROM", "").strip() or "voordeur@localhost",
            spoed_smtp_to=tuple(env.get("VOORDEUR_SPOED_SMTP_TO", "").split(",")),
            spoed_smtp_user=env.get("VOORDEUR_SPOED_SMTP_USER", ""),
            spoed_smtp_password=env.get("VOORDEUR_SPOED_SMTP_PASSWORD", ""),
            spoed_smtp_starttls=env.get("VOORDEUR_SPOED_SMTP_STARTTLS", "").lower() in ("1", "true", "yes", "ja"),
            spoed_webhook_url=env.get("VOORDEUR_SPOED_WEBHOOK_URL", "").strip(),
            spoed_timeout=float(env.get("VOORDEUR_SPOED_TIMEOUT") or 10),
            spoed_max_delay=float(env.get("VOORDEUR_SPOED_MAX_DELAY") or 300),
            spoed_poll_seconds=float(env.get("VOORDEUR_SPOED_POLL_SECONDS") or 5),
            metrics_token=env.get("VOORDEUR_METRICS_TOKEN", ""),
            gate_report=env.get("INBOX_GATE_REPORT", ""),
            training_low_confidence=float(env.get("INBOX_TRAINING_LOW_CONFIDENCE") or 0.8),
        )
        values.update(overrides)
        return cls(**values)


def tracker_url_from_rasa_settings(env: dict[str, str]) -> str:
    """The SQLAlchemy URL of Rasa's tracker store, from the same TRACKER_* variables bot/endpoints.yml reads,
    so retention purges exactly the `events` table Rasa writes to."""
    dialect, db = env.get("TRACKER_DIALECT", "sqlite") or "sqlite", env.get("TRACKER_DB", "")
    if not db:
        return ""
    if dialect == "sqlite":
        return f"sqlite:///{db}"
    from urllib.parse import quote

    user, password = quote(env.get("TRACKER_USER", "")), quote(env.get("TRACKER_PASSWORD", ""))
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = env.get("TRACKER_URL", "") or "localhost"
    driver = "postgresql+psycopg" if dialect.startswith("postgres") else dialect
    return f"{driver}://{auth}{host}/{db}"
