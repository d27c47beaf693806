"""bot/voordeur/perf.py changes how fast Rasa works, never what it decides.

Every test story (bot/tests) runs against the trained model with the patches installed, as in every Rasa
process that loads our tracker store; each rule lookup is also done by Rasa's original code and compared.
"""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("VOORDEUR_TEST_MODEL", ROOT / "models" / "current.tar.gz"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MODEL.exists(), reason=f"no trained model at {MODEL}: run `make train` first"),
]


def test_every_test_story_passes_and_every_rule_lookup_matches_rasas_own(tmp_path, monkeypatch):
    from rasa.core.agent import Agent
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.test import test as test_stories

    from bot.voordeur import perf

    perf.install()
    ours = RulePolicy._get_possible_keys
    original = perf.originals["RulePolicy._get_possible_keys"]
    compared: list[int] = []
    mismatches: list[tuple] = []

    def checked(self, lookup, states):
        got = ours(self, lookup, states)
        expected = original(self, lookup, states)
        compared.append(len(states))
        if got != expected:
            mismatches.append((states[-3:], sorted(got ^ expected)[:3]))
        return got

    monkeypatch.setattr(RulePolicy, "_get_possible_keys", checked)
    agent = Agent.load(str(MODEL))
    result = asyncio.run(test_stories(str(ROOT / "bot" / "tests"), agent, out_directory=str(tmp_path),
                                      disable_plotting=True, warnings=False))
    assert mismatches == []
    assert compared and max(compared) > 10, "long conversations were among the lookups"
    stories = result["report"]["conversation_accuracy"]
    assert stories["total"] >= 24 and stories["correct"] == stories["total"], (
        (tmp_path / "failed_test_stories.yml").read_text())
    assert result["accuracy"] == 1.0
