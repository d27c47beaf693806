"""deploy/systemd/ and ops.units: the unit files a gemeente installs are the commands make run, make run-prod and
the end-to-end tests start (tests/support/stack.py goes through ops.units too)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ops.units import ROOT, UNITS, UnitError, command, parse, unit_file

SERVICES = ["voordeur-inbox", "voordeur-actions", "voordeur-rasa@5006"]


def module_file(module: str) -> Path:
    base = ROOT.joinpath(*module.split("."))
    return base / "__main__.py" if base.is_dir() else base.with_suffix(".py")


@pytest.mark.parametrize("name", SERVICES)
def test_each_unit_runs_a_python_module_of_this_checkout_with_its_own_runtime(name):
    unit = parse(name, unit_file(name).read_text())
    argv, env, workdir = command(unit, {"RASA_HOST": "127.0.0.1", "RASA_MODEL": "models/current.tar.gz"})
    assert workdir == ROOT and env["PYTHONPATH"] == str(ROOT)
    python = Path(argv[0])
    assert python.parent.parent.name == (".venv-bot" if "rasa" in name else ".venv") and python.exists()
    assert argv[1] == "-m" and module_file(argv[2]).exists()


def test_the_rasa_template_takes_its_port_from_the_instance_name_and_the_rest_from_the_environment():
    unit = parse("voordeur-rasa@5006", unit_file("voordeur-rasa@5006").read_text())
    argv, env, _ = command(unit, {"RASA_HOST": "10.0.0.5", "RASA_MODEL": "/m/kandidaat.tar.gz",
                                  "LOCK_STORE_TYPE": "in_memory"})
    assert argv[argv.index("-p") + 1] == "5006" and argv[argv.index("-i") + 1] == "10.0.0.5"
    assert argv[argv.index("--model") + 1] == "/m/kandidaat.tar.gz"
    # the environment wins over the unit's Environment= defaults, as the site's EnvironmentFile= does in systemd
    assert env["LOCK_STORE_TYPE"] == "in_memory"
    assert not any("jwt-secret" in a for a in argv)  # the secret stays in the environment (bot.voordeur.serve)


def test_the_units_environment_fills_what_the_environment_leaves_out():
    unit = parse("voordeur-inbox", unit_file("voordeur-inbox").read_text())
    _, env, _ = command(unit, {})
    assert env["INBOX_WORKERS"] == "2" and env["VOORDEUR_VAR_DIR"] == str(ROOT / "var")


def test_a_variable_the_command_needs_must_be_set():
    unit = parse("voordeur-rasa@5005", unit_file("voordeur-rasa@5005").read_text())
    unit.environment.pop("RASA_HOST")
    with pytest.raises(UnitError, match="RASA_HOST"):
        command(unit, {})


def test_an_unknown_unit_is_refused_with_its_name():
    out = subprocess.run([sys.executable, "-m", "ops.units", "show", "voordeur-bestaatniet"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 1 and "voordeur-bestaatniet" in out.stderr


def test_the_target_starts_every_service_and_two_rasa_instances():
    target = (UNITS / "voordeur.target").read_text()
    wants = next(line for line in target.splitlines() if line.startswith("Wants=")).split("=", 1)[1].split()
    assert sorted(wants) == ["voordeur-actions.service", "voordeur-inbox.service", "voordeur-rasa@5005.service",
                             "voordeur-rasa@5006.service"]


def test_continuation_lines_and_quoted_environment_values_are_read_as_systemd_does():
    unit = parse("x@7", "[Unit]\nDescription=x\n[Service]\n# comment\nEnvironment=\"A=een twee\" B=3\n"
                 "ExecStart=/srv/voordeur/.venv/bin/python -m x \\\n  --poort %i\n")
    argv, env, _ = command(unit, {})
    assert argv[-2:] == ["--poort", "7"] and env["A"] == "een twee" and env["B"] == "3"
