"""What to expect, said when it is true (routing/data/verwachtingen.yml).

Before the voorzieningen only what someone must do or know now (vooraf: meld u vandaag bij Fijnder; dit gesprek
is geen bezwaar). Who, when, what and how long only once the aanmelding is really sent: before that, a promise to
call could be broken by a "nee" to consent. Texts per melder and per teamroute; the phone reads the text without
its legal reference, one bubble per passage, in the same order.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import routing
from bot.actions import constants as c
from bot.actions.common import catalog, is_voice, label, onderwerpen

MAX_ONDERWERPEN = 3
TZ = ZoneInfo("Europe/Amsterdam")


def zeg(dispatcher: CollectingDispatcher, tracker: Tracker, bubbels: Iterable["routing.Bubbel"],
        gezegd: list[str] | None = None) -> list[str]:
    """One bubble per message, each idea once; the web shows the legal reference on its own line."""
    gezegd = [] if gezegd is None else gezegd
    for bubbel in bubbels:
        if bubbel.tekst in gezegd:
            continue
        gezegd.append(bubbel.tekst)
        dispatcher.utter_message(response=c.UTTER_VERWACHTING,
                                 tekst=bubbel.tekst if is_voice(tracker) else bubbel.weergave)
    return gezegd


def uitleg(triage: "routing.TriageLabel", code: str, nu: datetime,
           contact: datetime | None = None) -> "routing.Verwachting":
    """The expectation for one onderwerp of this conversation: its team only for the primary onderwerp (the
    aanmelding goes to that team), the others by their own default team."""
    return routing.verwachting(catalog(), code, "toegang", triage.urgentie, created=nu, melder=triage.melder,
                               team=triage.team_advies if code == triage.onderwerp else None, kern=triage.kern,
                               contact=contact)


def na_aanmelding(dispatcher: CollectingDispatcher, tracker: Tracker, nu: datetime,
                  contact: datetime | None = None) -> None:
    """After the referentie: who, when (the inbox's date), what, how long, terugkoppeling and rights of the primary
    onderwerp; of the other onderwerpen only how long (their legal terms)."""
    triage = label(tracker)
    if not triage.doorzetten:
        return
    gezegd = zeg(dispatcher, tracker, uitleg(triage, triage.onderwerp, nu, contact).bubbels)
    for code in triage.also[:MAX_ONDERWERPEN - 1]:
        zeg(dispatcher, tracker, uitleg(triage, code, nu).bubbels_van("hoe_lang"), gezegd)


def gegevens(dispatcher: CollectingDispatcher, tracker: Tracker, nu: datetime) -> None:
    """With the consent question: who else sees the data on this route (Fijnder, Veilig Thuis)."""
    if not onderwerpen(tracker):
        return
    triage = label(tracker)
    if triage.doorzetten:
        zeg(dispatcher, tracker, uitleg(triage, triage.onderwerp, nu).gegevens)


class ActionVerwachting(Action):
    """Right after the details, before the voorzieningen: only what someone must do or know now."""

    def name(self) -> str:
        return c.ACTION_VERWACHTING

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        if tracker.get_slot(c.SLOT_BUITEN_BERKELLAND) or not onderwerpen(tracker):
            return []
        triage = label(tracker)
        nu = datetime.now(TZ)
        gezegd: list[str] = []
        for code in triage.onderwerpen[:MAX_ONDERWERPEN]:
            zeg(dispatcher, tracker, uitleg(triage, code, nu).vooraf, gezegd)
        return [SlotSet(c.SLOT_URGENTIE, triage.urgentie)]
