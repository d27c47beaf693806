"""Which questions the contact form asks on each path (routing/data/vragen.yml): pure, validated at load.

`vragen_voor(vragen, kanaal, urgentie, melder, antwoorden)` gives the form's slots, in order, for one
conversation: the melder's list minus what the kanaal (the phone: no e-mail) and the urgentie (spoed: no e-mail,
no time preference) leave out, and minus a question that `alleen_als` ties to an earlier answer the person did not
give (the e-mail address only for who chose contact by e-mail), and minus a question `samen_gevraagd` asks together
with an earlier one on that kanaal (`samen_gevraagd(...)` names them). A question in `altijd` is never left out.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

from .errors import RoutingConfigError
from .loader import DEFAULT_DATA_DIR, URGENTIES, _read

FILE = "vragen.yml"
MELDERS = ("inwoner", "naaste", "professional")
KANALEN = ("web", "telefoon")


@dataclass(frozen=True)
class Vragen:
    """The question model: per melder the full list; per kanaal and urgentie what is left out."""

    per_melder: Mapping[str, Tuple[str, ...]]
    altijd: Tuple[str, ...]
    niet_per_kanaal: Mapping[str, Tuple[str, ...]]
    niet_per_urgentie: Mapping[str, Tuple[str, ...]]
    alleen_als: Mapping[str, Tuple[str, str]] = dataclasses.field(default_factory=dict)
    # per kanaal: question -> the earlier question whose answer holds it too (it is not asked on its own)
    samen_per_kanaal: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)


def _names(value: Any, entry: Optional[str], key: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RoutingConfigError(FILE, entry, key, "expected a list of question names (form slots)")
    names = tuple(v.strip() for v in value)
    dubbel = sorted({v for v in names if names.count(v) > 1})
    if dubbel:
        raise RoutingConfigError(FILE, entry, key, f"a question is listed twice: {', '.join(dubbel)}")
    return names


def _section(data: Dict[str, Any], key: str, allowed: Tuple[str, ...], *, all_required: bool) -> Dict[str, Tuple[str, ...]]:
    raw = data.get(key)
    if raw is None and not all_required:
        return {}
    if not isinstance(raw, dict):
        raise RoutingConfigError(FILE, None, key, "expected a mapping")
    for name in raw:
        if name not in allowed:
            raise RoutingConfigError(FILE, str(name), key, f"unknown (allowed: {', '.join(allowed)})")
    if all_required:
        missing = [name for name in allowed if name not in raw]
        if missing:
            raise RoutingConfigError(FILE, missing[0], key, "is missing")
    return {name: _names(value, name, key) for name, value in raw.items()}


def parse_vragen(data: Dict[str, Any]) -> Vragen:
    """Validate the mapping of vragen.yml; RoutingConfigError names the entry and the key."""
    per_melder = _section(data, "vragen", MELDERS, all_required=True)
    bekend = {v for lijst in per_melder.values() for v in lijst}
    altijd = _names(data.get("altijd"), None, "altijd")
    niet_kanaal = _section(data, "niet_vragen_per_kanaal", KANALEN, all_required=False)
    niet_urgentie = _section(data, "niet_vragen_per_urgentie", URGENTIES, all_required=False)
    for melder, lijst in per_melder.items():
        missing = [v for v in altijd if v not in lijst]
        if missing:
            raise RoutingConfigError(FILE, melder, "vragen", f"misses a question in altijd: {', '.join(missing)}")
    for key, section in (("niet_vragen_per_kanaal", niet_kanaal), ("niet_vragen_per_urgentie", niet_urgentie)):
        for entry, lijst in section.items():
            for vraag in lijst:
                if vraag in altijd:
                    raise RoutingConfigError(FILE, entry, key, f"'{vraag}' is in altijd and may not be left out")
                if vraag not in bekend:
                    raise RoutingConfigError(FILE, entry, key, f"unknown question '{vraag}' (not in vragen)")
    alleen_als = _alleen_als(data.get("alleen_als"), per_melder, altijd)
    samen = _samen(data.get("samen_gevraagd"), per_melder, altijd)
    return Vragen(per_melder=per_melder, altijd=altijd, niet_per_kanaal=niet_kanaal, niet_per_urgentie=niet_urgentie,
                  alleen_als=alleen_als, samen_per_kanaal=samen)


def _eerder_gevraagd(per_melder: Mapping[str, Tuple[str, ...]], vraag: str, eerder: str, key: str) -> None:
    """`eerder` comes before `vraag` in every melder's list that has `vraag`."""
    for melder, lijst in per_melder.items():
        if vraag in lijst and (eerder not in lijst or lijst.index(eerder) > lijst.index(vraag)):
            raise RoutingConfigError(FILE, vraag, key, f"'{eerder}' must be asked before '{vraag}' (vragen: {melder})")


def _samen(raw: Any, per_melder: Mapping[str, Tuple[str, ...]],
           altijd: Tuple[str, ...]) -> Dict[str, Dict[str, str]]:
    """`kanaal: {vraag: eerdere_vraag}`: on that kanaal `vraag` is asked in the same question as `eerdere_vraag`."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RoutingConfigError(FILE, None, "samen_gevraagd", "expected a mapping per kanaal")
    result: Dict[str, Dict[str, str]] = {}
    for kanaal, paren in raw.items():
        if kanaal not in KANALEN:
            raise RoutingConfigError(FILE, str(kanaal), "samen_gevraagd", f"unknown (allowed: {', '.join(KANALEN)})")
        if not isinstance(paren, dict):
            raise RoutingConfigError(FILE, str(kanaal), "samen_gevraagd", "expected 'question: earlier question'")
        for vraag, eerder in paren.items():
            if vraag in altijd:
                raise RoutingConfigError(FILE, str(vraag), "samen_gevraagd",
                                         f"'{vraag}' is in altijd: it needs its own question")
            _eerder_gevraagd(per_melder, str(vraag), str(eerder), "samen_gevraagd")
        result[str(kanaal)] = {str(v): str(e) for v, e in paren.items()}
    return result


def _alleen_als(raw: Any, per_melder: Mapping[str, Tuple[str, ...]],
                altijd: Tuple[str, ...]) -> Dict[str, Tuple[str, str]]:
    """`vraag: {eerdere_vraag: antwoord}`: the earlier question must come before it in every list that has both."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RoutingConfigError(FILE, None, "alleen_als", "expected a mapping")
    result: Dict[str, Tuple[str, str]] = {}
    for vraag, voorwaarde in raw.items():
        if vraag in altijd:
            raise RoutingConfigError(FILE, str(vraag), "alleen_als", f"'{vraag}' is in altijd and may not be left out")
        if not (isinstance(voorwaarde, dict) and len(voorwaarde) == 1):
            raise RoutingConfigError(FILE, str(vraag), "alleen_als", "expected one 'earlier question: answer'")
        (eerder, antwoord), = voorwaarde.items()
        _eerder_gevraagd(per_melder, str(vraag), str(eerder), "alleen_als")
        result[str(vraag)] = (str(eerder), str(antwoord))
    return result


def load_vragen(data_dir: Optional[Path] = None) -> Vragen:
    return parse_vragen(_read(Path(data_dir or DEFAULT_DATA_DIR), FILE))


@functools.lru_cache(maxsize=1)
def default_vragen() -> Vragen:
    """Cached load_vragen() of routing/data."""
    return load_vragen()


def vragen_voor(vragen: Vragen, kanaal: str, urgentie: Optional[str], melder: Optional[str],
                antwoorden: Optional[Mapping[str, Any]] = None) -> Tuple[str, ...]:
    """The questions, in order, for a conversation on `kanaal` (web | telefoon) with `urgentie` and `melder`.

    `antwoorden` holds the answers so far (form slot -> value): a question in `alleen_als` is asked only when its
    earlier question was answered with the value it names. An unknown or missing melder asks as an inwoner; an
    unknown kanaal or urgentie leaves nothing out.
    """
    lijst = vragen.per_melder.get(melder or "inwoner", vragen.per_melder["inwoner"])
    weg = set(vragen.niet_per_kanaal.get(kanaal, ())) | set(vragen.niet_per_urgentie.get(urgentie or "", ()))
    weg |= set(vragen.samen_per_kanaal.get(kanaal, {}))  # answered with an earlier question, not asked on its own
    antwoorden = antwoorden or {}
    for vraag, (eerder, antwoord) in vragen.alleen_als.items():
        if antwoorden.get(eerder) != antwoord:
            weg.add(vraag)
    return tuple(v for v in lijst if v not in weg)


def samen_gevraagd(vragen: Vragen, kanaal: str, urgentie: Optional[str], melder: Optional[str],
                   vraag: str) -> Tuple[str, ...]:
    """The questions asked in the same question as `vraag` on this path ("Op welk nummer … en wanneer het beste?"):
    only those the path would ask (spoed asks no time preference, so none is asked with the number then)."""
    lijst = vragen.per_melder.get(melder or "inwoner", vragen.per_melder["inwoner"])
    weg = set(vragen.niet_per_kanaal.get(kanaal, ())) | set(vragen.niet_per_urgentie.get(urgentie or "", ()))
    return tuple(v for v, eerder in vragen.samen_per_kanaal.get(kanaal, {}).items()
                 if eerder == vraag and v in lijst and v not in weg)
