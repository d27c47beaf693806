"""The actions on the detail page, one table: form verb → service verb (its roles come from services.policy) → the
form's parser → the workflow use case and the text shown after it. The parsers check what the form must hold (a
choice made, a text written) with Dutch messages per field; the service checks codes and the status flow."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from inbox.services import policy, workflow
from inbox.web import labels

TEKST_MAX = 10_000
Aanroep = tuple[tuple[Any, ...], dict[str, Any]]  # the use case's arguments after (session, user, aanmelding_id)


class FormulierFout(Exception):
    """The form is not filled in well enough to call the service; velden: field → Dutch message."""

    def __init__(self, velden: dict[str, str]) -> None:
        super().__init__(", ".join(velden))
        self.velden = velden


@dataclass(frozen=True)
class Actie:
    verb: str                                      # the service's verb: policy.ACTIES, history and audit
    run: Callable[..., Any]                        # the workflow use case
    parse: Callable[[dict[str, Any]], Aanroep]     # form fields → its arguments; raises FormulierFout
    succes: str
    lijsten: tuple[str, ...] = ()                  # fields a form sends several times (checkboxes): lists
    rollen: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rollen", policy.ACTIES[self.verb])  # an unknown verb fails at import

    def uit_formulier(self, form: Any) -> dict[str, Any]:
        """The submitted form (name → values, as Sanic parses it) as this action's fields: the first value of
        each, a list for the fields in lijsten (empty when nothing was checked)."""
        form = form or {}
        data: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in form
                                if k != "csrf_token" and k not in self.lijsten}
        for k in self.lijsten:
            data[k] = [str(v).strip() for v in (form.getlist(k) if k in form else [])]
        return data

    def formulier(self, data: dict[str, Any]) -> Aanroep:
        """The form's fields → the use case's arguments, or FormulierFout with every field that is wrong."""
        velden: dict[str, str] = {}
        aanroep: Aanroep | None = None
        try:
            aanroep = self.parse(data)
        except FormulierFout as fout:
            velden.update(fout.velden)
        for key, value in data.items():
            if any(len(v) > TEKST_MAX for v in (value if isinstance(value, list) else [value])):
                velden[key] = "Deze tekst is te lang (maximaal 10.000 tekens)."
        if velden or aanroep is None:
            raise FormulierFout(velden)
        return aanroep


def _check(velden: dict[str, str]) -> None:
    if velden:
        raise FormulierFout(velden)


def _when(date_text: str) -> dt.datetime:
    """A date from a form as midday Amsterdam time (a moment on that day, in UTC); today: now."""
    from inbox.web.render import TZ

    d = dt.date.fromisoformat(date_text)
    now = dt.datetime.now(TZ)
    if d == now.date():
        return now.astimezone(dt.timezone.utc)
    return dt.datetime(d.year, d.month, d.day, 12, 0, tzinfo=TZ).astimezone(dt.timezone.utc)


def _hoe(data: dict[str, str]) -> str:
    return labels.CONTACT_MANIEREN.get(data["wijze"], data["wijze"]).lower()


def _oppakken(data: dict[str, str]) -> Aanroep:
    return (), {}


def _toewijzen(data: dict[str, str]) -> Aanroep:
    _check({} if data.get("behandelaar") else {"behandelaar": "Kies een collega."})
    return (data["behandelaar"],), {}


def _contact(data: dict[str, str]) -> Aanroep:
    v: dict[str, str] = {}
    if data.get("wijze") not in labels.CONTACT_MANIEREN:
        v["wijze"] = "Kies hoe u contact had."
    if data.get("bereikt") not in ("ja", "nee"):
        v["bereikt"] = "Geef aan of u de inwoner heeft bereikt."
    _check(v)
    hoe = _hoe(data) + (", bereikt" if data["bereikt"] == "ja" else ", niet bereikt")
    return (), {"hoe": hoe, "notitie": data.get("notitie") or None}


def _label(data: dict[str, Any]) -> Aanroep:
    v: dict[str, str] = {}
    if data.get("onderwerp") not in labels.ONDERWERPEN:
        v["onderwerp"] = "Kies een onderwerp."
    if data.get("wet") not in labels.WETTEN:
        v["wet"] = "Kies een wet."
    if data.get("urgentie") not in labels.URGENTIES:
        v["urgentie"] = "Kies een urgentie."
    ook = data.get("onderwerpen_ook") or []
    if any(o not in labels.ONDERWERPEN for o in ook):
        v["onderwerpen_ook"] = "Kies alleen onderwerpen uit de lijst."
    if not data.get("reden"):
        v["reden"] = "Schrijf kort waarom het label verandert."
    _check(v)
    # the form shows the extra onderwerpen checked: what comes back is the complete new label
    return (), {"onderwerp": data["onderwerp"], "onderwerpen_ook": list(ook), "wet": data["wet"],
                "urgentie": data["urgentie"], "reden": data.get("reden")}


def _notitie(data: dict[str, str]) -> Aanroep:
    _check({} if data.get("tekst") else {"tekst": "Schrijf een notitie."})
    return (data["tekst"],), {}


def _doorzetten(data: dict[str, str]) -> Aanroep:
    v: dict[str, str] = {}
    if data.get("team") not in labels.DOORZET_TEAMS:
        v["team"] = "Kies het team waar de aanmelding naartoe gaat."
    if not data.get("overdracht"):
        v["overdracht"] = "Schrijf een overdrachtsnotitie voor het team."
    _check(v)
    return (data["team"], data["overdracht"]), {}


def _afsluiten(data: dict[str, str]) -> Aanroep:
    _check({} if data.get("uitkomst") in labels.UITKOMSTEN else {"uitkomst": "Kies een uitkomst."})
    return (data["uitkomst"],), {"toelichting": data.get("toelichting") or None}


def _heropenen(data: dict[str, str]) -> Aanroep:
    return (), {"reden": data.get("reden") or None}


def _terugkoppeling(data: dict[str, str]) -> Aanroep:
    v: dict[str, str] = {}
    if not data.get("datum"):
        v["datum"] = "Vul de datum in waarop u heeft teruggekoppeld."
    else:
        try:
            dt.date.fromisoformat(data["datum"])
        except ValueError:
            v["datum"] = "Vul de datum in als jjjj-mm-dd, bijvoorbeeld 2026-11-24."
    if data.get("wijze") not in labels.CONTACT_MANIEREN:
        v["wijze"] = "Kies hoe u heeft teruggekoppeld."
    _check(v)
    hoe = _hoe(data)
    if data.get("toelichting"):
        hoe = f"{hoe}: {data['toelichting']}"[:200]
    return (_when(data["datum"]), hoe), {}


ACTIES: dict[str, Actie] = {
    "oppakken": Actie("claim", workflow.claim, _oppakken, "U heeft deze aanmelding opgepakt."),
    "toewijzen": Actie("assign", workflow.assign, _toewijzen, "De aanmelding is toegewezen."),
    "contact": Actie("log_contact", workflow.log_contact, _contact, "Het contact is vastgelegd."),
    "label": Actie("change_label", workflow.change_label, _label, "Het label is gewijzigd. Het oude label is bewaard.",
                   lijsten=("onderwerpen_ook",)),
    "notitie": Actie("add_note", workflow.add_note, _notitie, "De notitie is toegevoegd."),
    "doorzetten": Actie("doorzetten", workflow.doorzetten, _doorzetten, "De aanmelding is doorgezet."),
    "afsluiten": Actie("close", workflow.close, _afsluiten, "De aanmelding is afgesloten."),
    "heropenen": Actie("reopen", workflow.reopen, _heropenen, "De aanmelding is heropend."),
    "terugkoppeling": Actie("terugkoppeling", workflow.record_terugkoppeling, _terugkoppeling,
                            "De terugkoppeling aan de partner is vastgelegd."),
}


def voor_rol(rol: str | None) -> set[str]:
    """The form verbs this role is offered on the detail page."""
    return {naam for naam, actie in ACTIES.items() if rol in actie.rollen}
