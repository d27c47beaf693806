"""The whole training loop on the running stack, without a restart: a message the assistant does not understand
goes through Rasa into its tracker store; it appears in the inbox's training queue; one trainer annotates it and
another approves it; `make training-export` writes it; a candidate is trained on the data plus that file, passes
`make gate` and is promoted into the running Rasa (PUT /model); the same message is then understood.

Small models keep it within minutes: NLU only (the queue reads the parse; the dialogue plays no part) and without
the entity tagger (DIET and the featurizers only it reads) and without the DangerClassifier. The DangerClassifier
picks its threshold from shuffled 5-fold out-of-fold scores, so one added example reshuffles every fold and can
move the threshold past a borderline line of the safety set (measured: one approved example lost vg-027). The gate
rightly refuses such a candidate, but it would make this test depend on chance; the lexicon and the intent
classifier still catch danger in both models, so the gate's checks are real.
"""
from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import yaml

from inbox.db import make_engine, make_sessionmaker
from inbox.services import users
from release.model import model_info
from release.promote import Paths, promote
from tests.inbox.test_staff_privacy_http import CSRF_RE, WACHTWOORD, signed_in
from tests.nlu.test_uit_inbox import problems
from tests.support.stack import APP_PY, BOT_PY, ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MESSAGE = "Mijn opa wil een duofiets om samen met de buurman te fietsen"
ONDERWERP = "vervoer"
LEFT_OUT = ("RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer", "DIETClassifier",
            "bot.voordeur.components.DangerClassifier")
ITEM_RE = re.compile(r'href="/training/(\d+)"')
TEXTAREA_RE = re.compile(r'<textarea id="tekst"[^>]*>([^<]*)</textarea>')


def train_nlu(work: Path, nlu: Path, name: str) -> Path:
    """A small NLU-only model from bot/config.yml's pipeline (see the module docstring) on the data in `nlu`."""
    config = yaml.safe_load((ROOT / "bot" / "config.yml").read_text(encoding="utf-8"))
    config.pop("policies", None)
    config["pipeline"] = [c for c in config["pipeline"] if c["name"] not in LEFT_OUT]
    (work / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    proc = subprocess.run([str(BOT_PY.parent / "rasa"), "train", "nlu", "--config", str(work / "config.yml"),
                           "--nlu", str(nlu), "--out", str(work), "--fixed-model-name", name, "--quiet"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=900)
    model = work / f"{name}.tar.gz"
    assert proc.returncode == 0 and model.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return model


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    work = tmp_path_factory.mktemp("trainingslus")
    live = train_nlu(work, ROOT / "bot" / "data" / "nlu", "live")
    stack = Stack(work / "stack", model=live)
    stack.start()
    engine = make_engine(stack.env["DATABASE_URL"])
    with make_sessionmaker(engine)() as s:
        for name in ("tara", "tim"):
            user, one_time = users.create_user(s, name, "trainer", wie="tests")
            users.change_password(s, user.id, one_time, WACHTWOORD)
    engine.dispose()
    yield SimpleNamespace(work=work, live=live, stack=stack, inbox=SimpleNamespace(url=stack.inbox_url))
    stack.stop()


def understood(stack: Stack, sender: str) -> dict:
    """What Rasa made of the latest message of a conversation, from its tracker (Rasa's HTTP API, JWT)."""
    r = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", headers=stack.rasa_api_headers(), timeout=30)
    r.raise_for_status()
    return r.json()["latest_message"]


def test_a_message_not_understood_is_annotated_approved_exported_retrained_gated_promoted_and_then_understood(loop):
    stack, work = loop.stack, loop.work
    pids = {name: proc.pid for name, proc in stack.procs.items()}
    live_id = model_info(loop.live).model_id

    # 1. the live model does not understand the message, which goes through the stack into the tracker store
    first = f"lus-{secrets.token_hex(6)}"
    stack.say(first, "hallo")
    stack.say(first, MESSAGE)
    assert understood(stack, first)["intent"]["name"] == "nlu_fallback"

    # 2. it is in the training queue; one trainer annotates, another approves
    tara, tim = signed_in(loop.inbox, "tara"), signed_in(loop.inbox, "tim")
    queue = tara.get("/training")
    assert queue.status_code == 200 and "1 item gevonden." in queue.text, queue.text[-2000:]
    assert html.escape(MESSAGE, quote=False) in queue.text and "Niet begrepen" in queue.text
    [item_id] = ITEM_RE.findall(queue.text)
    page = tara.get(f"/training/{item_id}")
    assert f'<code id="model-versie">{live_id}</code>' in page.text
    proposal = html.unescape(TEXTAREA_RE.search(page.text).group(1))
    assert proposal == MESSAGE  # nothing personal in it: the masker left it as it was
    r = tara.post(f"/training/{item_id}/annoteren", data={"csrf_token": CSRF_RE.search(page.text).group(1),
                                                          "onderwerp": ONDERWERP, "tekst": proposal})
    assert r.status_code == 303, r.text[-2000:]
    page = tim.get(f"/training/{item_id}")
    assert tim.post(f"/training/{item_id}/goedkeuren",
                    data={"csrf_token": CSRF_RE.search(page.text).group(1)}).status_code == 303

    # 3. make training-export writes it, a candidate is trained on the data plus that file and gated
    export = subprocess.run([str(APP_PY), str(ROOT / "scripts" / "training_export.py"), "--map",
                             str(work / "uit_inbox"), "--datum", "2026-12-01"],
                            cwd=ROOT, env=stack.env, capture_output=True, text=True, timeout=600)
    assert export.returncode == 0, export.stdout + export.stderr
    [exported] = (work / "uit_inbox").glob("*.yml")
    assert problems(exported) == []
    assert f"# trainingsitem {item_id}\n  - text: {json.dumps(MESSAGE)}" in exported.read_text(encoding="utf-8")
    data = work / "data" / "nlu"
    shutil.copytree(ROOT / "bot" / "data" / "nlu", data)
    shutil.copytree(work / "uit_inbox", data / "uit_inbox_test")
    kandidaat = train_nlu(work, data, "kandidaat")
    gate = subprocess.run([str(BOT_PY), str(ROOT / "scripts" / "gate.py"), "--live", str(loop.live), "--kandidaat",
                           str(kandidaat), "--sets", "veiligheid", "--out", str(work / "gate"), "--geen-register"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=900)
    assert gate.returncode == 0, gate.stderr[-3000:]

    # 4. promoted into the running Rasa; the same message, in a new conversation, is understood
    paths = Paths(work / "models")
    paths.models.mkdir()
    paths.current.symlink_to(loop.live)
    report = json.loads((work / "gate" / "gate.json").read_text(encoding="utf-8"))
    assert promote(kandidaat, report, [stack.rasa_url], stack.env["RASA_JWT_SECRET"], paths,
                   register_page=None) == {stack.rasa_url: "geladen"}
    again = f"lus-{secrets.token_hex(6)}"
    stack.say(again, MESSAGE)
    latest = understood(stack, again)
    assert latest["intent"]["name"] == f"vraag_{ONDERWERP}" and latest["intent"]["confidence"] >= 0.7, latest
    queue = tara.get("/training?status=alle")
    assert "1 item gevonden." in queue.text and ITEM_RE.findall(queue.text) == [item_id]  # nothing new to review
    assert {name: proc.pid for name, proc in stack.procs.items()} == pids
    assert all(proc.poll() is None for proc in stack.procs.values())  # the same processes, never restarted
