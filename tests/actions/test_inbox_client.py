"""The inbox client against a real local HTTP server."""
import pytest

from bot.actions.inbox_client import InboxClient, InboxRejected, InboxUnavailable
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


async def test_wrong_token_is_rejected_not_retried(inbox):
    with pytest.raises(InboxRejected) as info:
        await InboxClient(inbox.url, "wrong").create_aanmelding({}, "k")
    assert info.value.status == 401
