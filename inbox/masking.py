"""Masking personal data before a message becomes a training example: the one masker of the training loop.

Two maskers, in this order:
1. routing's (`routing.mask_pii`): a BSN in every written and spoken form, phone numbers, e-mail addresses, with the
   placeholders the channels put in a live message ("[BSN verwijderd]", "[telefoonnummer]", "[e-mailadres]"), so a
   training example looks like what the model reads at run time;
2. deduce (the Dutch de-identification library of UMC Utrecht, name and place lists shipped in its wheel): names,
   addresses, places and postcodes, dates, ages over 89, institutions, other numbers, web addresses.

Every span either one finds becomes a placeholder in plain Dutch (`[naam]`, `[plaats]`, ...), never a numbered
one: the same text always masks the same way, and a masked text masks to itself (`is_clean`), which the approval
step, the export and the test over bot/data/nlu/uit_inbox/ check.

Deduce builds its lookup structures once (one to two minutes) and keeps them in a cache folder
(`VOORDEUR_DEDUCE_CACHE`, default var/cache/deduce: derived from the package's lists, nothing personal); loading
that takes seconds and about 1 GB of memory, so the masker is loaded on first use only, once per process.
"""
from __future__ import annotations

import fcntl
import functools
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import routing
from routing.privacy import BSN_PLACEHOLDER, EMAIL_PLACEHOLDER, TELEFOON_PLACEHOLDER

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
# deduce's tags → the placeholder a training example gets
PLACEHOLDERS = {
    "persoon": "[naam]", "patient": "[naam]",
    "locatie": "[plaats]",
    "ziekenhuis": "[instelling]", "zorginstelling": "[instelling]",
    "datum": "[datum]", "leeftijd": "[leeftijd]",
    "bsn": BSN_PLACEHOLDER, "telefoonnummer": TELEFOON_PLACEHOLDER, "emailadres": EMAIL_PLACEHOLDER,
    "id": "[nummer]", "url": "[website]",
}
OTHER = "[verwijderd]"
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" in a training example as an entity annotation.
RASA_ANNOTATION = re.compile(r"\][({\[]")


@dataclass(frozen=True)
class Masked:
    """A text with its personal data replaced, and what was found (deduce's tags and routing's kinds, sorted)."""
    tekst: str
    gevonden: tuple[str, ...] = ()


def cache_dir() -> Path:
    return Path(os.environ.get("VOORDEUR_DEDUCE_CACHE") or ROOT / "var" / "cache" / "deduce")


@functools.cache
def _deduce():
    """deduce, loaded once per process. A file lock keeps two processes from writing the cache at the same time
    (a half-written cache would be read as corrupt by the other)."""
    from deduce import Deduce

    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            logger.info("deduce laden (cache %s)", folder)
            return Deduce(cache_path=folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def mask(text: str) -> Masked:
    """The text with every personal detail either masker finds replaced by its placeholder."""
    text = " ".join((text or "").split())
    first = routing.mask_pii(text)
    found = {kind for kind, hit in (("bsn", first.bsn_gemaskeerd), ("telefoonnummer", first.telefoon),
                                    ("emailadres", first.email)) if hit}
    masked = first.text
    doc = _deduce().deidentify(masked)
    out, pos = [], 0
    for ann in sorted(doc.annotations, key=lambda a: a.start_char):
        if ann.start_char < pos:  # deduce resolves overlaps; this only guards the assumption
            continue
        placeholder = PLACEHOLDERS.get(ann.tag, OTHER)
        if masked[ann.start_char:ann.end_char] == placeholder:
            continue
        out += [masked[pos:ann.start_char], placeholder]
        pos = ann.end_char
        found.add(ann.tag)
    out.append(masked[pos:])
    return Masked("".join(out), tuple(sorted(found)))


def is_clean(text: str) -> bool:
    """True when masking changes nothing: no personal detail either masker can find."""
    return mask(text).tekst == " ".join((text or "").split())


def warm() -> None:
    """Load deduce now (a first use then costs no wait)."""
    _deduce()
