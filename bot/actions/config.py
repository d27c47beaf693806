"""The action server's settings, read once from the environment (defaults = embedded mode)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Config:
    host: str
    port: int
    token: str
    inbox_url: str
    inbox_token: str
    var_dir: Path
    inline_timeout: float  # how long the routing action waits for the inbox before answering honestly
    retry_max_delay: float
    draft_ttl_seconds: int
    draft_purge_seconds: float  # how often expired drafts are deleted while the server runs
    metrics_token: str = ""  # VOORDEUR_METRICS_TOKEN: when set, GET /metrics needs it as a Bearer token

    @property
    def outbox_path(self) -> Path:
        return self.var_dir / "outbox.sqlite3"

    @property
    def drafts_path(self) -> Path:
        return self.var_dir / "drafts.sqlite3"


def load_config(env: dict[str, str] | None = None) -> Config:
    """Build the configuration from `env` (default: os.environ)."""
    env = dict(os.environ if env is None else env)
    return Config(
        host=env.get("ACTION_HOST", "127.0.0.1"),
        port=int(env.get("ACTION_PORT", "5055")),
        token=env.get("ACTION_SERVER_TOKEN", ""),
        inbox_url=env.get("INBOX_URL", "http://127.0.0.1:8000").rstrip("/"),
        inbox_token=env.get("INBOX_SERVICE_TOKEN", ""),
        var_dir=Path(env.get("VOORDEUR_VAR_DIR", str(ROOT / "var"))),
        inline_timeout=float(env.get("VOORDEUR_INBOX_INLINE_TIMEOUT", "2.0")),
        retry_max_delay=float(env.get("VOORDEUR_OUTBOX_MAX_DELAY", "300")),
        draft_ttl_seconds=int(env.get("VOORDEUR_DRAFT_TTL", str(24 * 3600))),
        draft_purge_seconds=float(env.get("VOORDEUR_DRAFT_PURGE_SECONDS", "60")),
        metrics_token=env.get("VOORDEUR_METRICS_TOKEN", ""),
    )
