"""The gate's fixed safety set: well formed, balanced between danger and near misses, never in the training data."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "nlu" / "veiligheid" / "veiligheid.jsonl"
sys.path.insert(0, str(ROOT / "scripts"))

from overlap import overlaps, training_texts  # noqa: E402

ROWS = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line.strip()]
SOORTEN = {True: {"huiselijk_geweld", "kindermishandeling", "suicide", "acuut_onveilig"},
           False: {"idioom", "ontkenning", "verleden", "helper", "hoog_niet_spoed", "ander_onderwerp"}}


def test_every_line_is_danger_or_a_near_miss_with_a_known_kind_and_a_unique_id():
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert set(r) == {"id", "text", "spoed", "soort"} and r["text"].strip()
        assert r["soort"] in SOORTEN[r["spoed"]] and r["id"].startswith("vg-" if r["spoed"] else "vb-")


def test_danger_and_near_misses_are_both_well_represented():
    spoed = sum(r["spoed"] for r in ROWS)
    assert spoed >= 30 and len(ROWS) - spoed >= 30
    assert {r["soort"] for r in ROWS} == SOORTEN[True] | SOORTEN[False]


def test_no_line_is_a_copy_or_near_copy_of_the_training_data():
    exact, near = overlaps([r["text"] for r in ROWS], [t for _, t in training_texts()])
    assert exact == [] and near == []
