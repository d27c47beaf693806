"""Frozen value objects of the routing domain (compare by value, no behaviour beyond small helpers)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Dict, Mapping, Optional, Tuple

__all__ = [
    "Onderwerp",
    "Kern",
    "Buurgemeente",
    "Contact",
    "Voorziening",
    "Behoefte",
    "Termijn",
    "Bubbel",
    "RouteTekst",
    "Verwachtingen",
    "Catalog",
    "Feiten",
    "TriageLabel",
    "SafetySignal",
    "KernResult",
    "Verwachting",
]


@dataclass(frozen=True)
class Onderwerp:
    code: str
    label: str
    wet: Optional[str]  # None: "volgt uit de situatie" (veiligheid, lopende_aanvraag, klacht_bezwaar)
    omvat: str
    team_advies: Optional[str]  # a team code, "frontteam", or None (niet doorzetten)
    team_bij_signaal: Mapping[str, str] = field(default_factory=dict)  # safety categorie -> team
    urgentie: Optional[str] = None  # minimum urgentie for this onderwerp (veiligheid: spoed)
    synoniemen: Tuple[str, ...] = ()
    verdringt: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Kern:
    naam: str
    frontteam: str
    postcodes: Tuple[Tuple[int, int], ...]  # inclusive 4-digit ranges
    synoniemen: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Buurgemeente:
    naam: str
    postcodes: Tuple[Tuple[int, int], ...]
    telefoon: str
    website: str
    plaatsen: Tuple[str, ...] = ()  # the gemeente's own name and its villages, as people name where they live


@dataclass(frozen=True)
class Contact:
    telefoon: Optional[str] = None
    website: Optional[str] = None
    email: Optional[str] = None
    inloop: Optional[str] = None
    adres: Optional[str] = None


@dataclass(frozen=True)
class Voorziening:
    code: str
    naam: str
    wat: str
    onderwerpen: Tuple[str, ...]
    kernen: Tuple[str, ...]  # empty tuple = alle kernen
    contact: Contact
    kosten: str
    zwaarte: int  # 1 = lightest
    behoeften: Tuple[str, ...] = ()  # the needs it meets (codes of Catalog.behoeften); they decide the order
    geverifieerd: bool = False  # False: its telefoon, inloop and adres are not shown as fact
    vraag_naar: str = ""  # what to ask for at the gemeente's number when its own data is not verified

    @property
    def alle_kernen(self) -> bool:
        return not self.kernen


@dataclass(frozen=True)
class Behoefte:
    """A need a voorziening meets: the words that name it in a message, and the onderwerpen that imply it."""

    code: str
    woorden: Tuple[str, ...] = ()  # normalised (routing.text.normalise), matched as whole words
    onderwerpen: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Termijn:
    code: str
    label: str
    basis: str  # the source, in the bron format (e.g. "Wmo 2015 art. 2.3.2 lid 1")
    weken: int = 0
    werkdagen: int = 0
    vanaf: str = "melding"  # melding: the aanmelding starts it (a date can be given) | aanvraag: a later aanvraag does

    def duur(self) -> str:
        """'6 weken' / '3 werkdagen' / '1 week'."""
        if self.werkdagen:
            return f"{self.werkdagen} werkdag" if self.werkdagen == 1 else f"{self.werkdagen} werkdagen"
        return f"{self.weken} week" if self.weken == 1 else f"{self.weken} weken"


@dataclass(frozen=True)
class Bubbel:
    """One chat bubble: one idea, and the source of what it says about the law (empty: no legal statement)."""

    tekst: str
    bron: str = ""

    @property
    def bron_getoond(self) -> str:
        """The source as the inwoner sees it: without the data's own '(te controleren)' marker."""
        return re.sub(r"\s*\(te controleren[^)]*\)", "", self.bron).strip()

    @property
    def weergave(self) -> str:
        """The text, with the legal reference on its own line (web chat; the phone reads only the text)."""
        bron = self.bron_getoond
        return f"{self.tekst}\n({bron})" if bron else self.tekst


@dataclass(frozen=True)
class RouteTekst:
    wie: Tuple[Bubbel, ...]
    wanneer: Tuple[Bubbel, ...]
    hoe_lang: Tuple[Bubbel, ...]
    tips: Tuple[Bubbel, ...] = ()


@dataclass(frozen=True)
class Verwachtingen:
    contactnorm: Mapping[str, int]  # urgentie -> werkdagen (0 = dezelfde (werk)dag)
    eindtijd_werkdag: str  # "HH:MM"
    spoed_vandaag_tot: str  # "HH:MM": a spoed aanmelding after this is called back the next werkdag
    extra_vrije_dagen: Tuple[date, ...]
    termijnen: Mapping[str, Termijn]
    termijn_per_wet: Mapping[str, Optional[str]]
    termijn_per_onderwerp: Mapping[str, Optional[str]]
    termijn_bij_hoog: Mapping[str, str]  # onderwerp -> termijn code when urgentie hoog/spoed (Wgs 3 werkdagen)
    routes: Mapping[str, Mapping[str, Mapping[str, RouteTekst]]]  # route -> {"standaard"|"wet"|"onderwerp"} ...
    crisisnummers: Tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    wetten: Mapping[str, str]
    onderwerpen: Mapping[str, Onderwerp]
    urgenties: Mapping[str, str]
    melders: Mapping[str, str]
    teams: Mapping[str, str]
    labels: Mapping[str, Mapping[str, str]]  # "wet"|"urgentie"|"team"|"melder" -> code -> plain Dutch
    kernen: Mapping[str, Kern]
    gemeente: Mapping[str, str]
    voorzieningen: Tuple[Voorziening, ...]
    verwachtingen: Verwachtingen
    buurgemeenten: Tuple[Buurgemeente, ...] = ()
    data_dir: str = ""
    behoeften: Mapping[str, Behoefte] = field(default_factory=dict)
    labels_medewerker: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # kind -> code -> staff label

    def kern_voor_postcode(self, nummer: int) -> Optional[Kern]:
        for kern in self.kernen.values():
            for low, high in kern.postcodes:
                if low <= nummer <= high:
                    return kern
        return None

    def buurgemeente_voor_plaats(self, naam: str) -> Optional[Buurgemeente]:
        for gemeente in self.buurgemeenten:
            if naam in gemeente.plaatsen:
                return gemeente
        return None

    def buurgemeente_voor_postcode(self, nummer: int) -> Optional[Buurgemeente]:
        for gemeente in self.buurgemeenten:
            for low, high in gemeente.postcodes:
                if low <= nummer <= high:
                    return gemeente
        return None


@dataclass(frozen=True)
class Feiten:
    """What the conversation established; input of triage()."""

    onderwerpen: Tuple[str, ...]
    melder: str = "inwoner"
    leeftijd: Optional[int] = None
    kern: Optional[str] = None
    postcode: Optional[str] = None
    tekst: str = ""
    urgentie_signalen: Tuple[str, ...] = ()


@dataclass(frozen=True)
class TriageLabel:
    onderwerp: str
    also: Tuple[str, ...]
    wet: str
    urgentie: str
    melder: str
    kern: Optional[str]
    team_advies: Optional[str]  # None: niet doorzetten (buiten sociaal domein)
    redenen: Tuple[str, ...]

    @property
    def onderwerpen(self) -> Tuple[str, ...]:
        return (self.onderwerp,) + self.also

    @property
    def doorzetten(self) -> bool:
        return self.team_advies is not None


@dataclass(frozen=True)
class SafetySignal:
    categorie: str  # geweld | kindermishandeling | suicide | crisis
    matched: str


@dataclass(frozen=True)
class KernResult:
    kern: Optional[str]
    in_berkelland: bool
    postcode: Optional[str]
    message: str
    frontteam: Optional[str] = None
    gemeente: Optional[str] = None  # the neighbouring gemeente when the postcode or place is known to be there


@dataclass(frozen=True)
class Verwachting:
    onderwerp: str
    route: str
    urgentie: str
    wie: str
    wanneer: str
    hoe_lang: str
    basis: str
    tips: Tuple[str, ...] = ()
    crisisnummers: Tuple[str, ...] = ()
    bubbels: Tuple[Bubbel, ...] = ()  # every part in reading order, one idea each, with its source

    @property
    def tekst(self) -> str:
        """All parts as one Dutch text (B1), in the order a person reads them."""
        parts = [self.wie, self.wanneer, self.hoe_lang] + list(self.tips)
        return " ".join(p.strip() for p in parts if p and p.strip())


Labels = Dict[str, Dict[str, str]]
