"""A private PostgreSQL cluster and a private Redis server on free ports, for the tests that restart them: the
machine's own PostgreSQL (5432) and Redis (6379) serve other tests and people, and are never restarted by a test.

Both are the machine's own binaries (Debian's postgresql and redis-server), started as foreground-free processes
from a private directory. PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.stack import free_port


def _wait_port(port: int, up: bool, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            if up:
                return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not {'open' if up else 'close'} within {timeout:.0f} s")


def redis_available(port: int = 6379) -> bool:
    """Whether a Redis server answers on 127.0.0.1:port (the machine's own one for the unit tests)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def redis_command(port: int, *args: str | int, db: int = 1) -> object:
    """One Redis command on database `db` (1: where Rasa's shared state lives, REDIS_DB) over a raw RESP socket, for
    runtime 2, which has no Redis client library."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        def send(*words: str | int) -> None:
            parts = [str(a).encode() for a in words]
            sock.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))

        send("SELECT", db)
        send(*args)
        reader = sock.makefile("rb")

        def read() -> object:
            line = reader.readline().rstrip(b"\r\n")
            kind, rest = line[:1], line[1:]
            if kind in (b"+", b"-"):
                return rest.decode()
            if kind == b":":
                return int(rest)
            if kind == b"$":
                return None if rest == b"-1" else reader.read(int(rest) + 2)[:-2].decode()
            if kind == b"*":
                return [read() for _ in range(int(rest))]
            raise AssertionError(f"unexpected Redis reply {line!r}")

        assert read() == "OK"
        return read()


class _Server:
    """What a test does with a server: restart it (down for a moment, as a service restart is), remove it."""

    def start(self) -> "_Server":
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def restart(self, down_seconds: float = 2.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def postgres_bin() -> Path | None:
    """The directory with initdb and pg_ctl (Debian: /usr/lib/postgresql/<version>/bin, not on PATH)."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


@dataclass
class PrivatePostgres(_Server):
    """`initdb` into a fresh directory, trust authentication for `postgres` on 127.0.0.1, a free port."""

    port: int = field(default_factory=free_port)
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="voordeur-pg-")))

    def __post_init__(self) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        self.data = self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def _run(self, *argv: str, timeout: float = 120) -> None:
        cmd = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:  # postgres will not run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if out.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed: {out.stdout[-2000:]}{out.stderr[-2000:]}")

    def start(self) -> "PrivatePostgres":
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "postgres.log"), "-w", "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c max_connections=200", "start")
        _wait_port(self.port, up=True)
        return self

    def stop(self) -> None:
        """Fast shutdown, as a service restart does: every connection dropped, open transactions rolled back."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        _wait_port(self.port, up=False)


@dataclass
class PrivateRedis(_Server):
    """redis-server on a free port; saves to its directory on shutdown, as Debian's configuration does, so a
    restart keeps the data (SIGTERM: save, then exit)."""

    port: int = field(default_factory=free_port)
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="voordeur-redis-")))
    proc: subprocess.Popen | None = None

    def start(self) -> "PrivateRedis":
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        log = open(self.directory / "redis.log", "ab")
        self.proc = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
                                      str(self.directory), "--save", "3600 1", "--appendonly", "no"],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_port(self.port, up=True)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)
        self.proc = None
        _wait_port(self.port, up=False)
