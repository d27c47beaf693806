"""Every text the assistant says, rendered the way a person reads it: the responses in bot/domain/*.yml (every
variation, placeholders filled with realistic values), the actions' own texts, every expectation of
routing/data/verwachtingen.yml (every onderwerp x route x melder x urgentie, with and without a date) and every
voorziening (in the response that shows it).

A placeholder without an example below makes the test fail: add a realistic value when you add a placeholder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import yaml

import routing
from bot.actions import aanmelding, samenvatting
from routing.model import MELDERS, VELDEN
from routing.vier_vragen import routes_voor

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "bot" / "domain"
CET = timezone(timedelta(hours=1))
# A Tuesday morning, and a Friday just before closing time (spoed then means Monday).
MOMENTEN = (None, datetime(2026, 12, 1, 10, 0, tzinfo=CET), datetime(2026, 12, 4, 16, 55, tzinfo=CET))
URGENTIES = ("normaal", "hoog", "spoed")
DOORGEGEVEN = "{tekst}"  # utter_verwachting only passes routing's bubbles on (they are measured as verwachting)


@dataclass(frozen=True)
class Tekst:
    waar: str  # where it comes from: "utter_welkom[1] (twilio_voice)", "verwachting inkomen_bijstand/fijnder/..."
    tekst: str
    soort: str  # domein | actie | verwachting | voorziening


def _catalog() -> "routing.Catalog":
    return routing.default_catalog()


def _labels() -> List[str]:
    labels = [o.label for o in _catalog().onderwerpen.values()]
    return labels + [f"{labels[0]} en {labels[1]}"]


def _berichten() -> List[str]:
    """What resolve_kern says about a place outside Berkelland (a neighbour, further away), and nothing."""
    cat = _catalog()
    buur = cat.buurgemeenten[0].postcodes[0][0]
    return [routing.resolve_kern(cat, f"{buur} AB").message, routing.resolve_kern(cat, "1011 AB").message, ""]


def _momenten() -> List[str]:
    return [routing.contact_moment(_catalog(), "spoed", m) for m in MOMENTEN if m is not None]


# Realistic values per placeholder; a list gives one text per value.
VOORBEELDEN: Dict[str, Callable[[], List[str]]] = {
    "onderwerp_label": _labels,
    "label": lambda: ["hulp in het huishouden (Wet maatschappelijke ondersteuning (Wmo))",
                      "inkomen en bijstand, geldzaken en schulden (Participatiewet)"],
    "vraag": lambda: ["Mijn moeder van 84 kan niet meer zelf douchen en de trap is te zwaar geworden."],
    "urgentie_tekst": lambda: ["", *samenvatting.URGENTIE_TEKST.values()],
    "naam": lambda: ["Gerda Wolters"],
    "kern": lambda: ["Neede"],
    "telefoon": lambda: ["06-****5678"],
    "voorkeur": lambda: ["het liefst 's ochtends", "op een werkdag"],
    "email": lambda: ["g***@voorbeeld.nl"],
    "email_tekst": lambda: ["", " (e-mail: g***@voorbeeld.nl)"],
    "leeftijd_tekst": lambda: ["", ", leeftijd: 84"],
    # the first sentence of a referral text: "Lochem ligt niet in de gemeente Berkelland, maar in de gemeente Lochem."
    "zin": lambda: [b.split(". ")[0].rstrip(".") + "." for b in _berichten()],
    "referentie": lambda: ["VMK-2026-000123"],
    "kenmerk": lambda: ["VMK-K-1A2B3C4D"],
    "laatste_cijfers": lambda: ["4 5 6 7"],
    "bericht": _berichten,
    "moment": _momenten,
}


def _vul(tekst: str) -> List[str]:
    """Every rendering of a response text, one per combination of example values."""
    namen = list(dict.fromkeys(re.findall(r"\{(\w+)\}", tekst)))
    teksten = [tekst]
    for naam in namen:
        if naam not in VOORBEELDEN:
            raise KeyError(f"placeholder {{{naam}}} has no example in tests/teksten/corpus.py VOORBEELDEN")
        teksten = [t.replace("{" + naam + "}", waarde) for t in teksten for waarde in VOORBEELDEN[naam]()]
    return [re.sub(r"\s+", " ", t).strip() for t in teksten]


@lru_cache(maxsize=1)
def domein_responses() -> Tuple[Tuple[str, dict], ...]:
    """(response name, variation) for every variation of every response in bot/domain."""
    result = []
    for path in sorted(DOMAIN.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for naam, variaties in (data.get("responses") or {}).items():
            for variatie in variaties:
                result.append((naam, variatie))
    return tuple(result)


def domein() -> Iterator[Tekst]:
    for naam, variatie in domein_responses():
        tekst = variatie.get("text") or ""
        if not tekst.strip() or tekst.strip() in (DOORGEGEVEN, "{naam}: {wat} {bereik} {kosten}"):
            continue  # passed on from routing: measured below as verwachting and voorziening
        kanaal = f" ({variatie['channel']})" if variatie.get("channel") else ""
        voorwaarde = "".join(f" [{c['name']}={c['value']}]" for c in variatie.get("condition") or [])
        for gevuld in _vul(tekst):
            yield Tekst(f"{naam}{kanaal}{voorwaarde}", gevuld, "domein")


def acties() -> Iterator[Tekst]:
    """Texts the action server sends itself (a rare outcome that needs no retraining)."""
    yield Tekst("aanmelding.NIET_AFGELEVERD", aanmelding.NIET_AFGELEVERD, "actie")
    yield Tekst("aanmelding.SPOED_BELLEN", aanmelding.SPOED_BELLEN, "actie")
    yield Tekst("aanmelding.NIET_AFGELEVERD_BELLEN",
                aanmelding.NIET_AFGELEVERD_BELLEN.format(kenmerk="VMK-K-1A2B3C4D"), "actie")


def _combinaties() -> Iterator[Tuple[str, str, str, str | None, str | None]]:
    """(onderwerp, route, melder, team, kern) for every reachable combination."""
    cat = _catalog()
    for code in cat.onderwerpen:
        for melder in MELDERS:
            for team in routes_voor(cat, code) or (None,):
                kern = "Haarlo" if team and team.startswith("frontteam") else None
                yield code, "toegang", melder, team, kern
            for route in ("voorziening", "crisis", "buiten"):
                yield code, route, melder, None, None


@lru_cache(maxsize=1)
def _verwachtingen() -> Tuple[Tekst, ...]:
    cat = _catalog()
    gezien: Dict[str, Tekst] = {}
    for code, route, melder, team, kern in _combinaties():
        for urgentie in URGENTIES:
            for moment in MOMENTEN:
                v = routing.verwachting(cat, code, route, urgentie, created=moment, melder=melder, team=team,
                                        kern=kern)
                for veld in VELDEN:
                    for b in v.bubbels_van(veld):
                        waar = f"verwachting {code}/{v.teamroute or route}/{melder}/{veld}"
                        gezien.setdefault(b.weergave, Tekst(waar, b.weergave, "verwachting"))
    return tuple(gezien.values())


def verwachtingen() -> Iterator[Tekst]:
    yield from _verwachtingen()


def voorzieningen() -> Iterator[Tekst]:
    """Each voorziening in the response that shows it (utter_voorziening)."""
    sjabloon = next(v["text"] for naam, v in domein_responses() if naam == "utter_voorziening")
    cat = _catalog()
    for v in cat.voorzieningen:
        tekst = sjabloon
        for key, value in routing.voorziening_tekst(cat, v).items():
            tekst = tekst.replace("{" + key + "}", value)
        yield Tekst(f"voorziening {v.code}", re.sub(r"\s+", " ", tekst).strip(), "voorziening")


def alles() -> List[Tekst]:
    return [*domein(), *acties(), *verwachtingen(), *voorzieningen()]


def knoppen() -> Iterator[Tekst]:
    """Button titles (read for the term list only: they are a word or two)."""
    for naam, variatie in domein_responses():
        for knop in variatie.get("buttons") or []:
            yield Tekst(f"{naam} knop", str(knop.get("title") or ""), "knop")
