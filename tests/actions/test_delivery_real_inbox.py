"""The aanmelding and uitkomst bodies the actions build are accepted by the real inbox (contract test)."""
from __future__ import annotations

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import constants as c
from bot.actions import services
from bot.actions.aanmelding import ActionAanmeldingVersturen
from bot.actions.voorzieningen import ActionVoorzieningenAntwoord
from tests.actions.conftest import make_tracker
from tests.actions.test_actions import ROUTED
from tests.inbox.conftest import start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_inbox(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("inbox-var")
    server = start_server(var_dir, f"sqlite:///{var_dir / 'inbox.sqlite3'}")
    yield server
    stop_server(server)


@pytest.fixture
def wired(real_inbox, monkeypatch):
    monkeypatch.setenv("INBOX_URL", real_inbox.url)
    monkeypatch.setenv("INBOX_SERVICE_TOKEN", real_inbox.service_token)
    monkeypatch.setenv("VOORDEUR_INBOX_INLINE_TIMEOUT", "10")
    services.reset()
    return real_inbox


async def test_routed_conversation_creates_exactly_one_aanmelding_with_its_label(wired):
    services.drafts().put("real-1", "telefoon", "+31612345678")
    tracker = make_tracker(slots=ROUTED, sender_id="real-1")
    dispatcher = CollectingDispatcher()
    await ActionAanmeldingVersturen().run(dispatcher, tracker, {})
    await ActionAanmeldingVersturen().run(CollectingDispatcher(), tracker, {})
    assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_REFERENTIE
    assert dispatcher.messages[0]["referentie"].startswith("VMK-")
    rows = httpx.get(f"{wired.url}/api/v1/aanmeldingen", params={"conversation_id": "real-1"},
                     headers=wired.read()).json()
    items = rows["items"] if isinstance(rows, dict) else rows
    assert len(items) == 1
    assert items[0]["wet"] == "wmo" and items[0]["team_advies"] == "frontteam_neede"


async def test_uitkomst_is_accepted(wired):
    tracker = make_tracker(slots={c.SLOT_ONDERWERPEN: ["mantelzorg"], c.SLOT_KERN: "Neede",
                                  c.SLOT_VOORZIENINGEN_VRAAG: "helpt"}, sender_id="real-2")
    await ActionVoorzieningenAntwoord().run(CollectingDispatcher(), tracker, {})
    assert services.outbox().get("uitkomst:real-2:verwezen_voorliggend_veld").status == "delivered"


async def test_partner_aanmelding_is_accepted_with_professional_and_partner(wired):
    from tests.actions.test_actions import PARTNER

    services.drafts().put("real-3", "telefoon", "+31544123456")
    dispatcher = CollectingDispatcher()
    await ActionAanmeldingVersturen().run(dispatcher, make_tracker(slots=PARTNER, sender_id="real-3"), {})
    assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_REFERENTIE


async def test_very_long_messages_still_make_a_valid_aanmelding(wired):
    services.drafts().put("real-4", "telefoon", "+31612345678")
    lang = {**ROUTED, c.SLOT_VRAAG_TEKST: "x" * 9000 + " / " + "y" * 9000}
    dispatcher = CollectingDispatcher()
    await ActionAanmeldingVersturen().run(dispatcher, make_tracker(slots=lang, sender_id="real-4", text="z" * 10000), {})
    assert dispatcher.messages[0]["response"] == c.UTTER_AANMELDING_REFERENTIE
