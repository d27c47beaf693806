"""The nginx configuration of deploy/nginx/ rendered for one directory, to run nginx as an ordinary user from there:

    python -m ops.nginx prepare var/nginx     # writes var/nginx/nginx.conf and voordeur.conf, makes its folders
    nginx -p var/nginx -c var/nginx/nginx.conf -e var/nginx/error.log

Used by `make run-prod` (scripts/run.sh) and the tests (tests/support/nginx.py). Only the `${VOORDEUR_*}` names are
replaced, as `envsubst` with an explicit list would (nginx's own $variables stay); every one needs a value. The
values come from the same environment variables the services read (defaults of scripts/env.sh):

| placeholder | from |
|---|---|
| `VOORDEUR_NGINX_PUBLIC_LISTEN`, `VOORDEUR_NGINX_INBOX_LISTEN` | the same names (run-prod: 127.0.0.1:8080, :8081) |
| `VOORDEUR_NGINX_SERVER_NAME` | the same name, default `_` (any) |
| `VOORDEUR_RASA_SERVERS` | one `server` line per port in `RASA_PORTS` on `RASA_HOST` |
| `VOORDEUR_INBOX_UPSTREAM` | `INBOX_HOST:INBOX_PORT` |
| `VOORDEUR_NGINX_DIR` | the directory given |
| `VOORDEUR_NGINX_LOG_DIR` | `$VOORDEUR_VAR_DIR/logs` (where retention rotates and clears logs), else the directory |
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "deploy" / "nginx"
PLACEHOLDER = re.compile(r"\$\{(VOORDEUR_[A-Z_]+)\}")
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def binary() -> str | None:
    """Debian's nginx (in /usr/sbin, which is not on an ordinary user's PATH)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render(template: Path, values: dict[str, str]) -> str:
    """Replace the ${VOORDEUR_*} names (only those: nginx's own $variables stay); every one must have a value."""
    text = template.read_text()
    missing = sorted({m for m in PLACEHOLDER.findall(text) if m not in values})
    if missing:
        raise KeyError(f"{template.name}: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def servers(addresses: list[str]) -> str:
    """The `server` lines of an upstream block. An instance that refuses a connection is left alone for 10 s
    (a killed or restarting Rasa); its requests go to the others meanwhile."""
    if not addresses:
        raise ValueError("no Rasa instance to proxy to (RASA_PORTS is empty)")
    return " ".join(f"server {a} max_fails=1 fail_timeout=10s;" for a in addresses)


def values_from_env(env: dict[str, str], directory: Path) -> dict[str, str]:
    host = env.get("RASA_HOST") or "127.0.0.1"
    ports = (env.get("RASA_PORTS") or env.get("RASA_PORT") or "5005").split()
    values = {
        "VOORDEUR_NGINX_DIR": str(directory),
        "VOORDEUR_NGINX_LOG_DIR": f"{env['VOORDEUR_VAR_DIR']}/logs" if env.get("VOORDEUR_VAR_DIR") else str(directory),
        "VOORDEUR_NGINX_SERVER_NAME": env.get("VOORDEUR_NGINX_SERVER_NAME") or "_",
        "VOORDEUR_RASA_SERVERS": servers([f"{host}:{p}" for p in ports]),
        "VOORDEUR_INBOX_UPSTREAM": f"{env.get('INBOX_HOST') or '127.0.0.1'}:{env.get('INBOX_PORT') or '8000'}",
    }
    for name in ("VOORDEUR_NGINX_PUBLIC_LISTEN", "VOORDEUR_NGINX_INBOX_LISTEN"):
        if not env.get(name):
            raise KeyError(f"{name} is not set (make run-prod sets it in scripts/env.sh)")
        values[name] = env[name]
    return values


def prepare(directory: Path, values: dict[str, str]) -> Path:
    """Write nginx.conf and voordeur.conf into `directory` (and nginx's temp folders); returns nginx.conf."""
    directory.mkdir(parents=True, exist_ok=True)
    for sub in TEMP_DIRS:
        (directory / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    (directory / "voordeur.conf").write_text(render(TEMPLATES / "voordeur.conf.template", values))
    conf = directory / "nginx.conf"
    conf.write_text(render(TEMPLATES / "nginx.conf.template", values))
    return conf


def main(args: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("prepare", help="render deploy/nginx into DIR for nginx -p DIR")
    p.add_argument("directory", type=Path)
    ns = parser.parse_args(args)
    directory = ns.directory.resolve()
    try:
        print(prepare(directory, values_from_env(dict(os.environ), directory)))
    except (KeyError, ValueError) as e:
        sys.exit(f"ops.nginx: {e}")


if __name__ == "__main__":
    main()
