"""Plain-language measures for Dutch (B1) texts: words, sentences, syllables, Flesch-Douma, and the term list.

Pure. Used by the text tests (tests/teksten) over every response, expectation and voorziening, and by the
functioneel beheerder's tools; the term list lives in routing/data/termen.yml.

Flesch-Douma (Douma 1960, the Dutch adaptation of Flesch's reading ease):
    206.835 - 0.93 x (words per sentence) - 77 x (syllables per word)
60 and above is easy to fairly easy; B1 texts aim there.

Syllables are counted from vowel groups: a run of vowels is split into the units Dutch spells as one sound
(aai, ooi, oei, eeu, ieu, ij, ei, ou, au, ui, eu, oe, ie, aa, ee, oo, uu), and each unit is one syllable; a
vowel with a diaeresis (ë, ï, ü) starts a new one (cli-ënt, ide-eën). A word without a vowel (pgb, GGD) and
an all-capitals word of two or three letters (AVG) are spelled out, one syllable a letter; a digit is one
syllable. That is an estimate, as every syllable counter is (mu-se-um counts as two); the table tests in
tests/teksten say how it counts.

The formula measures prose: numbers, times, phone numbers, reference codes and web addresses ('14 0545', '8.30',
'VMK-2026-000123', 'www.fijnder.nl') are not words one reads syllable by syllable, so `meet` leaves them out of
its word and syllable counts. They do count in `woorden`, for the 40-word limit of a bubble.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple

from .errors import RoutingConfigError
from .loader import DEFAULT_DATA_DIR, _read
from .privacy import EMAIL_RE
from .text import normalise

__all__ = [
    "lettergrepen",
    "woorden",
    "zinnen",
    "Maat",
    "meet",
    "flesch_douma",
    "zonder_bron",
    "is_leeswoord",
    "langste",
    "Term",
    "Termen",
    "load_termen",
    "default_termen",
    "term_problemen",
]

# Longest first: a vowel run is split greedily into these units.
_KLANKEN = ("aai", "ooi", "oei", "eeu", "ieu", "ij", "ei", "ou", "au", "ui", "eu", "oe", "ie", "aa", "ee", "oo", "uu")
_KLINKERS = set("aeiouy")
_TREMA = set("ëïüöä")  # a vowel with a diaeresis is a syllable of its own (an acute, as in één, is not)
_ACCENT = str.maketrans("áéíóúàèìòù", "aeiouaeiou")
_TOKEN = re.compile(r"\S+")
_LETTERS_OF_CIJFERS = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:nl|com|org|eu)(?:/\S*)?$", re.I)
# Abbreviations whose full stop does not end a sentence.
_AFKORTINGEN = ("art", "bijv", "o.a", "enz", "nr", "ca", "d.w.z", "m.a.w", "t/m", "z.s.m", "jl", "mevr", "dhr")
_BRON_REGEL = re.compile(r"\n\((?=[^()]*(?:\bart\. |\bbeleid Berkelland))[^()]*\)\s*$")


def _klinkergroep(groep: str) -> int:
    """Syllables in one run of vowels (lower case, 'ij' included as a vowel)."""
    count, i = 0, 0
    while i < len(groep):
        if groep[i] in _TREMA:
            count += 1
            i += 1
            continue
        for unit in _KLANKEN:
            if groep.startswith(unit, i):
                i += len(unit)
                break
        else:
            i += 1
        count += 1
    return count


def _deel(deel: str) -> int:
    """Syllables of a run of letters or of digits."""
    if deel.isdigit():
        return len(deel)
    lower = deel.lower().translate(_ACCENT)
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(ch))
    if not any(ch in _KLINKERS for ch in plain) or (deel.isupper() and 1 < len(deel) <= 3):
        return len(deel)  # spelled out: pgb, AVG, VMK
    count, groep = 0, ""
    i = 0
    while i < len(lower):
        ch = lower[i]
        if ch == "i" and lower[i + 1:i + 2] == "j":
            groep += "ij"
            i += 2
            continue
        if ch in _KLINKERS or ch in _TREMA:
            if ch in _TREMA and groep:  # ë after a vowel: closes the group before it
                count += _klinkergroep(groep)
                groep = ""
            groep += ch
        elif groep:
            count += _klinkergroep(groep)
            groep = ""
        i += 1
    if groep:
        count += _klinkergroep(groep)
    return max(count, 1)


def lettergrepen(woord: str) -> int:
    """Estimated syllables of one word (a token between spaces; punctuation ignored). A web address counts as
    the words it is read as ('fijnder.nl': fijn-der-en-el); 0 for a token without letters or digits."""
    delen = _LETTERS_OF_CIJFERS.findall(woord)
    if not delen:
        return 0
    if _URL.match(woord):
        delen = [d for d in delen if d.lower() not in ("www", "https", "http")]
    return sum(_deel(d) for d in delen)


def woorden(tekst: str) -> List[str]:
    """The words of a text: tokens between spaces that hold a letter or a digit ('14 0545' is two, a web
    address one)."""
    return [t for t in _TOKEN.findall(tekst or "") if _LETTERS_OF_CIJFERS.search(t)]


def is_leeswoord(token: str) -> bool:
    """A word of prose: letters, no digits, not a web or e-mail address (see the module docstring)."""
    kern = token.strip(".,;:!?\"'()[]")
    return (bool(re.search(r"[^\W\d_]", kern)) and not any(ch.isdigit() for ch in kern)
            and not _URL.match(kern) and not EMAIL_RE.fullmatch(kern))


def zonder_bron(tekst: str) -> str:
    """The text without the legal reference on its own last line ('\\n(Wmo 2015 art. 2.3.2 lid 1)')."""
    return _BRON_REGEL.sub("", tekst or "").strip()


_EINDE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]*[A-ZÀ-Ý0-9])|\n+")


def zinnen(tekst: str) -> List[str]:
    """The sentences of a text: ended by . ! ? before a capital or a digit, or by a new line; an abbreviation
    (art., bijv.) or a number (8.30, 2.3.2) does not end one."""
    tekst = (tekst or "").strip()
    if not tekst:
        return []
    result: List[str] = []
    start = 0
    for match in _EINDE.finditer(tekst):
        voor = tekst[start:match.start()].rstrip()
        laatste = voor.split()[-1].lower().rstrip(".") if voor.split() else ""
        if match.group(0).strip() == "" and "\n" not in match.group(0) and laatste in _AFKORTINGEN:
            continue
        if voor:
            result.append(voor)
        start = match.end()
    rest = tekst[start:].strip()
    if rest:
        result.append(rest)
    return [z for z in result if woorden(z)]


@dataclass(frozen=True)
class Maat:
    """Counts of one or more texts (the legal reference line left out), and the measures derived from them."""

    woorden: int
    zinnen: int
    lettergrepen: int

    def __add__(self, other: "Maat") -> "Maat":
        return Maat(self.woorden + other.woorden, self.zinnen + other.zinnen, self.lettergrepen + other.lettergrepen)

    @property
    def woorden_per_zin(self) -> float:
        return self.woorden / self.zinnen if self.zinnen else 0.0

    @property
    def lettergrepen_per_woord(self) -> float:
        return self.lettergrepen / self.woorden if self.woorden else 0.0

    @property
    def flesch_douma(self) -> float:
        if not self.woorden:
            return 206.835
        return 206.835 - 0.93 * self.woorden_per_zin - 77 * self.lettergrepen_per_woord


def meet(teksten: Iterable[str] | str) -> Maat:
    """Words of prose, sentences and syllables of one text or of several together (legal reference lines, numbers
    and addresses left out)."""
    if isinstance(teksten, str):
        teksten = [teksten]
    totaal = Maat(0, 0, 0)
    for tekst in teksten:
        tekst = zonder_bron(tekst)
        ws = [w for w in woorden(tekst) if is_leeswoord(w)]
        totaal = totaal + Maat(len(ws), len(zinnen(tekst)), sum(lettergrepen(w) for w in ws))
    return totaal


def flesch_douma(tekst: str) -> float:
    """Flesch-Douma reading ease of a text (higher is easier; B1 aims at 60 or more)."""
    return meet(tekst).flesch_douma


# --------------------------------------------------------------------------- the term list (termen.yml)

FILE = "termen.yml"


@dataclass(frozen=True)
class Term:
    """A word staff use that inwoners do not know: never said to them (verboden), or only with its explanation
    in the same bubble (one of `uitleg`)."""

    woord: str
    soort: str  # verboden | uitleggen
    waarom: str
    uitleg: Tuple[str, ...] = ()
    zeg: str = ""  # what to say instead (verboden)

    @functools.cached_property
    def patroon(self) -> "re.Pattern[str]":
        return re.compile(rf"(?<![a-z0-9]){re.escape(normalise(self.woord))}(?![a-z0-9])")


@dataclass(frozen=True)
class Termen:
    termen: Tuple[Term, ...]


def parse_termen(data: Mapping[str, Any]) -> Termen:
    """Validate termen.yml; RoutingConfigError names the entry and the key."""
    result: List[Term] = []
    for soort in ("verboden", "uitleggen"):
        items = data.get(soort)
        if not isinstance(items, list) or not items:
            raise RoutingConfigError(FILE, None, soort, "expected a non-empty list of terms")
        for i, raw in enumerate(items):
            entry = f"{soort}[{i}]"
            if not isinstance(raw, dict):
                raise RoutingConfigError(FILE, entry, None, "expected a mapping with woord and waarom")
            allowed = ("woord", "waarom", "zeg") if soort == "verboden" else ("woord", "waarom", "uitleg")
            for key in raw:
                if key not in allowed:
                    raise RoutingConfigError(FILE, entry, str(key), f"unknown key (allowed: {', '.join(allowed)})")
            woord = raw.get("woord")
            if not isinstance(woord, str) or not normalise(woord):
                raise RoutingConfigError(FILE, entry, "woord", "expected a word or phrase")
            entry = woord
            waarom = raw.get("waarom")
            if not isinstance(waarom, str) or not waarom.strip():
                raise RoutingConfigError(FILE, entry, "waarom", "say why inwoners do not know this word")
            uitleg: Tuple[str, ...] = ()
            if soort == "uitleggen":
                raw_uitleg = raw.get("uitleg")
                if not isinstance(raw_uitleg, list) or not raw_uitleg or not all(
                        isinstance(u, str) and normalise(u) for u in raw_uitleg):
                    raise RoutingConfigError(FILE, entry, "uitleg", "expected a list of explaining phrases")
                uitleg = tuple(raw_uitleg)
            zeg = raw.get("zeg") or ""
            if not isinstance(zeg, str):
                raise RoutingConfigError(FILE, entry, "zeg", "expected text")
            result.append(Term(woord=woord.strip(), soort=soort, waarom=waarom.strip(), uitleg=uitleg, zeg=zeg))
    seen = set()
    for term in result:
        key = normalise(term.woord)
        if key in seen:
            raise RoutingConfigError(FILE, term.woord, "woord", "listed twice")
        seen.add(key)
    return Termen(tuple(result))


def load_termen(data_dir: Optional[Path] = None) -> Termen:
    return parse_termen(_read(Path(data_dir or DEFAULT_DATA_DIR), FILE))


@functools.lru_cache(maxsize=1)
def default_termen() -> Termen:
    """Cached load_termen() of routing/data."""
    return load_termen()


def term_problemen(termen: Termen, tekst: str) -> Tuple[str, ...]:
    """What is wrong with the words of one bubble: a forbidden term, or a term without its explanation."""
    norm = f" {normalise(zonder_bron(tekst))} "
    problemen = []
    for term in termen.termen:
        if not term.patroon.search(norm):
            continue
        if term.soort == "verboden":
            problemen.append(f"'{term.woord}' ({term.waarom}{'; zeg: ' + term.zeg if term.zeg else ''})")
        elif not any(f" {normalise(u)} " in norm for u in term.uitleg):
            problemen.append(f"'{term.woord}' zonder uitleg ({term.waarom}; leg uit met: {', '.join(term.uitleg)})")
    return tuple(problemen)


def langste(teksten: Sequence[Tuple[str, str]], n: int = 10) -> List[Tuple[str, str, int]]:
    """The n longest texts (where, text, words), longest first."""
    gemeten = [(waar, tekst, len(woorden(tekst))) for waar, tekst in teksten]
    return sorted(gemeten, key=lambda item: (-item[2], item[0]))[:n]
