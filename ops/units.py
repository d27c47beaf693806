"""Start a service exactly as its systemd unit in deploy/systemd/ does, as an ordinary user from this checkout:

    python -m ops.units exec voordeur-rasa@5006

`make run` and `make run-prod` (scripts/run.sh) start every service this way, so the unit files a gemeente installs
and the commands we run and test cannot drift apart. From the unit it takes:
- `ExecStart=` (one command line; systemd's quoting), with `%i` the instance name, `${NAME}` a variable of the
  environment (a missing one is an error), and the install root `/srv/voordeur` replaced by this checkout;
- `Environment=` as defaults: a variable already in the environment wins, as the site's `EnvironmentFile=` wins in
  systemd (scripts/env.sh has loaded the secrets and settings by then);
- `WorkingDirectory=`, likewise relative to this checkout.
`User=`, the sandbox options and `Restart=` are systemd's business (scripts/run.sh restarts a stopped service in
the production shape, as `Restart=on-failure` does). Standard library only.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "deploy" / "systemd"
INSTALL_ROOT = "/srv/voordeur"
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class UnitError(ValueError):
    """A unit file this module cannot run, or a variable its command needs that is not set."""


@dataclass
class Unit:
    name: str
    exec_start: str
    environment: dict[str, str] = field(default_factory=dict)
    working_directory: str = INSTALL_ROOT


def unit_file(name: str) -> Path:
    """deploy/systemd/<name>.service; `voordeur-rasa@5006` is the template `voordeur-rasa@.service`."""
    base = name.split("@", 1)[0] + "@" if "@" in name else name
    path = UNITS / f"{base}.service"
    if not path.exists():
        raise UnitError(f"{name}: no unit file {path.relative_to(ROOT)}")
    return path


def parse(name: str, text: str) -> Unit:
    """The [Service] settings this module uses (continuation lines joined, comments dropped)."""
    text = re.sub(r"\\\n", " ", text)
    section, exec_start, environment, workdir = "", None, {}, INSTALL_ROOT
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
            continue
        if section != "[Service]" or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key == "ExecStart":
            if exec_start is not None:
                raise UnitError(f"{name}: more than one ExecStart")
            exec_start = value
        elif key == "Environment":
            for assignment in shlex.split(value):
                var, _, val = assignment.partition("=")
                environment[var] = val
        elif key == "WorkingDirectory":
            workdir = value
    if not exec_start:
        raise UnitError(f"{name}: no ExecStart")
    return Unit(name, exec_start, environment, workdir)


def _local(value: str, root: Path) -> str:
    return value.replace(INSTALL_ROOT, str(root))


def command(unit: Unit, env: dict[str, str], root: Path = ROOT) -> tuple[list[str], dict[str, str], Path]:
    """(argv, environment, working directory) to run `unit` from the checkout at `root`."""
    instance = unit.name.split("@", 1)[1] if "@" in unit.name else ""
    merged = dict(env)
    for var, val in unit.environment.items():
        merged.setdefault(var, _local(val, root))

    def substitute(word: str) -> str:
        word = word.replace("%i", instance).replace("%%", "%")

        def variable(m: re.Match) -> str:
            if m.group(1) not in merged:
                raise UnitError(f"{unit.name}: ExecStart needs {m.group(1)}, which is not set")
            return merged[m.group(1)]

        return _local(VARIABLE.sub(variable, word), root)

    argv = [substitute(word) for word in shlex.split(unit.exec_start.lstrip("-@:+!"))]
    return argv, merged, Path(_local(unit.working_directory, root))


def main(args: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="action", required=True)
    run = sub.add_parser("exec", help="replace this process by the unit's ExecStart")
    run.add_argument("unit", help="e.g. voordeur-inbox, voordeur-rasa@5005")
    show = sub.add_parser("show", help="print the command line the unit would run")
    show.add_argument("unit")
    ns = parser.parse_args(args)
    try:
        unit = parse(ns.unit, unit_file(ns.unit).read_text())
        argv, env, workdir = command(unit, dict(os.environ))
    except UnitError as e:
        sys.exit(f"ops.units: {e}")
    if ns.action == "show":
        print(shlex.join(argv))
        return
    os.chdir(workdir)
    os.execve(argv[0], argv, env)


if __name__ == "__main__":
    main()
