"""docs/algoritmeregister.md: only the generated figures block changes, with the model version and the figures."""
from __future__ import annotations

from pathlib import Path

import pytest

from release.gate import SetScores, decide, load_rules
from release.model import ModelInfo
from release.register import BEGIN, END, REGISTER, RegisterError, block, replace_block
from release.report import report_json

LIVE = ModelInfo(Path("voordeur-aa.tar.gz"), "3f9a1c0de2b84f6a9d7e5c4b3a291807", "2026-11-30T21:42:00", "BOTH")
KANDIDAAT = ModelInfo(Path("voordeur-bb.tar.gz"), "b6e0d2f4a8c14e3f9b7d5a1c2e4f6a80", "2026-12-01T09:10:00", "BOTH")


def report() -> dict:
    scores = {"heldout": SetScores(230, accuracy=0.913)}
    fig = {"heldout": {"n": 230, "onderwerp_accuracy": 0.9130, "wet_accuracy": 0.862, "spoed_recall": 1.0,
                       "spoed_precisie": 0.739}}
    kand = {"heldout": {**fig["heldout"], "onderwerp_accuracy": 0.92}}
    return report_json(LIVE, KANDIDAAT, decide(scores, scores, load_rules()), {"live": fig, "kandidaat": kand})


def test_the_block_names_the_live_model_and_its_figures_the_dutch_way():
    text = block(report())
    assert text.startswith(BEGIN) and text.endswith(END)
    assert f"`{LIVE.model_id}`" in text and "| Eigen testset (held-out) | 230 | 91,3% | 86,2% | 100,0% | 73,9% |" in text
    assert f"kandidaat `{KANDIDAAT.model_id}` is **doorgelaten**" in text


def test_after_promotion_the_block_names_the_candidate_as_the_model_in_use():
    text = block(report(), side="kandidaat")
    assert f"**Modelversie in gebruik:** `{KANDIDAAT.model_id}`" in text and "92,0%" in text


def test_the_live_model_measured_against_itself_is_said_so():
    scores = {"heldout": SetScores(230, accuracy=0.913)}
    fig = {"heldout": {"n": 230, "onderwerp_accuracy": 0.913, "spoed_recall": 1.0, "spoed_precisie": 0.7}}
    report = report_json(LIVE, LIVE, decide(scores, scores, load_rules()), {"live": fig, "kandidaat": fig})
    assert "het live model tegen zichzelf gemeten" in block(report) and "kandidaat `" not in block(report)


def test_only_the_text_between_the_markers_is_replaced():
    page = f"# Titel\n\nvoor\n{BEGIN}\noud\n{END}\nna\n"
    assert replace_block(page, "NIEUW") == "# Titel\n\nvoor\nNIEUW\nna\n"
    with pytest.raises(RegisterError):
        replace_block("# zonder markeringen\n", "NIEUW")


def test_the_published_page_has_the_markers():
    page = REGISTER.read_text(encoding="utf-8")
    assert page.count(BEGIN) == 1 and page.count(END) == 1
