"""Pick algemene voorzieningen (no indicatie needed) for an onderwerp and kern, lightest first."""
from __future__ import annotations

from typing import Optional, Tuple

from .model import Catalog, Voorziening

__all__ = ["voorzieningen_voor", "voorziening"]


def voorzieningen_voor(catalog: Catalog, onderwerp: str, kern: Optional[str] = None, limit: int = 3) -> Tuple[Voorziening, ...]:
    """Up to `limit` voorzieningen for the onderwerp in the kern (kern None: only those for alle kernen), lightest first."""
    if onderwerp not in catalog.onderwerpen:
        raise ValueError(f"unknown onderwerp '{onderwerp}'")
    if kern is not None and kern not in catalog.kernen:
        raise ValueError(f"unknown kern '{kern}'")
    matches = [
        v
        for v in catalog.voorzieningen
        if onderwerp in v.onderwerpen and (v.alle_kernen or (kern is not None and kern in v.kernen))
    ]
    # lightest first; at equal zwaarte the one in the inwoner's own kern first, then the order of the file
    order = {v.code: i for i, v in enumerate(catalog.voorzieningen)}
    matches.sort(key=lambda v: (v.zwaarte, 0 if v.kernen else 1, order[v.code]))
    return tuple(matches[: max(0, limit)])


def voorziening(catalog: Catalog, code: str) -> Voorziening:
    """The voorziening with this code (KeyError when unknown)."""
    for v in catalog.voorzieningen:
        if v.code == code:
            return v
    raise KeyError(code)
