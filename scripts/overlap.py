"""Overlap between a test set and the training data: exact copies and near-duplicates (pure Python + PyYAML).

Used by `make evaluate` (reported) and by tests/nlu/test_onafhankelijk.py (must be zero). A near-duplicate is a
pair whose word sets (normalised: lower case, no accents or punctuation) have a Jaccard similarity of at least
NEAR, for texts of at least MIN_WORDS words (two short messages like "huishoudelijke hulp" are the same
question, not a copy).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Set, Tuple

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from routing.text import normalise  # noqa: E402

NEAR = 0.8
MIN_WORDS = 5
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")


def training_texts(data_dir: Path = REPO / "bot" / "data" / "nlu") -> List[Tuple[str, str]]:
    """(intent, plain text) of every NLU training example, entity annotations removed. Examples are a block of
    "- " lines, or a list of {text: ...} (the files make training-export writes, with a comment per example)."""
    out = []
    for path in sorted(data_dir.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block:
                continue
            examples = block.get("examples") or ""
            if isinstance(examples, list):
                texts = [str(e.get("text") or "") for e in examples if isinstance(e, dict)]
            else:
                texts = [line.strip()[2:] for line in str(examples).splitlines() if line.strip().startswith("- ")]
            out += [(block["intent"], _ANNOTATION.sub(r"\1", t).strip()) for t in texts]
    return out


def held_out_texts(folder: Path = REPO / "tests" / "nlu") -> List[str]:
    """Every line of the test sets (held-out, independent rounds with their mid-conversation answers, safety set):
    what no training example may copy."""
    import json

    heldout = yaml.safe_load((folder / "heldout.yml").read_text(encoding="utf-8"))
    texts = [str(e["text"]) for block in heldout["nlu"] for e in block["examples"]]
    for path in sorted(folder.rglob("*.jsonl")):
        texts += [str(json.loads(line)["text"]) for line in path.read_text(encoding="utf-8").splitlines()
                  if line.strip() and "text" in json.loads(line)]
    return texts


def overlaps(texts: Sequence[str], train: Iterable[str]) -> Tuple[List[str], List[Tuple[str, str, float]]]:
    """(exact copies, near-duplicates as (text, training text, similarity))."""
    train_norm: Dict[str, str] = {}
    for t in train:
        train_norm.setdefault(normalise(t), t)
    exact = [t for t in texts if normalise(t) in train_norm]
    index: Dict[str, List[Tuple[str, Set[str]]]] = {}
    for norm, original in train_norm.items():
        words = set(norm.split())
        if len(words) >= MIN_WORDS:
            for w in words:
                index.setdefault(w, []).append((original, words))
    near = []
    for t in texts:
        words = set(normalise(t).split())
        if len(words) < MIN_WORDS or normalise(t) in train_norm:
            continue
        seen: Set[str] = set()
        best = (0.0, "")
        for w in words:
            for original, other in index.get(w, ()):
                if original in seen:
                    continue
                seen.add(original)
                sim = len(words & other) / len(words | other)
                if sim > best[0]:
                    best = (sim, original)
        if best[0] >= NEAR:
            near.append((t, best[1], round(best[0], 3)))
    return exact, near
