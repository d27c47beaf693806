"""The rekenkamer's four questions (wie, wanneer, wat, hoe lang) for every onderwerp and route, as a Markdown table.

`python -m routing.vier_vragen > docs/vier-vragen.md` writes docs/vier-vragen.md from routing/data; a test
(tests/teksten) fails when the file differs from what this prints, or when a cell is empty.
"""
from __future__ import annotations

import sys
from typing import List, Optional, Tuple

from .loader import load_catalog
from .model import MELDERS, VIER_VRAGEN, Catalog, Verwachting
from .verwachtingen import verwachting

__all__ = ["routes_voor", "rijen", "tabel", "main"]

KOPPEN = {"wie": "Wie", "wanneer": "Wanneer", "wat": "Wat gebeurt er", "hoe_lang": "Hoe lang"}
MELDER_KOP = {"inwoner": "De inwoner zelf", "naaste": "Een naaste (voor iemand anders)",
              "professional": "Een professional"}
ROUTE_NAAM = {"frontteam": "frontteam (in het dorp)", "welzijn": "welzijn en preventie", "fijnder": "Fijnder",
              "veilig_thuis": "Veilig Thuis", "backoffice": "backoffice", "toegang": "team toegang"}
ANDERE_ROUTES = {"voorziening": "algemene voorziening (geen aanmelding)", "crisis": "crisis (gevaar)",
                 "buiten": "buiten het sociaal domein"}


def routes_voor(catalog: Catalog, onderwerp: str) -> Tuple[str, ...]:
    """One team code per teamroute an aanmelding about this onderwerp can take (in taxonomy order): a frontteam
    or team toegang when the kern is unknown; for veiligheid each team a safety signal can give."""
    ond = catalog.onderwerpen[onderwerp]
    if ond.team_advies is None:
        return ()
    if ond.team_advies == "frontteam":
        teams = [next(k.frontteam for k in catalog.kernen.values()), "toegang"]
    else:
        teams = [ond.team_advies, *ond.team_bij_signaal.values()]
    gezien, result = set(), []
    for team in teams:
        route = catalog.verwachtingen.teamroutes[team]
        if route not in gezien:
            gezien.add(route)
            result.append(team)
    return tuple(result)


def _cel(v: Verwachting, veld: str) -> str:
    delen = []
    for b in v.bubbels_van(veld):
        tekst = b.tekst.replace("|", "/")
        delen.append(f"{tekst} ({b.bron_getoond})" if b.bron_getoond else tekst)
    return " ".join(delen)


def rijen(catalog: Catalog, melder: str) -> List[Tuple[str, str, Verwachting]]:
    """(onderwerp label, route name, expectation) for every onderwerp and reachable route, then the other routes."""
    result = []
    for code, ond in catalog.onderwerpen.items():
        urgentie = ond.urgentie or "normaal"
        for team in routes_voor(catalog, code):
            v = verwachting(catalog, code, "toegang", urgentie, melder=melder, team=team)
            result.append((ond.label, ROUTE_NAAM.get(v.teamroute, v.teamroute), v))
    for route, naam in ANDERE_ROUTES.items():
        code = "buiten_sociaal_domein" if route == "buiten" else "eenzaamheid_meedoen"
        urgentie = "spoed" if route == "crisis" else "normaal"
        result.append(("(elk onderwerp)", naam, verwachting(catalog, code, route, urgentie, melder=melder)))
    return result


def tabel(catalog: Catalog) -> str:
    """The whole document."""
    lines = [
        "# Wat kunt u verwachten? De vier vragen per onderwerp en route",
        "",
        "<!-- Gemaakt door `python -m routing.vier_vragen` uit routing/data/verwachtingen.yml. Niet met de hand",
        "     aanpassen: een test vergelijkt dit bestand met de data. -->",
        "",
        "De rekenkamer vroeg of inwoners weten wat ze kunnen verwachten. Dit is wat de assistent zegt zodra een",
        "aanmelding verstuurd is: wie contact opneemt, wanneer, wat er gebeurt en hoe lang het duurt. In het",
        "gesprek staan op de plaats van 'binnen 3 werkdagen' en 'na uw aanmelding' echte datums (werkdagen en",
        "feestdagen meegerekend). De bron staat tussen haakjes. Route: het team dat de aanmelding krijgt; bij",
        "spoed is de urgentie spoed, anders normaal.",
        "",
    ]
    for melder in MELDERS:
        lines += [f"## {MELDER_KOP[melder]}", "",
                  "| Onderwerp | Route | " + " | ".join(KOPPEN[v] for v in VIER_VRAGEN) + " |",
                  "|---|---|" + "---|" * len(VIER_VRAGEN)]
        for label, route, v in rijen(catalog, melder):
            lines.append(f"| {label} | {route} | " + " | ".join(_cel(v, veld) for veld in VIER_VRAGEN) + " |")
        lines.append("")
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    sys.stdout.write(tabel(load_catalog()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
