"""The independent test sets (every round in rondes.yml): complete, labelled twice with every disagreement resolved,
never in the training data."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "tests" / "nlu" / "onafhankelijk"
sys.path.insert(0, str(ROOT))
from release.rondes import RONDES as ALLE_RONDES  # noqa: E402  (tests/nlu/onafhankelijk/rondes.yml)

# round folder -> its writers' prefixes (round 1 at the top of the folder, later rounds in a subfolder)
RONDES = {r.folder: r.schrijvers for r in ALLE_RONDES}
TAXONOMY = yaml.safe_load((ROOT / "routing" / "data" / "taxonomy.yml").read_text(encoding="utf-8"))
FIELDS = ("onderwerp", "also", "wet", "urgentie", "melder")
sys.path.insert(0, str(ROOT / "scripts"))

from overlap import NEAR, overlaps, training_texts  # noqa: E402


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


FIRST = {s: read(folder / f"{s}.jsonl") for folder, writers in RONDES.items() for s in writers}
SECOND = {s: {r["id"]: r for r in read(folder / "tweede" / f"{s}.jsonl")} for folder, writers in RONDES.items()
          for s in writers}
MIDDEN = {s: read(folder / f"{s}-midden.jsonl") for folder, writers in RONDES.items() for s in writers}
MIDDEN_SECOND = {s: read(folder / "tweede" / f"{s}-midden.jsonl") for folder, writers in RONDES.items() for s in writers}
BESLUITEN = {r["id"]: r for folder in RONDES for r in read(folder / "besluiten.jsonl")}
ALL = [r for rows in FIRST.values() for r in rows]


def final(row: dict) -> dict:
    return {**row, **{k: BESLUITEN[row["id"]][k] for k in FIELDS}} if row["id"] in BESLUITEN else row


@pytest.mark.parametrize("folder,minimum", [(r.folder, r.minimum) for r in ALLE_RONDES],
                         ids=[r.titel.replace(" ", "") for r in ALLE_RONDES])
def test_each_round_is_large_and_covers_every_onderwerp_and_melder(folder, minimum):
    rows = [r for s in RONDES[folder] for r in FIRST[s]]
    assert len(rows) >= minimum
    finals = [final(r) for r in rows]
    assert {r["onderwerp"] for r in finals} == set(TAXONOMY["onderwerpen"])
    assert {r["melder"] for r in finals} == set(TAXONOMY["melder"])
    assert sum(r["urgentie"] == "spoed" for r in finals) >= minimum // 8
    assert len({r["id"] for r in ALL}) == len(ALL)


@pytest.mark.parametrize("row", ALL, ids=[r["id"] for r in ALL])
def test_every_final_label_uses_the_taxonomy_codes(row):
    f = final(row)
    assert f["onderwerp"] in TAXONOMY["onderwerpen"]
    assert set(f["also"]) <= set(TAXONOMY["onderwerpen"]) and f["onderwerp"] not in f["also"]
    assert f["wet"] in TAXONOMY["wetten"]
    assert f["urgentie"] in TAXONOMY["urgentie"]
    assert f["melder"] in TAXONOMY["melder"]
    assert (f["urgentie"] == "spoed") == (f["onderwerp"] == "veiligheid")
    assert f["text"].strip()


def test_every_line_was_labelled_twice_and_every_disagreement_resolved_with_a_note():
    for schrijver, rows in FIRST.items():
        assert [r["id"] for r in rows] == list(SECOND[schrijver]), schrijver
        for row in rows:
            other = SECOND[schrijver][row["id"]]
            disagree = any(row[k] != other[k] for k in FIELDS if k != "also") or set(row["also"]) != set(other["also"])
            if disagree:
                assert row["id"] in BESLUITEN, row["id"]
                assert BESLUITEN[row["id"]]["notitie"].strip(), row["id"]
    assert set(BESLUITEN) <= {r["id"] for r in ALL}


def test_mid_conversation_answers_are_labelled_twice():
    for schrijver, first in MIDDEN.items():
        second = {r["id"]: r for r in MIDDEN_SECOND[schrijver]}
        assert [r["id"] for r in first] == list(second)
        assert all(isinstance(r["spoed"], bool) and r["text"].strip() and r["vraag"].strip() for r in first)


def test_no_line_is_in_the_training_data_exactly_or_nearly():
    train = [t for _, t in training_texts()]
    midden = [r["text"] for rows in MIDDEN.values() for r in rows]
    exact, near = overlaps([r["text"] for r in ALL] + midden, train)
    assert exact == [], exact[:5]
    assert near == [], near[:5]


@pytest.mark.parametrize("test_text,train_text,expected", [
    ("Mijn moeder kan niet meer zelf douchen sinds haar val", "mijn moeder kan niet meer zelf douchen sinds haar val", "exact"),
    ("mijn moeder kan sinds haar val niet meer zelf douchen!", "Mijn moeder kan niet meer zelf douchen sinds haar val", "near"),
    ("mijn vader heeft een rolstoel nodig voor buiten", "Mijn moeder kan niet meer zelf douchen sinds haar val", None),
])
def test_the_overlap_check_itself_finds_copies_and_paraphrases(test_text, train_text, expected):
    exact, near = overlaps([test_text], [train_text])
    assert (("exact" if exact else "near" if near else None)) == expected
    assert NEAR <= 0.8


def test_our_held_out_set_is_not_in_the_training_data_either():
    heldout = yaml.safe_load((ROOT / "tests" / "nlu" / "heldout.yml").read_text(encoding="utf-8"))
    texts = [e["text"] for block in heldout["nlu"] for e in block["examples"]]
    assert len(texts) >= 200
    exact, near = overlaps(texts, [t for _, t in training_texts()])
    assert exact == [], exact[:5]
    assert near == [], near[:5]
