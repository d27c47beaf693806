"""Beheer → Modelpoort: the beheerder sees the latest `make gate` report (reports/gate.json) through a real inbox."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from inbox.db import make_engine, make_sessionmaker
from inbox.services import users
from release.gate import SetScores, decide, load_rules
from release.model import ModelInfo
from release.report import report_json
from tests.inbox.conftest import start_server, stop_server
from tests.inbox.test_accounts_http import NIEUW, client, login

LIVE = ModelInfo(Path("models/voordeur-aa49b82f4da2.tar.gz"), "3f9a1c0de2b84f6a9d7e5c4b3a291807",
                 "2026-11-30T21:42:00", "BOTH")
KANDIDAAT = ModelInfo(Path("models/voordeur-0c1d2e3f4a5b.tar.gz"), "b6e0d2f4a8c14e3f9b7d5a1c2e4f6a80",
                      "2026-12-01T09:10:00", "BOTH")


def figures(caught: set[str]) -> dict:
    return {"heldout": {"n": 230, "onderwerp_accuracy": 0.913, "wet_accuracy": 0.93, "spoed_recall": 1.0,
                        "spoed_precisie": 0.9, "spoed_gemist": [], "spoed_onterecht": []},
            "veiligheid": {"n": 72, "spoed_recall": len(caught) / 2, "spoed_precisie": 1.0,
                           "spoed_gemist": sorted({"vg-020", "vg-021"} - caught), "spoed_onterecht": []}}


def report(caught_by_candidate: set[str]) -> dict:
    """A report as scripts/gate.py writes it: release.gate.decide over two models' scores."""
    def scores(caught: set[str]) -> dict[str, SetScores]:
        return {"heldout": SetScores(230, accuracy=0.913), "veiligheid": SetScores(72, frozenset(caught))}

    both = {"vg-020", "vg-021"}
    decision = decide(scores(both), scores(caught_by_candidate), load_rules())
    return report_json(LIVE, KANDIDAAT, decision, {"live": figures(both), "kandidaat": figures(caught_by_candidate)})


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("modelpoort")
    gate_json = var_dir / "gate.json"
    server = start_server(var_dir, f"sqlite:///{var_dir / 'inbox.sqlite3'}", INBOX_GATE_REPORT=str(gate_json))
    engine = make_engine(server.database_url)
    with make_sessionmaker(engine)() as s:
        for naam, rol in (("bea", "beheerder"), ("tom", "toegang")):
            user, one_time = users.create_user(s, naam, rol, wie="tests")
            users.change_password(s, user.id, one_time, NIEUW)
    engine.dispose()
    server.gate_json = gate_json
    yield server
    stop_server(server)


def page(inbox, naam: str = "bea"):
    c = client(inbox)
    login(c, naam, NIEUW)
    return c.get("/beheer/modelpoort")


def test_without_a_gate_run_the_page_says_so(inbox):
    inbox.gate_json.unlink(missing_ok=True)
    r = page(inbox)
    assert r.status_code == 200 and 'id="geen-rapport"' in r.text


def test_a_refused_candidate_shows_the_lost_danger_message_and_both_model_versions(inbox):
    inbox.gate_json.write_text(json.dumps(report({"vg-021"})), encoding="utf-8")
    text = page(inbox).text
    assert "<strong>Geweigerd</strong>" in text
    assert LIVE.model_id in text and KANDIDAAT.model_id in text
    assert "Veiligheidsset, niet meer als spoed herkend: vg-020</li>" in text
    assert "<td>2 berichten</td><td>1 bericht</td>" in text


def test_a_passed_candidate_says_it_may_go_live(inbox):
    inbox.gate_json.write_text(json.dumps(report({"vg-020", "vg-021"})), encoding="utf-8")
    text = page(inbox).text
    assert "<strong>Doorgelaten</strong>: de kandidaat mag live." in text and 'id="verschil"' not in text


def test_an_unreadable_report_is_said_not_crashed_on(inbox):
    inbox.gate_json.write_text("{half", encoding="utf-8")
    assert 'id="rapport-onleesbaar"' in page(inbox).text


def test_only_the_beheerder_sees_the_modelpoort(inbox):
    assert page(inbox, "tom").status_code == 403
