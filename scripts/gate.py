#!/usr/bin/env python
"""`make gate`: may a candidate model replace the live one? Both are measured in one run on the same lines.

    make gate [KANDIDAAT=models/voordeur-<hash>.tar.gz] [LIVE=models/current.tar.gz]
    .venv-bot/bin/python scripts/gate.py [--kandidaat PATH] [--live PATH] [--sets heldout,veiligheid] [--out DIR]

Sets (loaded with scripts/evaluate.py's loaders and scored with its functions, so the figures are make evaluate's):
  heldout        tests/nlu/heldout.yml
  onafhankelijk  tests/nlu/onafhankelijk/ (round 1) and the later rounds, as tests/nlu/onafhankelijk/rondes.yml
                 lists them, when they exist
  veiligheid     tests/nlu/veiligheid/veiligheid.jsonl: danger and near misses (see its README)
Every line goes through the assistant's own first-message path (BSN masked, the model's parse,
routing.eerste_bericht). The rules are release/gate.yml; the decision is release.gate.decide.

Writes reports/gate.md and reports/gate.json (the inbox shows the latest under Beheer → Modelpoort) and, unless
--geen-register, the figures block of docs/algoritmeregister.md. Exit status 0: passed, 1: refused, 2: error.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import evaluate  # noqa: E402  (sets up the warnings log and sys.path like make evaluate)
from evaluate import Gold, load_heldout, load_onafhankelijk, metrics, run_system, spoed_counts  # noqa: E402

from release import register  # noqa: E402
from release.gate import SetScores, decide, load_rules  # noqa: E402
from release.model import ModelInfo, model_info  # noqa: E402
from release.report import report_json, report_md  # noqa: E402

VEILIGHEID = REPO / "tests" / "nlu" / "veiligheid" / "veiligheid.jsonl"
REPORT_MD = REPO / "reports" / "gate.md"
SETS_WITH_ONDERWERP = ("heldout", *(r.set_name for r in evaluate.RONDES))


def say(msg: str) -> None:
    print(f"[gate] {time.strftime('%H:%M:%S')} {msg}", file=sys.stderr, flush=True)


def load_veiligheid() -> List[Gold]:
    """The safety set as evaluate's Gold lines (onderwerp veiligheid for danger; near misses have no onderwerp)."""
    rows = evaluate.read_jsonl(VEILIGHEID)
    return [Gold(r["text"], "veiligheid" if r["spoed"] else "", (), bool(r["spoed"]), "", soort=(r["soort"],),
                 id=r["id"]) for r in rows]


def load_sets(catalog, wanted: Optional[Sequence[str]]) -> Dict[str, List[Gold]]:
    sets: Dict[str, List[Gold]] = {"heldout": load_heldout(catalog)}
    for ronde in evaluate.RONDES:
        if ronde.exists:
            sets[ronde.set_name] = load_onafhankelijk(catalog, ronde)
    sets["veiligheid"] = load_veiligheid()
    if wanted:
        unknown = set(wanted) - set(sets)
        if unknown:
            raise SystemExit(f"gate: unknown or missing set(s): {', '.join(sorted(unknown))}")
        sets = {name: gold for name, gold in sets.items() if name in wanted}
    return sets


def set_scores(name: str, rows: List[Dict[str, Any]], codes: Sequence[str]) -> Tuple[SetScores, Dict[str, Any]]:
    """The gate's scores and the published figures of one model on one set."""
    called = [r for r in rows if r["pred_urgentie"] == "spoed"]
    scores = SetScores(
        n=len(rows),
        accuracy=metrics(rows, codes)["accuracy"] if name in SETS_WITH_ONDERWERP else None,
        spoed_caught=frozenset(r["id"] for r in called if r["gold_spoed"]),
        spoed_missed=frozenset(r["id"] for r in rows if r["gold_spoed"] and r["pred_urgentie"] != "spoed"),
        false_spoed=frozenset(r["id"] for r in called if not r["gold_spoed"]),
    )
    spoed = spoed_counts(rows, lambda r: r["pred_urgentie"] == "spoed")
    figures = {"n": len(rows), "spoed_recall": spoed["recall"], "spoed_precisie": spoed["precision"],
               "spoed_gemist": sorted(scores.spoed_missed), "spoed_onterecht": sorted(scores.false_spoed)}
    if name in SETS_WITH_ONDERWERP:
        m = metrics(rows, codes)
        figures.update({"onderwerp_accuracy": m["accuracy"], "wet_accuracy": m["wet_accuracy"]})
    return scores, figures


def measure(model: ModelInfo, sets: Dict[str, List[Gold]], catalog) -> Tuple[Dict[str, SetScores], Dict[str, Any]]:
    from predict import Parser

    say(f"loading {model.file} ({model.model_id})")
    parser = Parser(model.path)
    codes = list(catalog.onderwerpen)
    scores, figures = {}, {}
    for name, gold in sets.items():
        rows = run_system(model.file, parser.parse, gold, catalog, 0.0, 0.0).rows
        scores[name], figures[name] = set_scores(name, rows, codes)
        say(f"  {name}: {len(rows)} lines")
    return scores, figures


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--live", default=str(REPO / "models" / "current.tar.gz"), help="the live model")
    ap.add_argument("--kandidaat", required=True, help="the candidate model (make gate: what make train made)")
    ap.add_argument("--sets", default="", help="comma-separated subset of the sets (default: all; for tests)")
    ap.add_argument("--out", default=str(REPORT_MD.parent), help="folder for gate.md and gate.json")
    ap.add_argument("--register", default=str(register.REGISTER),
                    help="algoritmeregister page whose figures block is updated")
    ap.add_argument("--geen-register", action="store_true", help="do not update the algoritmeregister page")
    args = ap.parse_args(argv)
    evaluate.quiet_rasa()
    try:
        live, kandidaat = model_info(Path(args.live)), model_info(Path(args.kandidaat))
        rules = load_rules()
    except ValueError as exc:
        say(str(exc))
        return 2
    import routing

    catalog = routing.default_catalog()
    sets = load_sets(catalog, [s for s in args.sets.split(",") if s])
    say(f"live {live.file}, kandidaat {kandidaat.file}; sets: "
        + ", ".join(f"{name} ({len(gold)})" for name, gold in sets.items()))
    live_scores, live_figures = measure(live, sets, catalog)
    if kandidaat.model_id == live.model_id:
        say("the candidate is the live model itself: measured once")
        kand_scores, kand_figures = live_scores, live_figures
    else:
        kand_scores, kand_figures = measure(kandidaat, sets, catalog)
    decision = decide(live_scores, kand_scores, rules)
    report = report_json(live, kandidaat, decision, {"live": live_figures, "kandidaat": kand_figures})
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gate.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "gate.md").write_text(report_md(report), encoding="utf-8")
    if not args.geen_register:
        register.update(Path(args.register), report)
    say(f"{report['besluit']}: {out / 'gate.md'}")
    for c in decision.failed:
        more = f" (+{len(c.lines) - 10})" if len(c.lines) > 10 else ""
        say(f"  refused on {c.soort} / {c.set}: live {c.live}, kandidaat {c.kandidaat} {list(c.lines[:10])}{more}")
    return 0 if decision.passed else 1


if __name__ == "__main__":
    sys.exit(main())
