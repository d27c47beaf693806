"""python -m benchmarks [--quick] [--only rasa,nlu,voice,inbox,prod,accuracy]: runs the benchmarks side by side
and writes benchmarks/results/<section>.json plus benchmarks/results/README.md."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import time
from pathlib import Path

from benchmarks.common import RESULTS, progress, write_results

SECTIONS = ["rasa", "nlu", "voice", "inbox", "prod", "accuracy"]


def accuracy() -> dict:
    """The headline `make evaluate` figures per test set and system (the full report is reports/evaluation.md)."""
    report = Path(__file__).resolve().parents[1] / "reports" / "evaluation.json"
    if not report.exists():
        raise FileNotFoundError("reports/evaluation.json ontbreekt: draai eerst `make evaluate`")
    data = json.loads(report.read_text())
    keep = ("accuracy", "wet_accuracy", "spoed", "also", "melder_accuracy", "latency_ms")
    return {"generated": data.get("generated"),
            "sets": {name: {system: {k: v for k, v in figures.items() if k in keep}
                            for system, figures in s["systems"].items()}
                     for name, s in data.get("sets", {}).items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs (smoke check)")
    parser.add_argument("--only", default=",".join(SECTIONS))
    args = parser.parse_args()
    meta = {"when": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "machine": platform.node(),
            "cpus": os.cpu_count(), "python": platform.python_version(), "quick": args.quick}
    for name in args.only.split(","):
        progress(f"section {name}")
        started = time.monotonic()
        if name == "accuracy":
            data = accuracy()
        else:
            module = importlib.import_module(f"benchmarks.{name}_bench")
            data = module.run(quick=args.quick)
        data["_meta"] = {**meta, "seconds": round(time.monotonic() - started, 1)}
        path = write_results(name, data)
        progress(f"section {name} done in {data['_meta']['seconds']} s -> {path}")
    (RESULTS / "README.md").write_text(render_markdown())
    print((RESULTS / "README.md").read_text())


def render_markdown() -> str:
    from benchmarks.report import render

    return render(RESULTS)


if __name__ == "__main__":
    main()
