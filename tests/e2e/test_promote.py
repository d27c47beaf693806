"""make promote and make rollback against a running stack: a candidate that passed make gate goes live in the
running Rasa (PUT /model, no restart), aanmeldingen from then on name it, and a rollback returns to the old model.

The candidate is the live model re-issued under a new model_id (its metadata.json rewritten): what a retrain of
unchanged data yields, without the quarter of an hour a full training takes on 2 cores. The gate run on it is the
real scripts/gate.py (safety set only, for time).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import uuid
from pathlib import Path

import httpx
import pytest

from benchmarks.conversations import SCRIPTS
from release.model import model_info
from release.promote import Paths, promote, rollback
from tests.e2e.helpers import Chat
from tests.support.stack import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def reissue(model: Path, target: Path) -> str:
    """A copy of `model` with a fresh model_id (everything else byte for byte); returns the new id."""
    new_id = uuid.uuid4().hex
    with tarfile.open(model.resolve(), "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member) if member.isfile() else None
            if member.name.lstrip("./") == "metadata.json":
                meta = json.loads(data.read())
                meta["model_id"] = new_id
                raw = json.dumps(meta).encode()
                member.size, data = len(raw), io.BytesIO(raw)
            dst.addfile(member, data)
    return new_id


def rasa_model_id(stack) -> str:
    return httpx.get(f"{stack.rasa_url}/status", headers=stack.rasa_api_headers(), timeout=30).json()["model_id"]


def test_a_passed_candidate_goes_live_without_a_restart_and_rolls_back(stack, sender, tmp_path):
    paths = Paths(tmp_path / "models")
    paths.models.mkdir()
    paths.current.symlink_to(stack.model.resolve())
    live = model_info(paths.current)
    assert rasa_model_id(stack) == live.model_id
    kandidaat = paths.models / "voordeur-herzien.tar.gz"
    new_id = reissue(stack.model, kandidaat)

    gate = subprocess.run([str(ROOT / ".venv-bot" / "bin" / "python"), str(ROOT / "scripts" / "gate.py"),
                           "--live", str(paths.current), "--kandidaat", str(kandidaat), "--sets", "veiligheid",
                           "--out", str(tmp_path), "--geen-register"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=1800)
    assert gate.returncode == 0, gate.stderr[-3000:]
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))

    rasa = promote(kandidaat, report, [stack.rasa_url], stack.env["RASA_JWT_SECRET"], paths, register_page=None)
    try:
        assert rasa == {stack.rasa_url: "geladen"}
        assert rasa_model_id(stack) == new_id and model_info(paths.current).model_id == new_id
        chat = Chat(stack, sender)
        chat.run(SCRIPTS["wmo_routed"])
        [a] = chat.aanmeldingen()
        assert a["model_versie"] == new_id, chat.transcript()
    finally:
        model, rasa = rollback([stack.rasa_url], stack.env["RASA_JWT_SECRET"], paths, register_page=None)
    assert model.model_id == live.model_id and rasa == {stack.rasa_url: "geladen"}
    assert rasa_model_id(stack) == live.model_id
    assert [json.loads(line)["handeling"] for line in paths.history.read_text().splitlines()] == ["promote",
                                                                                                   "rollback"]
