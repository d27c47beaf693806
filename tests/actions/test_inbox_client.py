"""The inbox client against a real local HTTP server."""
import pytest

from bot.actions.inbox_client import InboxClient, InboxUnauthorized, InboxUnavailable, is_refused_for_good
from tests.support.stack import free_port


async def test_create_is_idempotent_per_key(inbox):
    client = InboxClient(inbox.url, "service-token")
    first = await client.create_aanmelding({"x": 1}, "key-1")
    again = await client.create_aanmelding({"x": 1}, "key-1")
    assert first == again and first["referentie"] == "VMK-2026-000001"
    assert len(inbox.created) == 1


async def test_server_error_is_unavailable(inbox):
    inbox.down = True
    with pytest.raises(InboxUnavailable):
        await InboxClient(inbox.url, "service-token").create_aanmelding({}, "k")


async def test_nobody_listening_is_unavailable():
    with pytest.raises(InboxUnavailable):
        await InboxClient(f"http://127.0.0.1:{free_port()}", "t").record_uitkomst({})


async def test_slow_inbox_times_out_as_unavailable(inbox):
    inbox.delay = 1.0
    with pytest.raises(InboxUnavailable):
        await InboxClient(inbox.url, "service-token").create_aanmelding({}, "k", timeout=0.2)


async def test_wrong_token_is_unauthorized_and_so_retried_not_rejected(inbox):
    with pytest.raises(InboxUnauthorized) as info:
        await InboxClient(inbox.url, "wrong").create_aanmelding({}, "k")
    assert info.value.status == 401 and isinstance(info.value, InboxUnavailable)


@pytest.mark.parametrize(("status", "for_good"), [(400, True), (404, True), (409, True), (413, True), (415, True),
                                                  (422, True), (401, False), (403, False), (408, False),
                                                  (425, False), (429, False), (500, False), (503, False)])
def test_only_4xx_other_than_auth_and_throttling_are_refused_for_good(status, for_good):
    assert is_refused_for_good(status) is for_good
