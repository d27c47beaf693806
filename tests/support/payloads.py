"""Request bodies in the real format, shared by the inbox's HTTP, service and browser tests."""
from __future__ import annotations

import secrets
from typing import Any


def aanmelding_body(**overrides: Any) -> dict:
    """A valid POST /api/v1/aanmeldingen body as the action server sends it; overrides replace top-level keys."""
    base = {
        "kanaal": "web", "melder": "inwoner", "onderwerpen": ["huishoudelijke_hulp"], "wet": "wmo",
        "urgentie": "normaal", "team_advies": "frontteam_neede", "kern": "Neede",
        "samenvatting": "Ik kan het huishouden niet meer bijhouden sinds mijn operatie.",
        "redenen": ["onderwerp huishoudelijke_hulp uit de vraag", "kern Neede uit postcode 7161"],
        "contact": {"naam": "Jan Jansen", "telefoon": "+31612345678", "email": None, "voorkeur": "ochtend"},
        "toestemming": {"gegeven": True, "tekstversie": "2026-11-v1", "tijdstip": "2026-11-24T10:00:00+01:00"},
        "professional": None, "voorzieningen_aangeboden": ["dorpskamer"],
        "conversation_id": f"conv-{secrets.token_hex(6)}",
        "transcript": [{"van": "inwoner", "tekst": "Ik kan niet meer schoonmaken", "tijd": "2026-11-24T10:00:00+01:00"},
                       {"van": "assistent", "tekst": "Dat is vervelend. In welke plaats woont u?", "tijd": None}],
        "partner": None,
    }
    base.update(overrides)
    return base
