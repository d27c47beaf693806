"""Written conversations played end to end (tests/support/simulator.py): web over socket.io, phone as signed Twilio
webhooks, the outcome checked in the inbox.

Runs in runtime 1 because the socket.io client lives there (see the simulator's docstring). One stack plays every
scenario once; the tests read the results. What must hold now is asserted here; the success rate of the
independent scenarios is a measurement, reported by `make evaluate` (section Gesprekken), not a test.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from bot.voordeur import voice
from tests.support import simulator as sim
from tests.support.stack import DEFAULT_MODEL, Stack

MODEL = Path(os.environ.get("VOORDEUR_TEST_MODEL", DEFAULT_MODEL))
EIGEN = sim.load_scenarios([sim.EIGEN])
ONAFHANKELIJK = sim.load_scenarios(sim.default_files())
ALL = EIGEN + ONAFHANKELIJK
# Our own scenarios whose outcome the assistant reaches today. eigen-02 does not, and that is a finding, not
# asserted: "Mijn vader zit … alleen thuis en ziet niemand meer" is taken for danger (the safety net's crisis
# classifier), and a plain "nee" to "Kan ik u nog ergens anders mee helpen?" is not understood.
EIGEN_MOET_SLAGEN = ["eigen-01", "eigen-03", "eigen-04", "eigen-05"]


# --- the recogniser: no stack needed ---------------------------------------------------------------------
def _domain_responses() -> dict:
    out: dict = {}
    for path in sorted((sim.ROOT / "bot" / "domain").glob("*.yml")):
        out.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return out


def test_every_name_in_the_kind_table_is_a_response_or_a_channel_prompt():
    names = set(_domain_responses()) | {f"kanaal.{a}" for a in dir(voice) if a.isupper()}
    assert sorted(set(sim.RESPONSE_KIND) - names) == []


def test_every_question_of_the_domain_has_a_kind():
    """A new question the simulator cannot place would stop scenarios as 'onbekende vraag': map it first."""
    questions = {name for name, variations in _domain_responses().items()
                 if any(str(v.get("text", "")).rstrip().endswith("?") for v in variations or [])}
    assert sorted(questions - set(sim.RESPONSE_KIND)) == []


@pytest.mark.parametrize("kanaal", ["web", "telefoon"])
def test_each_response_is_recognised_as_itself_as_written_and_as_spoken(kanaal):
    responses = sim.Responses()
    wrong = []
    for name, variations in _domain_responses().items():
        for v in variations or []:
            text = re.sub(r"\{[^}]*\}", " Neede ", str(v.get("text") or ""))
            if len(sim._norm(text).split()) < 3 or name == "utter_verwachting":
                continue
            said = voice.render_message(text, v.get("buttons")) if kanaal == "telefoon" else text
            got = responses.name_of(said, kanaal)
            if got != name and sim.kind_of(got) != sim.kind_of(name):
                wrong.append((name, got))
    assert wrong == []


def test_phone_choices_are_read_from_what_the_caller_hears():
    said = voice.render_message("Helpt dit u verder?", [{"title": "Ja, dat is genoeg"},
                                                       {"title": "Nee, ik wil contact met Voormekaar"}])
    msg = sim.PhoneChannel._message(said)
    assert [(b["payload"], b["title"]) for b in msg.buttons] == [
        ("1", "ja, dat is genoeg"), ("2", "nee, ik wil contact met Voormekaar")]
    assert [b["payload"] for b in sim.PhoneChannel._message(voice.MENU).buttons] == ["1", "2", "0", "9"]


def test_answers_come_from_the_scenario_in_order_then_from_the_facts():
    s = {"melder": "inwoner", "eerste_bericht": "x", "persona": "p", "antwoorden": {"plaats": ["Jan", "Neede"]},
         "feiten": {"kern": "Borculo", "toestemming": False}, "verwacht": {"uitkomst": "aanmelding"}}
    assert [sim.choose_answer("plaats", n, s, [])[0] for n in range(3)] == ["Jan", "Neede", "Borculo"]
    ja = {"title": "Ja, het klopt en het mag", "payload": "/affirm"}
    klopt_niet = {"title": "Nee, er klopt iets niet", "payload": "/deny"}
    niets = {"title": "Nee, niets bewaren", "payload": "/geen_toestemming"}
    # who refuses says so at the read-back's question, and again at "which part?" if the bot asks
    assert sim.choose_answer("toestemming", 0, s, [ja, klopt_niet, niets]) == ("nee", niets)
    assert sim.choose_answer("welk_deel", 0, s, [{"title": "Mijn naam", "payload": "/corrigeer"}, niets]
                             ) == ("niets bewaren", niets)
    # who consents answers it as the read-back: the correction first, then yes
    eens = {**s, "feiten": {"toestemming": True},
            "antwoorden": {"toestemming": ["ja hoor"], "samenvatting": ["nee de naam is fout", "ja nu klopt het"]}}
    assert [sim.choose_answer("toestemming", n, eens, [ja, klopt_niet, niets])[0] for n in range(3)] == [
        "nee de naam is fout", "ja nu klopt het", "ja"]


def test_scenario_files_follow_the_schema():
    assert len(ONAFHANKELIJK) >= 40 and {s["kanaal"] for s in ONAFHANKELIJK} == {"web", "telefoon"}
    assert len({s["id"] for s in ALL}) == len(ALL), "scenario ids are unique"


def test_a_broken_scenario_line_gets_a_clear_dutch_error(tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(sim.ScenarioFout, match=r"x.jsonl:1: velden ontbreken: .*kanaal"):
        sim.load_scenarios([bad])


# --- every scenario through the running stack ------------------------------------------------------------
@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"geen getraind model op {MODEL}: draai `make train` (make test doet dat zelf)")
    with Stack(tmp_path_factory.mktemp("gesprekken-stack"), model=MODEL) as s:
        yield s


@pytest.fixture(scope="module")
def played(stack):
    """Each scenario played once, when a test first asks for it (so `-k gw-03` plays only that one)."""
    responses, results = sim.Responses(), {}

    def get(scenario: dict) -> sim.Result:
        if scenario["id"] not in results:
            results[scenario["id"]] = sim.play(scenario, stack, responses)
        return results[scenario["id"]]
    return get


def _why(r: sim.Result) -> str:
    tail = "\n".join(f"{who}: {text}" for who, text in r.transcript[-8:])
    return f"{r.id}: {r.reden} (gestopt bij {r.gestopt_bij})\n{tail}"


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("scenario", ALL, ids=[s["id"] for s in ALL])
def test_scenario_is_played_to_its_end_without_an_error(played, scenario):
    r = played(scenario)
    assert not r.reden.startswith("fout:"), _why(r)
    assert r.beurten_totaal >= 1, _why(r)


@pytest.mark.e2e
@pytest.mark.slow
@pytest.mark.parametrize("scenario", [s for s in EIGEN if s["id"] in EIGEN_MOET_SLAGEN],
                         ids=lambda s: s["id"])
def test_own_scenarios_reach_their_outcome(played, scenario):
    r = played(scenario)
    assert r.gelukt, _why(r)
    assert r.derde_keer_formulier == [], _why(r)  # the repair never asks a form question a third time
