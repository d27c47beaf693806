"""`make gate` (scripts/gate.py) on real models: a candidate that lost its danger training is refused, naming the
danger messages it no longer catches; the live model against itself passes.

The refused candidate is trained here, NLU only (the gate reads only the parse) and without the entity tagger,
from bot/config.yml on a copy of the training data without the `vraag_veiligheid` examples: the kind of data error the gate exists for (an
export that dropped a file). Without them the intent classifier never says vraag_veiligheid and the
DangerClassifier stays silent; only the lexicon, which is shared code and not part of a model, still catches
danger. The safety set holds danger said without the lexicon's words, so the live model catches lines this
candidate cannot.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("VOORDEUR_TEST_MODEL", ROOT / "models" / "current.tar.gz"))
GATE = ROOT / "scripts" / "gate.py"
ENTITY_ONLY = ("RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer", "DIETClassifier")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL}: run `make train` first"),
]


def run_gate(kandidaat: Path, out: Path, sets: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GATE), "--live", str(MODEL), "--kandidaat", str(kandidaat),
                           "--sets", sets, "--out", str(out), "--geen-register"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def zonder_veiligheid(tmp_path_factory) -> Path:
    """A real NLU-only candidate trained without the danger examples (see the module docstring)."""
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    work = tmp_path_factory.mktemp("kandidaat")
    data = load_data(str(ROOT / "bot" / "data" / "nlu"))
    kept = [m for m in data.training_examples if m.get("intent") != "vraag_veiligheid"]
    assert len(kept) < len(data.training_examples)
    reduced = TrainingData(kept, entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                           lookup_tables=data.lookup_tables)
    (work / "nlu.yml").write_text(reduced.nlu_as_yaml(), encoding="utf-8")
    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
    config.pop("policies", None)
    # Small: without the entity tagger (DIET and the featurizers only it reads), which the danger path does not
    # use and which takes most of the training time on 2 cores.
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] not in ENTITY_ONLY]
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config",
                           str(work / "config.yml"), "--nlu", str(work / "nlu.yml"), "--out", str(work),
                           "--fixed-model-name", "zonder-veiligheid", "--quiet"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    model = work / "zonder-veiligheid.tar.gz"
    assert proc.returncode == 0 and model.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return model


def test_a_candidate_that_no_longer_catches_a_danger_message_is_refused(zonder_veiligheid, tmp_path):
    proc = run_gate(zonder_veiligheid, tmp_path, "veiligheid")
    assert proc.returncode == 1, proc.stderr[-3000:]
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    assert report["besluit"] == "geweigerd"
    [lost] = [c for c in report["controles"] if c["soort"] == "spoed_behouden" and not c["geslaagd"]]
    live, kandidaat = report["cijfers"]["live"]["veiligheid"], report["cijfers"]["kandidaat"]["veiligheid"]
    assert lost["berichten"], "the refusal names the lost messages"
    for rid in lost["berichten"]:  # caught by the live model, missed by the candidate, and danger indeed
        assert rid.startswith("vg-") and rid not in live["spoed_gemist"] and rid in kandidaat["spoed_gemist"]
    assert (report["live"]["bestand"], report["kandidaat"]["bestand"]) == (MODEL.resolve().name,
                                                                          "zonder-veiligheid.tar.gz")
    md = (tmp_path / "gate.md").read_text(encoding="utf-8")
    assert "**Besluit: GEWEIGERD**" in md and f"`{lost['berichten'][0]}`" in md


def test_the_live_model_against_itself_passes_and_names_its_rasa_model_id(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    proc = run_gate(MODEL, tmp_path, "heldout,veiligheid")
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((tmp_path / "gate.json").read_text(encoding="utf-8"))
    assert report["besluit"] == "doorgelaten" and all(c["geslaagd"] for c in report["controles"])
    assert report["live"]["model_id"] == LocalModelStorage.metadata_from_archive(MODEL).model_id
    assert report["cijfers"]["live"]["heldout"]["n"] > 200 and report["cijfers"]["live"]["veiligheid"]["n"] == 72
    not_run = {(c["soort"], c["set"]) for c in report["controles"] if not c["gemeten"]}
    assert ("onderwerp_accuracy", "onafhankelijk") in not_run  # only the sets asked for were measured
