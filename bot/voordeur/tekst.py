"""Text normalisation for the intent classifier: one function for training, parsing and scripts/cv_intent.py.

Pure Python (no Rasa): lower case, accents stripped, punctuation to spaces (routing.text.normalise), digit runs
to one token (an age or a house number says nothing about the onderwerp), and a short table of chat, phone and
Achterhoeks spellings folded to the standard word, so "mn moeke kan nie meer in huus" and "mijn moeder kan niet
meer in huis" share their features.
"""
from __future__ import annotations

import re
from typing import Dict

from routing.text import normalise

# Whole words only (after normalise: "m'n" is "m n"). Only forms that cannot be another Dutch word here.
SPELLINGEN: Dict[str, str] = {
    # chat
    "m n": "mijn", "mn": "mijn", "z n": "zijn", "zn": "zijn", "d r": "haar", "t": "het",
    "k": "ik", "kheb": "ik heb", "kben": "ik ben", "kzit": "ik zit", "kweet": "ik weet", "kwil": "ik wil",
    "ff": "even", "nie": "niet", "gwn": "gewoon", "idd": "inderdaad", "aub": "alstublieft", "avb": "alstublieft",
    "ivm": "in verband met", "evt": "eventueel", "bijv": "bijvoorbeeld", "vd": "van de", "wrm": "waarom",
    "mss": "misschien", "nx": "niks", "iem": "iemand", "ok": "oke", "okay": "oke", "okee": "oke", "oké": "oke",
    # Achterhoeks and spoken
    "neet": "niet", "nit": "niet", "huus": "huis", "hulpe": "hulp", "moeke": "moeder", "vadder": "vader",
    "gin": "geen", "gien": "geen", "allenig": "alleen", "olde": "oude", "old": "oud", "wark": "werk",
    "geet": "gaat", "kump": "komt", "bint": "zijn", "ku j": "kun je", "ku": "kun", "wi j": "wij", "wi": "wij",
    "jao": "ja", "jah": "ja", "jaa": "ja", "jaaa": "ja", "neeje": "nee", "nah": "nee", "nope": "nee",
}
_DIGITS = re.compile(r"\d+")
_PATTERN = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SPELLINGEN), key=len, reverse=True)) + r")\b")


def voor_model(text: str) -> str:
    """The text as the intent classifier sees it."""
    plain = _DIGITS.sub(" 0 ", normalise(text))
    return " ".join(_PATTERN.sub(lambda m: SPELLINGEN[m.group(1)], plain).split())
