"""`python -m bot.voordeur.serve <rasa run options>`: `rasa run` with the JWT secret from the environment and
Rasa telemetry switched off. Used by scripts/run.sh and tests/support/stack.py.

Why not `rasa run --jwt-secret=...`: a process's command line is readable by every local user
(`/proc/<pid>/cmdline`, `ps`). Rasa 3.6 has no environment variable or file for the secret, so this runs Rasa's own
CLI (`rasa.__main__.main`) in this process and adds `--jwt-secret` to Python's copy of the arguments only; the
kernel keeps the command line the process was started with, which holds no secret.

Telemetry: `RASA_TELEMETRY_ENABLED=false` in this process (it wins over everything in Rasa 3.6) and
`metrics.enabled: false` in Rasa's global config (`~/.config/rasa/global.yml`, what `rasa telemetry disable`
writes), so a `rasa` command run later without our environment does not send either.
"""
from __future__ import annotations

import os
import sys
from typing import List, Optional

from bot.voordeur.config import rasa_jwt_secret

TELEMETRY_ENV = "RASA_TELEMETRY_ENABLED"


class ServeError(SystemExit):
    """A refusal to start, with the reason for the operator."""


def disable_telemetry() -> None:
    """Switch Rasa telemetry off in this process's environment and in Rasa's global config."""
    os.environ[TELEMETRY_ENV] = "false"
    from rasa import telemetry
    from rasa.utils.common import read_global_config_value

    stored = read_global_config_value(telemetry.CONFIG_FILE_TELEMETRY_KEY) or {}
    if stored.get(telemetry.CONFIG_TELEMETRY_ENABLED) is not False:
        telemetry.toggle_telemetry_reporting(False)


def rasa_argv(args: List[str], secret: str) -> List[str]:
    """Rasa's CLI arguments for `rasa run`, the secret added as one `--jwt-secret=` argument (a secret may start
    with "-", which argparse would take for an option)."""
    if any(a == "--jwt-secret" or a.startswith("--jwt-secret=") for a in args):
        raise ServeError("serve: pass the JWT secret as RASA_JWT_SECRET in the environment, not as an argument")
    if "--enable-api" in args and not secret:
        raise ServeError("serve: RASA_JWT_SECRET is empty; Rasa's HTTP API would be open without authentication")
    return ["rasa", "run", *args, *([f"--jwt-secret={secret}"] if secret else [])]


def main(args: Optional[List[str]] = None) -> None:
    """Start Rasa like `rasa run <args>` does, in this process."""
    argv = rasa_argv(list(sys.argv[1:] if args is None else args), rasa_jwt_secret())
    disable_telemetry()
    from rasa.__main__ import main as rasa_main

    sys.argv = argv
    rasa_main()


if __name__ == "__main__":
    main()
