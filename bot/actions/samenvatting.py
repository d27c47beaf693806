"""The read-back: what will be passed on, said before the one question "Klopt dit, en mogen wij uw gegevens zo
bewaren?" (action_ask_toestemming). Two bubbles: the question and its label, then who we call and how.
"""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.common import label
from bot.actions.validators import VOORKEUR_EMAIL, gegeven_email, voorkeur_of, voorkeur_zin

URGENTIE_TEKST = {"spoed": "Dit heeft spoed. ", "hoog": "Dit is dringend. "}
NIET_GENOEMD = "niet genoemd"


def label_tekst(triage: "routing.TriageLabel") -> str:
    """The triage label in plain Dutch: onderwerpen and the law."""
    onderwerpen = ", ".join(routing.onderwerp_label(code) for code in triage.onderwerpen)
    return f"{onderwerpen} ({routing.wet_label(triage.wet)})"


def voorlezen(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Read back the question, its label and the contact details (masked: the slots hold no full number)."""
    triage = label(tracker)
    voorkeur = voorkeur_of(tracker.get_slot(c.SLOT_VOORKEUR), triage.urgentie, tracker.get_slot(c.SLOT_EMAIL))
    dispatcher.utter_message(
        response=c.UTTER_SAMENVATTING_VRAAG,
        vraag=tracker.get_slot(c.SLOT_VRAAG_TEKST) or "-",
        label=label_tekst(triage),
        urgentie_tekst=URGENTIE_TEKST.get(triage.urgentie, ""),
    )
    kern = tracker.get_slot(c.SLOT_KERN)
    dispatcher.utter_message(
        response=c.UTTER_SAMENVATTING_EMAIL if voorkeur == VOORKEUR_EMAIL else c.UTTER_SAMENVATTING,
        email=tracker.get_slot(c.SLOT_EMAIL),
        email_tekst=f" (e-mail: {adres})" if (adres := gegeven_email(tracker.get_slot(c.SLOT_EMAIL))) else "",
        naam=tracker.get_slot(c.SLOT_NAAM) or NIET_GENOEMD,
        kern=kern if kern not in (None, c.KERN_ONBEKEND) else NIET_GENOEMD,
        telefoon=tracker.get_slot(c.SLOT_TELEFOON),
        leeftijd_tekst=f", leeftijd: {leeftijd}" if (leeftijd := tracker.get_slot(c.SLOT_LEEFTIJD)) else "",
        voorkeur=voorkeur_zin(voorkeur),
    )
