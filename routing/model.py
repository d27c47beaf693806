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
    "RouteTeksten",
    "MELDERS",
    "VELDEN",
    "NA_AANMELDING",
    "VIER_VRAGEN",
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


MELDERS = ("inwoner", "naaste", "professional")
# The parts of an expectation, in the order a person reads them after the aanmelding (vooraf and gegevens are
# said at other moments: before the voorzieningen, and with the consent question).
VELDEN = ("vooraf", "wie", "wanneer", "wat", "hoe_lang", "terugkoppeling", "rechten", "gegevens")
NA_AANMELDING = ("wie", "wanneer", "wat", "hoe_lang", "terugkoppeling", "rechten")
VIER_VRAGEN = ("wie", "wanneer", "wat", "hoe_lang")


@dataclass(frozen=True)
class Bubbel:
    """One chat bubble: one idea, the source of what it says about the law (empty: no legal statement), and the
    melders it is for (empty: everyone)."""

    tekst: str
    bron: str = ""
    melders: Tuple[str, ...] = ()

    def voor(self, melder: str) -> bool:
        return not self.melders or melder in self.melders

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
    """One layer of texts (standaard, a wet, a teamroute, an onderwerp): per field its bubbles, or None when this
    layer leaves the field to a less precise one."""

    vooraf: Optional[Tuple[Bubbel, ...]] = None
    wie: Optional[Tuple[Bubbel, ...]] = None
    wanneer: Optional[Tuple[Bubbel, ...]] = None
    wat: Optional[Tuple[Bubbel, ...]] = None
    hoe_lang: Optional[Tuple[Bubbel, ...]] = None
    terugkoppeling: Optional[Tuple[Bubbel, ...]] = None
    rechten: Optional[Tuple[Bubbel, ...]] = None
    gegevens: Optional[Tuple[Bubbel, ...]] = None

    def alle(self) -> Tuple[Bubbel, ...]:
        return tuple(b for veld in VELDEN for b in (getattr(self, veld) or ()))


@dataclass(frozen=True)
class RouteTeksten:
    """The layers of one route (toegang, voorziening, crisis, buiten), most precise last."""

    standaard: RouteTekst
    wet: Mapping[str, RouteTekst] = field(default_factory=dict)
    team: Mapping[str, RouteTekst] = field(default_factory=dict)  # teamroute -> texts
    onderwerp: Mapping[str, RouteTekst] = field(default_factory=dict)
    onderwerp_team: Mapping[Tuple[str, str], RouteTekst] = field(default_factory=dict)  # (onderwerp, teamroute)

    def lagen(self) -> Tuple[RouteTekst, ...]:
        return (self.standaard, *self.wet.values(), *self.team.values(), *self.onderwerp.values(),
                *self.onderwerp_team.values())


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
    routes: Mapping[str, RouteTeksten]  # toegang | voorziening | crisis | buiten
    crisisnummers: Tuple[str, ...]
    teamroutes: Mapping[str, str] = field(default_factory=dict)  # team code -> teamroute (frontteam, welzijn, ...)
    terugkoppeling_werkdagen: int = 10  # a professional hears within this many werkdagen what is done
    terugkoppeling_bron: str = "beleid Berkelland"


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
    """What one person can expect for one onderwerp on one route, as bubbles per field (see VELDEN)."""

    onderwerp: str
    route: str  # toegang | voorziening | crisis | buiten
    urgentie: str
    melder: str = "inwoner"
    teamroute: str = ""  # frontteam | welzijn | fijnder | veilig_thuis | backoffice | toegang ("" off route toegang)
    delen: Tuple[Tuple[str, Tuple[Bubbel, ...]], ...] = ()  # (field, bubbles) for every field of VELDEN
    basis: str = ""  # every source shown, joined with "; "
    crisisnummers: Tuple[str, ...] = ()

    def bubbels_van(self, *velden: str) -> Tuple[Bubbel, ...]:
        """The bubbles of these fields, in the order given."""
        per_veld = dict(self.delen)
        return tuple(b for veld in velden for b in per_veld.get(veld, ()))

    def veld(self, naam: str) -> str:
        """One field as one text."""
        return " ".join(b.tekst for b in self.bubbels_van(naam))

    @property
    def bubbels(self) -> Tuple[Bubbel, ...]:
        """What is said once the aanmelding is sent: wie, wanneer, wat, hoe lang, terugkoppeling, rechten."""
        return self.bubbels_van(*NA_AANMELDING)

    @property
    def vooraf(self) -> Tuple[Bubbel, ...]:
        return self.bubbels_van("vooraf")

    @property
    def gegevens(self) -> Tuple[Bubbel, ...]:
        return self.bubbels_van("gegevens")

    @property
    def wie(self) -> str:
        return self.veld("wie")

    @property
    def wanneer(self) -> str:
        return self.veld("wanneer")

    @property
    def wat(self) -> str:
        return self.veld("wat")

    @property
    def hoe_lang(self) -> str:
        return self.veld("hoe_lang")

    @property
    def rechten(self) -> Tuple[str, ...]:
        return tuple(b.tekst for b in self.bubbels_van("rechten"))

    @property
    def tekst(self) -> str:
        """Everything as one Dutch text (B1), in reading order: vooraf, the four questions, terugkoppeling, rechten."""
        return " ".join(b.tekst for b in self.bubbels_van("vooraf", *NA_AANMELDING))


Labels = Dict[str, Dict[str, str]]
