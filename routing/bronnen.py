"""The source of every legal statement in routing/data: its format, and what counts as a legal statement.

A bron names a law and an article ("Wmo 2015 art. 2.3.2 lid 1", "Awb art. 4:13", "Wgs art. 4a lid 2"), or
"beleid Berkelland" for the gemeente's own rules and norms. Several sources are joined with "; ". A part the
functioneel beheerder still has to check ends in "(te controleren)"; the inwoner does not see that marker.
"""
from __future__ import annotations

import re

from .text import normalise

__all__ = ["WETTEN_AFKORTINGEN", "is_geldige_bron", "is_juridisch", "te_controleren"]

# The laws our texts quote, as the bron spells them.
WETTEN_AFKORTINGEN = (
    "Wmo 2015",
    "Jeugdwet",
    "Participatiewet",
    "Awb",  # Algemene wet bestuursrecht
    "Wgs",  # Wet gemeentelijke schuldhulpverlening
    "Leerplichtwet 1969",
    "WPO",  # Wet op het primair onderwijs (leerlingenvervoer, art. 4)
    "AVG",
)
_ARTIKEL = r"art\. [0-9]+(?:[.:][0-9]+)*[a-z]?(?: lid [0-9]+)?(?: sub [a-z])?"
_WET_DEEL = re.compile(
    rf"^(?:{'|'.join(re.escape(w) for w in WETTEN_AFKORTINGEN)}) {_ARTIKEL}(?: en {_ARTIKEL[6:]})*$"
)
_BELEID_DEEL = re.compile(r"^beleid Berkelland(?: \([^()]+\))?$")
_TE_CONTROLEREN = re.compile(r"\s*\(te controleren(?:[^()]*)\)$")

# Words that make a sentence a statement about the law: a term, a right, a duty, a decision.
_JURIDISCH = re.compile(
    r"\b("
    r"\d{1,2} (?:week|weken|werkdag|werkdagen|dagen|maanden)"
    r"|wet|wettelijk\w*|artikel|recht|rechten|plicht\w*|verplicht\w*"
    r"|bezwaar\w*|besluit\w*|beslis\w*|beschikking|termijn\w*|uiterlijk"
    r"|melding|aanvraag|aanvragen|verslag|persoonlijk plan|pgb|persoonsgebonden budget|eigen bijdrage"
    r"|voorschot|indicatie|doorverwijz\w*|verwijz\w*|bijstand"
    r")\b"
)


def _deel_geldig(deel: str) -> bool:
    deel = _TE_CONTROLEREN.sub("", deel.strip())
    return bool(_WET_DEEL.match(deel) or _BELEID_DEEL.match(deel))


def is_geldige_bron(bron: str) -> bool:
    """True when every '; '-separated part names a law and article, or 'beleid Berkelland'."""
    parts = [p for p in (bron or "").split(";")]
    return bool(bron and bron.strip()) and all(p.strip() and _deel_geldig(p) for p in parts)


def te_controleren(bron: str) -> bool:
    """True when a part of the bron is still marked '(te controleren)'."""
    return "(te controleren" in (bron or "")


def is_juridisch(tekst: str) -> bool:
    """True when a text states something about the law (a term, right, duty, decision, aanvraag ...)."""
    return bool(_JURIDISCH.search(normalise(tekst)))
