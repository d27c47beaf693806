"""triage(): from what the conversation established to a triage label (pure, deterministic)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

from .errors import RoutingConfigError
from .kernen import resolve_kern
from .labels import onderwerp_label, team_label, wet_label
from .melder import default_melder_woorden
from .model import Catalog, Feiten, SafetySignal, TriageLabel
from .safety import CATEGORIEEN, HOGE_URGENTIE_LABELS, detect_dangers, detect_hoge_urgentie
from .text import normalise

__all__ = ["triage", "keywords_onderwerpen", "VeiligheidTeam", "load_veiligheid_team", "default_veiligheid_team"]

VEILIGHEID_TEAM_FILE = Path(__file__).resolve().parent / "data" / "veiligheid_team.yml"
_MELDERS = ("inwoner", "naaste", "professional")

JEUGD_LEEFTIJD = 18  # Jeugdwet: jeugdige = younger than 18 (art. 1.1 Jeugdwet)
VERLENGDE_JEUGDHULP_TOT = 23  # verlengde jeugdhulp tot 23 jaar (art. 1.1 Jeugdwet)
# under 18 these onderwerpen fall under the Jeugdwet, as this onderwerp
ONDER_18: Dict[str, str] = {"begeleiding_dagbesteding": "jeugdhulp"}
# from 23 (no verlengde jeugdhulp) these fall under the Wmo
VANAF_23: Dict[str, str] = {"jeugdhulp": "begeleiding_dagbesteding"}
_NOT_FROM_KEYWORDS = ("veiligheid", "buiten_sociaal_domein")

_keyword_cache: Dict[int, Tuple[Catalog, Tuple[Tuple[str, Pattern[str]], ...]]] = {}


def _keyword_patterns(catalog: Catalog) -> Tuple[Tuple[str, Pattern[str]], ...]:
    cached = _keyword_cache.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    patterns = []
    for code, ond in catalog.onderwerpen.items():
        words = sorted({normalise(s) for s in ond.synoniemen if normalise(s)}, key=len, reverse=True)
        if words:
            patterns.append((code, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")))
    result = tuple(patterns)
    _keyword_cache[id(catalog)] = (catalog, result)
    return result


# A state said not to be so: "eenzaam ben ik overigens niet", "ik voel me niet eenzaam". Only with a form of "zijn"
# or "zich voelen": "geen werk meer" or "niet meer naar school" name the very need.
_NIET_ERVOOR = re.compile(r"\b(?:ben|is|zijn|was|voel me|voel mij|voelt zich|voelen zich) (?:\w+ )?niet $"
                          # "het is geen schoolverzuim", "het gaat niet om schulden" (not "er is geen werk": a lack)
                          r"|\b(?:het|dit|dat) (?:is|was) geen $|\b(?:gaat|ging) (?:het )?niet (?:om|over) (?:\w+ )?$")
_NIET_ERNA = re.compile(r"^ (?:ben|is|zijn|was|voel|voelt) (?:ik|hij|zij|ze|we|wij|u)? ?(?:\w+ ){0,2}niet\b")


def _ontkend(norm: str, start: int, end: int) -> bool:
    return bool(_NIET_ERVOOR.search(norm[max(0, start - 40):start]) or _NIET_ERNA.match(norm[end:end + 40]))


def keywords_onderwerpen(catalog: Catalog, text: str) -> Tuple[str, ...]:
    """Onderwerpen whose synoniemen (taxonomy.yml) occur in the text, in order of first appearance."""
    norm = normalise(text)
    if not norm:
        return ()
    matches: List[Tuple[int, int, str]] = []
    for code, pattern in _keyword_patterns(catalog):
        for m in pattern.finditer(norm):
            if not _ontkend(norm, m.start(), m.end()):
                matches.append((m.start(), m.end(), code))
    # longest match wins where synoniemen overlap ("leerlingen vervoer" is not also "vervoer"); the very same
    # words listed under several onderwerpen signal all of them ("baan kwijt": inkomen and werk)
    taken: List[Tuple[int, int]] = []
    first: Dict[str, int] = {}
    for start, end, code in sorted(matches, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(start < t_end and t_start < end and (start, end) != (t_start, t_end) for t_start, t_end in taken):
            continue
        taken.append((start, end))
        first[code] = min(start, first.get(code, start))
    found = [code for code, _ in sorted(first.items(), key=lambda item: item[1])]
    verdrongen = {other for code in found for other in catalog.onderwerpen[code].verdringt}
    return tuple(code for code in found if code not in verdrongen)


def _wet_uit_de_situatie(tekst: str, leeftijd: Optional[int], signals: List[SafetySignal]) -> Optional[str]:
    """The law of a danger situation when no other onderwerp names one: a child at risk is Jeugdwet; an adult at
    risk, and domestic violence (Veilig Thuis, art. 4.1.1 Wmo 2015), is Wmo 2015. None when the words say neither."""
    woorden = default_melder_woorden()
    norm = normalise(tekst)
    if woorden.naaste_kind.search(norm):
        return "jeugdwet"
    if any(s.categorie == "geweld" for s in signals) or (leeftijd is not None and leeftijd >= JEUGD_LEEFTIJD):
        return "wmo"
    if woorden.naaste_persoon.search(norm):  # a partner, parent, neighbour: an adult
        return "wmo"
    return None


@dataclass(frozen=True)
class Situatie:
    code: str
    reden: str
    team: str
    met_kind: bool
    woorden: Pattern[str]


@dataclass(frozen=True)
class VeiligheidTeam:
    """Compiled routing/data/veiligheid_team.yml: the situations that decide the spoed team advice."""

    situaties: Tuple[Situatie, ...]
    kinderen: Pattern[str]
    melder: Dict[str, str]


def _words(value, entry: str, key: str) -> Pattern[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and normalise(v) for v in value):
        raise RoutingConfigError("veiligheid_team.yml", entry, key, "expected a non-empty list of words")
    words = sorted({normalise(v) for v in value}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def _text(value, entry: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RoutingConfigError("veiligheid_team.yml", entry, key, "expected a non-empty text")
    return value.strip()


def load_veiligheid_team(path: Optional[Path] = None, teams: Optional[Tuple[str, ...]] = None) -> VeiligheidTeam:
    """Read and compile veiligheid_team.yml; RoutingConfigError names the entry and key. `teams`: the valid team
    codes (taxonomy.yml), checked when given."""
    file = Path(path) if path is not None else VEILIGHEID_TEAM_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RoutingConfigError("veiligheid_team.yml", None, None, f"cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise RoutingConfigError("veiligheid_team.yml", None, None, "expected the sections situaties, kinderen, melder")
    unknown = set(data) - {"situaties", "kinderen", "melder"}
    if unknown:
        raise RoutingConfigError("veiligheid_team.yml", None, sorted(unknown)[0], "unknown section")
    raw = data.get("situaties")
    if not isinstance(raw, list) or not raw:
        raise RoutingConfigError("veiligheid_team.yml", None, "situaties", "expected a non-empty list of situations")
    situaties = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise RoutingConfigError("veiligheid_team.yml", f"situaties[{i}]", None, "expected code, reden, team, woorden")
        code = _text(item.get("code"), f"situaties[{i}]", "code")
        extra = set(item) - {"code", "reden", "team", "met_kind", "woorden"}
        if extra:
            raise RoutingConfigError("veiligheid_team.yml", code, sorted(extra)[0], "unknown key")
        team = _text(item.get("team"), code, "team")
        if teams is not None and team not in teams:
            raise RoutingConfigError("veiligheid_team.yml", code, "team", f"unknown team '{team}' (see taxonomy.yml, teams)")
        met_kind = item.get("met_kind", False)
        if not isinstance(met_kind, bool):
            raise RoutingConfigError("veiligheid_team.yml", code, "met_kind", "must be true or false")
        situaties.append(Situatie(code=code, reden=_text(item.get("reden"), code, "reden"), team=team,
                                  met_kind=met_kind, woorden=_words(item.get("woorden"), code, "woorden")))
    melder = data.get("melder") or {}
    if not isinstance(melder, dict):
        raise RoutingConfigError("veiligheid_team.yml", None, "melder", "expected a text per melder")
    for key in melder:
        if key not in _MELDERS:
            raise RoutingConfigError("veiligheid_team.yml", "melder", str(key), f"unknown melder (use {', '.join(_MELDERS)})")
    return VeiligheidTeam(
        situaties=tuple(situaties),
        kinderen=_words(data.get("kinderen"), "kinderen", "kinderen"),
        melder={k: _text(v, "melder", k) for k, v in melder.items()},
    )


_veiligheid_cache: Dict[int, Tuple[Catalog, VeiligheidTeam]] = {}


def default_veiligheid_team(catalog: Catalog) -> VeiligheidTeam:
    """veiligheid_team.yml, checked against the catalogue's team codes (loaded once per catalogue)."""
    cached = _veiligheid_cache.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    result = load_veiligheid_team(teams=tuple(catalog.teams))
    _veiligheid_cache[id(catalog)] = (catalog, result)
    return result


def _veiligheid_team(catalog: Catalog, ond, signals: List[SafetySignal], tekst: str, leeftijd: Optional[int],
                     melder: str) -> Tuple[str, List[str]]:
    """The spoed team advice (policy: Veilig Thuis for huiselijk geweld and kindermishandeling, else toegang):
    the signal's categorie first, then the situation the message describes. Returns (team, redenen)."""
    config = default_veiligheid_team(catalog)
    # a signal that points elsewhere than the default (geweld -> Veilig Thuis) wins over one that does not
    mapped = [ond.team_bij_signaal[s.categorie] for s in signals if s.categorie in ond.team_bij_signaal]
    team = next((t for t in mapped if t != ond.team_advies), ond.team_advies)
    redenen: List[str] = []
    norm = normalise(tekst)
    kind = bool(config.kinderen.search(norm)) or (leeftijd is not None and leeftijd < JEUGD_LEEFTIJD)
    if team == ond.team_advies:
        for situatie in config.situaties:
            if situatie.met_kind and not kind:
                continue
            found = situatie.woorden.search(norm)
            if found and situatie.team != team:
                team = situatie.team
                redenen.append(f"{situatie.reden} ('{found.group(0)}').")
                break
    if team == "extern_veilig_thuis":
        redenen.append("Huiselijk geweld of kindermishandeling: advies Veilig Thuis (0800-2000).")
        if kind:
            redenen.append("Er zijn kinderen bij betrokken.")
        if melder in config.melder:
            redenen.append(config.melder[melder])
    else:
        redenen.append(f"Geen teken van huiselijk geweld of kindermishandeling: advies {team_label(team, catalog)}; "
                       "wijs op 113 bij gedachten aan zelfdoding en op 112 bij direct gevaar.")
    return team, redenen


def _dedupe(items) -> List[str]:
    return list(dict.fromkeys(items))


def triage(catalog: Catalog, feiten: Feiten) -> TriageLabel:
    """Compute the triage label: onderwerp(en), wet, urgentie, melder, kern, advised team and Dutch reasons."""
    if feiten.melder not in catalog.melders:
        raise ValueError(f"unknown melder '{feiten.melder}'")
    for code in feiten.onderwerpen:
        if code not in catalog.onderwerpen:
            raise ValueError(f"unknown onderwerp '{code}'")
    redenen: List[str] = []
    onderwerpen = _dedupe(feiten.onderwerpen)

    # --- safety first: danger words make veiligheid the primary onderwerp
    signals: List[SafetySignal] = list(detect_dangers(feiten.tekst))
    for s in feiten.urgentie_signalen:
        if s in CATEGORIEEN and s not in [x.categorie for x in signals]:
            signals.append(SafetySignal(categorie=s, matched=s))
    if signals:
        matched = ", ".join(f"'{s.matched}'" for s in signals)
        if "veiligheid" not in onderwerpen:
            redenen.append(f"Er zijn woorden die wijzen op gevaar ({matched}); daarom gaat veiligheid voor.")
        else:
            redenen.append(f"Het bericht wijst op gevaar ({matched}).")
        onderwerpen = ["veiligheid"] + [o for o in onderwerpen if o != "veiligheid"]
    elif "veiligheid" in onderwerpen and onderwerpen[0] != "veiligheid":
        onderwerpen = ["veiligheid"] + [o for o in onderwerpen if o != "veiligheid"]

    # --- other onderwerpen named in the same message
    extra = [o for o in keywords_onderwerpen(catalog, feiten.tekst) if o not in _NOT_FROM_KEYWORDS and o not in onderwerpen]
    if not onderwerpen:
        if not extra:
            raise ValueError("triage needs at least one onderwerp (none given and none recognised in the text)")
        onderwerpen, extra = [extra[0]], extra[1:]
        redenen.append(f"Onderwerp herkend aan de woorden in het bericht: {onderwerp_label(onderwerpen[0], catalog)}.")
    if extra:
        redenen.append("In het bericht staan ook: " + ", ".join(onderwerp_label(o, catalog) for o in extra) + ".")
        onderwerpen += extra

    # --- age decides the law
    leeftijd = feiten.leeftijd
    if leeftijd is not None and not (isinstance(leeftijd, int) and 0 <= leeftijd <= 130):
        redenen.append(f"Leeftijd '{leeftijd}' is niet bruikbaar en telt niet mee.")
        leeftijd = None
    if leeftijd is not None and leeftijd < JEUGD_LEEFTIJD:
        moved = [o for o in onderwerpen if o in ONDER_18]
        onderwerpen = _dedupe(ONDER_18.get(o, o) for o in onderwerpen)
        if moved or catalog.onderwerpen[onderwerpen[0]].wet == "jeugdwet":
            redenen.append(f"Het gaat om iemand van {leeftijd} jaar (jonger dan 18): de Jeugdwet geldt.")
    elif leeftijd is not None and leeftijd >= VERLENGDE_JEUGDHULP_TOT:
        moved = [o for o in onderwerpen if o in VANAF_23]
        if moved:
            onderwerpen = _dedupe(VANAF_23.get(o, o) for o in onderwerpen)
            redenen.append(f"Het gaat om iemand van {leeftijd} jaar: de Wmo geldt, niet de Jeugdwet.")
    elif leeftijd is not None and onderwerpen[0] == "jeugdhulp":
        redenen.append(f"Het gaat om iemand van {leeftijd} jaar: verlengde jeugdhulp kan tot 23 jaar, anders de Wmo.")

    primary, also = onderwerpen[0], tuple(onderwerpen[1:])
    ond = catalog.onderwerpen[primary]

    # --- wet
    if ond.wet is not None:
        wet = ond.wet
    else:
        wet = next((catalog.onderwerpen[o].wet for o in also if catalog.onderwerpen[o].wet not in (None, "overig")), None)
        if wet is None and (
            (leeftijd is not None and leeftijd < JEUGD_LEEFTIJD) or any(s.categorie == "kindermishandeling" for s in signals)
        ):
            wet = "jeugdwet"
        if wet is None and onderwerpen[0] == "veiligheid":
            wet = _wet_uit_de_situatie(feiten.tekst, leeftijd, signals)
        if wet is None:
            wet = "overig"
        redenen.append(f"De wet volgt uit de situatie: {wet_label(wet, catalog)}.")

    # --- urgentie
    # signals from the conversation: safety categories (above), 'spoed', cue codes, or any other cue text
    # (counted as hoog: recall first); 'normaal' and empty strings carry no signal
    given = [s for s in feiten.urgentie_signalen if s and s.strip() and s not in CATEGORIEEN and s != "normaal"]
    hoog_cues = _dedupe(list(detect_hoge_urgentie(feiten.tekst)) + given)
    if signals or "spoed" in hoog_cues or any(catalog.onderwerpen[o].urgentie == "spoed" for o in onderwerpen):
        urgentie = "spoed"
        redenen.append("Urgentie spoed: noem direct 112, 113 of Veilig Thuis en pak het vandaag nog op.")
    elif hoog_cues:
        urgentie = "hoog"
        cues = [HOGE_URGENTIE_LABELS.get(c, c.replace("_", " ")) for c in hoog_cues if c != "hoog"]
        redenen.append("Urgentie hoog: " + (", ".join(cues) if cues else "aangegeven door het gesprek") + ".")
    else:
        urgentie = "normaal"

    # --- kern
    kern: Optional[str] = None
    for value, what in ((feiten.kern, "kern"), (feiten.postcode, "postcode")):
        if not value:
            continue
        result = resolve_kern(catalog, value)
        if result.kern:
            kern = result.kern
            break
        if result.postcode and not result.in_berkelland:
            redenen.append(f"Postcode {result.postcode} ligt niet in Berkelland: wijs op de eigen gemeente.")
        else:
            redenen.append(f"De {what} '{value}' is niet herkend.")

    # --- advised team
    if ond.team_advies is None:
        team: Optional[str] = None
        redenen.append("Deze vraag hoort niet bij het sociaal domein: niet doorzetten, wijs op 14 0545 of de website van de gemeente.")
    elif ond.team_bij_signaal:
        team, extra_redenen = _veiligheid_team(catalog, ond, signals, feiten.tekst, leeftijd, feiten.melder)
        redenen.extend(extra_redenen)
    elif ond.team_advies == "frontteam":
        if kern is not None:
            team = catalog.kernen[kern].frontteam
            redenen.append(f"{onderwerp_label(primary, catalog).capitalize()} in {kern}: {team_label(team, catalog)}.")
        else:
            team = "toegang"
            redenen.append("De kern is niet bekend: team toegang bepaalt het frontteam.")
    else:
        team = ond.team_advies
        redenen.append(f"{onderwerp_label(primary, catalog).capitalize()}: {team_label(team, catalog)}.")

    return TriageLabel(
        onderwerp=primary,
        also=also,
        wet=wet,
        urgentie=urgentie,
        melder=feiten.melder,
        kern=kern,
        team_advies=team,
        redenen=tuple(redenen),
    )
