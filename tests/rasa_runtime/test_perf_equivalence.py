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


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    from bot.voordeur import perf

    perf.install()
    return Agent.load(str(MODEL))


def test_every_test_story_passes_and_every_rule_lookup_matches_rasas_own(agent, tmp_path, monkeypatch):
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.core.test import test as test_stories

    from bot.voordeur import perf

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
    result = asyncio.run(test_stories(str(ROOT / "bot" / "tests"), agent, out_directory=str(tmp_path),
                                      disable_plotting=True, warnings=False))
    assert mismatches == []
    assert compared and max(compared) > 10, "long conversations were among the lookups"
    stories = result["report"]["conversation_accuracy"]
    assert stories["total"] >= 24 and stories["correct"] == stories["total"], (
        (tmp_path / "failed_test_stories.yml").read_text())
    assert result["accuracy"] == 1.0


def _payloads(domain) -> list[str]:
    """Every button payload the domain can send, plus the variants people and widgets produce."""
    texts = [f"/{intent}" for intent in domain.intents]
    texts += ['/inform{"kern": "Neede"}', '/inform{"kern": "Neede", "postcode": "7161"}', "  /affirm  ",
              "/affirm@0.4", '/inform{"kern": Neede}', "/bestaat_niet", "/", "//affirm", "/affirm extra woorden",
              "affirm", "ik wil er een eind aan maken", "/vraag_veiligheid", "traplift"]
    return texts


def test_a_button_payload_parses_to_exactly_what_the_whole_nlu_graph_returns(agent, monkeypatch):
    """The shortcut for "/intent" payloads returns the same parse data as Rasa's NLU graph, key for key, and
    only payloads of known intents skip the graph."""
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.voordeur import perf

    processor = agent.processor
    original = perf.originals["MessageProcessor._parse_message_with_graph"]
    tracker = DialogueStateTracker("payloads", processor.domain.slots)
    graph_runs: list[str] = []
    run_graph = processor.graph_runner.run
    monkeypatch.setattr(processor.graph_runner, "run", lambda **kw: graph_runs.append(text) or run_graph(**kw))
    skipped = []
    for text in _payloads(processor.domain):
        message = UserMessage(text, sender_id="payloads")
        ours = processor._parse_message_with_graph(message, tracker)
        if text not in graph_runs:
            skipped.append(text)
        expected = original(processor, message, tracker)
        assert ours == expected, text
    known = {f"/{intent}" for intent in processor.domain.intents}
    assert known <= set(skipped)
    # Rasa also unpacks malformed entity JSON (dropping the entities); free text and unknown intents take the graph
    assert set(skipped) - known == {'/inform{"kern": "Neede"}', '/inform{"kern": "Neede", "postcode": "7161"}',
                                    "  /affirm  ", "/affirm@0.4", '/inform{"kern": Neede}'}
