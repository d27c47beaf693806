"""The model version that labelled an aanmelding (migration 0011): stored, returned by the API as `model_versie`,
shown on the aanmelding's page, and the monitoring splits its figures per model version."""
from __future__ import annotations

import secrets

import httpx
import pytest

from inbox import schemas
from inbox.api import presenters
from inbox.errors import Ongeldig
from inbox.models import Aanmelding
from inbox.services import monitoring, workflow
from tests.inbox.conftest import body
from tests.inbox.test_accounts_http import client, login, make_user, srv  # noqa: F401 - srv is a fixture
from tests.inbox.test_services import make

OUD, NIEUW = "3f9a1c0de2b84f6a9d7e5c4b3a291807", "b6e0d2f4a8c14e3f9b7d5a1c2e4f6a80"  # Rasa model_ids (uuid4 hex)


def test_the_model_version_is_stored_and_presented(Session):
    a = make(Session, model_versie=NIEUW)
    with Session() as s, s.begin():
        assert presenters.aanmelding_dict(s.get(Aanmelding, a.id))["model_versie"] == NIEUW


def test_an_aanmelding_from_an_older_action_server_has_no_model_version(Session):
    a = make(Session)
    with Session() as s, s.begin():
        assert presenters.aanmelding_dict(s.get(Aanmelding, a.id))["model_versie"] is None


@pytest.mark.parametrize("waarde", ["", "model met spaties", "x" * 65, "<script>"])
def test_a_model_version_that_is_no_identifier_is_refused(waarde):
    with pytest.raises(Ongeldig) as exc:
        schemas.parse(schemas.models()[0], body(model_versie=waarde))
    assert "model_versie" in exc.value.velden


def test_monitoring_splits_aanmeldingen_per_model_version(Session, toegang):
    oud_1, _ = make(Session, model_versie=OUD), make(Session, model_versie=OUD, urgentie="spoed",
                                                     onderwerpen=["veiligheid"], wet="overig")
    make(Session, model_versie=NIEUW, onderwerp_gok=["huishoudelijke_hulp"], onderwerp_correctie=["hulpmiddelen"],
         onderwerpen=["hulpmiddelen"])
    make(Session)
    with Session() as s:
        workflow.change_label(s, toegang, oud_1.id, onderwerp="mantelzorg", urgentie="normaal", reden="mantelzorg")
        workflow.change_label(s, toegang, oud_1.id, onderwerp="vervoer", urgentie="normaal", reden="toch vervoer")
    with Session() as s:
        figures = monitoring.statistieken(s, periode="week")
    assert figures["totaal"]["per_model_versie"] == {
        OUD: {"aanmeldingen": 2, "gecorrigeerd_door_inwoner": 0, "label_gewijzigd": 1, "spoed": 1},
        NIEUW: {"aanmeldingen": 1, "gecorrigeerd_door_inwoner": 1, "label_gewijzigd": 0, "spoed": 0},
        "onbekend": {"aanmeldingen": 1, "gecorrigeerd_door_inwoner": 0, "label_gewijzigd": 0, "spoed": 0},
    }
    assert sum(p["per_model_versie"][OUD]["aanmeldingen"] for p in figures["perioden"]) == 2
    assert f"totaal;per_model_versie.{OUD}.label_gewijzigd;1" in monitoring.to_csv(figures)


def test_the_api_the_page_and_the_monitoring_show_the_model_version(srv):  # noqa: F811
    created = srv.post(body(model_versie=NIEUW), secrets.token_hex(8))
    older = srv.post(body(), secrets.token_hex(8))
    assert created.status_code == older.status_code == 201, created.text
    got = httpx.get(f"{srv.url}/api/v1/aanmeldingen/{created.json()['id']}", headers=srv.read()).json()
    assert got["model_versie"] == NIEUW
    listed = httpx.get(f"{srv.url}/api/v1/aanmeldingen", headers=srv.read()).json()["items"]
    assert {a["model_versie"] for a in listed} == {NIEUW, None}
    refused = srv.post(body(model_versie="het nieuwe model"), secrets.token_hex(8))
    assert refused.status_code == 422 and "model_versie" in refused.json()["velden"]

    c = client(srv)
    login(c, "tina", make_user(srv, "tina"))
    page = c.get(f"/aanmeldingen/{created.json()['id']}").text
    assert f'<dd id="model-versie"><code>{NIEUW}</code></dd>' in page
    assert "onbekend (van voor de modelversie werd bewaard)" in c.get(f"/aanmeldingen/{older.json()['id']}").text
    monitoring_page = c.get("/monitoring").text
    tabel = monitoring_page[monitoring_page.index('id="tabel-modelversie"'):]
    tabel = tabel[:tabel.index("</table>")]
    assert f"<code>{NIEUW}</code></th><td>1</td>" in tabel and "onbekend</th><td>1</td>" in tabel


def test_the_openapi_document_describes_model_versie(srv):  # noqa: F811
    spec = httpx.get(f"{srv.url}/api/v1/openapi.json").json()
    schema = spec["paths"]["/api/v1/aanmeldingen"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["model_versie"]["maxLength"] == 64 and schema["properties"]["model_versie"]["nullable"]
    detail = spec["paths"]["/api/v1/aanmeldingen/{aanmelding_id}"]["get"]["responses"]["200"]
    assert "model_versie" in detail["content"]["application/json"]["schema"]["required"]
