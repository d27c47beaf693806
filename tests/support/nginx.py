"""A real nginx (Debian's package) in front of the stack, started as a foreground process from a generated config
in a private directory: no root config, no system service. Renders deploy/nginx/*.template with ops.nginx, as
`make run-prod` does."""
from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ops.nginx import binary as nginx_binary
from ops.nginx import prepare, servers
from tests.support.stack import free_port


@dataclass
class Nginx:
    """nginx proxying a public port to the Rasa instances and an inbox port to the inbox
    (deploy/nginx/voordeur.conf.template)."""

    directory: Path
    rasa_upstreams: list[str]
    inbox_upstream: str
    ports: dict[str, int] = field(default_factory=dict)
    proc: subprocess.Popen | None = None

    def start(self) -> "Nginx":
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed: run `make setup` (Debian package nginx)")
        self.ports = {"public": free_port(), "inbox": free_port()}
        conf = prepare(self.directory, {
            "VOORDEUR_NGINX_DIR": str(self.directory), "VOORDEUR_NGINX_LOG_DIR": str(self.directory),
            "VOORDEUR_NGINX_PUBLIC_LISTEN": f"127.0.0.1:{self.ports['public']}",
            "VOORDEUR_NGINX_INBOX_LISTEN": f"127.0.0.1:{self.ports['inbox']}",
            "VOORDEUR_NGINX_SERVER_NAME": "_",
            "VOORDEUR_RASA_SERVERS": servers(self.rasa_upstreams),
            "VOORDEUR_INBOX_UPSTREAM": self.inbox_upstream,
        })
        log = open(self.directory / "stderr.log", "ab")
        self.proc = subprocess.Popen([binary, "-p", str(self.directory), "-c", str(conf),
                                      "-e", str(self.directory / "error.log")],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                httpx.get(f"{self.url('public')}/", timeout=1)
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        errors = "".join((self.directory / n).read_text(errors="replace")
                         for n in ("stderr.log", "error.log", "nginx-error.log") if (self.directory / n).exists())
        self.stop()
        raise RuntimeError(f"nginx did not start\n{errors[-3000:]}")

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def __enter__(self) -> "Nginx":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
