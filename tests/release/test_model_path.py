"""The model's name is a hash of everything that shapes it: a change to the danger classifier's feature code
(bot/voordeur/components.py FEATURE_CODE) must give a new model, or a lexicon change would be served by a classifier
trained on other input."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def feature_code() -> list[str]:
    source = (ROOT / "bot" / "voordeur" / "components.py").read_text(encoding="utf-8")
    names = re.search(r'for name in \(([^)]*)\)\)', source)
    assert names, "FEATURE_CODE not found in components.py"
    return [f"routing/{n}" for n in re.findall(r'"([\w.]+)"', names.group(1))]


def test_model_path_hashes_the_classifiers_feature_code():
    script = (ROOT / "scripts" / "model_path.sh").read_text(encoding="utf-8")
    assert feature_code() and all(path in script for path in feature_code())


def test_a_change_to_the_feature_code_names_another_model(tmp_path):
    copy = tmp_path / "repo"
    for part in ("bot/config.yml", "bot/domain", "bot/data", "scripts/model_path.sh", *feature_code()):
        target = copy / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, target)

    def name() -> str:
        return subprocess.run(["bash", str(copy / "scripts" / "model_path.sh")], capture_output=True, text=True,
                              check=True).stdout.strip()

    before = name()
    with (copy / "routing" / "safety.py").open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    assert re.fullmatch(r"models/voordeur-[0-9a-f]{12}\.tar\.gz", before) and name() != before
