"""The gate's report: reports/gate.json (read by the inbox's Modelpoort page and by make promote) and gate.md."""
from __future__ import annotations

import time
from typing import Any, Dict, Optional

from release.gate import Decision
from release.model import ModelInfo
from release.rondes import RONDES

SET_TITLES = {"heldout": "held-out (tests/nlu/heldout.yml)", **{r.set_name: f"onafhankelijk, {r.titel}" for r in RONDES},
              "veiligheid": "veiligheidsset (gevaar en bijna-gevaar)"}
SOORT_TITLES = {"onderwerp_accuracy": "onderwerp goed", "spoed_behouden": "spoed herkend",
                "spoed_precisie": "spoed-precisie (bijna-gevaar)"}


def report_json(live: ModelInfo, kandidaat: ModelInfo, decision: Decision,
                figures: Dict[str, Any]) -> Dict[str, Any]:
    """The JSON report of one gate run. Lines are named by id only: whoever writes training data (trainers read
    this report in the inbox) must not see the test sets, or they stop being independent."""
    return {
        "gemaakt_op": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "besluit": "doorgelaten" if decision.passed else "geweigerd",
        "live": live.as_json(), "kandidaat": kandidaat.as_json(),
        "controles": [c.as_json() for c in decision.checks],
        "cijfers": figures,
    }


def _pct(x: Optional[float]) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _figure(soort: str, x: Optional[float]) -> str:
    return f"{x:.0f}" if soort == "spoed_behouden" and x is not None else _pct(x)


def report_md(report: Dict[str, Any]) -> str:
    live, kand = report["live"], report["kandidaat"]
    lines = [
        "# Modelpoort (make gate)",
        "",
        f"Gemaakt op {report['gemaakt_op']} door `make gate` (scripts/gate.py, regels in release/gate.yml).",
        "",
        f"**Besluit: {report['besluit'].upper()}**",
        "",
        "| | bestand | model_id | getraind op |",
        "|---|---|---|---|",
        f"| live | `{live['bestand']}` | `{live['model_id']}` | {live['getraind_op'][:16]} |",
        f"| kandidaat | `{kand['bestand']}` | `{kand['model_id']}` | {kand['getraind_op'][:16]} |",
        "",
        "## Controles",
        "",
        "| controle | set | live | kandidaat | grens | uitslag |",
        "|---|---|---:|---:|---|---|",
    ]
    for c in report["controles"]:
        if not c["gemeten"]:
            uitslag, grens = "niet gemeten (set ontbreekt)", ""
        else:
            uitslag = "geslaagd" if c["geslaagd"] else "**geweigerd**"
            grens = ("geen regel minder" if c["soort"] == "spoed_behouden"
                     else f"max. {c['grens_punten']:g} punt lager")
        lines.append(f"| {SOORT_TITLES[c['soort']]} | {SET_TITLES.get(c['set'], c['set'])} | "
                     f"{_figure(c['soort'], c['live'])} | {_figure(c['soort'], c['kandidaat'])} | {grens} | {uitslag} |")
    named = [c for c in report["controles"] if c["berichten"]]
    if named:
        lines += ["", "## Berichten die het verschil maken", ""]
        for c in named:
            wat = ("niet meer als spoed herkend" if c["soort"] == "spoed_behouden"
                   else "nu onterecht spoed (bijna-gevaar)")
            ids = ", ".join(f"`{rid}`" for rid in c["berichten"])
            lines.append(f"- {SET_TITLES.get(c['set'], c['set'])}, {wat}: {ids}")
        lines += ["", "Alleen de nummers: wie trainingsdata schrijft, mag de testsets niet lezen."]
    lines += ["", "## Cijfers per set", "",
              "| set | model | n | onderwerp goed | wet goed | spoed recall | spoed precisie |",
              "|---|---|---:|---:|---:|---:|---:|"]
    for name in report["cijfers"]["live"]:
        for who in ("live", "kandidaat"):
            f = report["cijfers"][who][name]
            lines.append(f"| {SET_TITLES.get(name, name)} | {who} | {f['n']} | {_pct(f.get('onderwerp_accuracy'))} | "
                         f"{_pct(f.get('wet_accuracy'))} | {_pct(f['spoed_recall'])} | {_pct(f['spoed_precisie'])} |")
    lines += ["", "Alleen een doorgelaten kandidaat mag live (`make promote`); `make rollback` zet het vorige model "
              "terug.", ""]
    return "\n".join(lines)
