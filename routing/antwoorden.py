"""Free-text answers to the closed questions after the voorzieningen (routing/data/antwoorden.yml). Pure.

`lees_antwoord(antwoorden, vraag, tekst)` says what a written or spoken answer means at
  "meer"     "Wilt u meer horen?"                              -> meer | nee | genoeg | contact
  "helpt"    "Helpt dit u verder?"                             -> genoeg | contact
  "contact"  "Wilt u dat een medewerker contact opneemt?"      -> contact | genoeg
  "zelf"     "Of zal ik uw vraag doorgeven?" (after "zelf")     -> contact | genoeg
or None when the answer says neither (the question is then asked once more, with its buttons). A bare "nee" to
"wilt u meer horen?" is "nee": no more names, but not yet "that is enough" (then "helpt dit u verder?" follows).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any, Callable, Dict, Optional, Pattern, Sequence, Tuple

from .errors import RoutingConfigError
from .loader import DEFAULT_DATA_DIR, _read
from .privacy import getal_in_woorden
from .text import normalise

FILE = "antwoorden.yml"
# helpt_meer: "Helpt dit u verder?" by phone with "meer horen" as a third choice (the first two voorzieningen named)
VRAGEN = ("meer", "helpt", "helpt_meer", "contact", "zelf")
SOORTEN = ("contact", "genoeg", "meer", "ja", "nee")
SCORES = (1, 2, 3, 4, 5)
_CIJFERWOORDEN = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5}


@dataclass(frozen=True)
class Antwoorden:
    contact: Tuple[str, ...]
    genoeg: Tuple[str, ...]
    meer: Tuple[str, ...]
    ja: Tuple[str, ...]
    nee: Tuple[str, ...]
    tevredenheid: Tuple[Tuple[str, int], ...] = ()  # (phrase, score), longest phrase first
    genoeg_patronen: Tuple[Pattern[str], ...] = ()
    # checked before `contact`: "ik neem zelf contact op" speaks of contact but is the person arranging it
    zelf_patronen: Tuple[Pattern[str], ...] = ()
    delen: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()  # read-back part -> its words
    # the read-back with the consent question: something is wrong / no consent (lees_akkoord)
    verbeteren_patronen: Tuple[Pattern[str], ...] = ()
    weigeren_patronen: Tuple[Pattern[str], ...] = ()
    akkoord: Tuple[str, ...] = ()
    bevestigd: Tuple[str, ...] = ()  # "…, dat klopt" at "Klopt dat?" (bevestigt)
    # with zelf_patronen: helped ("precies wat ik zocht"), thanks that are only polite, pointing at the offer
    geholpen_patronen: Tuple[Pattern[str], ...] = ()
    beleefd: Tuple[str, ...] = ()
    verwijzing: Tuple[str, ...] = ()
    twijfel: Tuple[str, ...] = ()  # doubt or a question: "misschien", "wat is dat"
    vooral: Tuple[str, ...] = ()  # "ja, vooral …": the person's own order (antwoord_op_gok)


def parse_antwoorden(data: Dict[str, Any]) -> Antwoorden:
    lijsten: Dict[str, Tuple[str, ...]] = {}
    for soort in SOORTEN:
        raw = data.get(soort)
        if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and normalise(p) for p in raw):
            raise RoutingConfigError(FILE, None, soort, "expected a non-empty list of phrases")
        lijsten[soort] = tuple(normalise(p) for p in raw)
    unknown = sorted(set(data) - set(SOORTEN) - {"tevredenheid", "genoeg_patronen", "zelf_patronen", "delen",
                                                   "verbeteren_patronen", "weigeren_patronen", "akkoord",
                                                   "bevestigd", "geholpen_patronen", "beleefd", "verwijzing",
                                                   "twijfel", "vooral"})
    if unknown:
        raise RoutingConfigError(FILE, None, unknown[0], f"unknown key (allowed: {', '.join(SOORTEN)}, tevredenheid)")
    raw = data.get("tevredenheid")
    if not isinstance(raw, dict) or sorted(raw) != list(SCORES):
        raise RoutingConfigError(FILE, None, "tevredenheid", "expected the scores 1 to 5, each with its words")
    paren = []
    for score, zinnen in raw.items():
        if not isinstance(zinnen, list) or not zinnen or not all(isinstance(z, str) and normalise(z) for z in zinnen):
            raise RoutingConfigError(FILE, str(score), "tevredenheid", "expected a non-empty list of phrases")
        paren += [(normalise(z), int(score)) for z in zinnen]
    raw_delen = data.get("delen")
    if not isinstance(raw_delen, dict) or not raw_delen:
        raise RoutingConfigError(FILE, None, "delen", "expected a mapping of read-back part to its words")
    delen = []
    for deel, woorden in raw_delen.items():
        if not isinstance(woorden, list) or not woorden or not all(isinstance(w, str) and normalise(w) for w in woorden):
            raise RoutingConfigError(FILE, str(deel), "delen", "expected a non-empty list of words")
        delen.append((str(deel), tuple(normalise(w) for w in woorden)))
    return Antwoorden(**lijsten, tevredenheid=tuple(sorted(paren, key=lambda p: -len(p[0]))),
                      genoeg_patronen=_patronen(data, "genoeg_patronen"),
                      zelf_patronen=_patronen(data, "zelf_patronen"), delen=tuple(delen),
                      verbeteren_patronen=_patronen(data, "verbeteren_patronen"),
                      weigeren_patronen=_patronen(data, "weigeren_patronen"),
                      akkoord=_zinnen(data, "akkoord"),
                      bevestigd=_zinnen(data, "bevestigd"),
                      geholpen_patronen=_patronen(data, "geholpen_patronen"), beleefd=_zinnen(data, "beleefd"),
                      verwijzing=_zinnen(data, "verwijzing"), twijfel=_zinnen(data, "twijfel"),
                      vooral=_zinnen(data, "vooral"))


def _zinnen(data: Dict[str, Any], key: str) -> Tuple[str, ...]:
    return tuple(normalise(str(z)) for z in data.get(key) or ())


def _patronen(data: Dict[str, Any], key: str) -> Tuple[Pattern[str], ...]:
    patronen = []
    for nr, patroon in enumerate(data.get(key) or []):
        try:
            patronen.append(re.compile(str(patroon)))
        except re.error as exc:
            raise RoutingConfigError(FILE, str(nr + 1), key, f"not a regular expression: {exc}") from exc
    return tuple(patronen)


def load_antwoorden(data_dir: Optional[Path] = None) -> Antwoorden:
    return parse_antwoorden(_read(Path(data_dir or DEFAULT_DATA_DIR), FILE))


@functools.lru_cache(maxsize=1)
def default_antwoorden() -> Antwoorden:
    """Cached load_antwoorden() of routing/data."""
    return load_antwoorden()


def _has(zinnen: Tuple[str, ...], tekst: str) -> bool:
    padded = f" {tekst} "
    return any(f" {zin} " in padded for zin in zinnen)


def lees_antwoord(antwoorden: Antwoorden, vraag: str, tekst: str, aangeboden: Sequence[str] = ()) -> Optional[str]:
    """What a free-text answer to `vraag` (meer | helpt | helpt_meer | contact | zelf) means; None when it says
    neither. `aangeboden`: the names of the voorzieningen just offered ("die vrijwilligerscentrale bel ik zelf")."""
    if vraag not in VRAGEN:
        raise ValueError(f"unknown question {vraag!r} (allowed: {', '.join(VRAGEN)})")
    norm = normalise(tekst or "")
    if not norm:
        return None
    if any(p.search(norm) for p in antwoorden.zelf_patronen):
        if vraag not in ("helpt", "helpt_meer"):
            return "genoeg"
        return "zelf" if twijfelt(antwoorden, norm) or not _geholpen(antwoorden, norm, aangeboden) else "genoeg"
    if any(p.search(norm) for p in antwoorden.geholpen_patronen):  # "hoeft u niets te noteren" before "contact"
        return "genoeg"
    if _has(antwoorden.contact, norm):
        return "contact"
    if _has(antwoorden.genoeg, norm) or any(p.search(norm) for p in antwoorden.genoeg_patronen):
        return "genoeg"
    if vraag in ("meer", "helpt_meer") and _has(antwoorden.meer, norm):
        return "meer"
    if is_nee(antwoorden, norm):
        return {"meer": "nee", "helpt": "contact", "helpt_meer": "contact", "contact": "genoeg", "zelf": "genoeg"}[vraag]
    if norm.split()[0] in antwoorden.ja:
        return {"meer": "meer", "helpt": "genoeg", "helpt_meer": "genoeg", "contact": "contact", "zelf": "contact"}[vraag]
    return None


def _geholpen(antwoorden: Antwoorden, norm: str, aangeboden: Sequence[str]) -> bool:
    """Besides calling themselves, the answer says it helped, or points at what was offered."""
    woorden = set(norm.split())
    genoemd = {w for naam in aangeboden for w in normalise(naam).split() if len(w) >= 5}
    return (_has(tuple(z for z in antwoorden.genoeg if z not in antwoorden.beleefd), norm)
            or any(p.search(norm) for p in (*antwoorden.genoeg_patronen, *antwoorden.geholpen_patronen))
            or bool(woorden & set(antwoorden.verwijzing)) or bool(woorden & genoemd))


def twijfelt(antwoorden: Antwoorden, tekst: str) -> bool:
    """The answer doubts or asks ("misschien", "wat is dat precies?"): no yes, whatever an intent model says."""
    return _has(antwoorden.twijfel, normalise(tekst or ""))


def antwoord_op_gok(antwoorden: Antwoorden, gok: Sequence[str], tekst: str, onderwerpen: Sequence[str],
                    woorden_van: Callable[[str], Sequence[str]]) -> Optional[Tuple[str, ...]]:
    """The onderwerpen meant by an answer in words to "Ik begrijp dat uw vraag gaat over: <gok>. Klopt dat?", where
    reading the answer as a new first message (`onderwerpen`, the one first-message function) would miss it; None
    when that reading stands. `woorden_van(tekst)`: the onderwerpen a text's own keywords name, in the order said.

    - "Ja, vervoer voor school": a yes whose onderwerpen were all in the guess keeps the guess's order (the words
      narrow it, they do not reorder it);
    - "Ja, vooral begeleiding; er zijn ook schulden": a yes that ranks puts what follows "vooral" first;
    - "Dat pakt de leerplichtambtenaar al op. Wij zoeken jeugdhulp": no yes or no, words naming an onderwerp that
      was not guessed while the reading stuck to the guess: the new one first.
    A no is left to the reading: the words after it are as often what is rejected ("nee, geen rollator") as what
    is meant."""
    norm = normalise(tekst or "")
    if not gok or not norm or not onderwerpen or is_nee(antwoorden, norm):
        return None
    if is_ja(antwoorden, norm):
        vooral = next((zin for zin in antwoorden.vooral if f" {zin} " in f" {norm} "), None)
        if vooral:
            eerst = [code for code in woorden_van(f" {norm} ".split(f" {vooral} ", 1)[1]) if code in onderwerpen]
            return tuple(dict.fromkeys([*eerst, *onderwerpen])) if eerst else None
        if set(onderwerpen) <= set(gok):
            return tuple(code for code in gok if code in onderwerpen)
        return None
    nieuw = [code for code in woorden_van(norm) if code not in gok]
    if nieuw and onderwerpen[0] in gok:
        return tuple(dict.fromkeys([*nieuw, *onderwerpen]))
    return None


def is_nee(antwoorden: Antwoorden, tekst: str) -> bool:
    """The answer starts with a no-word ("nee", "nee hoor", "klopt niet" is not: only the opening words)."""
    woorden = normalise(tekst or "").split()
    return bool(woorden) and (woorden[0] in antwoorden.nee or " ".join(woorden[:2]) in antwoorden.nee)


# "klopt niet", "goed fout": a yes-word followed by one of these is no yes
_GEEN_JA_NA = frozenset({"niet", "helemaal", "niks", "nee", "fout"})


def is_ja(antwoorden: Antwoorden, tekst: str) -> bool:
    """The answer starts with a yes-word ("ja, zorgen over gedrag, dat klopt. …"), not "klopt niet"."""
    woorden = normalise(tekst or "").split()
    return (bool(woorden) and woorden[0] in antwoorden.ja and not is_nee(antwoorden, tekst)
            and not (len(woorden) > 1 and woorden[1] in _GEEN_JA_NA))


def bevestigt(antwoorden: Antwoorden, tekst: str) -> bool:
    """Yes to the guess in so many words, with more said: "Ja, zorgen over gedrag, dat klopt. Het is geen
    schoolverzuim" (a yes-word first and a `bevestigd` phrase not followed by "niet"); "ja, een aanvraag die al
    loopt" is not (it picks an alternative)."""
    if not is_ja(antwoorden, tekst):
        return False
    woorden = normalise(tekst).split()
    for zin in antwoorden.bevestigd:
        n = len(zin.split())
        for i in range(len(woorden) - n + 1):
            if " ".join(woorden[i:i + n]) == zin and (i + n == len(woorden) or woorden[i + n] not in _GEEN_JA_NA):
                return True
    return False


def tevredenheid_score(antwoorden: Antwoorden, tekst: str) -> Optional[int]:
    """1-5 from a typed or spoken answer to "hoe tevreden bent u?": "4", "een 4", "4 sterren", "vier",
    "vijf hoor, u was vriendelijk", "heel tevreden"; None when the answer gives no score (then nothing is counted)."""
    norm = normalise(tekst or "")
    woorden = norm.split()
    cijfers = [int(w) for w in woorden if w.isdigit()]
    if len(cijfers) == 1 and cijfers[0] in SCORES and (len(woorden) <= 4 or woorden[0] == str(cijfers[0])):
        return cijfers[0]  # "4", "een 4", or a score that opens a comment ("3. Vriendelijk, maar …")
    if len(woorden) <= 2 and woorden and woorden[-1] in _CIJFERWOORDEN:
        return _CIJFERWOORDEN[woorden[-1]]
    # a spoken number opens the answer: "vijf hoor u was heel vriendelijk", "ik geef een vier" ("een" alone is the
    # article: "een prima gesprek" is not a 1)
    gezegd = getal_in_woorden(" ".join(woorden[:5])) if not cijfers else None
    if gezegd in SCORES:
        return gezegd
    for zin, score in antwoorden.tevredenheid:  # longest first: "heel tevreden" before "tevreden"
        if _has((zin,), norm):
            return score
    return None


def deel_in_tekst(antwoorden: Antwoorden, tekst: str) -> Optional[str]:
    """The part of the read-back an answer says is wrong ("nee, het telefoonnummer klopt niet" -> "telefoon");
    None when it names no part, or more than one."""
    norm = normalise(tekst or "")
    genoemd = [deel for deel, woorden in antwoorden.delen if _has(woorden, norm)]
    return genoemd[0] if len(genoemd) == 1 else None


AKKOORD = ("ja", "verbeteren", "weigeren", "nee")


def lees_akkoord(antwoorden: Antwoorden, tekst: str, ja: bool = False) -> Optional[str]:
    """What an answer to the read-back's one question ("Klopt dit, en mogen wij uw gegevens zo bewaren?") means:
      "verbeteren"  something in it is wrong ("nee, het nummer klopt niet", "ja, maar mijn naam is fout");
      "weigeren"    no consent ("nee, dat wil ik liever niet", "niets bewaren");
      "ja"          yes to both (`ja`: the NLU heard a yes; the words then only decide whether something is wrong);
      "nee"         a bare no: it may mean either, so the person is asked which part, with "niets bewaren" offered;
      None          neither (a question such as "wat gebeurt er dan mee?": the question is asked once more).
    A correction wins over a refusal: asking which part costs a turn, wiping the conversation cannot be undone."""
    norm = normalise(tekst or "")
    if not norm:
        return "ja" if ja else None
    if any(p.search(norm) for p in antwoorden.verbeteren_patronen) or (
            not ja and deel_in_tekst(antwoorden, norm) is not None):
        return "verbeteren"
    if any(p.search(norm) for p in antwoorden.weigeren_patronen):
        return "weigeren"
    if ja or norm.split()[0] in antwoorden.ja or _has(antwoorden.akkoord, norm):
        return "ja"
    if is_nee(antwoorden, norm):
        return "nee"
    return None
