"""Loads and validates routing/data/*.yml into a Catalog. The only module of routing/ that does I/O."""
from __future__ import annotations

import functools
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from .bronnen import WETTEN_AFKORTINGEN, is_geldige_bron
from .errors import RoutingConfigError
from .text import normalise
from .model import (
    Behoefte,
    Bubbel,
    Buurgemeente,
    Catalog,
    Contact,
    Kern,
    MELDERS,
    VELDEN,
    Onderwerp,
    RouteTekst,
    RouteTeksten,
    Termijn,
    Verwachtingen,
    Voorziening,
)

logger = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("taxonomy.yml", "kernen.yml", "voorzieningen.yml", "verwachtingen.yml")
URGENTIES = ("spoed", "hoog", "normaal")
SAFETY_CATEGORIEEN = ("geweld", "kindermishandeling", "suicide", "crisis")
ROUTES = ("toegang", "voorziening", "crisis", "buiten")
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_POSTCODE_RANGE_RE = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so the loader (not PyYAML) reports a bad date with its entry and key."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _File:
    """Validation helpers bound to one file name, so every error names its file."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, entry: Optional[str], key: Optional[str], message: str) -> RoutingConfigError:
        return RoutingConfigError(self.name, entry, key, message)

    def mapping(self, value: Any, entry: Optional[str], key: Optional[str]) -> Dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(entry, key, f"expected a mapping, got {type(value).__name__}")
        return value

    def text(self, value: Any, entry: Optional[str], key: str, *, allow_empty: bool = False) -> str:
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str):
            raise self.error(entry, key, f"expected text, got {type(value).__name__}")
        if not allow_empty and not value.strip():
            raise self.error(entry, key, "must not be empty")
        return value.strip()

    def required(self, data: Dict[str, Any], entry: Optional[str], key: str) -> Any:
        if key not in data or data[key] is None:
            raise self.error(entry, key, "is missing")
        return data[key]

    def text_list(self, value: Any, entry: Optional[str], key: str) -> Tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(entry, key, f"expected a list, got {type(value).__name__}")
        return tuple(self.text(item, entry, key) for item in value)

    def unknown_keys(self, data: Dict[str, Any], allowed: Tuple[str, ...], entry: Optional[str]) -> None:
        for key in data:
            if key not in allowed:
                raise self.error(entry, str(key), f"unknown key (allowed: {', '.join(allowed)})")


def _read(data_dir: Path, name: str) -> Dict[str, Any]:
    path = data_dir / name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RoutingConfigError(name, None, None, f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        raise RoutingConfigError(name, None, None, f"invalid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise RoutingConfigError(name, None, None, "expected a mapping at the top level")
    return data


# --------------------------------------------------------------------------- taxonomy.yml


def _taxonomy(data: Dict[str, Any]):
    f = _File("taxonomy.yml")
    wetten = {str(k): f.text(v, "wetten", str(k)) for k, v in f.mapping(f.required(data, None, "wetten"), None, "wetten").items()}
    for code in ("wmo", "jeugdwet", "participatiewet", "overig"):
        if code not in wetten:
            raise f.error("wetten", code, "wet is missing")
    teams = {str(k): f.text(v, "teams", str(k)) for k, v in f.mapping(f.required(data, None, "teams"), None, "teams").items()}
    if "toegang" not in teams:
        raise f.error("teams", "toegang", "team toegang is missing")
    urgenties = {str(k): f.text(v, "urgentie", str(k)) for k, v in f.mapping(f.required(data, None, "urgentie"), None, "urgentie").items()}
    if tuple(sorted(urgenties)) != tuple(sorted(URGENTIES)):
        raise f.error("urgentie", None, f"must be exactly {', '.join(URGENTIES)}")
    melders = {str(k): f.text(v, "melder", str(k)) for k, v in f.mapping(f.required(data, None, "melder"), None, "melder").items()}

    onderwerpen: Dict[str, Onderwerp] = {}
    raw_onderwerpen = f.mapping(f.required(data, None, "onderwerpen"), None, "onderwerpen")
    for code, raw in raw_onderwerpen.items():
        code = str(code)
        if not _CODE_RE.match(code):
            raise f.error(code, None, "onderwerp code must be lower case letters, digits and _")
        raw = f.mapping(raw, code, None)
        f.unknown_keys(raw, ("wet", "omvat", "team_advies", "urgentie", "label", "synoniemen", "team_bij_signaal", "verdringt"), code)
        wet_text = f.text(f.required(raw, code, "wet"), code, "wet")
        wet: Optional[str] = wet_text if wet_text in wetten else None
        if wet is None and not wet_text.startswith("volgt uit"):
            raise f.error(code, "wet", f"unknown wet '{wet_text}' (use one of {', '.join(wetten)} or 'volgt uit ...')")
        advies_text = f.text(f.required(raw, code, "team_advies"), code, "team_advies")
        team_bij_signaal: Dict[str, str] = {}
        if advies_text in teams or advies_text == "frontteam":
            advies: Optional[str] = advies_text
        elif advies_text.startswith("geen"):
            advies = None
        elif "team_bij_signaal" in raw:
            # free-text policy (veiligheid): the machine form is team_bij_signaal, the default is the last team named
            advies = advies_text.rsplit(" ", 1)[-1]
            if advies not in teams:
                raise f.error(code, "team_advies", f"last word '{advies}' must be a team code (the default team)")
        else:
            raise f.error(code, "team_advies", f"unknown team '{advies_text}' (use a team code, 'frontteam' or 'geen (niet doorzetten)')")
        if "team_bij_signaal" in raw:
            for cat, team in f.mapping(raw["team_bij_signaal"], code, "team_bij_signaal").items():
                if cat not in SAFETY_CATEGORIEEN:
                    raise f.error(code, "team_bij_signaal", f"unknown safety categorie '{cat}'")
                if team not in teams:
                    raise f.error(code, "team_bij_signaal", f"unknown team '{team}'")
                team_bij_signaal[str(cat)] = str(team)
        urgentie = raw.get("urgentie")
        if urgentie is not None and urgentie not in URGENTIES:
            raise f.error(code, "urgentie", f"unknown urgentie '{urgentie}'")
        label = f.text(raw["label"], code, "label") if "label" in raw else code.replace("_", " ")
        synoniemen = tuple(s.lower() for s in f.text_list(raw.get("synoniemen"), code, "synoniemen"))
        onderwerpen[code] = Onderwerp(
            code=code,
            label=label,
            wet=wet,
            omvat=f.text(f.required(raw, code, "omvat"), code, "omvat"),
            team_advies=advies,
            team_bij_signaal=team_bij_signaal,
            urgentie=urgentie,
            synoniemen=synoniemen,
            verdringt=f.text_list(raw.get("verdringt"), code, "verdringt"),
        )
    for code, ond in onderwerpen.items():
        for other in ond.verdringt:
            if other not in onderwerpen or other == code:
                raise f.error(code, "verdringt", f"unknown onderwerp '{other}'")

    kern_teams = {str(k): str(v) for k, v in f.mapping(f.required(data, None, "kernen"), None, "kernen").items()}
    for kern, team in kern_teams.items():
        if team not in teams:
            raise f.error(kern, "kernen", f"unknown team '{team}'")

    labels: Dict[str, Dict[str, str]] = {"wet": {}, "urgentie": {}, "melder": {}, "team": {}}
    raw_labels = f.mapping(data.get("labels") or {}, None, "labels")
    known = {"wet": wetten, "urgentie": urgenties, "melder": melders, "team": teams}
    for kind, values in raw_labels.items():
        if kind not in known:
            raise f.error("labels", str(kind), "unknown label group (use wet, urgentie, melder, team)")
        for code, label in f.mapping(values, "labels", str(kind)).items():
            if code not in known[kind]:
                raise f.error(f"labels.{kind}", str(code), f"unknown {kind} code")
            labels[kind][str(code)] = f.text(label, f"labels.{kind}", str(code))
    # staff labels: complete, for every code of every kind (no page may fall back to a bare code)
    staff: Dict[str, Dict[str, str]] = {}
    raw_staff = f.mapping(f.required(data, None, "labels_medewerker"), None, "labels_medewerker")
    known_staff = {"onderwerp": onderwerpen, **known}
    for kind in raw_staff:
        if kind not in known_staff:
            raise f.error("labels_medewerker", str(kind), "unknown label group (use onderwerp, wet, urgentie, melder, team)")
    for kind, codes in known_staff.items():
        values = f.mapping(f.required(raw_staff, "labels_medewerker", kind), "labels_medewerker", kind)
        for code in values:
            if code not in codes:
                raise f.error(f"labels_medewerker.{kind}", str(code), f"unknown {kind} code")
        for code in codes:
            if code not in values:
                raise f.error(f"labels_medewerker.{kind}", str(code), "label is missing")
        staff[kind] = {str(code): f.text(values[code], f"labels_medewerker.{kind}", str(code)) for code in codes}
    return wetten, onderwerpen, urgenties, melders, teams, kern_teams, labels, staff


# --------------------------------------------------------------------------- kernen.yml


def _kernen(data: Dict[str, Any], kern_teams: Mapping[str, str]) -> Tuple[Dict[str, Kern], Dict[str, str], Tuple[Buurgemeente, ...]]:
    f = _File("kernen.yml")
    gemeente_raw = f.mapping(f.required(data, None, "gemeente"), None, "gemeente")
    gemeente = {str(k): f.text(v, "gemeente", str(k)) for k, v in gemeente_raw.items()}
    for key in ("naam", "telefoon", "buiten_berkelland", "onbekend"):
        if key not in gemeente:
            raise f.error("gemeente", key, "is missing")
    kernen: Dict[str, Kern] = {}
    seen: List[Tuple[int, int, str]] = []
    for naam, raw in f.mapping(f.required(data, None, "kernen"), None, "kernen").items():
        naam = str(naam)
        raw = f.mapping(raw, naam, None)
        f.unknown_keys(raw, ("frontteam", "postcodes", "synoniemen"), naam)
        if naam not in kern_teams:
            raise f.error(naam, None, "kern is not in taxonomy.yml (kernen:); check the spelling")
        team = f.text(f.required(raw, naam, "frontteam"), naam, "frontteam")
        if team != kern_teams[naam]:
            raise f.error(naam, "frontteam", f"'{team}' differs from taxonomy.yml ('{kern_teams[naam]}')")
        ranges = _postcode_ranges(f, raw.get("postcodes"), naam, seen)
        synoniemen = tuple(s.lower() for s in f.text_list(raw.get("synoniemen"), naam, "synoniemen"))
        kernen[naam] = Kern(naam=naam, frontteam=team, postcodes=tuple(ranges), synoniemen=synoniemen)
    for naam in kern_teams:
        if naam not in kernen:
            raise f.error(naam, None, "kern from taxonomy.yml is missing")
    buren: List[Buurgemeente] = []
    for naam, raw in f.mapping(data.get("buurgemeenten") or {}, None, "buurgemeenten").items():
        naam = str(naam)
        raw = f.mapping(raw, naam, None)
        f.unknown_keys(raw, ("postcodes", "telefoon", "website", "plaatsen"), naam)
        if "buurgemeente" not in gemeente:
            raise f.error("gemeente", "buurgemeente", "text is missing (needed for buurgemeenten)")
        buren.append(
            Buurgemeente(
                naam=naam,
                postcodes=_postcode_ranges(f, raw.get("postcodes"), naam, seen),
                telefoon=f.text(f.required(raw, naam, "telefoon"), naam, "telefoon"),
                website=f.text(f.required(raw, naam, "website"), naam, "website"),
                plaatsen=_buurplaatsen(f, raw.get("plaatsen"), naam, kernen, buren),
            )
        )
    if buren and "buurgemeente_plaats" not in gemeente:
        raise f.error("gemeente", "buurgemeente_plaats", "text is missing (needed for buurgemeenten)")
    return kernen, gemeente, tuple(buren)


def _buurplaatsen(f: _File, raw: Any, naam: str, kernen: Mapping[str, Kern],
                  buren: Sequence[Buurgemeente]) -> Tuple[str, ...]:
    """The gemeente's own name plus its villages; none may also be a kern or another gemeente's place."""
    plaatsen = tuple(dict.fromkeys([naam, *f.text_list(raw, naam, "plaatsen")]))
    eigen = {normalise(k) for kern in kernen.values() for k in (kern.naam, *kern.synoniemen)}
    andere = {normalise(p): b.naam for b in buren for p in b.plaatsen}
    for plaats in plaatsen:
        if normalise(plaats) in eigen:
            raise f.error(naam, "plaatsen", f"{plaats!r} is a kern of Berkelland")
        if normalise(plaats) in andere:
            raise f.error(naam, "plaatsen", f"{plaats!r} is already a place of {andere[normalise(plaats)]}")
    return plaatsen


def _postcode_ranges(f: _File, postcodes: Any, naam: str, seen: List[Tuple[int, int, str]]) -> Tuple[Tuple[int, int], ...]:
    """Parse ["7270-7272", "7273"]; every range must be new (no overlap with an earlier kern or gemeente)."""
    ranges: List[Tuple[int, int]] = []
    if postcodes is None:
        return ()
    if not isinstance(postcodes, list):
        raise f.error(naam, "postcodes", 'expected a list like ["7270-7272", "7273"]')
    for item in postcodes:
        m = _POSTCODE_RANGE_RE.match(str(item))
        if not m:
            raise f.error(naam, "postcodes", f"'{item}' is not a 4-digit postcode or range 'NNNN-NNNN'")
        low = int(m.group(1))
        high = int(m.group(2) or m.group(1))
        if low < 1000 or high < low:
            raise f.error(naam, "postcodes", f"'{item}' is not a valid range")
        for other_low, other_high, other in seen:
            if low <= other_high and other_low <= high:
                raise f.error(naam, "postcodes", f"'{item}' overlaps with {other}")
        seen.append((low, high, naam))
        ranges.append((low, high))
    return tuple(ranges)


# --------------------------------------------------------------------------- voorzieningen.yml

_VOORZIENING_KEYS = ("code", "naam", "wat", "onderwerpen", "behoeften", "kernen", "contact", "geverifieerd",
                     "vraag_naar", "kosten", "zwaarte")


def _behoeften(data: Dict[str, Any], onderwerpen: Mapping[str, Onderwerp]) -> Dict[str, Behoefte]:
    f = _File("voorzieningen.yml")
    result: Dict[str, Behoefte] = {}
    for code, raw in f.mapping(f.required(data, None, "behoeften"), None, "behoeften").items():
        code = str(code)
        if not _CODE_RE.match(code):
            raise f.error(f"behoeften.{code}", None, "must be lower case letters, digits and _")
        raw = f.mapping(raw, f"behoeften.{code}", None)
        f.unknown_keys(raw, ("woorden", "onderwerpen"), f"behoeften.{code}")
        ond = f.text_list(raw.get("onderwerpen"), f"behoeften.{code}", "onderwerpen")
        for o in ond:
            if o not in onderwerpen:
                raise f.error(f"behoeften.{code}", "onderwerpen", f"unknown onderwerp '{o}'")
        woorden = tuple(normalise(w) for w in f.text_list(raw.get("woorden"), f"behoeften.{code}", "woorden"))
        result[code] = Behoefte(code=code, woorden=woorden, onderwerpen=ond)
    return result
_CONTACT_KEYS = ("telefoon", "website", "email", "inloop", "adres")


def _voorzieningen(data: Dict[str, Any], onderwerpen: Mapping[str, Onderwerp], kernen: Mapping[str, Kern],
                   behoeften: Mapping[str, Behoefte]) -> Tuple[Voorziening, ...]:
    f = _File("voorzieningen.yml")
    items = f.required(data, None, "voorzieningen")
    if not isinstance(items, list):
        raise f.error(None, "voorzieningen", "expected a list")
    result: List[Voorziening] = []
    codes = set()
    for index, raw in enumerate(items):
        entry = f"#{index + 1}"
        raw = f.mapping(raw, entry, None)
        if isinstance(raw.get("code"), str):
            entry = raw["code"]
        f.unknown_keys(raw, _VOORZIENING_KEYS, entry)
        code = f.text(f.required(raw, entry, "code"), entry, "code")
        if not _CODE_RE.match(code):
            raise f.error(entry, "code", "must be lower case letters, digits and _ (no accents or spaces)")
        if code in codes:
            raise f.error(entry, "code", "duplicate code")
        codes.add(code)
        ond = f.text_list(f.required(raw, entry, "onderwerpen"), entry, "onderwerpen")
        if not ond:
            raise f.error(entry, "onderwerpen", "must name at least one onderwerp")
        for o in ond:
            if o not in onderwerpen:
                raise f.error(entry, "onderwerpen", f"unknown onderwerp '{o}'")
        raw_kernen = f.required(raw, entry, "kernen")
        if raw_kernen == "alle":
            kern_tuple: Tuple[str, ...] = ()
        else:
            kern_tuple = f.text_list(raw_kernen, entry, "kernen")
            if not kern_tuple:
                raise f.error(entry, "kernen", "use 'alle' or a list of kernen")
            for k in kern_tuple:
                if k not in kernen:
                    raise f.error(entry, "kernen", f"unknown kern '{k}' (use the exact name from kernen.yml)")
        contact_raw = f.mapping(f.required(raw, entry, "contact"), entry, "contact")
        for key in contact_raw:
            if key not in _CONTACT_KEYS:
                raise f.error(entry, f"contact.{key}", f"unknown key (allowed: {', '.join(_CONTACT_KEYS)})")
        contact_values = {k: f.text(v, entry, f"contact.{k}") for k, v in contact_raw.items() if v is not None}
        if not any(k in contact_values for k in ("telefoon", "website", "email", "inloop")):
            raise f.error(entry, "contact", "needs at least one of telefoon, website, email, inloop")
        tags = f.text_list(f.required(raw, entry, "behoeften"), entry, "behoeften")
        if not tags:
            raise f.error(entry, "behoeften", "must name at least one behoefte")
        for tag in tags:
            if tag not in behoeften:
                raise f.error(entry, "behoeften", f"unknown behoefte '{tag}' (add it under behoeften:)")
        geverifieerd = f.required(raw, entry, "geverifieerd")
        if not isinstance(geverifieerd, bool):
            raise f.error(entry, "geverifieerd", "must be true or false")
        zwaarte = f.required(raw, entry, "zwaarte")
        if isinstance(zwaarte, bool) or not isinstance(zwaarte, int) or not 1 <= zwaarte <= 5:
            raise f.error(entry, "zwaarte", "must be a whole number from 1 (lightest) to 5")
        result.append(
            Voorziening(
                code=code,
                naam=f.text(f.required(raw, entry, "naam"), entry, "naam"),
                wat=f.text(f.required(raw, entry, "wat"), entry, "wat"),
                onderwerpen=ond,
                kernen=kern_tuple,
                contact=Contact(**contact_values),
                kosten=f.text(f.required(raw, entry, "kosten"), entry, "kosten"),
                zwaarte=zwaarte,
                behoeften=tags,
                geverifieerd=geverifieerd,
                vraag_naar=f.text(raw["vraag_naar"], entry, "vraag_naar") if raw.get("vraag_naar") else "",
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------- verwachtingen.yml

_BUBBEL_KEYS = ("tekst", "bron", "melder")
# What every melder must get from the standaard of route toegang (the four questions).
_VIER_VRAGEN = ("wie", "wanneer", "wat", "hoe_lang")


def _bron(f: _File, value: Any, entry: str, key: str) -> str:
    bron = f.text(value, entry, key)
    if not is_geldige_bron(bron):
        raise f.error(
            entry, key,
            f"bron '{bron}' must name a law and article (e.g. 'Wmo 2015 art. 2.3.2 lid 1', 'Awb art. 4:13'; "
            f"laws: {', '.join(WETTEN_AFKORTINGEN)}) or say 'beleid Berkelland'; add '(te controleren)' when unsure",
        )
    return bron


def _melders(f: _File, value: Any, entry: str, key: str) -> Tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if item not in MELDERS:
            raise f.error(entry, key, f"unknown melder '{item}' (use {', '.join(MELDERS)})")
        result.append(str(item))
    if not result:
        raise f.error(entry, key, "name at least one melder, or leave melder out (everyone)")
    return tuple(result)


def _bubbels(f: _File, value: Any, entry: str, key: str) -> Tuple[Bubbel, ...]:
    """A text part: a string, {tekst, bron, melder}, or a list of these (one bubble each); empty strings are
    dropped."""
    items = value if isinstance(value, list) else [value]
    result: List[Bubbel] = []
    for item in items:
        if item is None or isinstance(item, str):
            tekst = f.text(item, entry, key, allow_empty=True)
            if tekst:
                result.append(Bubbel(tekst))
            continue
        if not isinstance(item, dict):
            raise f.error(entry, key, f"expected text or a mapping with tekst and bron, got {type(item).__name__}")
        raw = item
        for k in raw:
            if k not in _BUBBEL_KEYS:
                raise f.error(entry, f"{key}.{k}", f"unknown key (allowed: {', '.join(_BUBBEL_KEYS)})")
        if raw.get("tekst") is None:
            raise f.error(entry, f"{key}.tekst", "is missing")
        tekst = f.text(raw["tekst"], entry, f"{key}.tekst")
        bron = _bron(f, raw["bron"], entry, f"{key}.bron") if raw.get("bron") is not None else ""
        melders = _melders(f, raw["melder"], entry, f"{key}.melder") if "melder" in raw else ()
        result.append(Bubbel(tekst, bron, melders))
    return tuple(result)


def _route_tekst(f: _File, raw: Any, entry: str, extra: Tuple[str, ...] = ()) -> RouteTekst:
    """One layer: only the fields it names (the others stay None and come from a less precise layer)."""
    raw = f.mapping(raw if raw is not None else {}, entry, None)
    f.unknown_keys(raw, VELDEN + extra, entry)
    values = {veld: _bubbels(f, raw[veld] if raw[veld] is not None else [], entry, veld)
              for veld in VELDEN if veld in raw}
    return RouteTekst(**values)


def _verwachtingen(data: Dict[str, Any], wetten: Mapping[str, str], onderwerpen: Mapping[str, Onderwerp],
                   teams: Mapping[str, str]) -> Verwachtingen:
    f = _File("verwachtingen.yml")
    norm_raw = f.mapping(f.required(data, None, "contactnorm"), None, "contactnorm")
    contactnorm: Dict[str, int] = {}
    for urg in URGENTIES:
        value = f.required(norm_raw, "contactnorm", urg)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 60:
            raise f.error("contactnorm", urg, "must be a whole number of werkdagen (0 = same day)")
        contactnorm[urg] = value
    eindtijd = f.text(data.get("eindtijd_werkdag", "17:00"), None, "eindtijd_werkdag")
    if not _TIME_RE.match(eindtijd):
        raise f.error(None, "eindtijd_werkdag", f"'{eindtijd}' is not a time like 17:00")
    spoed_tot = f.text(data.get("spoed_vandaag_tot", eindtijd), None, "spoed_vandaag_tot")
    if not _TIME_RE.match(spoed_tot) or spoed_tot > eindtijd:
        raise f.error(None, "spoed_vandaag_tot", f"'{spoed_tot}' must be a time like 16:00, not after eindtijd_werkdag")
    vrij: List[date] = []
    raw_vrij = data.get("extra_vrije_dagen") or []
    if not isinstance(raw_vrij, list):
        raise f.error(None, "extra_vrije_dagen", "expected a list of dates (JJJJ-MM-DD)")
    for item in raw_vrij:
        if isinstance(item, date):
            vrij.append(item)
            continue
        try:
            vrij.append(date.fromisoformat(str(item)))
        except ValueError:
            raise f.error("extra_vrije_dagen", str(item), "is not a date JJJJ-MM-DD") from None

    termijnen: Dict[str, Termijn] = {}
    for code, raw in f.mapping(f.required(data, None, "termijnen"), None, "termijnen").items():
        code = str(code)
        raw = f.mapping(raw, code, None)
        f.unknown_keys(raw, ("label", "weken", "werkdagen", "basis", "vanaf"), code)
        vanaf = raw.get("vanaf", "melding")
        if vanaf not in ("melding", "aanvraag"):
            raise f.error(code, "vanaf", "must be 'melding' (the aanmelding starts it) or 'aanvraag'")
        weken = raw.get("weken", 0) or 0
        werkdagen = raw.get("werkdagen", 0) or 0
        for key, value in (("weken", weken), ("werkdagen", werkdagen)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise f.error(code, key, "must be a whole number")
        if bool(weken) == bool(werkdagen):
            raise f.error(code, "weken", "give exactly one of weken or werkdagen")
        termijnen[code] = Termijn(
            code=code,
            label=f.text(f.required(raw, code, "label"), code, "label"),
            basis=_bron(f, f.required(raw, code, "basis"), code, "basis"),
            weken=weken,
            werkdagen=werkdagen,
            vanaf=vanaf,
        )

    def termijn_map(key: str, known: Mapping[str, Any], what: str) -> Dict[str, Optional[str]]:
        result: Dict[str, Optional[str]] = {}
        for code, termijn in f.mapping(data.get(key) or {}, None, key).items():
            if code not in known:
                raise f.error(key, str(code), f"unknown {what}")
            if termijn is not None and termijn not in termijnen:
                raise f.error(key, str(code), f"unknown termijn '{termijn}'")
            result[str(code)] = termijn
        return result

    per_wet = termijn_map("termijn_per_wet", wetten, "wet")
    per_onderwerp = termijn_map("termijn_per_onderwerp", onderwerpen, "onderwerp")
    bij_hoog = {k: v for k, v in termijn_map("termijn_bij_hoog", onderwerpen, "onderwerp").items() if v}

    teamroutes: Dict[str, str] = {}
    for teamroute, codes in f.mapping(f.required(data, None, "teamroutes"), None, "teamroutes").items():
        if not _CODE_RE.match(str(teamroute)):
            raise f.error("teamroutes", str(teamroute), "must be lower case letters, digits and _")
        for code in f.text_list(codes, "teamroutes", str(teamroute)):
            if code not in teams:
                raise f.error("teamroutes", str(teamroute), f"unknown team '{code}' (see taxonomy.yml, teams)")
            if code in teamroutes:
                raise f.error("teamroutes", str(teamroute), f"team '{code}' is already in route '{teamroutes[code]}'")
            teamroutes[code] = str(teamroute)
    for code in teams:
        if code not in teamroutes:
            raise f.error("teamroutes", code, "team is in no route")
    bekende_routes = set(teamroutes.values())

    routes: Dict[str, RouteTeksten] = {}
    raw_routes = f.mapping(f.required(data, None, "routes"), None, "routes")
    for route in ROUTES:
        if route not in raw_routes:
            raise f.error("routes", route, "route is missing")
    for route, raw in raw_routes.items():
        if route not in ROUTES:
            raise f.error("routes", str(route), f"unknown route (use {', '.join(ROUTES)})")
        raw = f.mapping(raw, f"routes.{route}", None)
        f.unknown_keys(raw, ("standaard", "wet", "team", "onderwerp"), f"routes.{route}")
        where = f"routes.{route}.standaard"
        standaard = _route_tekst(f, f.required(raw, f"routes.{route}", "standaard"), where)
        for veld in VELDEN:
            if getattr(standaard, veld) is None:
                raise f.error(where, veld, "is missing (the standaard names every field; [] for nothing)")
        if route == "toegang":
            for veld in _VIER_VRAGEN:
                for melder in MELDERS:
                    if not any(b.voor(melder) for b in getattr(standaard, veld)):
                        raise f.error(where, veld, f"has no text for melder '{melder}'")
        wet_teksten: Dict[str, RouteTekst] = {}
        for wet, item in f.mapping(raw.get("wet") or {}, f"routes.{route}", "wet").items():
            if wet not in wetten:
                raise f.error(f"routes.{route}.wet", str(wet), "unknown wet")
            wet_teksten[str(wet)] = _route_tekst(f, item, f"routes.{route}.wet.{wet}")
        per_team: Dict[str, RouteTekst] = {}
        for teamroute, item in f.mapping(raw.get("team") or {}, f"routes.{route}", "team").items():
            if teamroute not in bekende_routes:
                raise f.error(f"routes.{route}.team", str(teamroute), f"unknown teamroute (use {', '.join(sorted(bekende_routes))})")
            per_team[str(teamroute)] = _route_tekst(f, item, f"routes.{route}.team.{teamroute}")
        per_ond: Dict[str, RouteTekst] = {}
        per_ond_team: Dict[Tuple[str, str], RouteTekst] = {}
        for ond, item in f.mapping(raw.get("onderwerp") or {}, f"routes.{route}", "onderwerp").items():
            if ond not in onderwerpen:
                raise f.error(f"routes.{route}.onderwerp", str(ond), "unknown onderwerp")
            where = f"routes.{route}.onderwerp.{ond}"
            item = f.mapping(item if item is not None else {}, where, None)
            per_ond[str(ond)] = _route_tekst(f, item, where, extra=("team",))
            for teamroute, sub in f.mapping(item.get("team") or {}, where, "team").items():
                if teamroute not in bekende_routes:
                    raise f.error(f"{where}.team", str(teamroute), f"unknown teamroute (use {', '.join(sorted(bekende_routes))})")
                per_ond_team[(str(ond), str(teamroute))] = _route_tekst(f, sub, f"{where}.team.{teamroute}")
        routes[str(route)] = RouteTeksten(standaard=standaard, wet=wet_teksten, team=per_team, onderwerp=per_ond,
                                          onderwerp_team=per_ond_team)
    werkdagen = data.get("terugkoppeling_werkdagen", 10)
    if isinstance(werkdagen, bool) or not isinstance(werkdagen, int) or not 1 <= werkdagen <= 60:
        raise f.error(None, "terugkoppeling_werkdagen", "must be a whole number of werkdagen from 1 to 60")
    terugkoppeling_bron = _bron(f, data.get("terugkoppeling_bron", "beleid Berkelland"), "terugkoppeling",
                                "terugkoppeling_bron")
    crisis = f.text_list(f.required(data, None, "crisisnummers"), None, "crisisnummers")
    return Verwachtingen(
        contactnorm=contactnorm,
        eindtijd_werkdag=eindtijd,
        spoed_vandaag_tot=spoed_tot,
        extra_vrije_dagen=tuple(vrij),
        termijnen=termijnen,
        termijn_per_wet=per_wet,
        termijn_per_onderwerp=per_onderwerp,
        termijn_bij_hoog=bij_hoog,
        routes=routes,
        crisisnummers=crisis,
        teamroutes=teamroutes,
        terugkoppeling_werkdagen=werkdagen,
        terugkoppeling_bron=terugkoppeling_bron,
    )


# --------------------------------------------------------------------------- public


def load_catalog(data_dir: Optional[Path] = None) -> Catalog:
    """Read and validate all routing data; raises RoutingConfigError naming file, entry and key."""
    directory = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    raw = {name: _read(directory, name) for name in FILES}
    wetten, onderwerpen, urgenties, melders, teams, kern_teams, labels, staff = _taxonomy(raw["taxonomy.yml"])
    kernen, gemeente, buurgemeenten = _kernen(raw["kernen.yml"], kern_teams)
    behoeften = _behoeften(raw["voorzieningen.yml"], onderwerpen)
    voorzieningen = _voorzieningen(raw["voorzieningen.yml"], onderwerpen, kernen, behoeften)
    verwachtingen = _verwachtingen(raw["verwachtingen.yml"], wetten, onderwerpen, teams)
    logger.debug("routing catalog loaded from %s: %d voorzieningen", directory, len(voorzieningen))
    return Catalog(
        wetten=wetten,
        onderwerpen=onderwerpen,
        urgenties=urgenties,
        melders=melders,
        teams=teams,
        labels=labels,
        labels_medewerker=staff,
        kernen=kernen,
        gemeente=gemeente,
        voorzieningen=voorzieningen,
        verwachtingen=verwachtingen,
        buurgemeenten=buurgemeenten,
        data_dir=str(directory),
        behoeften=behoeften,
    )


@functools.lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog from routing/data, loaded once per process."""
    return load_catalog()
