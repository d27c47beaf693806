#!/usr/bin/env python
"""Cross-validation of intent classifier candidates on the training data (issue 8), never on a test set.

    .venv-bot/bin/python scripts/cv_intent.py [--quick] [--diet /tmp/cv-intent/diet-split.json]

Splits over bot/data/nlu (every intent, vraag_* and dialogue):
  grouped     leave one source file out (files are written by different writers, so this mimics an unseen
              writer); examples whose intent has no training example left are not scored;
  stratified  stratified 5-fold;
  split       evaluate.py's validation split (Rasa's train_test_split 80/20, seed 42): the only split on which
              DIET (the pipeline before issue 8) is measured, from a parse dump (`--diet`, made by training
              bot/config.yml of that time on the 80% with ranking_length 0), and the DIET + linear ensemble;
plus tests/nlu/heldout.yml (vraag_* only) with a model trained on all training data.
Per candidate: accuracy, macro accuracy (mean recall per intent), vraag_* and dialogue accuracy, vraag_veiligheid
recall/precision, and the fallback at the threshold Youden's J picks (out of fold): the threshold, the share of
correct answers kept, wrong ones caught, and the fallback rate.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one BLAS thread: the folds are small, the machine is shared
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import yaml  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.voordeur.tekst import voor_model  # noqa: E402

DATA = REPO / "bot" / "data" / "nlu"
HELDOUT = REPO / "tests" / "nlu" / "heldout.yml"
SEED = 42
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")


def load(data_dir: Path = DATA) -> Tuple[List[str], List[str], List[str]]:
    """(texts, intents, source files) of every training example, entity annotations removed."""
    texts, intents, groups = [], [], []
    for path in sorted(data_dir.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            examples = block.get("examples") or ""
            lines = ([ln.strip()[2:] for ln in examples.splitlines() if ln.strip().startswith("- ")]
                     if isinstance(examples, str) else [e["text"] for e in examples])
            for line in lines:
                texts.append(_ANNOTATION.sub(r"\1", line).strip())
                intents.append(block["intent"])
                groups.append(str(path.relative_to(data_dir)))
    return texts, intents, groups


# ------------------------------------------------------------------------------------------- candidates
def vectorizers(kind: str) -> List[Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True,
                           token_pattern=r"(?u)\b\w+\b")
    if kind == "w12":  # evaluate.py's baseline features
        return [TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True)]
    return [word, TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True,
                                  min_df=2)]


_CACHE: Dict[Any, Any] = {}


class Features:
    def __init__(self, kind: str, normalise: bool) -> None:
        self.kind, self.normalise = kind, normalise

    def prep(self, texts: Sequence[str]) -> List[str]:
        return [voor_model(t) for t in texts] if self.normalise else list(texts)

    def fit_transform(self, train: Sequence[str], test: Sequence[str]):
        from scipy.sparse import hstack

        key = (self.kind, self.normalise, hash(tuple(train)), hash(tuple(test)))
        if key in _CACHE:  # the same fold's matrices serve every classifier on these features
            return _CACHE[key]
        vs = vectorizers(self.kind)
        tr, te = self.prep(train), self.prep(test)
        _CACHE[key] = (hstack([v.fit_transform(tr) for v in vs]).tocsr(), hstack([v.transform(te) for v in vs]).tocsr())
        return _CACHE[key]


def lr(C: float, balanced: bool = False) -> Callable[[], Any]:
    """Multinomial logistic regression (lbfgs): the baseline's model; slow with character n-grams."""
    from sklearn.linear_model import LogisticRegression

    return lambda: LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None,
                                      random_state=SEED)


def ovr(C: float) -> Callable[[], Any]:
    """One-vs-rest logistic regression (liblinear): probabilities are the normalised per-class sigmoids."""
    from sklearn.linear_model import LogisticRegression

    return lambda: LogisticRegression(C=C, solver="liblinear", random_state=SEED)


def svc(C: float, balanced: bool = False) -> Callable[[], Any]:
    """Linear SVM, calibrated with per-class sigmoids on 3-fold out-of-fold scores; one SVM on all data."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    return lambda: CalibratedClassifierCV(LinearSVC(C=C, class_weight="balanced" if balanced else None,
                                                    random_state=SEED), cv=3, method="sigmoid", ensemble=False)


def sgd() -> Callable[[], Any]:
    from sklearn.linear_model import SGDClassifier

    return lambda: SGDClassifier(loss="modified_huber", alpha=2e-5, max_iter=50, random_state=SEED)


CANDIDATES: Dict[str, Tuple[Tuple[str, bool], Callable[[], Callable[[], Any]]]] = {
    "tfidf w12 LR C10 (evaluate baseline)": (("w12", False), lambda: lr(10)),
    "w12+c25 LR C30": (("wc", False), lambda: lr(30)),
    "w12+c25 OvR-LR C10": (("wc", False), lambda: ovr(10)),
    "w12+c25 OvR-LR C30": (("wc", False), lambda: ovr(30)),
    "w12+c25 SVC C0.3 calibrated": (("wc", False), lambda: svc(0.3)),
    "w12+c25 SVC C1 calibrated": (("wc", False), lambda: svc(1.0)),
    "norm w12+c25 OvR-LR C30": (("wc", True), lambda: ovr(30)),
    "norm w12+c25 SVC C0.3 calibrated": (("wc", True), lambda: svc(0.3)),
    "norm w12+c25 SVC C1 calibrated": (("wc", True), lambda: svc(1.0)),
    "norm w12+c25 SVC C1 balanced calibrated": (("wc", True), lambda: svc(1.0, True)),
    "norm w12+c25 SGD modified_huber": (("wc", True), lambda: sgd()),
    "norm w12+c25 LR C30": (("wc", True), lambda: lr(30)),
}
SLOW = ("w12+c25 LR C30", "norm w12+c25 LR C30")  # only with --slow (lbfgs with character n-grams: ~1 min a fit)
QUICK = ("tfidf w12 LR C10 (evaluate baseline)", "w12+c25 SVC C1 calibrated", "norm w12+c25 SVC C1 calibrated")


def probabilities(model: Any, X) -> np.ndarray:
    p = model.predict_proba(X)
    return p / np.clip(p.sum(axis=1, keepdims=True), 1e-12, None)


# ---------------------------------------------------------------------------------------------- metrics
def youden(correct: np.ndarray, conf: np.ndarray) -> Dict[str, float]:
    best = None
    for t in THRESHOLDS:
        kept = (conf >= t)
        tpr = (kept & correct).sum() / max(1, correct.sum())
        fpr = (kept & ~correct).sum() / max(1, (~correct).sum())
        row = {"threshold": t, "kept": float(tpr), "caught": float(1 - fpr), "j": float(tpr - fpr),
               "fallback": float(1 - kept.mean()), "acc_accepted": float(correct[kept].mean()) if kept.any() else 0.0}
        if best is None or round(row["j"], 6) > round(best["j"], 6):
            best = row
    return best


def score(gold: Sequence[str], pred: Sequence[str], conf: Sequence[float]) -> Dict[str, Any]:
    gold, pred, conf = np.array(gold), np.array(pred), np.array(conf, dtype=float)
    correct = gold == pred
    vraag = np.char.startswith(gold.astype(str), "vraag_")
    per = {i: correct[gold == i].mean() for i in sorted(set(gold))}
    vg, vp = gold == "vraag_veiligheid", pred == "vraag_veiligheid"
    return {"n": int(len(gold)), "accuracy": float(correct.mean()), "macro": float(statistics.mean(per.values())),
            "vraag": float(correct[vraag].mean()), "dialoog": float(correct[~vraag].mean()) if (~vraag).any() else 0.0,
            "veiligheid_recall": float((vg & vp).sum() / max(1, vg.sum())),
            "veiligheid_precision": float((vg & vp).sum() / max(1, vp.sum())),
            "fallback": youden(correct, conf)}


def out_of_fold(texts, intents, folds, feats: Features, make) -> Tuple[List[str], List[str], List[float], np.ndarray]:
    """Predictions for every scored example over the folds: gold, predicted, confidence, example index."""
    gold, pred, conf, idx = [], [], [], []
    for train_idx, test_idx in folds:
        known = {intents[i] for i in train_idx}
        test_idx = [i for i in test_idx if intents[i] in known]
        if not test_idx:
            continue
        Xtr, Xte = feats.fit_transform([texts[i] for i in train_idx], [texts[i] for i in test_idx])
        model = make()
        model.fit(Xtr, np.array([intents[i] for i in train_idx]))
        p = probabilities(model, Xte)
        best = p.argmax(axis=1)
        gold += [intents[i] for i in test_idx]
        pred += [model.classes_[b] for b in best]
        conf += [float(p[k, b]) for k, b in enumerate(best)]
        idx += test_idx
    return gold, pred, conf, np.array(idx)


def split_folds(texts, intents, groups, which: str, group_folds: int = 0):
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut, StratifiedKFold

    if which == "grouped" and group_folds:  # files in group_folds groups (cheaper than one fold per file)
        return list(GroupKFold(n_splits=group_folds).split(texts, intents, groups))
    if which == "grouped":
        return list(LeaveOneGroupOut().split(texts, intents, groups))
    return list(StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(texts, intents))


def load_heldout() -> Tuple[List[str], List[str]]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    texts, intents = [], []
    for block in data["nlu"]:
        for e in block["examples"]:
            texts.append(e["text"] if isinstance(e, dict) else e)
            intents.append(block["intent"])
    return texts, intents


def fmt(name: str, m: Dict[str, Any]) -> str:
    f = m["fallback"]
    return (f"| {name} | {100 * m['accuracy']:.1f} | {100 * m['macro']:.1f} | {100 * m['vraag']:.1f} | "
            f"{100 * m['dialoog']:.1f} | {100 * m['veiligheid_recall']:.0f}/{100 * m['veiligheid_precision']:.0f} | "
            f"{f['threshold']:.2f} | {100 * f['kept']:.0f} | {100 * f['caught']:.0f} | {100 * f['fallback']:.0f} |")


HEAD = ("| candidate | acc | macro | vraag | dialoog | veiligheid R/P | J-threshold | correct kept | wrong caught | "
        "fallback |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def diet_split(path: Path, texts, intents, names: List[str]) -> None:
    """DIET (from a parse dump on evaluate.py's 80/20 split), the linear candidates and their ensemble there."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    test_set = {r["text"] for r in rows}
    train_idx = [i for i, t in enumerate(texts) if t not in test_set]
    test_texts = [r["text"] for r in rows]
    gold = [r["gold"] for r in rows]
    print(f"\n### evaluate.py's validation split ({len(train_idx)} train / {len(rows)} test)\n\n{HEAD}")
    classes = sorted(set(intents))
    diet = np.zeros((len(rows), len(classes)))
    for k, r in enumerate(rows):
        for item in r["ranking"] or []:
            if item["name"] in classes:
                diet[k, classes.index(item["name"])] = item["confidence"]
    diet /= np.clip(diet.sum(axis=1, keepdims=True), 1e-12, None)
    print(fmt("DIET (bot/config.yml before issue 8)", score(gold, [classes[b] for b in diet.argmax(1)], diet.max(1))))
    for name in names:
        (kind, norm), make = CANDIDATES[name]
        Xtr, Xte = Features(kind, norm).fit_transform([texts[i] for i in train_idx], test_texts)
        model = make()()
        model.fit(Xtr, np.array([intents[i] for i in train_idx]))
        p = np.zeros_like(diet)
        p[:, [classes.index(c) for c in model.classes_]] = probabilities(model, Xte)
        print(fmt(name, score(gold, [classes[b] for b in p.argmax(1)], p.max(1))))
        for w in (0.5, 0.7):
            e = w * p + (1 - w) * diet
            print(fmt(f"ensemble {w:.1f} x {name} + {1 - w:.1f} x DIET", score(gold, [classes[b] for b in e.argmax(1)],
                                                                               e.max(1))))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only a few candidates")
    ap.add_argument("--slow", action="store_true", help="also the multinomial LR with character n-grams")
    ap.add_argument("--candidates", default="", help="comma-separated candidate names (default: all)")
    ap.add_argument("--splits", default="grouped,stratified,heldout")
    ap.add_argument("--group-folds", type=int, default=0, help="grouped: N folds of whole files (0: one per file)")
    ap.add_argument("--data", type=Path, default=DATA, help="training data folder (default bot/data/nlu)")
    ap.add_argument("--diet", type=Path, default=None, help="DIET parse dump on the 80/20 split (see docstring)")
    args = ap.parse_args(argv)
    texts, intents, groups = load(args.data)
    names = ([n for n in args.candidates.split(",") if n] or (list(QUICK) if args.quick else
             [n for n in CANDIDATES if args.slow or n not in SLOW]))
    print(f"{len(texts)} training examples, {len(set(intents))} intents, {len(set(groups))} files")
    for which in [s for s in args.splits.split(",") if s in ("grouped", "stratified")]:
        folds = split_folds(texts, intents, groups, which, args.group_folds)
        print(f"\n### {which} ({len(folds)} folds)\n\n{HEAD}")
        for name in names:
            (kind, norm), make = CANDIDATES[name]
            start = time.monotonic()
            gold, pred, conf, _ = out_of_fold(texts, intents, folds, Features(kind, norm), make())
            print(fmt(name, score(gold, pred, conf)) + f" <!-- {time.monotonic() - start:.0f} s -->", flush=True)
    if "heldout" in args.splits:
        ht, hi = load_heldout()
        print(f"\n### tests/nlu/heldout.yml ({len(ht)} lines, trained on all training data)\n\n{HEAD}")
        for name in names:
            (kind, norm), make = CANDIDATES[name]
            gold, pred, conf, _ = out_of_fold(texts + ht, intents + hi, [(list(range(len(texts))),
                                              list(range(len(texts), len(texts) + len(ht))))], Features(kind, norm),
                                              make())
            print(fmt(name, score(gold, pred, conf)), flush=True)
    if args.diet:
        diet_split(args.diet, texts, intents, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
