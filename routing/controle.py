"""`python -m routing.controle`: what the functioneel beheerder still has to check before going live.

Prints how many voorzieningen have unverified contact data, and how many legal sources are marked
"(te controleren)". Exit code 0: this is a report, not a failure (the data itself is validated at load).
"""
from __future__ import annotations

import sys
from typing import List, Optional

from .bronnen import te_controleren
from .loader import load_catalog
from .model import Catalog
from .voorzieningen import niet_geverifieerd


def regels(catalog: Catalog) -> List[str]:
    """The report, one line each (Dutch: the functioneel beheerder reads it)."""
    open_ = niet_geverifieerd(catalog)
    lines = [
        f"Voorzieningen: {len(open_)} van {len(catalog.voorzieningen)} nog niet nagekeken "
        f"(geverifieerd: false in voorzieningen.yml; de assistent noemt daarvan alleen de website of 14 0545)."
    ]
    if open_:
        lines.append("  " + ", ".join(v.code for v in open_))
    bronnen = {
        b.bron
        for route in catalog.verwachtingen.routes.values()
        for laag in route.lagen()
        for b in laag.alle()
        if te_controleren(b.bron)
    }
    lines.append(f"Wetsbronnen: {len(bronnen)} nog te controleren (te controleren in verwachtingen.yml).")
    return lines


def main(argv: Optional[List[str]] = None) -> int:
    for line in regels(load_catalog()):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
