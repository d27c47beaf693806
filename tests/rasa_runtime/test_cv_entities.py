"""scripts/cv_entities.py: the entity scores behind bot/config.yml's choice of entity tagger, table-driven."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import cv_entities  # noqa: E402

K = ("kern", "Neede")
L = ("leeftijd", "83")


@pytest.mark.parametrize("gold, pred, kern, leeftijd", [
    ([{K}, {L}], [{K}, {L}], (1.0, 1.0), (1.0, 1.0)),
    ([{K}, {L}], [set(), {L}], (0.0, 0.0), (1.0, 1.0)),             # a missed kern: recall 0, nothing predicted
    ([{K}, set()], [{K}, {L}], (1.0, 1.0), (0.0, 0.0)),              # an age where there is none: precision 0
    ([{K, L}], [{("kern", "Neede"), ("leeftijd", "38")}], (1.0, 1.0), (0.0, 0.0)),  # the wrong value is wrong
    ([{K}, {K}], [{K}, {("kern", "Eibergen")}], (0.5, 0.5), (0.0, 0.0)),
], ids=["all right", "kern missed", "age invented", "wrong value", "half"])
def test_precision_and_recall_per_entity_on_exact_pairs(gold, pred, kern, leeftijd):
    scores = cv_entities.score(gold, pred)
    assert (scores["kern"]["precision"], scores["kern"]["recall"]) == kern
    assert (scores["leeftijd"]["precision"], scores["leeftijd"]["recall"]) == leeftijd


def test_every_candidate_is_the_shipped_pipeline_up_to_diet_with_one_change():
    variants = cv_entities.variants()
    names = [[s["name"] for s in v["pipeline"]] for v in variants.values()]
    assert all(n[-2:] == ["DIETClassifier", "EntitySynonymMapper"] for n in names)
    assert "LinearIntentClassifier" not in str(variants) and "SafetyNet" not in str(variants)
    assert [(cv_entities._diet(v)["epochs"], any(s.get("analyzer") == "char_wb" for s in v["pipeline"]))
            for v in variants.values()] == [(40, True), (80, True), (40, False)]
