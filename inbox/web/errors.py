"""Dutch error pages for the staff pages. create_app's one error handler calls app.ctx.error_page for every
path outside /api/; the API keeps its JSON shape."""
from __future__ import annotations

import logging

from sanic import Request, Sanic
from sanic.response import HTTPResponse

from inbox.web.base import error_page

logger = logging.getLogger(__name__)

TITELS = {
    400: "Er ging iets mis", 401: "Log eerst in", 403: "Geen toegang", 404: "Pagina niet gevonden",
    405: "Dit kan niet", 413: "Te veel tekst", 422: "Niet goed ingevuld", 429: "Even geduld",
}


async def page(request: Request, status: int, fout: str, velden: dict) -> HTTPResponse:
    if status == 404:
        melding = "Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina."
    elif status >= 500:
        status = 500
        melding = ("Er is aan onze kant iets misgegaan. Uw laatste wijziging is mogelijk niet opgeslagen. Probeer het "
                   "over een paar minuten opnieuw. Blijft het misgaan? Meld het bij de beheerder.")
    else:
        melding = fout
    return error_page(request, status, TITELS.get(status, "Er ging iets mis aan onze kant"), melding)


def install_error_pages(app: Sanic) -> None:
    app.ctx.error_page = page
