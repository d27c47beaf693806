"""Renders benchmarks/results/*.json as one readable Markdown page."""
from __future__ import annotations

import json
from pathlib import Path

HEADLINES = {
    "rasa": [
        ("Turn p95 / parse p95 (one at a time)", ("latency", "ratio_p95_turn_over_parse"), "≤ 3"),
        ("Turn p50 / p95 ms", ("latency", "turn", "p50_ms"), None),
        ("Turns/s ÷ parses/s (20 concurrent)", ("capacity", "ratio"), "≥ 0.5"),
        ("Turns per second (20 concurrent)", ("capacity", "turns_per_s"), None),
        ("Parses per second (20 concurrent)", ("capacity", "parses_per_s"), None),
        ("Rasa start-up to ready (s)", ("rasa_ready_seconds",), None),
        ("Rasa resident memory after load (MB)", ("rasa_rss_mb_after_load",), None),
        ("Training time full model (s)", ("training_seconds",), None),
        ("Long conversation: turn p50 first 10 / last 10 / after new session (ms)",
         ("long_conversation", "last_10", "p50_ms"), None),
    ],
    "voice": [
        ("Voice webhook turn p50 / p95 (ms)", ("voice_turn", "p95_ms"), None),
        ("Web turn p95 (ms), same run", ("web_turn", "p95_ms"), None),
        ("Voice p95 / web p95", ("ratio_p95_voice_over_web",), None),
    ],
}


def _get(data: dict, path: tuple[str, ...]):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return "—"
        data = data[key]
    return data


def _flatten(data, prefix: str = ""):
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "_meta":
                continue
            yield from _flatten(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        yield prefix.rstrip("."), json.dumps(data, ensure_ascii=False)[:200]
    else:
        yield prefix.rstrip("."), data


def render(results: Path) -> str:
    out = ["# Benchmark results", "",
           "Written by `make bench` (`python -m benchmarks`). Ratios are measured side by side in one run, "
           "because the machine (2 cores) is shared and noisy; absolute numbers vary between runs.", ""]
    for path in sorted(results.glob("*.json")):
        data = json.loads(path.read_text())
        meta = data.get("_meta", {})
        out += [f"## {path.stem}", "", f"Run {meta.get('when', '?')} on {meta.get('cpus', '?')} CPUs"
                f"{' (quick)' if meta.get('quick') else ''}, {meta.get('seconds', '?')} s.", ""]
        if path.stem in HEADLINES:
            out += ["| headline | value | target |", "|---|---|---|"]
            for label, key, target in HEADLINES[path.stem]:
                out.append(f"| {label} | {_get(data, key)} | {target or ''} |")
            out.append("")
        out += ["<details><summary>all figures</summary>", "", "| figure | value |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in _flatten(data)]
        out += ["", "</details>", ""]
    return "\n".join(out)
