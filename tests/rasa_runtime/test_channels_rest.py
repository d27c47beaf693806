"""The private REST channel: bearer token, masking, size limit, kanaal metadata."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.voordeur import texts
from bot.voordeur.channels.rest import PrivateRestInput
from bot.voordeur.config import channel_settings

TOKEN = "rest-geheim"


def _post(run, channel_server, body: Any, headers: dict | None = None, channel: PrivateRestInput | None = None,
          fail: bool = False):
    start, stop = channel_server
    channel = channel or PrivateRestInput(token=TOKEN)

    async def go():
        srv, server = await start([channel])
        srv.agent.fail = fail
        try:
            async with aiohttp.ClientSession() as http:
                kwargs = {"data": body} if isinstance(body, str) else {"json": body}
                r = await http.post(f"{srv.url}/webhooks/rest/webhook",
                                    headers=headers if headers is not None else {"Authorization": f"Bearer {TOKEN}"},
                                    **kwargs)
                return r.status, await r.json(), srv.agent.messages
        finally:
            await stop(server)

    return run(go())


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer fout"}, {"Authorization": f"Basic {TOKEN}"},
                                     {"Authorization": TOKEN}, {"Authorization": "Bearer "}])
def test_requests_without_the_right_bearer_token_are_refused(run, channel_server, headers):
    status, body, seen = _post(run, channel_server, {"sender": "a", "message": "hallo"}, headers=headers)
    assert status == 401 and seen == []


def test_token_in_the_url_is_not_accepted(run, channel_server):
    start, stop = channel_server

    async def go():
        srv, server = await start([PrivateRestInput(token=TOKEN)])
        try:
            async with aiohttp.ClientSession() as http:
                r = await http.post(f"{srv.url}/webhooks/rest/webhook?token={TOKEN}", json={"sender": "a", "message": "x"})
                return r.status
        finally:
            await stop(server)

    assert run(go()) == 401


def test_without_a_configured_token_everything_is_refused(run, channel_server):
    channel = PrivateRestInput(token=None, settings=replace(channel_settings(), rest_token=None))
    status, _, seen = _post(run, channel_server, {"sender": "a", "message": "hallo"},
                            headers={"Authorization": "Bearer "}, channel=channel)
    assert status == 401 and seen == []


def test_message_is_masked_with_kanaal_test_by_default(run, channel_server):
    status, body, seen = _post(run, channel_server, {"sender": "t-1", "message": "bel 0612345678 bsn 111222333"})
    assert status == 200
    assert body == [{"recipient_id": "t-1", "text": "echo: bel [telefoonnummer] bsn [BSN verwijderd]"}]
    assert seen[0].metadata == {"kanaal": "test", "bsn_gemaskeerd": True,
                                "pii": {"telefoon": ["0612345678"], "email": []}}
    assert seen[0].input_channel == "rest"


def test_caller_may_set_kanaal_but_not_smuggle_pii(run, channel_server):
    _, _, seen = _post(run, channel_server, {"sender": "t-1", "message": "hallo",
                                             "metadata": {"kanaal": "web", "pii": {"telefoon": ["x"]}}})
    assert seen[0].metadata == {"kanaal": "web", "bsn_gemaskeerd": False}


@pytest.mark.parametrize(
    "message, reply",
    [("x" * 10_000, texts.TE_LANG.format(max=2000)), ("", texts.LEEG), ("  \n ", texts.LEEG), (None, texts.ONGELDIG),
     (42, texts.ONGELDIG)],
)
def test_bad_input_gets_a_dutch_reply_without_reaching_rasa(run, channel_server, message, reply):
    status, body, seen = _post(run, channel_server, {"sender": "t-1", "message": message})
    assert status == 200 and body == [{"recipient_id": "t-1", "text": reply}] and seen == []


def test_exactly_the_limit_is_accepted(run, channel_server):
    status, _, seen = _post(run, channel_server, {"sender": "t-1", "message": "a" * 2000})
    assert status == 200 and len(seen) == 1


@pytest.mark.parametrize("body", ["{niet json", [1, 2], {"message": "hallo"}, {"sender": "x" * 200, "message": "h"}])
def test_malformed_requests_get_400(run, channel_server, body):
    status, _, seen = _post(run, channel_server, body)
    assert status == 400 and seen == []


def test_a_failing_turn_answers_in_dutch_instead_of_500(run, channel_server):
    status, body, _ = _post(run, channel_server, {"sender": "t-1", "message": "hallo"}, fail=True)
    assert status == 200 and body == [{"recipient_id": "t-1", "text": texts.STORING}]
