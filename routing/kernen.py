"""Resolve a postcode or place name to a kern of Berkelland and its frontteam."""
from __future__ import annotations

import difflib
import re
from typing import Dict, Optional

from .model import Catalog, KernResult
from .text import normalise

__all__ = ["resolve_kern", "frontteam_voor"]

_POSTCODE = re.compile(r"(?<!\d)([1-9]\d{3})(?:\s?([A-Za-z]{2}))?(?![\dA-Za-z])")
_NON_KERN_WORDS = frozenset({"ik", "woon", "in", "te", "de", "het", "een", "uit", "bij", "gemeente", "dorp", "kern", "postcode", "en", "van", "buurt", "omgeving", "wonen", "we"})


def _names(catalog: Catalog) -> Dict[str, str]:
    """normalised name or synonym -> kern."""
    names: Dict[str, str] = {}
    for kern in catalog.kernen.values():
        names[normalise(kern.naam)] = kern.naam
        for syn in kern.synoniemen:
            names.setdefault(normalise(syn), kern.naam)
    return names


def _found(catalog: Catalog, naam: str, postcode: Optional[str]) -> KernResult:
    kern = catalog.kernen[naam]
    return KernResult(kern=naam, in_berkelland=True, postcode=postcode, message=f"U woont in {naam}.", frontteam=kern.frontteam)


def resolve_kern(catalog: Catalog, postcode_or_name: str) -> KernResult:
    """Kern for '7271 AB', '7271AB', '7271', 'neede', 'Eiberge' (typos), or a kind message when not found."""
    text = (postcode_or_name or "").strip()
    onbekend = catalog.gemeente["onbekend"]
    if not text:
        return KernResult(kern=None, in_berkelland=False, postcode=None, message=onbekend)
    m = _POSTCODE.search(text)
    if m:
        nummer = int(m.group(1))
        postcode = m.group(1) + (" " + m.group(2).upper() if m.group(2) else "")
        kern = catalog.kern_voor_postcode(nummer)
        if kern is not None:
            return _found(catalog, kern.naam, postcode)
        buur = catalog.buurgemeente_voor_postcode(nummer)
        if buur is not None:
            message = catalog.gemeente["buurgemeente"].format(
                postcode=postcode, gemeente=buur.naam, telefoon=buur.telefoon, website=buur.website
            )
            return KernResult(kern=None, in_berkelland=False, postcode=postcode, message=message, gemeente=buur.naam)
        message = catalog.gemeente["buiten_berkelland"].format(postcode=postcode)
        return KernResult(kern=None, in_berkelland=False, postcode=postcode, message=message)

    names = _names(catalog)
    norm = normalise(text)
    if norm in names:
        return _found(catalog, names[norm], None)
    words = [w for w in norm.split() if w not in _NON_KERN_WORDS]
    # two-word names/synonyms first ("riet molen"), then single words, then close spellings
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            chunk = " ".join(words[i : i + size])
            if chunk in names:
                return _found(catalog, names[chunk], None)
    for word in words:
        if len(word) < 4:
            continue
        close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.8)
        if close:
            return _found(catalog, names[close[0]], None)
    return KernResult(kern=None, in_berkelland=False, postcode=None, message=onbekend)


def frontteam_voor(catalog: Catalog, kern: Optional[str]) -> Optional[str]:
    """The frontteam of a kern (exact name), or None."""
    if kern and kern in catalog.kernen:
        return catalog.kernen[kern].frontteam
    return None
