"""Partner option: what a professional gives (inside contact_form when melder=professional)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c


def is_partner(tracker: Tracker) -> bool:
    return tracker.get_slot(c.SLOT_MELDER) == "professional"


def soort(value: str) -> str | None:
    """signaal | ondersteuningsvraag | overleg from a button or free words."""
    text = (value or "").lower()
    for code, woorden in (("overleg", ("overleg", "anoniem", "zonder naam")), ("signaal", ("signaal", "zorg")),
                          ("ondersteuningsvraag", ("ondersteuning", "verzoek", "aanvraag", "hulp"))):
        if any(w in text for w in woorden):
            return code
    return None


def validate_inwoner_akkoord(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
    """Without the inwoner's agreement only anonymous consultation (overleg) is possible."""
    if value is True:
        return {c.SLOT_INWONER_AKKOORD: True}
    dispatcher.utter_message(response=c.UTTER_ALLEEN_ANONIEM_OVERLEG)
    return {c.SLOT_INWONER_AKKOORD: False, c.SLOT_PARTNER_SOORT: "overleg"}


def partner_velden(tracker: Tracker, draft: dict[str, str]) -> dict[str, Any]:
    """`professional` and `partner` of the aanmelding body (None for inwoners and naasten)."""
    if not is_partner(tracker):
        return {"professional": None, "partner": None}
    return {
        "professional": {"organisatie": tracker.get_slot(c.SLOT_ORGANISATIE), "functie": tracker.get_slot(c.SLOT_FUNCTIE),
                         "telefoon": draft.get("telefoon"), "email": draft.get("email")},
        # Without the inwoner's agreement only anonymous overleg, however the soort was answered.
        "partner": {"soort": (tracker.get_slot(c.SLOT_PARTNER_SOORT) if tracker.get_slot(c.SLOT_INWONER_AKKOORD)
                              else None) or "overleg",
                    "inwoner_akkoord": bool(tracker.get_slot(c.SLOT_INWONER_AKKOORD)),
                    "terugkoppeling_gewenst": True},
    }
