"""What to expect (who, when, how long, legal basis) and deadline arithmetic in werkdagen."""
from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from typing import Iterable, Optional, Tuple

from .model import MELDERS, VELDEN, Bubbel, Catalog, RouteTeksten, Verwachting
from .text import datum

__all__ = [
    "verwachting",
    "contact_deadline",
    "wettelijke_termijn",
    "feestdagen",
    "is_werkdag",
    "add_werkdagen",
    "volgende_werkdag",
    "contact_moment",
    "terugkoppeling_moment",
    "teamroute",
]


def _pasen(year: int) -> date:
    """Easter Sunday (Gregorian computus, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@functools.lru_cache(maxsize=64)
def feestdagen(year: int) -> Tuple[date, ...]:
    """Dutch public holidays of the Algemene termijnenwet (art. 3) in a year (Sundays included)."""
    pasen = _pasen(year)
    koningsdag = date(year, 4, 27)
    if koningsdag.weekday() == 6:  # on a Sunday Koningsdag moves to Saturday the 26th
        koningsdag = date(year, 4, 26)
    return tuple(
        sorted(
            {
                date(year, 1, 1),  # Nieuwjaarsdag
                pasen,
                pasen + timedelta(days=1),  # tweede paasdag
                koningsdag,
                date(year, 5, 5),  # Bevrijdingsdag (Algemene termijnenwet counts it every year)
                pasen + timedelta(days=39),  # Hemelvaartsdag
                pasen + timedelta(days=49),  # eerste pinksterdag
                pasen + timedelta(days=50),  # tweede pinksterdag
                date(year, 12, 25),
                date(year, 12, 26),
            }
        )
    )


def is_werkdag(day: date, extra_vrij: Iterable[date] = ()) -> bool:
    """Monday-Friday, not a public holiday and not an extra day off."""
    if isinstance(day, datetime):
        day = day.date()
    return day.weekday() < 5 and day not in feestdagen(day.year) and day not in set(extra_vrij)


def volgende_werkdag(day: date, extra_vrij: Iterable[date] = ()) -> date:
    """The first werkdag on or after `day`."""
    extra = tuple(extra_vrij)
    while not is_werkdag(day, extra):
        day += timedelta(days=1)
    return day


def add_werkdagen(start: date, n: int, extra_vrij: Iterable[date] = ()) -> date:
    """The date n werkdagen after `start` (start itself not counted; n=0 -> first werkdag on/after start)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    extra = tuple(extra_vrij)
    if n == 0:
        return volgende_werkdag(start, extra)
    day = start
    while n:
        day += timedelta(days=1)
        if is_werkdag(day, extra):
            n -= 1
    return day


def _tijd(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _eindtijd(catalog: Catalog) -> time:
    return _tijd(catalog.verwachtingen.eindtijd_werkdag)


def contact_deadline(catalog: Catalog, created: datetime, urgentie: str) -> datetime:
    """Latest moment team toegang contacts the inwoner, by its own contact norm (werkdagen; spoed = the same werkdag
    when it comes in before `spoed_vandaag_tot`, else the next werkdag)."""
    norm = catalog.verwachtingen.contactnorm
    if urgentie not in norm:
        raise ValueError(f"unknown urgentie '{urgentie}'")
    n = norm[urgentie]
    extra = catalog.verwachtingen.extra_vrije_dagen
    eind = _eindtijd(catalog)
    if n == 0:
        day = created.date()
        if not is_werkdag(day, extra) or created.time().replace(tzinfo=None) >= _tijd(catalog.verwachtingen.spoed_vandaag_tot):
            day = add_werkdagen(day, 1, extra)
    else:
        day = add_werkdagen(created.date(), n, extra)
    return datetime.combine(day, eind, tzinfo=created.tzinfo)


def _termijn_code(catalog: Catalog, onderwerp_of_wet: str, urgentie: Optional[str]) -> Optional[str]:
    v = catalog.verwachtingen
    if onderwerp_of_wet in catalog.onderwerpen:
        if urgentie in ("hoog", "spoed") and onderwerp_of_wet in v.termijn_bij_hoog:
            return v.termijn_bij_hoog[onderwerp_of_wet]
        if onderwerp_of_wet in v.termijn_per_onderwerp:
            return v.termijn_per_onderwerp[onderwerp_of_wet]
        wet = catalog.onderwerpen[onderwerp_of_wet].wet
        return v.termijn_per_wet.get(wet) if wet else None
    if onderwerp_of_wet in catalog.wetten:
        return v.termijn_per_wet.get(onderwerp_of_wet)
    raise ValueError(f"unknown onderwerp or wet '{onderwerp_of_wet}'")


def wettelijke_termijn(
    catalog: Catalog, onderwerp_of_wet: str, created: datetime, urgentie: Optional[str] = None
) -> Optional[Tuple[str, datetime]]:
    """(label, deadline) of the legal term for an onderwerp or wet counted from `created`, or None when there is none.

    A term in weeks that ends on a weekend or holiday moves to the next werkdag (Algemene termijnenwet, art. 1).
    """
    code = _termijn_code(catalog, onderwerp_of_wet, urgentie)
    if code is None:
        return None
    termijn = catalog.verwachtingen.termijnen[code]
    extra = catalog.verwachtingen.extra_vrije_dagen
    if termijn.werkdagen:
        day = add_werkdagen(created.date(), termijn.werkdagen, extra)
        return termijn.label, datetime.combine(day, _eindtijd(catalog), tzinfo=created.tzinfo)
    end = created + timedelta(weeks=termijn.weken)
    day = volgende_werkdag(end.date(), extra)
    return termijn.label, datetime.combine(day, end.timetz())


def _op_dag(moment: datetime, nu: Optional[datetime]) -> datetime:
    """`moment` in the timezone of `nu` (the inbox answers in UTC; the inwoner lives in `nu`'s zone)."""
    if nu is not None and nu.tzinfo is not None and moment.tzinfo is not None:
        return moment.astimezone(nu.tzinfo)
    return moment


def contact_moment(catalog: Catalog, urgentie: str, created: Optional[datetime] = None,
                   contact: Optional[datetime] = None) -> str:
    """When Voormekaar contacts the inwoner, as words that fit "U hoort ... van ons": 'vandaag nog, voor 17.00 uur'
    only when the deadline is the day of the aanmelding, else 'uiterlijk maandag 7 december'; without a moment
    the norm itself ('binnen 3 werkdagen'). `contact`: the deadline the inbox gave (wins over the computed one)."""
    norm = catalog.verwachtingen.contactnorm
    if urgentie not in norm:
        raise ValueError(f"unknown urgentie '{urgentie}'")
    if contact is None and created is not None:
        contact = contact_deadline(catalog, created, urgentie)
    if contact is not None:
        moment = _op_dag(contact, created)
        if created is not None and moment.date() == created.date():
            return f"vandaag nog, voor {moment:%H.%M} uur"
        return f"uiterlijk {datum(moment)}"
    n = norm[urgentie]
    if n == 0:
        tot = catalog.verwachtingen.spoed_vandaag_tot.replace(":", ".")
        return f"dezelfde werkdag (na {tot} uur: de volgende werkdag)"
    return "binnen 1 werkdag" if n == 1 else f"binnen {n} werkdagen"


def terugkoppeling_moment(catalog: Catalog, created: Optional[datetime] = None) -> str:
    """When a professional hears what Voormekaar does with the melding: 'uiterlijk vrijdag 18 december'."""
    n = catalog.verwachtingen.terugkoppeling_werkdagen
    if created is None:
        return f"binnen {n} werkdagen"
    return f"uiterlijk {datum(add_werkdagen(created.date(), n, catalog.verwachtingen.extra_vrije_dagen))}"


def _termijn_text(catalog: Catalog, onderwerp: str, urgentie: str, created: Optional[datetime]) -> str:
    """The legal term that applies: 'uiterlijk dinsdag 5 januari' when the aanmelding starts it and its moment is
    known (with the term itself in brackets), else 'binnen 6 weken na uw melding' / 'binnen 8 weken na uw aanvraag';
    '' when no term applies."""
    code = _termijn_code(catalog, onderwerp, urgentie)
    if code is None:
        return ""
    termijn = catalog.verwachtingen.termijnen[code]
    # "melding" is a word of the law; the inwoner made an aanmelding in this chat (which counts as the melding)
    na = "na uw aanmelding" if termijn.vanaf == "melding" else "na uw aanvraag"
    if termijn.vanaf == "melding" and created is not None:
        result = wettelijke_termijn(catalog, onderwerp, created, urgentie)
        if result is not None:
            return f"uiterlijk {datum(result[1])} ({termijn.duur()} {na})"
    return f"binnen {termijn.duur()} {na}"


def teamroute(catalog: Catalog, onderwerp: str, team: Optional[str] = None, kern: Optional[str] = None) -> str:
    """The teamroute (frontteam, welzijn, fijnder, veilig_thuis, backoffice, toegang) of a team code; without one,
    the onderwerp's default team (a frontteam when the kern is known, else team toegang)."""
    if team is None:
        advies = catalog.onderwerpen[onderwerp].team_advies
        if advies == "frontteam":
            team = catalog.kernen[kern].frontteam if kern in catalog.kernen else "toegang"
        else:
            team = advies or "toegang"
    if team not in catalog.verwachtingen.teamroutes:
        raise ValueError(f"unknown team '{team}'")
    return catalog.verwachtingen.teamroutes[team]


def _dorp(catalog: Catalog, kern: Optional[str]) -> str:
    """The inwoner's own kern ('Haarlo'), else 'uw buurt' (a frontteam is only advised when the kern is known)."""
    return str(kern) if kern in catalog.kernen else "uw buurt"


def _veld(teksten: RouteTeksten, veld: str, onderwerp: str, route: str, wet: str, melder: str) -> Tuple[Bubbel, ...]:
    """The field from the most precise layer that has it for this melder (see verwachtingen.yml)."""
    lagen = (teksten.onderwerp_team.get((onderwerp, route)), teksten.onderwerp.get(onderwerp), teksten.team.get(route),
             teksten.wet.get(wet), teksten.standaard)
    for laag in lagen:
        bubbels = getattr(laag, veld) if laag is not None else None
        if bubbels is None:
            continue
        if not bubbels:
            return ()
        voor = tuple(b for b in bubbels if b.voor(melder))
        if voor:
            return voor
    return ()


def verwachting(
    catalog: Catalog,
    onderwerp: str,
    route: str = "toegang",
    urgentie: str = "normaal",
    wet: Optional[str] = None,
    created: Optional[datetime] = None,
    melder: str = "inwoner",
    team: Optional[str] = None,
    kern: Optional[str] = None,
    contact: Optional[datetime] = None,
) -> Verwachting:
    """What one person can expect: before the voorzieningen (vooraf), once the aanmelding is sent (who, when, what,
    how long, terugkoppeling for professionals, rights and duties) and with the consent question (gegevens), as
    Dutch (B1) bubbles with their source.

    `created` is the moment of the aanmelding (aware or naive local time): with it, "when" and the legal term
    become dates (werkdagen and the Algemene termijnenwet applied); without it they stay relative. `team` is the
    team triage advised (its teamroute picks the texts); `contact` the contact deadline the inbox gave.
    """
    if onderwerp not in catalog.onderwerpen:
        raise ValueError(f"unknown onderwerp '{onderwerp}'")
    routes = catalog.verwachtingen.routes
    if route not in routes:
        raise ValueError(f"unknown route '{route}' (use {', '.join(routes)})")
    if urgentie not in catalog.verwachtingen.contactnorm:
        raise ValueError(f"unknown urgentie '{urgentie}'")
    if melder not in MELDERS:
        raise ValueError(f"unknown melder '{melder}'")
    ond = catalog.onderwerpen[onderwerp]
    if route == "toegang" and ond.team_advies is None:
        route = "buiten"
    teksten = routes[route]
    wet = wet or ond.wet or ""
    tr = teamroute(catalog, onderwerp, team, kern) if route == "toegang" else ""
    gemeente = catalog.gemeente
    telefoon = gemeente.get("telefoon", "14 0545")
    if gemeente.get("bereikbaar"):
        telefoon = f"{telefoon} ({gemeente['bereikbaar']})"
    values = {
        "contact": contact_moment(catalog, urgentie, created, contact),
        "termijn": _termijn_text(catalog, onderwerp, urgentie, created),
        "terugkoppeling": terugkoppeling_moment(catalog, created),
        "dorp": _dorp(catalog, kern),
        "gemeente_telefoon": telefoon,
    }

    def fill(s: str) -> str:
        for key, value in values.items():
            s = s.replace("{" + key + "}", value)
        return s

    delen = tuple(
        (veld, tuple(Bubbel(fill(b.tekst), b.bron, b.melders) for b in _veld(teksten, veld, onderwerp, tr, wet, melder)))
        for veld in VELDEN
    )
    bronnen = tuple(dict.fromkeys(b.bron_getoond for _, bubbels in delen for b in bubbels if b.bron_getoond))
    crisis = catalog.verwachtingen.crisisnummers if (urgentie == "spoed" or route == "crisis") else ()
    return Verwachting(
        onderwerp=onderwerp,
        route=route,
        urgentie=urgentie,
        melder=melder,
        teamroute=tr,
        delen=delen,
        basis="; ".join(bronnen),
        crisisnummers=crisis,
    )
