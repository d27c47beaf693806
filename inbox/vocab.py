"""The one place the inbox calls routing/: taxonomy codes, deadlines, BSN masking."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import routing

ROOT = Path(__file__).resolve().parents[1]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Codes:
    onderwerpen: tuple[str, ...]
    wetten: tuple[str, ...]
    urgenties: tuple[str, ...]
    melders: tuple[str, ...]
    teams: tuple[str, ...]
    kernen: tuple[str, ...]
    kanalen: tuple[str, ...] = ("web", "telefoon", "test")


def _codes_from(catalog, names: tuple[str, ...]) -> tuple[str, ...] | None:
    for name in names:
        value = getattr(catalog, name, None)
        if value is None:
            continue
        if isinstance(value, Mapping):
            return tuple(value.keys())
        return tuple(getattr(item, "code", getattr(item, "naam", item)) for item in value)
    return None


@functools.cache
def catalog():
    return routing.default_catalog()


@functools.cache
def codes() -> Codes:
    """Every code the taxonomy allows, read from routing's catalog (its YAML copy as a fallback)."""
    cat = catalog()
    taxonomy: dict | None = None

    def from_yaml(key: str) -> tuple[str, ...]:
        nonlocal taxonomy
        if taxonomy is None:
            import yaml

            taxonomy = yaml.safe_load((ROOT / "routing" / "data" / "taxonomy.yml").read_text())
        return tuple(taxonomy[key].keys())

    def pick(names: tuple[str, ...], key: str) -> tuple[str, ...]:
        return _codes_from(cat, names) or from_yaml(key)

    return Codes(
        onderwerpen=pick(("onderwerpen",), "onderwerpen"),
        wetten=pick(("wetten",), "wetten"),
        urgenties=pick(("urgenties", "urgentie"), "urgentie"),
        melders=pick(("melders", "melder"), "melder"),
        teams=pick(("teams",), "teams"),
        kernen=pick(("kernen",), "kernen"),
    )


def mask(text: str | None) -> tuple[str | None, bool]:
    """Replace every BSN in text with routing's one masker (every written and spoken form, see routing/README.md);
    returns (masked, whether anything was masked)."""
    if not text:
        return text, False
    return routing.mask_bsn(text)


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


def _local(value: dt.datetime) -> dt.datetime:
    """routing counts werkdagen on the Dutch calendar: give it local time."""
    return _utc(value).astimezone(AMSTERDAM)


def contact_deadline(created: dt.datetime, urgentie: str) -> dt.datetime:
    """Team toegang's contact norm for this urgentie, in UTC."""
    return _utc(routing.contact_deadline(catalog(), _local(created), urgentie))


def wettelijke_termijn(onderwerp: str, created: dt.datetime,
                       urgentie: str | None = None) -> tuple[str, dt.datetime] | None:
    """The legal term that applies to this onderwerp (label, deadline in UTC), or None (routing decides)."""
    result = routing.wettelijke_termijn(catalog(), onderwerp, _local(created), urgentie)
    if not result:
        return None
    label, when = result
    return str(label), _utc(when)
