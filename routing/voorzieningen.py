"""Pick algemene voorzieningen (no indicatie needed) by relevance to the question, and phrase how to reach them.

Relevance: the needs (behoeften) named in the inwoner's own words count double, the needs the onderwerp stands
for count once; at equal score the lightest comes first ("licht eerst"), then the one in the inwoner's own kern,
then the order of voorzieningen.yml.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, Optional, Sequence, Tuple

from .model import Catalog, Voorziening
from .text import normalise

__all__ = ["behoeften_in", "voorzieningen_voor", "voorzieningen_voor_vraag", "voorziening", "bereik", "kosten",
           "voorziening_tekst", "niet_geverifieerd"]

# Onderwerpen whose voorzieningen are offered only for that onderwerp, never because a word in the message
# matched (crisis lines are the safety net's job; gemeente matters are outside the sociaal domein).
_ALLEEN_VIA_ONDERWERP = ("veiligheid", "buiten_sociaal_domein")


def behoeften_in(catalog: Catalog, tekst: str) -> Tuple[str, ...]:
    """The needs named in a text (whole words, accents and case ignored), in the order of voorzieningen.yml."""
    padded = f" {normalise(tekst)} "
    if not padded.strip():
        return ()
    return tuple(
        code for code, b in catalog.behoeften.items() if any(w and f" {w} " in padded for w in b.woorden)
    )


def _check(catalog: Catalog, onderwerpen: Iterable[str], kern: Optional[str]) -> Tuple[str, ...]:
    codes = tuple(onderwerpen)
    for code in codes:
        if code not in catalog.onderwerpen:
            raise ValueError(f"unknown onderwerp '{code}'")
    if kern is not None and kern not in catalog.kernen:
        raise ValueError(f"unknown kern '{kern}'")
    return codes


def voorzieningen_voor_vraag(
    catalog: Catalog, onderwerpen: Sequence[str], tekst: str = "", kern: Optional[str] = None, limit: int = 3
) -> Tuple[Voorziening, ...]:
    """Up to `limit` voorzieningen that fit the question best (see the module docstring), each once.

    Candidates: the voorzieningen of the onderwerpen, and those whose needs the text names (not the crisis lines
    or gemeente matters); only those for alle kernen or the inwoner's kern (kern None: alle kernen only).
    """
    codes = _check(catalog, onderwerpen, kern)
    uit_tekst = set(behoeften_in(catalog, tekst))
    uit_onderwerp = {b.code for b in catalog.behoeften.values() if set(b.onderwerpen) & set(codes)}
    order = {v.code: i for i, v in enumerate(catalog.voorzieningen)}
    scored = []
    for v in catalog.voorzieningen:
        if not (v.alle_kernen or (kern is not None and kern in v.kernen)):
            continue
        tags = set(v.behoeften)
        via_onderwerp = bool(set(v.onderwerpen) & set(codes))
        via_tekst = bool(tags & uit_tekst) and not set(v.onderwerpen) <= set(_ALLEEN_VIA_ONDERWERP)
        if not (via_onderwerp or via_tekst):
            continue
        score = 2 * len(tags & uit_tekst) + len(tags & uit_onderwerp)
        scored.append(((-score, v.zwaarte, 0 if v.kernen else 1, order[v.code]), v))
    scored.sort(key=lambda item: item[0])
    return tuple(v for _, v in scored[: max(0, limit)])


def voorzieningen_voor(catalog: Catalog, onderwerp: str, kern: Optional[str] = None, limit: int = 3) -> Tuple[Voorziening, ...]:
    """Up to `limit` voorzieningen for one onderwerp in the kern, by the needs the onderwerp stands for."""
    return voorzieningen_voor_vraag(catalog, (onderwerp,), "", kern, limit)


def voorziening(catalog: Catalog, code: str) -> Voorziening:
    """The voorziening with this code (KeyError when unknown)."""
    for v in catalog.voorzieningen:
        if v.code == code:
            return v
    raise KeyError(code)


def niet_geverifieerd(catalog: Catalog) -> Tuple[Voorziening, ...]:
    """Voorzieningen whose contact data the functioneel beheerder has not verified yet."""
    return tuple(v for v in catalog.voorzieningen if not v.geverifieerd)


def _website(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")


def bereik(catalog: Catalog, v: Voorziening) -> str:
    """How to reach it, as one sentence. Unverified data is not stated as fact: only its website, or else the
    gemeente's number with what to ask for."""
    c = v.contact
    gemeente = catalog.gemeente
    if v.geverifieerd:
        delen = []
        if c.telefoon and c.telefoon == gemeente.get("telefoon") and gemeente.get("bereikbaar"):
            delen.append(f"bel {c.telefoon} ({gemeente['bereikbaar']})")  # the gemeente is not open day and night
        elif c.telefoon:
            delen.append(f"bel {c.telefoon}")
        if c.inloop:
            delen.append(f"loop binnen: {c.inloop}")
        if c.website:
            delen.append(f"kijk op {_website(c.website)}")
        if not delen and c.email:
            delen.append(f"mail naar {c.email}")
        if not delen:
            return ""
        zin = delen[0] if len(delen) == 1 else ", ".join(delen[:-1]) + " of " + delen[-1]
        return zin[:1].upper() + zin[1:] + "."  # "Bel 0800-2000 of kijk op www.veiligthuis.nl."
    if c.website:
        return f"Kijk op {_website(c.website)}."
    nummer = gemeente.get("telefoon", "14 0545")
    if gemeente.get("bereikbaar"):
        nummer = f"{nummer} ({gemeente['bereikbaar']})"
    return f"Bel {nummer} en vraag naar {v.vraag_naar or v.naam}."


def kosten(v: Voorziening) -> str:
    """'Kosten: gratis.' — a sentence, so it never dangles at the end of a line."""
    text = v.kosten.strip().rstrip(".")
    return f"Kosten: {text[:1].lower()}{text[1:]}."


def voorziening_tekst(catalog: Catalog, v: Voorziening) -> Dict[str, str]:
    """The parts of one voorziening bubble: naam, wat, bereik, kosten (the bot's response joins them)."""
    return {"naam": v.naam, "wat": v.wat, "bereik": bereik(catalog, v), "kosten": kosten(v)}
