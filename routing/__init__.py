"""routing: the pure domain of the Voormekaar front door (triage, safety net, kernen, voorzieningen, verwachtingen).

Pure Python (stdlib + PyYAML; phonenumbers imported lazily). Imports on Python 3.10 and 3.11.
The loader is the only I/O; see docs/architecture.md for the contract.
"""
from .eerste_bericht import MAX_ALTERNATIEVEN, EersteBericht, eerste_bericht, kandidaten, leeftijd_uit_tekst, onderwerp_ranking
from .antwoorden import Antwoorden, default_antwoorden, lees_antwoord, load_antwoorden, tevredenheid_score
from .errors import RoutingConfigError
from .herstel import Herstel, Uitweg, default_herstel, herstel_stap, is_weet_niet, load_herstel
from .kernen import frontteam_voor, resolve_kern
from .melder import detect_melder
from .labels import (
    medewerker_label,
    melder_label,
    onderwerp_label,
    team_label,
    urgentie_label,
    voorziening_naam,
    wet_label,
)
from .loader import DEFAULT_DATA_DIR, default_catalog, load_catalog
from .model import (
    Buurgemeente,
    Catalog,
    Contact,
    Feiten,
    Kern,
    KernResult,
    Onderwerp,
    SafetySignal,
    TriageLabel,
    Verwachting,
    Voorziening,
)
from .privacy import (
    BSN_PLACEHOLDER,
    EMAIL_ADRES,
    find_emails,
    find_phones,
    is_bsn,
    is_email,
    mask_bsn,
    mask_pii,
    normalise_phone,
)
from .safety import HOGE_URGENTIE_LABELS, detect_danger, detect_dangers, detect_hoge_urgentie, without_negated_danger
from .text import normalise
from .triage import keywords_onderwerpen, triage
from .verwachtingen import add_werkdagen, contact_deadline, feestdagen, is_werkdag, verwachting, wettelijke_termijn
from .voorzieningen import (
    behoeften_in,
    niet_geverifieerd,
    voorziening,
    voorziening_tekst,
    voorzieningen_voor,
    voorzieningen_voor_vraag,
)
from .vragen import Vragen, default_vragen, load_vragen, vragen_voor

__all__ = [
    "Antwoorden",
    "default_antwoorden",
    "lees_antwoord",
    "load_antwoorden",
    "tevredenheid_score",
    "Herstel",
    "MAX_ALTERNATIEVEN",
    "Uitweg",
    "default_herstel",
    "herstel_stap",
    "is_weet_niet",
    "load_herstel",
    "BSN_PLACEHOLDER",
    "EMAIL_ADRES",
    "Buurgemeente",
    "Catalog",
    "Contact",
    "EersteBericht",
    "DEFAULT_DATA_DIR",
    "Feiten",
    "HOGE_URGENTIE_LABELS",
    "Kern",
    "KernResult",
    "Onderwerp",
    "RoutingConfigError",
    "SafetySignal",
    "TriageLabel",
    "Verwachting",
    "Voorziening",
    "Vragen",
    "add_werkdagen",
    "behoeften_in",
    "niet_geverifieerd",
    "voorziening_tekst",
    "voorzieningen_voor_vraag",
    "contact_deadline",
    "default_catalog",
    "default_vragen",
    "detect_danger",
    "detect_dangers",
    "detect_hoge_urgentie",
    "detect_melder",
    "eerste_bericht",
    "feestdagen",
    "find_emails",
    "find_phones",
    "frontteam_voor",
    "is_bsn",
    "is_email",
    "is_werkdag",
    "kandidaten",
    "leeftijd_uit_tekst",
    "keywords_onderwerpen",
    "load_catalog",
    "load_vragen",
    "mask_bsn",
    "mask_pii",
    "medewerker_label",
    "melder_label",
    "voorziening_naam",
    "normalise",
    "normalise_phone",
    "onderwerp_ranking",
    "onderwerp_label",
    "resolve_kern",
    "team_label",
    "triage",
    "urgentie_label",
    "verwachting",
    "voorziening",
    "voorzieningen_voor",
    "vragen_voor",
    "wet_label",
    "wettelijke_termijn",
    "without_negated_danger",
]
