"""Plain-Dutch labels for the triage codes (from taxonomy.yml), for inwoners and staff."""
from __future__ import annotations

from typing import Optional

from .loader import default_catalog
from .model import Catalog

__all__ = ["onderwerp_label", "wet_label", "urgentie_label", "team_label", "melder_label", "medewerker_label",
           "voorziening_naam"]


def _cat(catalog: Optional[Catalog]) -> Catalog:
    return catalog if catalog is not None else default_catalog()


def _fallback(code: Optional[str]) -> str:
    return (code or "").replace("_", " ")


def onderwerp_label(code: str, catalog: Optional[Catalog] = None) -> str:
    """'huishoudelijke_hulp' -> 'hulp in het huishouden'."""
    ond = _cat(catalog).onderwerpen.get(code)
    return ond.label if ond is not None else _fallback(code)


def wet_label(code: str, catalog: Optional[Catalog] = None) -> str:
    """'wmo' -> 'Wet maatschappelijke ondersteuning (Wmo)'."""
    c = _cat(catalog)
    return c.labels["wet"].get(code) or c.wetten.get(code) or _fallback(code)


def urgentie_label(code: str, catalog: Optional[Catalog] = None) -> str:
    """'spoed' -> 'spoed (vandaag nog)'."""
    return _cat(catalog).labels["urgentie"].get(code) or _fallback(code)


def team_label(code: Optional[str], catalog: Optional[Catalog] = None) -> str:
    """'frontteam_neede' -> 'frontteam Neede'; None -> 'niet doorzetten'."""
    if code is None:
        return "niet doorzetten"
    c = _cat(catalog)
    return c.labels["team"].get(code) or c.teams.get(code) or _fallback(code)


def melder_label(code: str, catalog: Optional[Catalog] = None) -> str:
    """'naaste' -> 'een naaste of mantelzorger'."""
    return _cat(catalog).labels["melder"].get(code) or _fallback(code)


def medewerker_label(kind: str, code: Optional[str], catalog: Optional[Catalog] = None) -> str:
    """The short label staff read: kind onderwerp | wet | urgentie | melder | team ('frontteam_neede' ->
    'Frontteam Neede'), kern (its name), voorziening (its naam); an unknown code is shown readable."""
    c = _cat(catalog)
    if code is None or code == "":
        return "—"
    code = str(code)
    if kind == "voorziening":
        return voorziening_naam(code, c)
    if kind == "kern" and code in c.kernen:
        return code
    label = c.labels_medewerker.get(kind, {}).get(code)
    return label if label else _fallback(code).capitalize()


def voorziening_naam(code: str, catalog: Optional[Catalog] = None) -> str:
    """'boodschappen_klussendienst' -> 'Boodschappen- en klussendienst (vrijwilligers)'."""
    for v in _cat(catalog).voorzieningen:
        if v.code == code:
            return v.naam
    return _fallback(code).capitalize()
