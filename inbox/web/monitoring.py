"""Monitoring for the Rekenkamer: figures per week or month, SVG charts with tables, CSV export."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, raw

from inbox.web import backend, labels
from inbox.web.base import NO_STORE, render, requires
from inbox.web.charts import bar_chart
from inbox.web.security import SECURITY_HEADERS

bp = Blueprint("web_monitoring")
ROLLEN = ("toegang", "beheerder")
PERIODES = {"week": "Per week", "maand": "Per maand"}
UITSPLITSINGEN = ("onderwerp", "wet", "kern", "kanaal", "melder", "urgentie")
TEVREDENHEID_SCORES = {"1": "Heel ontevreden", "2": "Ontevreden", "3": "Neutraal", "4": "Tevreden",
                       "5": "Heel tevreden"}  # the button titles in bot/domain/tevredenheid.yml
TEVREDENHEID_PER = {"kanaal": "kanaal", "onderwerp": "onderwerp", "uitkomst": "gesprek_uitkomst"}  # label kinds


def _periode(request: Request) -> tuple[str, dt.date | None, dt.date | None, list[str]]:
    fouten = []
    periode = request.args.get("periode", "week")
    if periode not in PERIODES:
        fouten.append("Kies per week of per maand.")
        periode = "week"
    dates = []
    for name in ("van", "tot"):
        raw_value = request.args.get(name, "").strip()
        if not raw_value:
            dates.append(None)
            continue
        try:
            dates.append(dt.date.fromisoformat(raw_value))
        except ValueError:
            fouten.append(f"De datum '{raw_value}' klopt niet. Gebruik jjjj-mm-dd.")
            dates.append(None)
    return periode, dates[0], dates[1], fouten


@bp.get("/monitoring")
@requires(*ROLLEN)
async def monitoring(request: Request) -> HTTPResponse:
    periode, van, tot, fouten = _periode(request)
    m = await backend.monitoring(request.app, periode, van, tot)
    charts = {}
    charts["perioden"] = bar_chart(f"Aanmeldingen {PERIODES[periode].lower()}",
                                   [(p["periode"], p.get("aanmeldingen", 0)) for p in m["perioden"]],
                                   chart_id="grafiek-perioden")
    charts["voorliggend"] = bar_chart("Gesprekken: doorgezet naar team toegang of verwezen naar het voorliggend veld",
                                      [("Aanmelding bij team toegang", m["totaal"].get("gerouteerd", 0)),
                                       ("Verwezen naar algemene voorziening", m["totaal"].get("voorliggend_veld", 0)),
                                       ("Anders geëindigd", m["totaal"].get("anders", 0))],
                                      chart_id="grafiek-voorliggend")
    for kind in UITSPLITSINGEN:
        rows = sorted(m["per"].get(kind, {}).items(), key=lambda kv: -kv[1])
        charts[kind] = bar_chart(f"Gesprekken per {kind}", [(labels.label(kind, k) if kind != "kern" else k, v)
                                                              for k, v in rows], chart_id=f"grafiek-{kind}")
    teams = sorted(m.get("doorgezet_per_team", {}).items(), key=lambda kv: -kv[1])
    charts["teams"] = bar_chart("Doorgezet per team", [(labels.label("team", k), v) for k, v in teams],
                                chart_id="grafiek-teams")
    t = m["tevredenheid"]
    charts["tevredenheid"] = bar_chart("Hoe tevreden bent u over dit gesprek? (aantal antwoorden per score)",
                                       [(f"{s} {tekst}", t.get("verdeling", {}).get(s, 0))
                                        for s, tekst in TEVREDENHEID_SCORES.items()], chart_id="grafiek-tevredenheid")
    for kind, label_kind in TEVREDENHEID_PER.items():
        rows = sorted(t.get("per", {}).get(kind, {}).items(), key=lambda kv: -(kv[1]["gemiddeld"] or 0))
        charts[f"tevredenheid-{kind}"] = bar_chart(
            f"Gemiddelde tevredenheid (1 tot 5) per {kind}",
            [(labels.label(label_kind, k), v["gemiddeld"]) for k, v in rows], chart_id=f"grafiek-tevredenheid-{kind}")
    # Free text, masked but possibly still telling: only for team toegang, who reads the aanmeldingen anyway.
    opmerkingen = (await backend.tevredenheid_opmerkingen(request.app)
                   if request.ctx.user["rol"] == "toegang" else None)
    wacht = (await backend.wacht_op_terugkoppeling(request.app, request.ctx.user)
            if request.ctx.user["rol"] == "toegang" else None)
    return render(request, "monitoring.html", m=m, charts=charts, periode=periode, periodes=PERIODES,
                  van=van.isoformat() if van else "", tot=tot.isoformat() if tot else "", fouten=fouten,
                  uitsplitsingen=UITSPLITSINGEN, teams=teams, wacht=wacht, scores=TEVREDENHEID_SCORES,
                  tevredenheid_per=TEVREDENHEID_PER, opmerkingen=opmerkingen,
                  opmerking_dagen=request.app.ctx.config.tevredenheid_opmerking_days)


@bp.get("/monitoring/export.csv")
@requires(*ROLLEN)
async def export_csv(request: Request) -> HTTPResponse:
    periode, van, tot, _ = _periode(request)
    body = await backend.monitoring_csv(request.app, periode, van, tot)
    name = f"voormekaar-monitoring-{periode}-{dt.date.today().isoformat()}.csv"
    headers = {**SECURITY_HEADERS, **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return raw(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8", headers=headers)
