"""Repair of a form question (routing/data/herstel.yml): after how many failed answers, which way out. Pure.

`herstel_stap(herstel, vraag, fouten)` says what follows the `fouten`-th failed answer to `vraag`:
  "opnieuw"  the question once more, with an example and buttons (only after the first failed answer);
  the question's Uitweg after the second: never the same question a third time.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from .errors import RoutingConfigError
from .loader import DEFAULT_DATA_DIR, _read
from .text import normalise

FILE = "herstel.yml"
UITWEGEN = ("overslaan", "medewerker")
BERICHT = {"overslaan": "utter_uitweg_overgeslagen", "medewerker": "utter_uitweg_medewerker"}
# Failed answers after which the way out is taken (the question has then been asked twice).
MAX_FOUTEN = 2
# The form questions that must have a way out: those of vragen.yml plus the details form's.
DETAILS_VRAGEN = ("leeftijd", "kern")


@dataclass(frozen=True)
class Uitweg:
    vraag: str
    soort: str  # overslaan | medewerker
    waarde: Union[str, bool, None]  # the value filled in by "overslaan"
    bericht: str  # the response said with the way out


@dataclass(frozen=True)
class Herstel:
    uitwegen: Mapping[str, Uitweg]
    kern_knoppen: Tuple[str, ...]
    weet_niet: Tuple[str, ...]
    buiten: Tuple[str, ...] = ()  # "net over de grens bij Eibergen": the person lives outside Berkelland


def parse_herstel(data: Dict[str, Any], vragen: Tuple[str, ...] = (), kernen: Tuple[str, ...] = ()) -> Herstel:
    """Validate herstel.yml; every name in `vragen` needs a way out, every kern button must be in `kernen`."""
    raw = data.get("vragen")
    if not isinstance(raw, dict) or not raw:
        raise RoutingConfigError(FILE, None, "vragen", "expected a mapping of question name to its way out")
    uitwegen: Dict[str, Uitweg] = {}
    for vraag, spec in raw.items():
        if not isinstance(spec, dict):
            raise RoutingConfigError(FILE, str(vraag), None, "expected a mapping with 'uitweg'")
        soort = spec.get("uitweg")
        if soort not in UITWEGEN:
            raise RoutingConfigError(FILE, str(vraag), "uitweg", f"unknown (allowed: {', '.join(UITWEGEN)})")
        if soort == "overslaan" and "waarde" not in spec:
            raise RoutingConfigError(FILE, str(vraag), "waarde", "overslaan needs the value to fill in")
        if soort == "medewerker" and "waarde" in spec:
            raise RoutingConfigError(FILE, str(vraag), "waarde", "medewerker fills in nothing")
        bericht = spec.get("bericht", BERICHT[soort])
        if not isinstance(bericht, str) or not bericht.startswith("utter_"):
            raise RoutingConfigError(FILE, str(vraag), "bericht", "expected a response name (utter_...)")
        waarde = spec.get("waarde")
        if waarde is not None and not isinstance(waarde, (str, bool)):
            raise RoutingConfigError(FILE, str(vraag), "waarde", "expected text or true/false")
        uitwegen[str(vraag)] = Uitweg(str(vraag), soort, waarde, bericht)
    missing = [v for v in vragen if v not in uitwegen]
    if missing:
        raise RoutingConfigError(FILE, missing[0], "vragen", "this form question has no way out")
    knoppen = data.get("kern_knoppen")
    if not isinstance(knoppen, list) or not all(isinstance(k, str) and k for k in knoppen):
        raise RoutingConfigError(FILE, None, "kern_knoppen", "expected a list of kern names")
    for kern in knoppen:
        if kernen and kern not in kernen:
            raise RoutingConfigError(FILE, kern, "kern_knoppen", "not a kern of kernen.yml")
    weet = data.get("weet_niet")
    if not isinstance(weet, list) or not all(isinstance(w, str) and w.strip() for w in weet):
        raise RoutingConfigError(FILE, None, "weet_niet", "expected a list of phrases")
    buiten = data.get("buiten_berkelland", [])
    if not isinstance(buiten, list) or not all(isinstance(w, str) and normalise(w) for w in buiten):
        raise RoutingConfigError(FILE, None, "buiten_berkelland", "expected a list of phrases")
    return Herstel(uitwegen=uitwegen, kern_knoppen=tuple(knoppen), weet_niet=tuple(normalise(w) for w in weet),
                   buiten=tuple(normalise(w) for w in buiten))


def load_herstel(data_dir: Optional[Path] = None) -> Herstel:
    from .loader import load_catalog
    from .vragen import load_vragen

    directory = Path(data_dir or DEFAULT_DATA_DIR)
    vragen = load_vragen(directory)
    alle = tuple(dict.fromkeys([v for lijst in vragen.per_melder.values() for v in lijst] + list(DETAILS_VRAGEN)))
    return parse_herstel(_read(directory, FILE), alle, tuple(load_catalog(directory).kernen))


@functools.lru_cache(maxsize=1)
def default_herstel() -> Herstel:
    """Cached load_herstel() of routing/data."""
    return load_herstel()


def herstel_stap(herstel: Herstel, vraag: str, fouten: int) -> Optional[Uitweg]:
    """None: ask `vraag` once more (with example and buttons); else the way out to take now."""
    if fouten < MAX_FOUTEN:
        return None
    uitweg = herstel.uitwegen.get(vraag)
    if uitweg is None:  # a question without data (cannot pass load): the safe way, a person
        return Uitweg(vraag, "medewerker", None, BERICHT["medewerker"])
    return uitweg


def woont_buiten(herstel: Herstel, text: str) -> bool:
    """The answer to the place question says the person lives outside Berkelland, whatever place it names ("net
    over de grens bij Eibergen", "in Duitsland")."""
    padded = f" {normalise(text or '')} "
    return any(f" {zin} " in padded for zin in herstel.buiten)


def is_weet_niet(herstel: Herstel, text: str) -> bool:
    """True for an answer that only says "I don't know"."""
    return normalise(text or "").strip(" .!?") in herstel.weet_niet
