"""Modelpoort: the latest `make gate` report, for the beheerder (no personal data: test lines and figures)."""
from __future__ import annotations

from pathlib import Path

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from inbox.services import modelpoort
from inbox.web.base import render, requires

bp = Blueprint("web_modelpoort")
CONTROLES = {"onderwerp_accuracy": "Onderwerp goed herkend", "spoed_behouden": "Gevaar (spoed) herkend",
             "spoed_precisie": "Spoed terecht (geen vals alarm bij bijna-gevaar)"}
SETS = {"heldout": "Eigen testset", "onafhankelijk": "Onafhankelijke testset, ronde 1",
        "ronde2": "Onafhankelijke testset, ronde 2", "veiligheid": "Veiligheidsset"}


@bp.get("/beheer/modelpoort")
@requires("beheerder", "trainer")
async def modelpoort_pagina(request: Request) -> HTTPResponse:
    rapport = modelpoort.laatste(Path(request.app.ctx.config.gate_report))
    return render(request, "modelpoort.html", r=rapport.data, probleem=rapport.probleem, controles=CONTROLES,
                  sets=SETS)
