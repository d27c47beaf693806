"""Who is asking (melder: inwoner, naaste, professional), from the words of a message (pure, data-driven).

The words live in routing/data/melder.yml. A professional must introduce themselves ("ik ben huisarts",
"namens de thuiszorg", "Wijkverpleging Sensire: mw. ...") or use a professional's words ("mijn cliënt");
a role word alone is an inwoner quoting their doctor. A naaste writes about someone else ("mijn moeder kan
niet meer ...", "hulp voor mijn zoon"); a relative only mentioned next to the writer ("mijn man en ik") is not.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Pattern, Tuple

import yaml

from .errors import RoutingConfigError
from .text import normalise

__all__ = ["MelderWoorden", "detect_melder", "load_melder_woorden", "default_melder_woorden", "without_role"]

DATA_FILE = Path(__file__).resolve().parent / "data" / "melder.yml"
_ARTICLE = r"(?:de |het |een |onze |ons |hun |uw |a |the )?"
# Words between an introduction and a role ("ik ben sinds kort IB'er", "ik ben algemeen maatschappelijk werker"),
# but not a preposition or possessive: "ik ben bij de huisarts geweest" is an inwoner.
_GAP = (r"(?!(?:bij|naar|met|voor|door|mijn|m|mn|zijn|zn|haar|hun|ons|onze|de|het|een|op|in|aan|al|nu|net|ook|er|dus"
        # "als gepensioneerd docent", "ik ben oud-verpleegkundige": no longer at work, so asking as an inwoner
        r"|gepensioneerd|gepensioneerde|voormalig|voormalige|oud|ex|vroeger|gewezen|retired)\b)\w+ ")
# Third-person words: a message that is mostly about "hij/zij" is about someone else.
_DERDE = frozenset({"hij", "zij", "ze", "hem", "haar", "zijn", "hun", "he", "she", "his", "her"})
# A word of a name in a phone introduction: not a possessive, pronoun or verb that would make it a sentence.
_NAAM_WOORD = r"(?!(?:mijn|m|mn|me|zijn|zn|haar|hun|ons|onze|ik|hij|zij|ze|we|wij|heb|heeft|is|was|bij|naar)\b)\w+ "
_EERSTE = frozenset({"ik", "me", "mij", "mezelf", "mijzelf", "i", "myself"})


@dataclass(frozen=True)
class MelderWoorden:
    """Compiled patterns of routing/data/melder.yml."""

    professional_intro: Pattern[str]
    professional_start: Pattern[str]
    professional_woorden: Pattern[str]
    naaste_over: Pattern[str]
    naaste_start: Pattern[str]
    naaste_ouder_van: Pattern[str]
    naaste_kind: Pattern[str]
    naaste_persoon: Pattern[str]
    zelf: Pattern[str]
    overleden: Pattern[str]
    ondertekening: Pattern[str]
    kind_telt_niet_bij: frozenset
    rol: Pattern[str]  # any role word, whole words
    alleen_informatie: Pattern[str] = re.compile(r"(?!)")  # a professional who comes for information only


def _alt(words: Tuple[str, ...]) -> str:
    cleaned = sorted({normalise(w) for w in words if normalise(w)}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in cleaned) + ")"


def _list(data: dict, section: str, key: str) -> Tuple[str, ...]:
    value = (data.get(section) or {}).get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RoutingConfigError("melder.yml", section, key, "expected a non-empty list of words")
    return tuple(value)


def load_melder_woorden(path: Optional[Path] = None) -> MelderWoorden:
    """Read and compile routing/data/melder.yml; raises RoutingConfigError naming the section and key."""
    file = Path(path) if path is not None else DATA_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RoutingConfigError("melder.yml", None, None, f"cannot be read: {exc}") from exc
    rollen = _alt(_list(data, "professional", "rollen"))
    voor_rol = _alt(_list(data, "professional", "voor_rol"))
    na_rol = _alt(_list(data, "professional", "na_rol"))
    woorden = _alt(_list(data, "professional", "woorden"))
    volwassenen = _list(data, "naaste", "personen")
    kind_woorden = _list(data, "naaste", "kinderen")
    personen = _alt(volwassenen + kind_woorden)
    kinderen = _alt(kind_woorden)
    voor_persoon = _alt(_list(data, "naaste", "voor_persoon"))
    over = _alt(_list(data, "naaste", "over"))
    ouder_van = _alt(_list(data, "naaste", "ouder_van"))
    ouder_van_iemand = _alt(_list(data, "naaste", "ouder_van_iemand"))
    zelf = _alt(_list(data, "naaste", "zelf"))
    persoon = rf"{voor_persoon} (?:\w+ )?{personen}"
    overleden_na = _alt(_list(data, "naaste", "overleden_na"))
    overleden_voor = _alt(_list(data, "naaste", "overleden_voor"))
    return MelderWoorden(
        rol=re.compile(rf"\b{rollen}\b"),
        professional_intro=re.compile(
            rf"\b{voor_rol} {_ARTICLE}(?:{_GAP}){{0,2}}{rollen}\b"
            rf"|^(?:\w+ ){{0,3}}(?:met|u spreekt met|hier is|dit is) {_ARTICLE}(?:\w+ )?{rollen}\b"
            # by phone, with a name first ("goedemorgen met eh jeroen de boer wijkagent"): no possessive between
            rf"|^(?:\w+ ){{0,3}}(?:met|u spreekt met|hier is|dit is) (?:{_NAAM_WOORD}){{1,4}}{rollen}\b"
            rf"|^(?:\w+ ){{0,2}}{_ARTICLE}{rollen} (?:\w+ ){{0,3}}{na_rol}\b"
            rf"|^{_ARTICLE}{rollen}(?: \w+){{0,2}}$"),
        # raw text: a role (with up to three more words, e.g. the organisation) before ':' or ',' at the start
        professional_start=re.compile(rf"^\W*{_ARTICLE}{rollen}(?: [\w'&.-]+){{0,3}}\s*[:,\-]"),
        professional_woorden=re.compile(rf"\b{woorden}\b"),
        naaste_over=re.compile(rf"\b{over} {persoon}\b"),
        naaste_start=re.compile(rf"^(?:\w+ ){{0,4}}{persoon}\b|^(?:\w+ ){{0,2}}{kinderen}\b"),
        naaste_ouder_van=re.compile(rf"\b{ouder_van} (?:\w+ )?{kinderen}\b|\b{ouder_van_iemand}\b"),
        naaste_kind=re.compile(rf"\b{voor_persoon} (?:\w+ )?{kinderen}\b"),
        naaste_persoon=re.compile(rf"\b{persoon}\b"),
        zelf=re.compile(rf"(?:^|\b){zelf}\b"),
        ondertekening=re.compile(rf"\b{_alt(_list(data, 'professional', 'groet'))} (?:mevr|mw|dhr|mevrouw|de heer)\b"),
        overleden=re.compile(rf"\b{overleden_voor} {persoon}\b|\b{persoon}(?: (?!{personen}\b)\w+){{0,3}} {overleden_na}\b"),
        kind_telt_niet_bij=frozenset(_list(data, "naaste", "kind_telt_niet_bij")),
        alleen_informatie=re.compile(rf"\b{_alt(_list(data, 'professional', 'alleen_informatie'))}\b"),
    )


@functools.lru_cache(maxsize=1)
def default_melder_woorden() -> MelderWoorden:
    return load_melder_woorden()


def _raw_start(text: str) -> str:
    """Lower case with accents stripped, punctuation kept (for 'Wijkverpleging Sensire: ...')."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("'", " ")[:120]


def _zonder_kinderen(norm: str, w: MelderWoorden) -> str:
    return w.naaste_kind.sub(" ", norm)


def detect_melder(text: str, onderwerp: Optional[str] = None, woorden: Optional[MelderWoorden] = None) -> str:
    """'professional', 'naaste' or 'inwoner' for the words of one message (about `onderwerp`, when known)."""
    w = woorden or default_melder_woorden()
    norm = normalise(text)
    if not norm:
        return "inwoner"
    if w.zelf.search(norm):
        return "inwoner"
    norm = w.overleden.sub(" ", norm)  # "sinds mijn vrouw is overleden": she is not who it is for
    if w.professional_intro.search(norm) or w.professional_woorden.search(w.ondertekening.sub(" ", norm)) \
            or w.professional_start.search(
            _raw_start(text)):
        return "professional"
    huishouden = onderwerp in w.kind_telt_niet_bij  # children named there are the writer's household
    zonder = _zonder_kinderen(norm, w) if huishouden else norm
    if w.naaste_over.search(zonder) or w.naaste_ouder_van.search(zonder):
        return "naaste"
    if w.naaste_kind.search(norm) and not huishouden:
        return "naaste"  # a parent or grandparent asking about a child
    tokens = norm.split()
    eerste = sum(t in _EERSTE for t in tokens)
    derde = sum(t in _DERDE for t in tokens)
    if eerste > derde:
        return "inwoner"  # mostly about the writer, whoever else is named
    zonder_kinderen = _zonder_kinderen(norm, w)
    if w.naaste_start.search(zonder_kinderen) or (not huishouden and w.naaste_start.search(norm)):
        return "naaste"
    if w.naaste_persoon.search(zonder_kinderen):
        return "naaste"
    return "inwoner"


def alleen_informatie(text: str, woorden: Optional[MelderWoorden] = None) -> bool:
    """A professional who asks only what there is, to pass on ("ik wil geen kind aanmelden"): no partner questions."""
    w = woorden or default_melder_woorden()
    return bool(w.alleen_informatie.search(normalise(text or "")))


def rol_in_tekst(text: str, woorden: Optional[MelderWoorden] = None) -> Optional[str]:
    """The professional's role a message names ("ik ben wijkverpleegkundige bij Sensire" -> "wijkverpleegkundige"),
    the longest role word of melder.yml; None when it names none. Only for a message whose melder is professional
    (or an answer to "welke functie / organisatie?"): an inwoner quoting "de huisarts" has no role."""
    w = woorden or default_melder_woorden()
    match = w.rol.search(normalise(text))
    return match.group(0) if match else None


def without_role(norm: str, woorden: Optional[MelderWoorden] = None) -> str:
    """Normalised text without the writer's introduction as a professional ("wijkagent hier", "als huisarts"):
    who is asking says nothing about danger, so the danger classifier does not see it."""
    w = woorden or default_melder_woorden()
    return " ".join(w.professional_intro.sub(" ", norm).split())
