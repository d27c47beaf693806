"""`make run-prod` as the tests and the benchmark run it: scripts/run.sh in the production mode (VOORDEUR_MODE=prod)
with every port free and its own var/ directory, so it runs next to anything else on the machine.

PostgreSQL and Redis are private instances (tests/support/servers.py) that the fault tests may restart; everything
else is exactly what run-prod starts: the inbox with two workers, the action server, two Rasa instances loading
one model, nginx in front (deploy/nginx), each through its systemd unit (ops.units).
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.servers import PrivatePostgres, PrivateRedis
from tests.support.stack import ROOT, Stack, free_port

INSTANCES = ("rasa", "rasa2")


@dataclass
class ProdShape(Stack):
    """The production shape; `ports` has rasa, rasa2, inbox, actions, public (nginx) and inbox_proxy (nginx)."""

    postgres: PrivatePostgres | None = None
    redis: PrivateRedis | None = None
    start_timeout: float = 1200  # two Rasa instances load one after the other on a busy 2-core machine
    run_log: Path = field(init=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.postgres = self.postgres or PrivatePostgres()
        self.redis = self.redis or PrivateRedis()
        self.ports.update(rasa2=free_port(), public=free_port(), inbox_proxy=free_port())
        public = f"127.0.0.1:{self.ports['public']}"
        self.env.update({
            "VOORDEUR_MODE": "prod",
            "DATABASE_URL": f"{self.postgres.url}/voordeur",
            "TRACKER_DIALECT": "postgresql", "TRACKER_URL": f"127.0.0.1:{self.postgres.port}",
            "TRACKER_DB": "voordeur_rasa", "TRACKER_USER": "postgres", "TRACKER_PASSWORD": "",
            "LOCK_STORE_TYPE": "redis", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.redis.port),
            "RASA_PORTS": f"{self.ports['rasa']} {self.ports['rasa2']}", "INBOX_WORKERS": "2",
            "VOORDEUR_NGINX_PUBLIC_LISTEN": public,
            "VOORDEUR_NGINX_INBOX_LISTEN": f"127.0.0.1:{self.ports['inbox_proxy']}",
            "VOORDEUR_PROXIES_COUNT": "1",
            "TWILIO_PUBLIC_URL": f"http://{public}", "CHAT_ALLOWED_ORIGINS": f"http://{public}",
        })
        for derived in ("RASA_URLS", "INBOX_PUBLIC_URL"):  # scripts/env.sh derives them from the above
            self.env.pop(derived, None)
        self.run_log = self.var_dir / "run-prod.log"

    def start(self) -> "ProdShape":
        self.postgres.start()
        self.redis.start()
        ready = self.var_dir / "run" / "ready"
        try:
            with open(self.run_log, "ab") as log:
                proc = subprocess.Popen(["bash", "-c", "source scripts/env.sh && exec scripts/run.sh"], cwd=ROOT,
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            self.procs["run-prod"] = proc
            deadline = time.monotonic() + self.start_timeout
            while not ready.exists():
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"make run-prod did not come up\n{self.output()[-5000:]}")
                time.sleep(0.5)
        except BaseException:
            self.stop()
            raise
        return self

    def output(self) -> str:
        return self.run_log.read_text(errors="replace") if self.run_log.exists() else ""

    def stop(self, name: str | None = None) -> None:
        proc = self.procs.pop("run-prod", None)
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # run.sh stops its services; the group holds them all
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
        for server in (self.redis, self.postgres):
            if server is not None:
                server.remove()

    # -- what run-prod runs ------------------------------------------------------------------------------------
    def service(self, name: str) -> str:
        """run.sh's name of a service: inbox, actions, nginx, rasa-<port> (for "rasa", "rasa2")."""
        return f"rasa-{self.ports[name]}" if name in INSTANCES else name

    def pid(self, name: str) -> int:
        return int((self.var_dir / "run" / f"{self.service(name)}.pid").read_text())

    def log(self, name: str) -> str:
        path = self.var_dir / "logs" / f"{self.service(name)}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    @property
    def public_url(self) -> str:
        return self.url_of("public")

    @property
    def inbox_proxy_url(self) -> str:
        return self.url_of("inbox_proxy")

    def access_log(self) -> list[str]:
        """nginx's access log lines (format `voordeur`: ... upstream=<address> ...)."""
        path = self.var_dir / "logs" / "nginx-access.log"
        return path.read_text().splitlines() if path.exists() else []
