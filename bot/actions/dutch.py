"""Dutch wording of the contact moment (no rules here; routing decides, this only phrases; voorzieningen are
phrased by routing.voorziening_tekst)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from routing.text import datum

TZ = ZoneInfo("Europe/Amsterdam")

__all__ = ["datum", "contact_tekst"]


def contact_tekst(moment: datetime | None, urgentie: str, nu: datetime | None = None) -> str:
    """When a medewerker calls: routing's deadline as a day; 'vandaag nog' only when that day is today (a spoed
    aanmelding at 16:55 on a Friday is called on Monday)."""
    if moment is None:
        return "Een medewerker belt u binnen 3 werkdagen."
    if moment.tzinfo is not None:
        moment = moment.astimezone(TZ)
    nu = nu or datetime.now(TZ)
    if nu.tzinfo is not None:
        nu = nu.astimezone(TZ)
    if moment.date() == nu.date():
        return f"Een medewerker belt u vandaag nog, voor {moment:%H.%M} uur."
    return f"Een medewerker van Voormekaar belt u uiterlijk {datum(moment)}."
