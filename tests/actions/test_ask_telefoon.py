"""By phone, the callback number offered first is the caller's own, named by its last four digits."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.contact import ActionAskTelefoon, ValidateContactForm
from tests.actions.conftest import make_tracker

BELLER = {"pii": {"beller": "+31612344567", "beller_laatste_cijfers": "4 5 6 7"}}


@pytest.mark.parametrize("metadata, intent, expected", [
    (BELLER, "inform", [{"response": c.UTTER_ASK_TELEFOON_BELLER, "laatste_cijfers": "4 5 6 7"}]),
    (BELLER, "deny", [{"response": c.UTTER_ASK_TELEFOON}]),            # said no to their own number
    ({}, "inform", [{"response": c.UTTER_ASK_TELEFOON}]),              # web chat: no caller number
    ({"pii": {"beller": "anonymous"}}, "inform", [{"response": c.UTTER_ASK_TELEFOON}]),  # withheld number
], ids=["caller-number-offered", "after-no-asks-other-number", "web", "withheld"])
async def test_ask_telefoon_offers_the_callers_own_number_only_by_phone(metadata, intent, expected):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent=intent, text="Jan", metadata=metadata, channel=c.VOICE_CHANNEL)
    events = await ActionAskTelefoon().run(dispatcher, tracker, {})
    assert events == []
    assert [{k: v for k, v in m.items() if k in ("response", "laatste_cijfers")} for m in dispatcher.messages] \
        == expected


def test_no_to_the_callers_own_number_is_not_an_invalid_number():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="deny", text="nee", metadata=BELLER, channel=c.VOICE_CHANNEL)
    assert ValidateContactForm().validate_telefoon("nee", dispatcher, tracker, {}) == {c.SLOT_TELEFOON: None}
    assert dispatcher.messages == []
    assert services.drafts().get_all("gesprek-1") == {}
