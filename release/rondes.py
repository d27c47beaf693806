"""The rounds of independent writers (tests/nlu/onafhankelijk/rondes.yml): the one list that make evaluate,
make gate, the gate's report, the algoritmeregister and the tests read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import yaml

REPO = Path(__file__).resolve().parents[1]
ONAFHANKELIJK = REPO / "tests" / "nlu" / "onafhankelijk"


@dataclass(frozen=True)
class Ronde:
    """One round: its writers' files, the second labeller's (tweede/) and the decisions (besluiten.jsonl)."""
    set_name: str
    folder: Path
    schrijvers: Tuple[str, ...]
    titel: str  # "ronde 1"
    minimum: int
    # `make predict` output of an earlier assistant on this round, kept to show what changed since, and its label
    before: Optional[Path] = None
    before_label: str = ""

    @property
    def exists(self) -> bool:
        return (self.folder / f"{self.schrijvers[0]}.jsonl").exists()


def load(path: Path = ONAFHANKELIJK / "rondes.yml") -> Tuple[Ronde, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(Ronde(r["set"], (path.parent / r["map"]).resolve(), tuple(r["schrijvers"]), r["titel"],
                       int(r["minimum"]), REPO / "reports" / r["voor"] if r.get("voor") else None,
                       r.get("voor_label", ""))
                 for r in data["rondes"])


RONDES = load()
