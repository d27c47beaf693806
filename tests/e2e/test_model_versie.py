"""Every aanmelding names the model that labelled it: Rasa's model_id, through Rasa, the action server and the
inbox as real processes."""
from __future__ import annotations

import httpx
import pytest

from benchmarks.conversations import SCRIPTS
from tests.e2e.helpers import Chat

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_aanmelding_records_the_model_id_of_the_loaded_model(stack, sender):
    chat = Chat(stack, sender)
    chat.run(SCRIPTS["wmo_routed"])
    [a] = chat.aanmeldingen()
    status = httpx.get(f"{stack.rasa_url}/status", headers=stack.rasa_api_headers(), timeout=30).json()
    assert a["model_versie"] and a["model_versie"] == status["model_id"], chat.transcript()
