"""Renders benchmarks/results/*.json as one readable Markdown page."""
from __future__ import annotations

import json
from pathlib import Path

def _ms(d: dict, *keys: str) -> str:
    for k in keys:
        d = d.get(k, {}) if isinstance(d, dict) else {}
    return f"{d.get('p50_ms', '—')} / {d.get('p95_ms', '—')}" if isinstance(d, dict) else "—"


def _rasa(d: dict) -> list[tuple[str, str, str]]:
    lat, cap, long = d.get("latency", {}), d.get("capacity", {}), d.get("long_conversation", {})
    return [
        ("Turn p50 / p95 ms (one conversation at a time, actions included)", _ms(lat, "turn"), ""),
        ("Bare /model/parse p50 / p95 ms (same server, same run)", _ms(lat, "parse"), ""),
        ("Turn p95 ÷ parse p95", str(lat.get("ratio_p95_turn_over_parse", "—")), "≤ 3"),
        ("Turns/s, 20 concurrent conversations", str(cap.get("turns_per_s", "—")), ""),
        ("Parses/s, 20 concurrent", str(cap.get("parses_per_s", "—")), ""),
        ("Turns/s ÷ parses/s", str(cap.get("ratio", "—")), "≥ 0.5"),
        ("Long session: turn p50 / p95 ms, first 10 turns", _ms(long, "first_10"), ""),
        (f"Long session: last 10 of {long.get('turns', '?')} turns", _ms(long, "last_10"), ""),
        ("Same conversation resumed in a new session", _ms(long, "after_new_session_10"), "≈ first 10"),
        ("Rasa start-up to ready (s)", str(d.get("rasa_ready_seconds", "—")), ""),
        ("Rasa resident memory after load (MB)", str(d.get("rasa_rss_mb_after_load", "—")), ""),
        ("Training time, full model, no cache (s)", str(d.get("training_seconds", "—")), ""),
    ]


def _voice(d: dict) -> list[tuple[str, str, str]]:
    return [
        ("Voice webhook turn p50 / p95 ms (TwiML out)", _ms(d, "voice_turn"), ""),
        ("Web (REST) turn p50 / p95 ms, same run", _ms(d, "web_turn"), ""),
        ("Voice p95 ÷ web p95", str(d.get("ratio_p95_voice_over_web", "—")), ""),
    ]


def _inbox(d: dict) -> list[tuple[str, str, str]]:
    rows = []
    for db in ("sqlite", "postgresql"):
        x = d.get(db, {})
        rows += [
            (f"{db}: werkvoorraad list p50 / p95 ms at {x.get('rows', '?')} rows", _ms(x, "werkvoorraad_list"), "p95 ≤ 50"),
            (f"{db}: filtered list p50 / p95 ms", _ms(x, "filtered_list"), "p95 ≤ 50"),
            (f"{db}: API creations per second", str(x.get("create", {}).get("per_second", "—")), "≥ 300"),
        ]
    return rows


def _accuracy(d: dict) -> list[tuple[str, str, str]]:
    rows = []
    for setname, systems in d.get("sets", {}).items():
        for key, sysd in systems.items():
            rows.append((f"{setname}, {key}: onderwerp / wet accuracy, spoed recall / precision",
                         f"{sysd.get('accuracy', 0):.1%} / {sysd.get('wet_accuracy', 0):.1%}, "
                         f"{sysd.get('spoed', {}).get('recall', 0):.0%} / {sysd.get('spoed', {}).get('precision', 0):.0%}",
                         "≥ 90% / ≥ 93%, 100% / ≥ 85% (independent set)" if setname == "onafhankelijk" else ""))
    return rows


def _nlu(d: dict) -> list[tuple[str, str, str]]:
    b, c = d.get("baseline", {}), d.get("current", {})
    return [(f"parse p50 / p95 ms: before ({d.get('baseline_ref')}) vs now",
             f"{b.get('p50_ms')} / {b.get('p95_ms')} vs {c.get('p50_ms')} / {c.get('p95_ms')}", ""),
            ("parse p95 now ÷ before", str(d.get("ratio_p95_current_over_baseline")), "≤ 1.5")]


def _prod(d: dict) -> list[tuple[str, str, str]]:
    p, e, b = d.get("productie", {}), d.get("embedded", {}), d.get("berkelland", {})
    n = f"{p.get('concurrent', '?')} concurrent conversations, {p.get('turns_per_conversation', '?')} turns each"
    return [
        (f"{n}: turn p50 / p95 ms, make run-prod through nginx vs embedded",
         f"{_ms(p, 'turn')} vs {_ms(e, 'turn')}", ""),
        ("Errors (conversations), run-prod vs embedded",
         f"{p.get('errors', '—')} ({p.get('conversations', '—')}) vs "
         f"{e.get('errors', '—')} ({e.get('conversations', '—')})", "0"),
        ("Capacity, conversations per hour on this machine: run-prod vs embedded",
         f"{p.get('conversations_per_hour', '—')} vs {e.get('conversations_per_hour', '—')}",
         f"≥ {b.get('met_veiligheidsfactor', '—')}"),
        ("Berkelland's busiest hour (assumption, see berkelland.*): conversations, with safety factor",
         f"{b.get('gesprekken_in_het_piekuur', '—')}, {b.get('met_veiligheidsfactor', '—')}", ""),
    ]


HEADLINES = {"rasa": _rasa, "nlu": _nlu, "voice": _voice, "inbox": _inbox, "prod": _prod, "accuracy": _accuracy}


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
            out += [f"| {label} | {value} | {target} |" for label, value, target in HEADLINES[path.stem](data)]
            out.append("")
        out += ["<details><summary>all figures</summary>", "", "| figure | value |", "|---|---|"]
        out += [f"| {k} | {v} |" for k, v in _flatten(data)]
        out += ["", "</details>", ""]
    return "\n".join(out)
