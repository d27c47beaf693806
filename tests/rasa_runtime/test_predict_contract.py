"""The prediction contract of `make predict` (scripts/predict.py), against the trained model.

One run of the script over a mixed input file (module fixture: loading the model takes a while); the tests
check the shape of every output line, the codes, the ids, spoed for danger and the handling of bad lines.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("VOORDEUR_TEST_MODEL", ROOT / "models" / "current.tar.gz"))
TAXONOMY = yaml.safe_load((ROOT / "routing" / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
ONDERWERPEN = set(TAXONOMY["onderwerpen"])
WETTEN = set(TAXONOMY["wetten"])
URGENTIES = set(TAXONOMY["urgentie"])
KEYS = {"id", "onderwerp", "also", "wet", "urgentie", "melder", "confidence"}
MELDERS = set(TAXONOMY["melder"])

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not MODEL.exists(),
        reason=f"no trained model at {MODEL}: run `make train` (scripts/train.sh) first",
    ),
]

VALID: List[Dict[str, Any]] = [
    {"id": "traplift", "text": "traplift"},
    {"id": 2, "text": "Mijn man slaat mij en ik durf niet meer naar huis"},
    {"id": "suicide", "text": "ik wil er een eind aan maken"},
    {"id": "doodmoe", "text": "ik ben doodmoe, het huishouden lukt niet meer sinds mijn operatie"},
    {"id": "multi", "text": "ik ben mijn baan kwijt, heb schulden en mijn zoon van 15 gaat niet meer naar school"},
    {"id": "jargon", "text": "POH-GGZ: patiënt heeft ambulante begeleiding nodig, graag Wmo-indicatie"},
    {"id": "buiten", "text": "wanneer wordt het oud papier opgehaald"},
    {"id": "leeg", "text": ""},
    {"id": "spaties", "text": "   \t "},
    {"id": "emoji", "text": "😀😀😀"},
    {"id": "html", "text": "<script>alert(1)</script><img src=x onerror=alert(2)>"},
    {"id": "lang", "text": "ik heb hulp nodig bij het schoonmaken " * 300},
    {"id": "bsn", "text": "mijn bsn is 111222333 en ik heb schulden"},
    {"id": "indirect", "text": "ik ben iedereen alleen maar tot last, het hoeft voor mij niet meer"},
    {"id": "professional", "text": "Als wijkverpleegkundige meld ik mw. aan, ze kan niet meer zelf douchen"},
    {"id": "naaste", "text": "mijn moeder van 88 kan haar huis niet meer schoonhouden"},
]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Dict[str, Any]:
    work = tmp_path_factory.mktemp("predict")
    lines = [json.dumps(VALID[0], ensure_ascii=False), json.dumps(VALID[1], ensure_ascii=False),
             "dit is geen json",                             # line 3: bad
             json.dumps({"text": "zonder id"}),             # line 4: bad, no id
             ""]                                             # line 5: blank, ignored
    lines += [json.dumps(item, ensure_ascii=False) for item in VALID[2:]]
    lines.append(json.dumps({"id": "nummer", "text": 12345}))  # last line: text is not a string
    src = work / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = work / "out.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "predict.py"), str(src), str(out), "--model", str(MODEL)],
        cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=600,
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return {"proc": proc, "rows": rows, "by_id": {r["id"]: r for r in rows}, "n_lines": len(lines)}


def test_predict_exits_zero_despite_bad_lines(run):
    assert run["proc"].returncode == 0, run["proc"].stderr[-2000:]


def test_one_output_line_per_valid_input_in_order_with_id_echoed(run):
    assert [r["id"] for r in run["rows"]] == [item["id"] for item in VALID]


def test_every_line_has_exactly_the_contract_fields(run):
    for row in run["rows"]:
        assert set(row) == KEYS, row


def test_codes_come_from_the_taxonomy_only(run):
    for row in run["rows"]:
        assert row["onderwerp"] in ONDERWERPEN, row
        assert isinstance(row["also"], list) and set(row["also"]) <= ONDERWERPEN, row
        assert row["onderwerp"] not in row["also"], row
        assert len(set(row["also"])) == len(row["also"]), row
        assert row["wet"] in WETTEN, row
        assert row["urgentie"] in URGENTIES, row
        assert row["melder"] in MELDERS, row
        assert isinstance(row["confidence"], (int, float)) and 0.0 <= row["confidence"] <= 1.0, row


def test_danger_lines_are_spoed_and_veiligheid(run):
    for line_id in (2, "suicide", "indirect"):
        row = run["by_id"][line_id]
        assert row["urgentie"] == "spoed", row
        assert row["onderwerp"] == "veiligheid", row


def test_dood_idiom_is_not_spoed(run):
    row = run["by_id"]["doodmoe"]
    assert row["urgentie"] != "spoed", row
    assert row["onderwerp"] == "huishoudelijke_hulp", row


def test_keyword_question_and_jargon_are_understood(run):
    assert run["by_id"]["traplift"]["onderwerp"] == "woningaanpassing"
    assert run["by_id"]["traplift"]["wet"] == "wmo"
    assert run["by_id"]["jargon"]["onderwerp"] == "begeleiding_dagbesteding"
    assert run["by_id"]["buiten"]["onderwerp"] == "buiten_sociaal_domein"


def test_melder_comes_from_the_words(run):
    assert run["by_id"]["professional"]["melder"] == "professional"
    assert run["by_id"]["naaste"]["melder"] == "naaste"
    assert run["by_id"]["traplift"]["melder"] == "inwoner"


def test_predict_labels_exactly_what_the_assistant_decides(run):
    """make predict is routing.eerste_bericht over the model's parse: the same function the action server calls."""
    import asyncio

    import routing
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    catalog = routing.default_catalog()
    loop = asyncio.new_event_loop()
    for item in VALID[:3] + VALID[-3:]:
        masked, _ = routing.mask_bsn(item["text"])
        parse = loop.run_until_complete(agent.parse_message(masked))
        expected = routing.eerste_bericht(catalog, masked, parse).as_json(item["id"])
        assert run["by_id"][item["id"]] == expected


def test_multi_onderwerp_line_names_more_than_one_onderwerp(run):
    row = run["by_id"]["multi"]
    assert len({row["onderwerp"], *row["also"]}) >= 2, row


def test_empty_text_is_labelled_not_routed(run):
    for line_id in ("leeg", "spaties"):
        row = run["by_id"][line_id]
        assert row["onderwerp"] == "buiten_sociaal_domein" and row["confidence"] == 0.0, row


def test_bad_lines_get_a_dutch_error_with_their_line_number(run):
    err = run["proc"].stderr
    assert "regel 3: geen geldige JSON" in err
    assert 'regel 4: het veld "id" ontbreekt' in err
    assert f'regel {run["n_lines"]}: het veld "text" is geen tekst' in err
    assert "regel 5" not in err  # blank lines are not errors
