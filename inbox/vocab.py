"""The one place the inbox calls routing/: taxonomy codes and labels, deadlines, BSN masking."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import routing

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


@functools.cache
def catalog():
    return routing.default_catalog()


@functools.cache
def codes() -> Codes:
    """Every code the taxonomy allows, from routing's catalog (the one vocabulary)."""
    cat = catalog()
    return Codes(
        onderwerpen=tuple(cat.onderwerpen),
        wetten=tuple(cat.wetten),
        urgenties=tuple(cat.urgenties),
        melders=tuple(cat.melders),
        teams=tuple(cat.teams),
        kernen=tuple(cat.kernen),
    )


def medewerker_label(kind: str, code: str | None) -> str:
    """The label staff read for a taxonomy code (onderwerp, wet, urgentie, melder, team, kern)."""
    return routing.medewerker_label(kind, code, catalog())


def mask(text: str | None) -> tuple[str | None, bool]:
    """Replace every BSN in text with routing's one masker (every written and spoken form, see routing/README.md);
    returns (masked, whether anything was masked)."""
    if not text:
        return text, False
    return routing.mask_bsn(text)


def masked(text: str | None) -> str | None:
    """text with every BSN masked (None and "" unchanged)."""
    return mask(text)[0] if text else text


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
