"""NLU parse cost, side by side: the current model against the assistant before issue 8 (commit BASELINE_REF).

The baseline is rebuilt from git in a temporary worktree (its own config, training data and components) and
trained there (NLU only); both models then parse the same independent-set lines in alternating rounds, each in
its own process with its own code, so the machine's noise falls on both alike. Target: current parse p95 at most
1.5 x the baseline's.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import progress, summary_ms

ROOT = Path(__file__).resolve().parents[1]
BASELINE_REF = "5f09f07"
BOTPY = ROOT / ".venv-bot" / "bin" / "python"


def _lines(n: int) -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "nlu" / "onafhankelijk").glob("??.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts[::max(1, len(texts) // n)][:n]


def _train_baseline(tree: Path) -> Path:
    out = tree / "models"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([str(ROOT / ".venv-bot" / "bin" / "rasa"), "train", "nlu", "--config", "bot/config.yml",
                    "--nlu", "bot/data/nlu", "--out", str(out), "--fixed-model-name", "baseline", "--quiet"],
                   cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out / "baseline.tar.gz"


def _time(tree: Path, model: Path, lines: Path, out: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run([str(BOTPY), str(ROOT / "benchmarks" / "parse_timing.py"), str(model), str(lines), str(out)],
                   cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return json.loads(out.read_text())


def run(quick: bool = False) -> dict:
    current = (ROOT / "models" / "current.tar.gz").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tree = work / "baseline"
        progress(f"nlu: checking out the assistant before issue 8 ({BASELINE_REF}) into a temporary worktree")
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), BASELINE_REF], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            progress("nlu: training the baseline NLU model (its own config and data)")
            baseline = _train_baseline(tree)
            lines = work / "lines.json"
            lines.write_text(json.dumps(_lines(60 if quick else 300), ensure_ascii=False), encoding="utf-8")
            timings: dict[str, list[float]] = {"baseline": [], "current": []}
            rounds = 1 if quick else 3
            for i in range(rounds):
                for name, t, model in (("baseline", tree, baseline), ("current", ROOT, current)):
                    progress(f"nlu: round {i + 1}/{rounds}, parsing with the {name} model")
                    timings[name] += _time(t, model, lines, work / f"{name}-{i}.json")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    b, c = summary_ms(timings["baseline"]), summary_ms(timings["current"])
    return {"baseline_ref": BASELINE_REF, "baseline": b, "current": c,
            "ratio_p95_current_over_baseline": round(c["p95_ms"] / b["p95_ms"], 2), "target": "<= 1.5"}
