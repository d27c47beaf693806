"""The beheerder sees the open aanmeldingen whose retention period expired (codes and dates, no personal data),
and the monitoring page counts them."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest_inbox import *  # noqa: F401,F403
from tests.browser.conftest_inbox import http_login, start_inbox
from tests.inbox.conftest import Actor

pytestmark = [pytest.mark.e2e]


def test_the_beheerder_sees_which_open_aanmeldingen_will_be_anonymised(tmp_path):
    from inbox.db import make_engine, make_sessionmaker
    from inbox.services import retention, users, workflow

    inbox = start_inbox(tmp_path / "inbox")
    try:
        inbox.make_user("beheer1", "beheerder")
        vergeten = inbox.seed(samenvatting="Vergeten vraag van Jan", contact={"naam": "Jan Vergeten",
                                                                             "telefoon": "+31612345678"})
        afgerond = inbox.seed(samenvatting="Afgeronde vraag")
        engine = make_engine(inbox.env["DATABASE_URL"])
        with make_sessionmaker(engine)() as s:
            users.create_user(s, "toegang1", "toegang", wie="tests")
            workflow.close(s, Actor("toegang1", "toegang"), afgerond["id"], "geen_vervolg_nodig")
            retention.expire_open(s, 12, 30, now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=400))
        engine.dispose()
        beheerder = http_login(inbox, "beheer1")
        page = beheerder.get("/beheer/bewaartermijn")
        monitoring = beheerder.get("/monitoring").text
        beheerder.close()
    finally:
        inbox.stop()
    assert page.status_code == 200
    assert vergeten["referentie"] in page.text and afgerond["referentie"] not in page.text
    assert "1 aanmelding met een verlopen bewaartermijn" in page.text
    assert "Jan Vergeten" not in page.text and "Vergeten vraag" not in page.text and "0612345678" not in page.text
    assert '<a href="/beheer/bewaartermijn">1</a>' in monitoring
