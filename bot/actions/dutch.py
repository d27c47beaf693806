"""Dutch wording of dates and voorzieningen (no rules here; routing decides, this only phrases)."""
from __future__ import annotations

from datetime import datetime

DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum(moment: datetime) -> str:
    """'dinsdag 24 november' (B1, no year, no time)."""
    return f"{DAGEN[moment.weekday()]} {moment.day} {MAANDEN[moment.month - 1]}"


def contact_tekst(moment: datetime | None, urgentie: str) -> str:
    if urgentie == "spoed":
        return "Een medewerker belt u vandaag nog."
    if moment is None:
        return "Een medewerker belt u binnen 3 werkdagen."
    return f"Een medewerker van team toegang belt u uiterlijk {datum(moment)}."


def bereik(voorziening) -> str:
    """How to reach a voorziening: phone, walk-in, website (the voice channel drops links itself)."""
    contact = voorziening.contact
    delen = []
    if contact.telefoon:
        delen.append(f"bel {contact.telefoon}")
    if contact.inloop:
        delen.append(f"loop binnen: {contact.inloop}")
    if contact.website:
        delen.append(f"kijk op {contact.website}")
    if not delen and contact.email:
        delen.append(f"mail naar {contact.email}")
    return ("U bereikt ze zo: " + ", ".join(delen) + ".") if delen else ""
