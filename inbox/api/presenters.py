"""The API's JSON presenters: an aanmelding, the answer to a creation, an uitkomst."""
from __future__ import annotations

from typing import Any

from inbox.models import Aanmelding, Uitkomst


def created_body(a: Aanmelding) -> dict[str, Any]:
    """The API's answer to a creation (the same for the first call and every repeat)."""
    return {"id": a.id, "referentie": a.referentie, "verwacht_contact_voor": a.verwacht_contact_voor.isoformat()}


def uitkomst_body(u: Uitkomst) -> dict[str, Any]:
    return {"id": u.id, "conversation_id": u.conversation_id, "uitkomst": u.uitkomst,
            "created_at": u.created_at.isoformat()}


def aanmelding_dict(a: Aanmelding) -> dict[str, Any]:
    """Full JSON view (API detail and list)."""
    iso = lambda v: v.isoformat() if v else None  # noqa: E731
    return {
        "id": a.id, "referentie": a.referentie, "status": a.status, "kanaal": a.kanaal, "melder": a.melder,
        "onderwerpen": a.onderwerpen, "wet": a.wet, "urgentie": a.urgentie, "team_advies": a.team_advies,
        "kern": a.kern, "samenvatting": a.samenvatting, "redenen": a.redenen or [],
        "contact": {"naam": a.contact_naam, "telefoon": a.contact_telefoon, "email": a.contact_email,
                    "voorkeur": a.contact_voorkeur},
        "toestemming": {"gegeven": a.toestemming_gegeven, "tekstversie": a.toestemming_tekstversie,
                        "tijdstip": iso(a.toestemming_tijdstip)},
        "professional": None if not (a.professional_organisatie or a.professional_functie
                                     or a.professional_telefoon or a.professional_email) else {
            "organisatie": a.professional_organisatie, "functie": a.professional_functie,
            "telefoon": a.professional_telefoon, "email": a.professional_email},
        "partner": None if not a.partner_soort else {
            "soort": a.partner_soort, "inwoner_akkoord": a.partner_inwoner_akkoord,
            "terugkoppeling_gewenst": a.terugkoppeling_gewenst, "teruggekoppeld_op": iso(a.teruggekoppeld_op),
            "teruggekoppeld_hoe": a.teruggekoppeld_hoe},
        "voorzieningen_aangeboden": a.voorzieningen_aangeboden or [],
        "onderwerp_gok": a.onderwerp_gok or [], "onderwerp_correctie": a.onderwerp_correctie or [],
        "model_versie": a.model_versie,
        "conversation_id": a.conversation_id,
        "transcript": a.transcript, "created_at": iso(a.created_at),
        "verwacht_contact_voor": iso(a.verwacht_contact_voor),
        "wettelijke_termijn": None if not a.wettelijke_termijn_op else {
            "label": a.wettelijke_termijn_label, "uiterlijk": iso(a.wettelijke_termijn_op)},
        "eerste_contact_op": iso(a.eerste_contact_op), "claimed_by": a.claimed_by,
        "toegewezen_aan": a.toegewezen_aan, "doorgezet_naar": a.doorgezet_naar, "doorgezet_op": iso(a.doorgezet_op),
        "uitkomst": a.uitkomst, "afgerond_op": iso(a.afgerond_op), "geanonimiseerd_op": iso(a.geanonimiseerd_op),
    }
