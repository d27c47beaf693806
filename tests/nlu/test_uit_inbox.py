"""Every file `make training-export` wrote to bot/data/nlu/uit_inbox/: Rasa's format, an onderwerp intent, a
comment naming the source item before every example, and nothing personal: the masker (deduce + routing's)
changes no example. The check itself is shown to catch a name, a phone number and a missing comment."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from inbox import masking, vocab

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "bot" / "data" / "nlu" / "uit_inbox"
SOURCE = re.compile(r"^  # trainingsitem (\d+)\n  - text: ", re.M)


def problems(path: Path) -> list[str]:
    """What is wrong with one exported file (empty: nothing)."""
    body = path.read_text(encoding="utf-8")
    data = yaml.safe_load(body) or {}
    found = []
    if data.get("version") != "3.1" or not isinstance(data.get("nlu"), list):
        return [f"{path.name}: geen Rasa-trainingsdata (version 3.1, nlu)"]
    intents = {f"vraag_{code}" for code in vocab.codes().onderwerpen}
    texts = [e.get("text", "") for block in data["nlu"] for e in block.get("examples") or []]
    found += [f"{path.name}: onbekend intent {b.get('intent')!r}" for b in data["nlu"]
              if b.get("intent") not in intents]
    if len(SOURCE.findall(body)) != len(texts):
        found.append(f"{path.name}: niet elk voorbeeld noemt zijn trainingsitem")
    found += [f"{path.name}: persoonsgegevens in {t!r}" for t in texts if not masking.is_clean(t)]
    return found


def test_every_exported_file_is_rasa_data_with_its_sources_and_nothing_personal():
    files = sorted(FOLDER.glob("*.yml"))
    assert [p for f in files for p in problems(f)] == []
    ids = [int(i) for f in files for i in SOURCE.findall(f.read_text(encoding="utf-8"))]
    assert len(ids) == len(set(ids)), "an item exported twice"


@pytest.mark.parametrize("example,fout", [
    ('  # trainingsitem 7\n  - text: "mijn buurvrouw Greet Wessels kan niet meer koken"', "persoonsgegevens"),
    ('  # trainingsitem 7\n  - text: "bel me op 0612345678 over de traplift"', "persoonsgegevens"),
    ('  - text: "ik heb een rolstoel nodig"', "niet elk voorbeeld"),
    ('  # trainingsitem 7\n  - text: "ik heb een rolstoel nodig"', None),
])
def test_the_check_catches_personal_data_and_a_missing_source(tmp_path, example, fout):
    path = tmp_path / "2026-12-01.yml"
    path.write_text(f'version: "3.1"\nnlu:\n- intent: vraag_hulpmiddelen\n  examples:\n{example}\n', encoding="utf-8")
    found = problems(path)
    assert (fout in found[0]) if fout else found == [], found
