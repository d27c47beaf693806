"""The figures block of docs/algoritmeregister.md: the live model and its evaluation figures, from the last gate.

`make gate` writes it with the live model's figures; `make promote` and `make rollback` write it again for the
model that is live after them (the gate measured both). Only the text between the two markers is generated.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Optional

from release.rondes import RONDES

REGISTER = Path(__file__).resolve().parents[1] / "docs" / "algoritmeregister.md"
BEGIN = "<!-- cijfers: begin (make gate / make promote schrijven dit blok; niet met de hand wijzigen) -->"
END = "<!-- cijfers: einde -->"
TITLES = {"heldout": "Eigen testset (held-out)",
          **{r.set_name: f"Onafhankelijke testset, {r.titel}" for r in RONDES},
          "veiligheid": "Veiligheidsset (gevaar en bijna-gevaar)"}


class RegisterError(ValueError):
    """The register page lacks the markers of the figures block."""


def _pct(x: Optional[float]) -> str:
    return "—" if x is None else f"{100 * x:.1f}%".replace(".", ",")


def block(report: Dict[str, Any], side: str = "live") -> str:
    """The generated block for the model on `side` ("live", or "kandidaat" once it has been promoted)."""
    model, figures = report[side], report["cijfers"][side]
    kand = report["kandidaat"]
    rows = "\n".join(
        f"| {TITLES.get(name, name)} | {f['n']} | {_pct(f.get('onderwerp_accuracy'))} | "
        f"{_pct(f.get('wet_accuracy'))} | {_pct(f['spoed_recall'])} | {_pct(f['spoed_precisie'])} |"
        for name, f in figures.items())
    return "\n".join([
        BEGIN,
        f"**Modelversie in gebruik:** `{model['model_id']}` (bestand `{model['bestand']}`, getraind op "
        f"{model['getraind_op'][:10]}).",
        "",
        f"Gemeten door `make gate` op {report['gemaakt_op'][:10]}:",
        "",
        "| testset | berichten | onderwerp goed | wet goed | spoed herkend (recall) | spoed terecht (precisie) |",
        "|---|---:|---:|---:|---:|---:|",
        rows,
        "",
        (f"Laatste modelpoort: kandidaat `{kand['model_id']}` is **{report['besluit']}**."
         if kand["model_id"] != report["live"]["model_id"] else
         "Laatste modelpoort: het live model tegen zichzelf gemeten (er was geen nieuwe kandidaat)."),
        END,
    ])


def version_block(model_id: str, file: str, when: str) -> str:
    """The block for a model the last gate did not measure (a rollback to an older model): the version only."""
    return "\n".join([
        BEGIN,
        f"**Modelversie in gebruik:** `{model_id}` (bestand `{file}`), teruggezet op {when[:10]}. De cijfers van dit "
        "model staan in het rapport van de modelpoort die het destijds doorliet; de volgende `make gate` meet opnieuw.",
        END,
    ])


def replace_block(page: str, new_block: str) -> str:
    """The page with the text between the markers (markers included) replaced."""
    start, end = page.find(BEGIN), page.find(END)
    if start < 0 or end < start:
        raise RegisterError("docs/algoritmeregister.md: the figures markers are missing")
    return page[:start] + new_block + page[end + len(END):]


def update(path: Path, report: Dict[str, Any], side: str = "live") -> None:
    """Rewrite the figures block of the register page at `path`."""
    write(path, block(report, side))


def write(path: Path, new_block: str) -> None:
    path.write_text(replace_block(path.read_text(encoding="utf-8"), new_block), encoding="utf-8")
