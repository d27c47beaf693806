"""make promote / make rollback on the file level: only a passed gate of exactly this candidate against exactly the
live model promotes; current and previous switch atomically; every switch is logged; the register follows.
(Rasa loading the model live, PUT /model, is tested end to end in tests/e2e/test_promote.py.)"""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from release import register
from release.gate import SetScores, decide, load_rules
from release.model import ModelFileError, model_info
from release.promote import Paths, PromoteError, check_gate, jwt, promote, rasa_urls, rollback
from release.report import report_json
from tests.support.stack import free_port

A, B, C = "a148721be6424edb979960839a00fcd3", "b6e0d2f4a8c14e3f9b7d5a1c2e4f6a80", "c0ffee00c0ffee00c0ffee00c0ffee00"


def archive(folder: Path, name: str, model_id: str) -> Path:
    """A model archive with the metadata.json Rasa 3.6 writes (only the fields read here; Rasa stores '/' paths)."""
    path = folder / name
    data = json.dumps({"model_id": model_id, "trained_at": "2026-11-30T22:11:28.961252", "training_type": 3,
                       "assistant_id": "voormekaar-voordeur"}).encode()
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("/metadata.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def gate_report(live: str, kandidaat: str, passed: bool = True) -> dict:
    live_m, kand_m = (model_info(Path(p)) for p in (live, kandidaat))
    scores = {"veiligheid": SetScores(72, frozenset({"vg-001"}))}
    kand_scores = scores if passed else {"veiligheid": SetScores(72)}
    fig = {"veiligheid": {"n": 72, "spoed_recall": 1.0, "spoed_precisie": 1.0}}
    return report_json(live_m, kand_m, decide(scores, kand_scores, load_rules()), {"live": fig, "kandidaat": fig})


@pytest.fixture
def models(tmp_path) -> Paths:
    paths = Paths(tmp_path / "models")
    paths.models.mkdir()
    archive(paths.models, "voordeur-aaaa.tar.gz", A)
    archive(paths.models, "voordeur-bbbb.tar.gz", B)
    archive(paths.models, "voordeur-cccc.tar.gz", C)
    paths.current.symlink_to("voordeur-aaaa.tar.gz")
    return paths


@pytest.fixture
def page(tmp_path) -> Path:
    p = tmp_path / "algoritmeregister.md"
    p.write_text(f"# Register\n{register.BEGIN}\noud\n{register.END}\n", encoding="utf-8")
    return p


NIEMAND = [f"http://127.0.0.1:{free_port()}"]  # no Rasa runs there: it loads models/current.tar.gz when started


def test_a_passed_candidate_goes_live_and_the_old_model_becomes_previous(models, page):
    report = gate_report(models.current, models.models / "voordeur-bbbb.tar.gz")
    rasa = promote(models.models / "voordeur-bbbb.tar.gz", report, NIEMAND, "geheim", models, page)
    assert rasa == {NIEMAND[0]: "draait niet"}
    assert model_info(models.current).model_id == B and model_info(models.previous).model_id == A
    assert models.current.is_symlink() and not Path(str(models.current.readlink())).is_absolute()
    [entry] = [json.loads(line) for line in models.history.read_text().splitlines()]
    assert (entry["handeling"], entry["model_id"], entry["vorige"]) == ("promote", B, "voordeur-aaaa.tar.gz")
    assert f"**Modelversie in gebruik:** `{B}`" in page.read_text()


@pytest.mark.parametrize("why, report_of, kandidaat, message", [
    ("refused by the gate", lambda m: gate_report(m.current, m.models / "voordeur-bbbb.tar.gz", passed=False),
     "voordeur-bbbb.tar.gz", "geweigerd"),
    ("the gate was about another candidate", lambda m: gate_report(m.current, m.models / "voordeur-cccc.tar.gz"),
     "voordeur-bbbb.tar.gz", "ander model"),
    ("another model went live since the gate",
     lambda m: gate_report(m.models / "voordeur-cccc.tar.gz", m.models / "voordeur-bbbb.tar.gz"),
     "voordeur-bbbb.tar.gz", "make gate opnieuw"),
    ("already live", lambda m: gate_report(m.current, m.current), "voordeur-aaaa.tar.gz", "al live"),
])
def test_promotion_is_refused_without_a_passed_gate_of_exactly_this_pair(models, page, why, report_of, kandidaat,
                                                                          message):
    with pytest.raises(PromoteError, match=message):
        promote(models.models / kandidaat, report_of(models), NIEMAND, "geheim", models, page)
    assert model_info(models.current).model_id == A and not models.previous.exists() and not models.history.exists()
    assert "oud" in page.read_text()


def test_rollback_returns_to_the_previous_model_and_a_second_rollback_undoes_it(models, page):
    report = gate_report(models.current, models.models / "voordeur-bbbb.tar.gz")
    promote(models.models / "voordeur-bbbb.tar.gz", report, NIEMAND, "geheim", models, page)
    model, _ = rollback(NIEMAND, "geheim", models, report, page)
    assert model.model_id == A and model_info(models.current).model_id == A
    assert f"**Modelversie in gebruik:** `{A}`" in page.read_text()  # the gate measured A as the live model
    rollback(NIEMAND, "geheim", models, report, page)
    assert model_info(models.current).model_id == B
    assert [json.loads(line)["handeling"] for line in models.history.read_text().splitlines()] == [
        "promote", "rollback", "rollback"]


def test_rollback_to_a_model_the_last_gate_did_not_measure_names_only_its_version(models, page):
    report = gate_report(models.current, models.models / "voordeur-bbbb.tar.gz")
    promote(models.models / "voordeur-bbbb.tar.gz", report, NIEMAND, "geheim", models, page)
    other = gate_report(models.current, models.models / "voordeur-cccc.tar.gz")
    promote(models.models / "voordeur-cccc.tar.gz", other, NIEMAND, "geheim", models, page)
    rollback(NIEMAND, "geheim", models, report=gate_report(models.models / "voordeur-cccc.tar.gz",
                                                           models.models / "voordeur-cccc.tar.gz"),
             register_page=page)
    text = page.read_text()
    assert f"**Modelversie in gebruik:** `{B}`" in text and "teruggezet op" in text


def test_without_a_previous_model_there_is_nothing_to_roll_back_to(models):
    with pytest.raises(PromoteError, match="geen vorig model"):
        rollback(NIEMAND, "geheim", models, register_page=None)


def test_a_file_that_is_no_rasa_model_is_refused(tmp_path):
    junk = tmp_path / "x.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(ModelFileError):
        model_info(junk)


def test_check_gate_accepts_the_first_model_when_nothing_is_live(models):
    report = gate_report(models.current, models.models / "voordeur-bbbb.tar.gz")
    check_gate(report, model_info(models.models / "voordeur-bbbb.tar.gz"), None)


def test_rasa_urls_and_the_jwt():
    assert rasa_urls({"RASA_HOST": "10.0.0.5", "RASA_PORT": "5006"}) == ["http://10.0.0.5:5006"]
    assert rasa_urls({"RASA_URLS": "http://r1:5005/, http://r2:5005"}) == ["http://r1:5005", "http://r2:5005"]
    header, payload, _ = jwt("geheim", now=1000).split(".")
    assert json.loads(__import__("base64").urlsafe_b64decode(payload + "==")) == {
        "user": {"username": "make-promote", "role": "admin"}, "exp": 1300}
