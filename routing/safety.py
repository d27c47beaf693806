"""Safety net: phrases that signal danger (force urgentie spoed + crisis message) and cues for urgentie hoog.

Recall first: a missed danger signal costs far more than a false alarm. The patterns run on normalised text
(lower case, no accents, punctuation as spaces), are precompiled once, and guard the common idioms
("doodmoe", "ik schrik me dood", "geweldig", "aanslag", "de klok slaat") with word boundaries.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Pattern, Tuple

from .model import SafetySignal
from .text import normalise

__all__ = ["detect_danger", "detect_dangers", "detect_hoge_urgentie", "HOGE_URGENTIE_LABELS", "CATEGORIEEN"]

CATEGORIEEN = ("suicide", "kindermishandeling", "geweld", "crisis")  # priority order of detect_danger

# Building blocks (normalised text: no accents, single spaces).
_ME = r"(?:me|mij|mn|ons)"
_KIND = r"(?:kind|kinderen|kindje|kindjes|kids|zoon|zoontje|dochter|dochtertje|baby|pleegkind|pleegkinderen|stiefkind|stiefkinderen|stiefzoon|stiefdochter|broertje|zusje|kleinkind|kleinkinderen|kleinzoon|kleindochter|leerling|leerlinge|jeugdige|meisje|jongetje|tiener|peuter|kleuter)"
_OUDER = r"(?:vader|moeder|pa|ma|papa|mama|stiefvader|stiefmoeder|ouders|pleegvader|pleegmoeder)"
_PARTNER = r"(?:partner|man|vrouw|vriend|vriendin|ex|exman|ex man|exvrouw|ex vrouw|echtgenoot|echtgenote|verloofde|zoon|dochter|schoonzoon|buurman|huisgenoot|vader|moeder|stiefvader|stiefmoeder|broer|zus|oom|opa|schoonvader|schoonmoeder)"
_HIT = r"(?:slaat|sloeg|slaan|sloegen|schopt|schopte|trapt|trapte|wurgt|wurgde|mishandelt|mishandeld|mishandelde|stompt|stompte|misbruikt|misbruikte|verkracht|verkrachtte|martelt|mept|mepte)"
_HURT = r"(?:" + _HIT[3:-1] + r"|duwt|duwde|knijpt|kneep|bijt|beet|bedreigt|bedreigd|bedreigde|terroriseert)"
_PASSIVE = r"(?:geslagen|geschopt|getrapt|mishandeld|misbruikt|verkracht|gewurgd|geduwd|gestompt|opgesloten|aangerand|betast)"
_WORD = r"(?:word|wordt|worden|werd|werden|ben|is|zijn|was|waren|wort)"

_RAW: Dict[str, List[str]] = {
    "suicide": [
        r"\bzel[fv] ?moor[dt]\w*",
        r"\bzelfdoding\w*",
        r"\bsu[iy][cs]+[iy]d\w*",  # suicide, suicidaal, suicidale, suiside
        r"\bwil (?:ik )?(?:graag )?dood\b(?! van)",
        r"\b(?:ik|wij|hij|zij|ze) wil(?:t|len)? (?:gewoon |echt |liever )?dood\b(?! van)",
        r"\bliever dood\b",
        r"\bdood willen\b",
        r"\bwil (?:ik )?(?:niet meer|nie meer|niet langer) (?:leven|bestaan|zijn|wakker worden)\b",
        r"\b(?:wil|kan|ga) (?:ik )?(?:echt |gewoon )?(?:niet|nie) meer verder\b(?! (?:met|bij|naar|in|zonder|op|als))",
        r"\bik wil (?:echt |gewoon |het )?(?:niet|nie) meer$",
        r"\bniet meer (?:willen |wil )?leven\b",
        r"\b(?:wil|ga|gaat) er niet meer (?:zijn|wezen)\b",
        r"\ber (?:een|n) (?:eind|einde|end|punt) (?:aan|achter) (?:ga |gaan |wil |te |zal )?(?:maken|maak|zetten|zet)\b",
        r"\bhet hoeft (?:voor mij )?(?:allemaal )?(?:niet|nie) meer\b",
        r"\bpillen (?:gespaard|opgespaard|verzameld)\b",
        r"\b(?:strip|doosje|doos|pot|potje|handvol|hand vol|alle) (?:\w+ )?(?:pillen|tabletten|medicijnen|paracetamol|slaappillen|oxazepam) (?:\w+ )?(?:genomen|ingenomen|geslikt)\b",
        r"\b(?:een|n) (?:eind|einde) aan (?:mijn|m(?:n|ijn)|zijn|haar|ons) leven\b",
        r"\bmijn leven (?:beeindigen|stoppen|afsluiten)\b",
        r"\b(?:mezelf|mijzelf|zichzelf|mij zelf|me zelf|z(?:i|e)chzelf) (?:iets|wat|niets) (?:aan ?doen|aandoen|aan te doen)\b",
        r"\b(?:mezelf|mijzelf|zichzelf) (?:van kant|ophangen|dood|om het leven|snijden|iets aan)\b",
        r"\bvan kant (?:\w+ )?maken\b",
        r"\bdoe (?:mezelf|mijzelf|me|mij) (?:iets |wat )?(?:pijn|aan)\b",
        r"\bsnij (?:mezelf|mijzelf)\b|\b(?:mezelf|mijzelf) snijden\b|\bik snij me\b",
        r"\b(?:pillen|pilletjes|medicijnen) (?:slikken|innemen) (?:om|en) \w*",
        r"\balle pillen\b",
        r"\boverdosis\b",
        r"\bvoor (?:de|een) trein (?:springen|spring|gaan liggen|te springen|lopen)\b|\b(?:spring|springen) (?:\w+ )?voor (?:de|een) trein\b",
        r"\bvan (?:een|de) (?:brug|flat|dak) (?:springen|af springen|afspringen)\b",
        r"\b(?:ik|wil|ga) (?:dood ?gaan|doodgaan|sterven)\b(?! van)",
        r"\bwil sterven\b",
        r"\bhet leven (?:niet meer zien zitten|is zinloos)\b",
        r"\bzie het (?:leven |allemaal )?(?:niet|nie) meer zitten\b",
        r"\b(?:levensmoe|doodsgedachten|doodswens)\b",
        r"\bklaar met (?:het |mijn )?leven\b",
        r"\b(?:geen|niet) zin (?:meer )?(?:in|om te) (?:het )?leven\b",
        r"\b(?:geen|niet) zin (?:meer )?(?:er )?in (?:om )?te leven\b",
        r"\bbeter (?:af )?zonder mij\b",
        r"\b(?:bel|belde|bellen|gebeld|nummer|chat|chatten|via|met) (?:met |naar )?113\b|\b113 (?:gebeld|bellen|nl|online)\b|^113$",
    ],
    "kindermishandeling": [
        r"\bkinder ?mishandel\w*",
        r"\bkinder ?misbruik\w*",
        rf"\b(?:mijn|ons|onze|het|de|een|dat|die) {_KIND} {_WORD} (?:\w+ )?{_PASSIVE}\b",
        rf"\b{_HIT} (?:mijn|ons|onze|het|de|haar|zijn|zn|mn) {_KIND}\b",
        rf"\b{_KIND} (?:\w+ ){{0,2}}(?:wordt|worden|werd) (?:\w+ )?{_PASSIVE}\b",
        rf"\b(?:mijn|m n|mn) {_OUDER} (?:\w+ )?{_HURT} (?:me|mij|ons)\b",
        rf"\b{_OUDER} (?:slaan|sloegen|mishandelen|schoppen) (?:me|mij|ons)\b",
        rf"\b{_KIND} (?:\w+ ){{0,2}}(?:is|zijn) (?:thuis )?niet (?:meer )?veilig\b|\b{_KIND} niet veilig\b",
        rf"\b{_KIND} (?:\w+ ){{0,4}}(?:thuis )?(?:geslagen|mishandeld|misbruikt) (?:wordt|worden|werd)\b",
        rf"\b(?:wordt|worden|werd) (?:er )?(?:een|het|de|mijn|ons) {_KIND} (?:\w+ ){{0,3}}{_PASSIVE}\b",
        rf"\b{_KIND} (?:\w+ ){{0,3}}(?:blauwe plekken|striemen|brandwonden)\b",
        rf"\b{_KIND} (?:\w+ ){{0,3}}alleen (?:thuis )?(?:gelaten|achtergelaten)\b",
        rf"\b{_KIND} (?:\w+ ){{0,3}}(?:is|zijn) bang (?:voor|van) (?:haar|zijn|hun|de) (?:vader|moeder|ouders|stiefvader|stiefmoeder)\b",
        rf"\b{_KIND} (?:\w+ ){{0,4}}(?:verwaarloosd|verwaarlozen)\b|\bverwaarlo\w* (?:van )?(?:de |het |mijn |haar |zijn |onze )?{_KIND}\b",
        r"\bkind (?:\w+ )?(?:blauwe plekken|in elkaar geslagen)\b",
        r"\bseksueel misbruik\w*|\bmisbruik(?:t|te)? (?:door|van) (?:mijn|haar|zijn|de|een) (?:oom|opa|vader|stiefvader|broer|trainer|leraar|buurman)\b",
        r"\bloverboy\w*",
        r"\bschudden (?:van )?(?:de |mijn |een )?baby\b|\bbaby (?:\w+ )?geschud\b",
    ],
    "geweld": [
        r"\bhuiselijk\w* geweld\b",
        r"\b(?:fysiek|lichamelijk|seksueel|psychisch|relationeel|partner)\w* geweld\b",
        r"\bgeweld (?:thuis|in huis|in (?:mijn|onze) relatie|van (?:mijn|haar|zijn))\b",
        r"\bgeweld\b",
        rf"\b{_HURT} {_ME}\b",
        rf"\b{_HURT} (?:hij|zij|ze|die|mijn \w+|m n \w+|mn \w+) (?:\w+ )?{_ME}\b",  # V2 order: "thuis slaat hij me"
        rf"\b(?:heeft|had|hebben|hadden) (?:\w+ )?{_ME} (?:\w+ ){{0,3}}{_PASSIVE}\b",  # "hij heeft me gisteren geslagen"
        rf"\b(?:ik|wij|we) {_WORD} (?:\w+ ){{0,2}}{_PASSIVE}\b",
        rf"\b(?:word|wordt|worden|werd) (?:ik|wij|we) (?:\w+ )?{_PASSIVE}\b",
        rf"\bbang (?:voor|van) (?:mijn|m n|mn|onze|de|haar|zijn) {_PARTNER}\b",
        rf"\bmijn {_PARTNER} (?:\w+ ){{0,2}}{_HURT} (?:me|mij|haar|hem|mijn)\b",
        r"\bmishandel\w*",
        r"\b(?:ouderen|ouder) ?mishandel\w*",
        r"\bverkracht\w*",
        r"\baanrand\w*",
        r"\b(?:wurgen|gewurgd|keel dichtgeknepen|keel dicht geknepen)\b",
        r"\b(?:vermoorden|vermoord|vermoorde|doodmaken|dood maken|af maken|afmaken) (?:me|mij|ons|mijn|haar|hem|de kinderen)\b",
        r"\b(?:dreigt|dreigde|gedreigd) (?:\w+ ){0,3}(?:vermoorden|dood|slaan|mes|kinderen af te pakken|pijn)\b",
        r"\b(?:me|mij|ons) (?:\w+ )?(?:vermoorden|doodmaken|dood maken)\b",
        r"\b(?:dreigt|dreigde|bedreigd|bedreigde|bedreigt|stond|kwam|zwaaide|pakte|pakt|heeft|had) (?:\w+ ){0,3}(?:een|n|met) (?:mes|pistool|wapen|vuurwapen)\b",
        r"\bbang dat (?:hij|zij|ze) (?:me|mij|ons|de kinderen) (?:\w+ )?(?:iets|pijn) (?:aandoet|aan doet|doet)\b",
        r"\bhuis\w* ?geweld\b",
        r"\bstalk\w*|\bgestalkt\b",
        rf"\b{_HIT} (?:mijn|m n|mn|haar|zijn|onze) {_PARTNER}\b",
        rf"\b(?:wordt|word|worden|werd) (?:\w+ ){{0,4}}(?:geslagen|mishandeld|geschopt|gewurgd|verkracht|aangerand)\b",
        rf"\b(?:ik|hij|zij|ze) (?:\w+ ){{0,2}}(?:geslagen|mishandeld|misbruikt) (?:wordt|word|worden|werd)\b",
        r"\bveilig thuis\b(?! (?:wonen|blijven|kan|kunnen|leven|oud|worden|zijn))",
        r"\bom hulp (?:roept|roepen|riep|schreeuwt|schreeuwen|gilt|gillen)\b",
        r"\bstriemen\b",
        r"\bbang om (?:\w+ )?naar huis te gaan\b",
        r"\b(?:acute )?onveiligheid (?:thuis|in (?:het|een|ons|dit) gezin)\b|\bacute onveiligheid\b",
        r"\b(?:gooit|gooide|gooien|gegooid|smijt|smeet|gesmeten) (?:\w+ ){0,2}(?:met )?(?:spullen|dingen|borden|stoelen|servies|meubels)\b",
        r"\bcontroleert alles\b|\bmag (?:niemand|geen vrienden|geen familie|niet naar buiten|het huis niet uit)\b",
        r"\b(?:gevlucht|weggevlucht|vluchten|gevlucht) (?:voor|van) (?:mijn|m n|mn|haar|zijn)\b",
        r"\bblijf van mijn lijf\w*|\bvrouwenopvang\b|\bveilige (?:plek|opvang|plaats) voor (?:mij|ons|mezelf|mijn kinderen)\b",
        r"\b(?:dwingt|dwingen|dwong|gedwongen) (?:\w+ ){0,3}(?:te )?trouwen\b|\btrouwen met iemand die ik niet\b",
        r"\bzit(?:ten)? aan (?:me|mij|mijn lichaam|mijn lijf)\b",
        r"\bfinancieel misbruik\w*|\bfinanciele uitbuiting\b",
        r"\bdreigt (?:\w+ ){0,2}(?:iets aan te doen|pijn te doen)\b",
        r"\b(?:eer ?gerelateerd|eerwraak|uithuwelijk\w*|gedwongen huwelijk|huwelijksdwang|vrouwenbesnijdenis|meisjesbesnijdenis)\b",
        r"\b(?:durf|durven) (?:niet|nie) (?:meer )?(?:naar huis|thuis te komen|naar binnen)\b",
        r"\bniet (?:meer )?veilig (?:thuis|in (?:mijn|ons) huis|bij (?:mijn|m n) \w+)\b",
        r"\bonveilig (?:thuis|in huis)\b|\bthuis onveilig\b",
        r"\bopgesloten (?:door|in huis)\b|\bsluit (?:me|mij) op\b",
        r"\bblauwe plekken (?:van|door) (?:hem|haar|mijn|m n|mn)\b|\b(?:hij|zij|ze) (?:heeft|gaf) (?:me|mij) (?:\w+ )?blauwe plekken\b",
        r"\bin elkaar (?:geslagen|getrapt|geschopt)\b",
    ],
    "crisis": [
        r"\b(?:ik|wij|we) (?:\w+ )?(?:word|wordt|worden|werd) (?:\w+ )?bedreigd\b",
        r"\bbedreigd\b|\bbedreiging\w*",
        r"\b(?:ben|zijn|is) in (?:acuut |direct )?gevaar\b",
        r"\bacu(?:u|)te? (?:crisis|nood|gevaar|noodsituatie)\b",
        r"\bcrisis\b|\bpsychose\b|\bpsychotisch\w*",
        r"\bcrisis ?(?:dienst|opvang|centrum)\b",
        r"\bnoodgeval\b|\bnoodsituatie\b",
        r"\bik heb (?:nu|nu meteen|direct|meteen|onmiddellijk|dringend|acuut) hulp nodig\b(?! (?:met|bij|voor|in|om|van))",
        r"\bgas (?:\w+ ){0,2}(?:aan|open) (?:laten staan|gelaten|staan)\b",
        r"\bhelp (?:me |mij )?(?:nu|snel|dringend|alsjeblieft)\b.*\b(?:gevaar|bang|nood)\b",
        r"\b(?:iemand|hij|zij|ze) (?:staat|stond) (?:voor|aan) (?:de|mijn) deur (?:\w+ ){0,3}(?:bang|dreig)\w*",
        r"\bweet (?:me|mij) geen raad meer\b(?=.*\b(?:leven|dood|einde)\b)",
    ],
}

_PATTERNS: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
    (categorie, re.compile("|".join(f"(?:{p})" for p in _RAW[categorie]))) for categorie in CATEGORIEEN
)

# Idioms that contain a danger word but are ordinary speech; removed before matching.
_IDIOMS = re.compile(
    r"\b(?:dood ?moe|dood ?op|doodziek|dood ?ziek|doodop|dood ?nerveus|dood ?eng|doodeng|dood ?gewoon|doodgewoon"
    r"|dood ?stil|doodstil|dood ?serieus|doodserieus|dood ?leuk|doodleuk|ziek en zeer"
    r"|(?:schrik|lach|verveel|schaam|werk|zoek|erger|ergert|schrok|lachte|verveelde|pieker|piekerde|wacht|wachtte|sjouw|zorg) (?:me|mij|mezelf|mijzelf|je|jezelf|zich|zichzelf|ons) (?:\w+ )?(?:dood|een ongeluk|kapot|rot|suf|gek|te pletter)"
    r"|duwt (?:me|mij|mijn \w+|haar|hem) (?:\w+ ){0,3}(?:rolstoel|rollator)"
    r"|doodgaan van (?:de )?(?:honger|dorst|verveling|de pijn)|dood van (?:de )?(?:honger|dorst|verveling)"
    r"|geweldig\w*|geweldloos|slaat (?:nergens op|alarm|aan|toe)|slaat (?:de|het) (?:plank|klok)"
    r"|crisis ?(?:in de zorg|op de woningmarkt)|(?:energie|corona|woning|krediet|stikstof|klimaat|huizen|financiele|economische|woon) ?crisis)\b"
)


def _clean(text: str) -> str:
    return _IDIOMS.sub(" ", normalise(text))


def detect_dangers(text: str) -> Tuple[SafetySignal, ...]:
    """Every danger categorie found in the text, in priority order (suicide, kindermishandeling, geweld, crisis)."""
    cleaned = _clean(text)
    if not cleaned:
        return ()
    found = []
    for categorie, pattern in _PATTERNS:
        m = pattern.search(cleaned)
        if m:
            found.append(SafetySignal(categorie=categorie, matched=m.group(0).strip()))
    # geweld and crisis both hit on "bedreigd"; keep the more specific geweld only
    cats = [s.categorie for s in found]
    if "crisis" in cats and ("geweld" in cats or "kindermishandeling" in cats):
        found = [s for s in found if s.categorie != "crisis"]
    return tuple(found)


def detect_danger(text: str) -> Optional[SafetySignal]:
    """The most urgent danger signal in the text, or None. Recall first."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    for categorie, pattern in _PATTERNS:
        m = pattern.search(cleaned)
        if m:
            return SafetySignal(categorie=categorie, matched=m.group(0).strip())
    return None


# --------------------------------------------------------------------------- urgentie hoog

HOGE_URGENTIE_LABELS: Dict[str, str] = {
    "uithuiszetting": "dreigende uithuiszetting",
    "afsluiting": "dreigende afsluiting van gas, stroom of water",
    "geen_inkomen": "geen inkomen",
    "geen_eten": "geen geld voor eten",
    "dakloos": "dakloos of dreigend dakloos",
    "mantelzorger_overbelast": "mantelzorger die overbelast is",
    "kind_niet_veilig": "zorgen over de veiligheid van een kind",
}

_HOOG_RAW: Dict[str, List[str]] = {
    "uithuiszetting": [
        r"\buit ?huis ?zett\w*", r"\buit (?:huis|de woning|ons huis|mijn huis) (?:\w+ )?(?:gezet|zetten|gegooid)\b", r"\buit (?:mijn|ons|het) huis (?:gezet|zetten|gegooid)\b", r"\bhuis ?uit ?zett\w*",
        r"\bontruim\w*", r"\b(?:moet|moeten) (?:mijn|ons|het) huis uit\b", r"\bhuur ?opzegging\b",
        r"\bhuis (?:uit|kwijt) (?:moet|moeten|raken)\b", r"\bvonnis (?:\w+ )?(?:huur|woning)\b",
    ],
    "afsluiting": [
        r"\b(?:gas|stroom|licht|energie|water|elektra|elektriciteit|verwarming)\w* (?:\w+ ){0,4}(?:af ?gesloten|af ?sluiten|af te sluiten|afsluiting|eraf|er af)\b",
        r"\b(?:afsluiting|afsluiten|afgesloten|af te sluiten|afgesloten worden) van (?:het |de |mijn |ons |onze )?(?:gas|stroom|licht|energie|water|elektra|elektriciteit)\b",
        r"\bafsluit ?(?:brief|dreiging|datum)\b", r"\bdreig\w* (?:\w+ ){0,3}af te sluiten\b",
        r"\bzonder (?:gas|stroom|water|licht|verwarming|energie)\b",
    ],
    "geen_inkomen": [
        r"\bgeen (?:\w+ )?inkomen\b", r"\bgeen (?:cent|euro|geld) meer\b", r"\bgeen geld (?:meer )?(?:om van te leven|voor de huur|voor huur|voor eten|voor boodschappen)\b",
        r"\bgeen uitkering\b", r"\buitkering (?:\w+ )?(?:gestopt|stopgezet|ingetrokken)\b", r"\bsalaris (?:\w+ )?(?:gestopt|niet betaald)\b",
    ],
    "geen_eten": [
        r"\bgeen (?:eten|voedsel)\b", r"\bgeen (?:geld|cent) (?:meer )?voor (?:de )?boodschappen\b", r"\bniks (?:meer )?te eten\b", r"\bniets (?:meer )?te eten\b",
        r"\bgeen geld (?:meer )?(?:voor|om) (?:eten|boodschappen|te eten)\b", r"\bhonger\b", r"\blege koelkast\b",
    ],
    "dakloos": [
        r"\bdakloos\b", r"\b(?:sta|sta ik|staan|sla|slaap|slapen|leef|woon|kom|komen|beland|terecht|zet|zetten|gezet) (?:\w+ ){0,2}op straat\b", r"\bop straat (?:slapen|leven|komen|staan|terecht)\b", r"\bgeen (?:dak boven|slaapplek|woning|huis|plek om te slapen)\b",
        r"\bslaap (?:in (?:mijn|de) auto|buiten|bij vrienden op de bank)\b", r"\bnergens (?:om te slapen|te slapen|kan slapen|kan wonen|om te wonen)\b", r"\bgeen (?:plek|plaats) (?:om te slapen|om te wonen)\b",
    ],
    "mantelzorger_overbelast": [
        r"\boverbelast\w*", r"\bop (?:mijn |het )?(?:laatste )?(?:benen|tandvlees)\b", r"\bop (?:het )?omvallen\b",
        r"\bkan (?:het|dit) (?:echt |gewoon |allemaal )?niet meer aan\b", r"\bhou (?:het|dit) niet (?:meer )?vol\b",
        r"\bhoud (?:het|dit) niet (?:meer )?vol\b", r"\btrek (?:het|dit) niet (?:meer|langer)\b", r"\bopgebrand\b",
        r"\bmantelzorg\w* (?:\w+ ){0,3}(?:burn ?out|opgebrand|uitgeput|overbelast)\w*", r"\buitgeput\b", r"\bben (?:helemaal|echt|totaal|compleet) op\b(?! (?:zoek|de|het|een|mijn|tijd|weg|vakantie))", r"\bga (?:er )?(?:aan )?onderdoor\b",
    ],
    "kind_niet_veilig": [
        rf"\b{_KIND} (?:\w+ ){{0,2}}niet veilig\b", r"\bzorgen (?:om|over) de veiligheid\b", r"\b(?:of|dat) (?:mijn|het|ons|de) \w+ (?:\w+ )?(?:wel )?veilig is\b",
        r"\bniet veilig voor (?:het|de|mijn) (?:kind|kinderen)\b", rf"\b{_KIND} (?:\w+ ){{0,3}}verwaarloos\w*|\bverwaarloos\w* (?:\w+ )?{_KIND}\b",
    ],
}

_HOOG_PATTERNS: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
    (code, re.compile("|".join(f"(?:{p})" for p in patterns))) for code, patterns in _HOOG_RAW.items()
)


def detect_hoge_urgentie(text: str) -> Tuple[str, ...]:
    """Cue codes for urgentie 'hoog' found in the text (see HOGE_URGENTIE_LABELS)."""
    cleaned = _clean(text)
    if not cleaned:
        return ()
    return tuple(code for code, pattern in _HOOG_PATTERNS if pattern.search(cleaned))
