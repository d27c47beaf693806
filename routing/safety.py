"""Safety net: phrases that signal danger (force urgentie spoed + crisis message) and cues for urgentie hoog.

Recall first: a missed danger signal costs far more than a false alarm. The patterns run on normalised text
(lower case, no accents, punctuation as spaces), are precompiled once, and guard the common idioms
("doodmoe", "ik schrik me dood", "geweldig", "aanslag", "de klok slaat") with word boundaries.
"""
from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional, Pattern, Tuple

from .model import SafetySignal
from .text import normalise

__all__ = ["detect_danger", "detect_dangers", "detect_hoge_urgentie", "without_negated_danger", "HOGE_URGENTIE_LABELS",
           "CATEGORIEEN"]

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
        # indirect suicidality: a burden, not wanting to be here, goodbye, giving things away, a plan
        r"\b(?:iedereen|de kinderen|mijn kinderen|mn kinderen|de familie|jullie|anderen|mijn gezin|mn gezin|mijn man|mijn vrouw) (?:\w+ ){0,2}(?:alleen |enkel )?(?:maar )?(?:tot (?:last|een last)|een last)\b",
        r"\b(?:ik ben|ben ik|ik voel me|voel me|voel mij|ik voel mij|zij is|hij is|ze is|ze voelt zich|hij voelt zich|zij voelt zich) (?:\w+ ){0,2}(?:alleen |enkel )?(?:maar )?(?:een )?(?:last|blok aan het been)\b(?! (?:van|met|bij|in|op))",
        r"\b(?:zijn|is|zouden|zou|ben) (?:\w+ ){0,2}beter af (?:zonder (?:mij|me)|als ik er niet)\b",
        r"\b(?:wil|wilt|willen|wou|wilde|hoef|hoeft) (?:ik |hij |zij |ze )?(?:hier |er |gewoon |echt |liefst |het liefst )*(?:niet|nie|nooit) meer (?:te )?(?:zijn|wezen|bestaan|leven|zijn op deze wereld)\b",
        r"\ber (?:\w+ ){0,2}niet meer (?:willen |wil |wilt |te )?(?:zijn|wezen)\b(?! (?:voor|bij))",
        r"\bnooit meer wakker (?:te )?(?:worden|word)\b|\bniet meer wakker (?:te )?(?:worden|word)\b",
        r"\b(?:wil|wilt|wou|wilde) (?:\w+ ){0,2}(?:voorgoed |voor altijd |gewoon )?(?:verdwijnen|slapen en niet meer wakker)\b",
        r"\b(?:alles|mijn leven|het leven|zijn leven|haar leven|leven) (?:\w+ )?(?:heeft|hoeft) (?:voor (?:mij|hem|haar) )?(?:allemaal |echt )?(?:geen zin|niet) meer\b(?! (?:om|te|dat|met|voor))",
        r"\bwaarom (?:zou|moet) (?:ik|hij|zij|ze) (?:nog )?(?:leven|doorgaan|door gaan|verder gaan|verder)\b",
        r"\b(?:zie|ziet|zag) (?:\w+ )?geen (?:enkele )?uitweg\b|\bgeen uitweg meer\b",
        r"\bafscheids ?(?:brief|briefje|bericht|berichtje|appje|app|mail|filmpje)\w*|\bafscheid (?:\w+ ){0,2}(?:genomen|nemen) (?:\w+ ){0,3}(?:voor altijd|voorgoed)\b",
        r"\b(?:zijn|haar|mijn|al (?:zijn|haar|mijn)) (?:spullen|bezittingen|spulletjes|dierbaarste spullen) (?:\w+ ){0,3}(?:weg ?gegeven|weg ?geven|weggeeft|verdeeld)\b",
        r"\b(?:spaar|spaart|spaarde|verzamel|verzamelt|verzamelde|hamster|hamstert) (?:\w+ ){0,2}(?:pillen|slaappillen|tabletten|medicijnen|pijnstillers|slaaptabletten)\b",
        r"\b(?:pillen|tabletten|medicijnen|slaappillen|slaaptabletten|pijnstillers) (?:\w+ ){0,3}(?:sparen|spaart|spaarde|opsparen|opgespaard|verzamelt|verzamelen|verzameld|hamstert|hamsteren|verstopt)\b",
        r"\b(?:zich|zichzelf|mezelf|mijzelf) (?:\w+ )?(?:op ?(?:te )?hangen|opgehangen|verhangen|verdrinken)\b|\btouw (?:\w+ ){0,3}(?:gekocht|klaar|zolder)\b(?=.*\b(?:hij|zij|ze|ik)\b)",
        r"\b(?:wil|ga|gaat|wou) (?:\w+ ){0,2}(?:er )?(?:uit ?stappen|uitstappen|ertussenuit)\b(?=.*\b(?:leven|voorgoed|niet meer)\b)",
        r"\b(?:want to|wanna|going to) (?:die|end it|kill myself)\b|\bkill (?:my ?self|me)\b|\bend my life\b|\b(?:don t|dont|do not) want to live\b|\bsuicidal\b",
        r"\bklaar (?:\w+ )?met (?:het |mijn |zijn |haar )?leven\b|\bgeen reden (?:meer )?(?:om te|voor|tot|om) (?:\w+ )?leven\b",
        r"\b(?:wil|ga|gaat|wilt) (?:\w+ ){0,2}stoppen met (?:alles|leven|het leven|ademen)\b",
        r"\bniemand (?:\w+ )?(?:zou|zal|gaat) (?:mij|me|haar|hem) (?:\w+ )?missen\b",
        r"\bafscheid (?:\w+ ){0,2}(?:neemt|nam|nemen|te nemen|genomen) van (?:ons|iedereen|de familie|zijn kinderen|haar kinderen|het leven)\b",
        # self-harm, also discovered by someone else
        r"\b(?:gesneden|gekerfd|gekrast|kerft|kerfde|kerven|krabt|gekrabd) (?:\w+ ){0,3}(?:in|op|aan) (?:mijn|haar|zijn|z n|m n|beide) (?:pols|polsen|arm|armen|onderarm|onderarmen|been|benen|bovenbeen|bovenbenen|huid)\b",
        r"\b(?:in|op) (?:mijn|haar|zijn|z n|m n) (?:pols|polsen|arm|armen|onderarmen|benen|bovenbenen|huid) (?:\w+ )?(?:gesneden|gekerfd|gekrast|gesneden)\b",
        r"\b(?:zichzelf|mezelf|mijzelf|zich) (?:\w+ ){0,3}(?:verbrand|verbrandt|gekrast|gesneden|gekerfd|opengekrabd|open gekrabd|bijt|beet)\b|\btot (?:het|ik|hij|zij|ze) (?:\w+ )?bloed\w*",
        r"\bzelf ?beschadig\w*|\bzelf ?verwond\w*|\bautomutil\w*",
        r"\b(?:snijdt|snijden|sneed|snij|krast|krassen|kraste|brandt|brandde|bekrast) (?:\w+ ){0,2}(?:zich|zichzelf|haarzelf|hemzelf|mezelf|mijzelf|me)\b",
        r"\b(?:snijwonden|sneden|sneetjes|krassen|snijwondjes|wondjes|littekens|brandplekken|brandwondjes) (?:\w+ ){0,4}(?:arm|armen|pols|polsen|bovenbeen|bovenbenen|benen|buik)\b",
        r"\b(?:arm|armen|pols|polsen|bovenbenen|benen) (?:\w+ ){0,3}(?:vol )?(?:snijwonden|sneden|sneetjes|krassen|littekens)\b",
        r"\b(?:mesje|scheermesjes?|mesjes) (?:\w+ ){0,4}(?:gevonden|verstopt|kamer)\b",
        # psychosis with command hallucinations
        r"\b(?:stemmen|een stem|de stem|stem in (?:zijn|haar|mijn) hoofd) (?:\w+ ){0,5}(?:zegt|zeggen|zei|zeiden|vertelt|vertellen|beveelt|bevelen|opdragen|dwingen|dwingt|opdracht)\b",
        r"\b(?:hoort|hoor|horen|hoorde|hoorden) (?:(?!geen\b|niet\b)\w+ ){0,2}stemmen\b",
        r"\b(?:achtervolgingswaan|waanideeen|wanen|waanbeelden|hallucin\w*|paranoid\w*)\b",
        r"\bdenkt dat (?:\w+ ){0,4}(?:hem|haar|hen|ons|hun) (?:\w+ )?(?:vergiftigen|vermoorden|ombrengen|achtervolgen|afluisteren)\b",
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
        # "zich van het leven beroven", the written word for suicide (found missing on the veiligheidsset's vg-027); not
        # "beroofd": a suicide that happened ("heeft zich in 2019 van het leven beroofd") is grief, not a risk now
        r"\b(?:mezelf|mijzelf|zichzelf|me|mij|zich|hem|haar) (?:\w+ ){0,2}van (?:het|t) leven (?:te )?beroven\b",
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
        r"\bzie (?:het|t) (?:leven |allemaal |eigenlijk |echt |gewoon |ook |nou |helemaal ){0,3}(?:niet|nie) meer zitten\b",
        r"\b(?:levensmoe|doodsgedachten|doodswens)\b",
        r"\bklaar met (?:het |mijn )?leven\b",
        r"\b(?:geen|niet) zin (?:meer )?(?:in|om te) (?:het )?leven\b",
        r"\b(?:geen|niet) zin (?:meer )?(?:er )?in (?:om )?te leven\b",
        r"\bbeter (?:af )?zonder mij\b",
        r"\b(?:bel|belde|bellen|gebeld|nummer|chat|chatten|via|met) (?:met |naar )?113\b|\b113 (?:gebeld|bellen|nl|online)\b|^113$",
    ],
    "kindermishandeling": [
        # neglect: small children alone, no food, left to themselves
        r"\b(?:kinderen|kindjes|kleintjes|kleine kinderen|kleine kids|kids|peuter|peuters|kleuter|kleuters|baby|babys|jonge kinderen|broertje|zusje|kinderen van \w+) (?:\w+ ){0,6}(?:de hele dag|hele dagen|de hele avond|hele avonden|s avonds|s nachts|snachts|urenlang|uren|dagenlang|het hele weekend) (?:\w+ ){0,2}alleen\b",
        rf"\b{_KIND} (?:\w+ ){{0,5}}(?:alleen thuis|alleen gelaten|alleen achtergelaten|aan hun lot overgelaten|aan zijn lot overgelaten|aan haar lot overgelaten|zonder toezicht|zonder volwassene)\b",
        rf"\b(?:alleen thuis|alleen gelaten|zonder toezicht) (?:\w+ ){{0,3}}{_KIND}\b",
        rf"\b{_KIND} (?:\w+ ){{0,3}}(?:krijgt|krijgen|kreeg|kregen|heeft|hebben|had|hadden) (?:\w+ ){{0,2}}(?:geen eten|niks te eten|niets te eten|vieze luiers)\b|\b{_KIND} (?:\w+ ){{0,3}}(?:in vieze luiers|in de kou buiten)\b",
        rf"\bgeen eten (?:\w+ )?(?:voor|in huis voor) (?:de|mijn|onze|haar|zijn|die) {_KIND}\b",
        rf"\b{_KIND} (?:\w+ ){{0,4}}(?:durft|durven|wil|wilt|willen) (?:\w+ ){{0,2}}(?:niet|nie) (?:meer )?(?:naar huis|thuis)\b",
        rf"\b{_KIND} (?:\w+ ){{0,4}}(?:is|zijn|was) (?:\w+ )?bang (?:om )?(?:naar huis|thuis)\b",
        # sexual abuse and exploitation of minors, grooming
        r"\b(?:dochter|zoon|meisje|jongen|kind|nichtje|neefje|leerling|leerlinge|zusje|broertje|pleegdochter|kleindochter) (?:\w+ ){0,10}(?:veel |stuk |flink |een stuk |jaren )?oudere (?:vriend|man|jongen|vriendje|mannen|kerel|jongens)\b",
        r"\b(?:naakt ?foto\w*|naakte foto\w*|sexting|sextortion|expliciete foto\w*|seksfoto\w*|sexfoto\w*|naaktbeelden|naakt filmpje\w*|pikante foto\w*)\b",
        r"\bcadeau\w* (?:\w+ ){0,5}(?:van|gekregen van|geeft|krijgt van) (?:een )?(?:oudere|onbekende|vreemde|volwassen)\b",
        r"\b(?:opgehaald|opgepikt|meegenomen) (?:\w+ ){0,3}(?:door|bij) (?:een )?(?:oudere|onbekende|vreemde|volwassen) (?:man|mannen|jongen|jongens|vriend)\b",
        r"\bseksueel (?:uitgebuit|misbruikt|overschrijdend)\w*|\bseksuele (?:uitbuiting|intimidatie|grensoverschrijding)\w*|\bgrensoverschrijdend\w*|\bgrooming\b|\btienerpooier\w*|\bprostitu\w*|\bpooier\w*",
        rf"\b(?:zit|zat|zitten) (?:\w+ ){{0,2}}aan (?:mijn|haar|zijn|het|de) {_KIND}\b|\b(?:betast|betastte|aangeraakt) (?:\w+ ){{0,3}}(?:op plekken|waar|tussen)\b",
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
        # coercive control: locked in, phone, papers or money taken, not allowed to see anyone, hiding
        # a partner who checks one's phone ("mijn man kijkt in mijn telefoon, dus ik schrijf dit vanaf het werk")
        r"\b(?:mijn|m n|mn) (?:partner|man|vrouw|vriend|vriendin|ex|echtgenoot|echtgenote) (?:\w+ ){0,3}(?:kijkt|keek|controleert|controleerde|leest|las|checkt|doorzoekt|bekijkt)"
        r" (?:\w+ ){0,2}(?:in )?(?:mijn|m n|mn) (?:telefoon|mobiel|gsm|berichten|appjes|whatsapp|mail)\b",
        r"\b(?:pakt|pakte|neemt|nam|houdt|hield|verstopt|verstopte|afgepakt|afgenomen|ingenomen|inpikt|pikt) (?:\w+ ){0,3}(?:telefoon|mobiel|gsm|paspoort|papieren|verblijfsvergunning|id kaart|pinpas|bankpas|sleutels) (?:\w+ ){0,3}(?:af|weg|achter|afgepakt|afgenomen|ingenomen)\b",
        r"\b(?:mijn|m n|mn) (?:telefoon|mobiel|paspoort|papieren|pinpas|bankpas|sleutels) (?:\w+ ){0,3}(?:afgepakt|afgenomen|ingenomen|kapot gemaakt|kapotgemaakt|weggegooid)\b",
        r"\b(?:sluit|sloot|sluiten|sloten) (?:\w+ ){0,2}(?:me|mij|haar|ons|de kinderen|hem) (?:(?!aan\b)\w+ ){0,3}(?:op|in|binnen)\b(?! (?:school|tijd|de hoogte))",
        r"\b(?:deur|deuren) (?:\w+ ){0,3}op slot (?:\w+ ){0,4}(?:niet|nie) (?:meer )?(?:naar buiten|eruit|weg)\b",
        r"\b(?:ik|zij|ze|wij|we) mag (?:\w+ ){0,2}(?:niet|nooit|niet meer) (?:\w+ ){0,2}(?:naar buiten|de deur uit|het huis uit|alleen naar buiten|mijn familie zien|haar familie zien|met iemand praten|met anderen praten)\b",
        r"\bmag (?:\w+ ){0,2}(?:niet|nooit) (?:meer )?(?:naar buiten|de deur uit|het huis uit|mijn familie zien|haar familie zien|met iemand praten|met anderen praten|met niemand praten|bellen met)\b",
        r"\bcontroleert (?:\w+ ){0,3}(?:telefoon|berichten|alles|waar ik ben|waar ze is|waar zij is|mijn geld)\b",
        r"\b(?:verstop|verstopt|verschuil|verschuilt|verberg|ondergedoken|zit ondergedoken) (?:me |mij |ons |zich )?(?:\w+ ){0,4}(?:voor|van) (?:mijn|m n|mn|haar|zijn|hem|mijn ex|de vader|de man)\b",
        r"\b(?:mag|mogen) (?:\w+ )?(?:niet|nooit) (?:\w+ )?weten waar (?:ik|wij|we|zij|ze) (?:nu )?(?:ben|zijn|is|zit|zitten|woon|wonen|verblijf)\b",
        r"\b(?:hij|zij|ze|mijn man|mijn vrouw|mijn ex|mijn vriend|mijn partner) (?:\w+ ){0,3}(?:zoekt|zocht|achtervolgt|staat|wacht) (?:\w+ ){0,3}(?:me|mij|ons) (?:\w+ ){0,3}(?:voor de deur|overal)\b",
        r"\b(?:hits|beats|hurts|hit|beat|hurt|kicks|chokes) (?:me|my (?:wife|kids|children|son|daughter))\b|\bdomestic (?:violence|abuse)\b|\b(?:locks|locked) me (?:in|up)\b",
        r"\bik heb (?:hem|haar|mijn \w+) (?:\w+ ){0,2}(?:geslagen|geduwd|door elkaar geschud|hard vastgepakt|pijn gedaan)\b",
        r"\b(?:uitbuit\w*|uitgebuit|mensenhandel|arbeidsuitbuiting)\b",
        r"\bhuiselijk\w* geweld\b",
        r"\b(?:fysiek|lichamelijk|seksueel|psychisch|relationeel|partner)\w* geweld\b",
        r"\bgeweld (?:thuis|in huis|in (?:mijn|onze) relatie|van (?:mijn|haar|zijn))\b",
        r"\bgeweld\b",
        rf"\b{_HURT} {_ME}\b",
        # threats to kill: "hij zegt dat hij me vermoordt als ik wegga", "hij maakt me af"
        rf"\b(?:vermoordt|vermoord|vermoorden|doodmaakt|afmaakt) {_ME}\b|\b{_ME} (?:\w+ ){{0,2}}(?:vermoorden|vermoordt|doodmaken|dood maken|doodmaakt|doodsteken|afmaken|af maken|afmaakt)\b|\bmaakt {_ME} (?:\w+ )?(?:af|dood)\b",
        # a third person hurt, reported by a naaste: "nu bedreigt hij haar weer"
        rf"\b{_HURT} (?:hij|zij|ze|die man|die vrouw) (?:\w+ )?(?:haar|hem|de kinderen|zijn (?:vrouw|vriendin|partner|moeder|vader)|haar (?:man|vriend|partner|moeder|vader)|mijn (?:moeder|vader|zus|broer|dochter|zoon|oma|opa|vriendin|buurvrouw))\b",
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
        r"\b(?:wordt|word|worden|werd) (?:\w+ ){0,4}(?:geslagen|mishandeld|geschopt|gewurgd|verkracht|aangerand)\b",
        r"\b(?:ik|hij|zij|ze) (?:\w+ ){0,2}(?:geslagen|mishandeld|misbruikt) (?:wordt|word|worden|werd)\b",
        # Veilig Thuis alone, or wanting to call it, is a signal; a colleague of Veilig Thuis or a closed file is not
        r"^veilig thuis$|\b(?:bel|bellen|nummer van|contact met|moet ik|kan ik) veilig thuis\b(?! (?:heeft|hebben|gebeld|afgesloten))",
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
        # dementia and wandering, confusion outside, a fire risk
        r"\b(?:s nachts|snachts|midden in de nacht|in de nacht|vannacht|nachts) (?:\w+ ){0,6}(?:op de weg|langs de weg|dwalen|dwaalt|dwaalde|gevonden|teruggebracht|rondlopen|rondliep|loopt rond|liep rond|buiten rond|weggelopen|in zijn pyjama|in haar pyjama|in haar nachtjapon|in pyjama|in zijn onderbroek)\b",
        r"\b(?:gevonden|rondlopen|rondliep|liep rond|loopt rond|weggelopen|aangetroffen|teruggebracht) (?:\w+ ){0,4}(?:s nachts|snachts|midden in de nacht|in de nacht|vannacht)\b",
        # wandering outside (inside the house during the day is restlessness, not danger)
        r"\b(?:dwaalt|dwaalde|dwalen|ronddwalen|ronddwaalt|ronddoolt|doolt|doolde|dolen) (?:\w+ ){0,4}(?:buiten|op straat|over straat|door het dorp|door de wijk|langs de weg|op de weg|weg|kwijt|verdwaald|uren|s nachts|snachts|nachts|vannacht|vriest|vriezen|kou|koud)\b",
        r"\b(?:buiten|op straat|over straat|door het dorp|langs de weg) (?:\w+ ){0,3}(?:dwaalt|dwaalde|dwalen|ronddwalen|ronddwaalt|ronddoolt|doolt|doolde)\b",
        r"\b(?:politie|buren|buurman|buurvrouw) (?:\w+ ){0,4}(?:teruggebracht|thuisgebracht|terug gebracht|thuis gebracht|terug naar huis gebracht)\b|\bpolitie (?:\w+ ){0,4}gevonden\b",
        r"\b(?:teruggebracht|thuisgebracht|gevonden) (?:\w+ ){0,3}door (?:de )?(?:politie|buren|een voorbijganger)\b",
        r"\b(?:moeder|vader|man|vrouw|opa|oma|zoon|dochter|kind|hij|zij|ze|buurman|buurvrouw|client|clinte|cliente|meneer|mevrouw) (?:\w+ ){0,3}(?:is|was|raakt|raakte|werd) (?:\w+ ){0,2}(?:vermist|weggelopen)\b|\bvermist\b",
        r"\bverward (?:\w+ ){0,4}(?:op straat|buiten|langs de weg|over straat|op de weg|rondlopen)\b|\b(?:op straat|buiten|langs de weg) (?:\w+ ){0,3}verward\b",
        r"\b(?:pan|pannen|fornuis|kookplaat|oven) (?:\w+ ){0,4}(?:laten staan|aan laten staan|aan gelaten|vergeten|in brand|brandje)\b|\bbijna (?:\w+ ){0,2}(?:in brand|brand)\b",
        # acute medical or acute crisis at home, no heating or food and unable to act
        r"\b(?:ligt|lag|lig|lagen) (?:\w+ ){0,4}(?:op de grond|op de vloer|naast het bed|in de badkamer) (?:\w+ ){0,4}(?:kan|kon|komt|kwam) (?:\w+ ){0,2}(?:niet|nie) (?:meer )?(?:op|overeind|omhoog)\b",
        r"\bgevallen (?:\w+ ){0,3}(?:en )?(?:kan|kon|komt|kwam) (?:\w+ ){0,3}(?:niet|nie) (?:meer )?(?:op|overeind|omhoog|bij de telefoon)\b",
        r"\b(?:al )?(?:\w+ )?dagen (?:\w+ ){0,2}(?:niks|niets|geen eten|nauwelijks|bijna niks|bijna niets) (?:\w+ )?(?:gegeten|gedronken|te eten)\b|\b(?:al )?(?:\w+ )?dagen (?:niet|nie) (?:meer )?(?:gegeten|gedronken)\b",
        r"\b(?:geen|zonder) (?:verwarming|warmte|kachel) (?:\w+ ){0,6}(?:vriest|vorst|ijskoud|koud|kou|winter|onderkoeld)\b|\b(?:vriest|vorst|ijskoud|winter) (?:\w+ ){0,6}(?:geen|zonder) (?:verwarming|warmte|kachel)\b",
        # a carer (or anyone) at breaking point, afraid of what they might do
        r"\bbang dat ik (?:\w+ ){0,3}(?:iets aandoe|iets aan doe|iets aan ga doen|pijn doe|iets ergs (?:ga )?doe)\w*|\bbang voor wat ik (?:\w+ ){0,2}(?:ga doen|doe|zal doen)\b",
        r"\bbang voor (?:mezelf|mijzelf)\b|\b(?:weet|wist) (?:\w+ )?niet (?:meer )?wat ik (?:\w+ ){0,2}(?:aandoe|aan doe)\b",
        r"\b(?:handen|hand) (?:\w+ ){0,3}niet (?:meer )?(?:thuis|thuishouden|thuis houden|in bedwang)\b",
        r"\b(?:sta|stond|staat) (?:\w+ ){0,2}op het punt (?:\w+ ){0,4}(?:iets aan te doen|te slaan|pijn te doen|te knappen)\b",
        # threats and exploitation
        r"\b(?:drugsdealer\w*|dealer\w*|criminelen) (?:\w+ ){0,5}(?:bedreig\w*|dreig\w*|staan voor de deur|achter (?:me|mij|ons|hem|haar) aan)\b",
        r"\b(?:ik|wij|we) (?:\w+ )?(?:word|wordt|worden|werd) (?:\w+ )?bedreigd\b",
        r"\bbedreigd\b|\bbedreiging\w*",
        r"\b(?:ben|zijn|is) in (?:acuut |direct )?gevaar\b",
        r"\bacu(?:u|)te? (?:crisis|nood|gevaar|noodsituatie)\b",
        r"\bcrisis\b|\bpsychose\b|\b(?:is|raakt|lijkt|wordt|werd|raakte|erg|weer|acuut) (?:\w+ )?psychotisch\w*|\bpsychotisch (?:geworden|gedrag|en )",
        r"\bcrisis ?(?:dienst|opvang|centrum)\b",
        r"\bnoodgeval\b|\bnoodsituatie\b",
        r"\bik heb (?:nu|nu meteen|direct|meteen|onmiddellijk|dringend|acuut) hulp nodig\b(?! (?:met|bij|voor|in|om|van))",
        r"\bgas (?:\w+ ){0,2}(?:aan|open) (?:laten staan|gelaten|staan)\b",
        r"\bhelp (?:me |mij )?(?:nu|snel|dringend|alsjeblieft)\b.*\b(?:gevaar|bang|nood)\b",
        r"\b(?:iemand|hij|zij|ze) (?:staat|stond) (?:voor|aan) (?:de|mijn) deur (?:\w+ ){0,3}(?:bang|dreig)\w*",
        r"\bweet (?:me|mij) geen raad meer\b(?=.*\b(?:leven|dood|einde)\b)",
        # afraid of the coming night or of someone coming home ("ik bin bang veur vannacht", Achterhoeks)
        r"\bbang (?:voor|veur|van) (?:vannacht|vanavond|de nacht|vanmiddag)\b",
        r"\bbang (?:\w+ ){0,3}(?:als|wanneer|tot) (?:hij|zij|ze|mijn \w+) (?:\w+ )?(?:thuis ?komt|terug ?komt|thuis is)\b",
    ],
}

_PATTERNS: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
    (categorie, re.compile("|".join(f"(?:{p})" for p in _RAW[categorie]), re.M)) for categorie in CATEGORIEEN
)

# Idioms that contain a danger word but are ordinary speech; removed before matching.
_IDIOMS = re.compile(
    r"\b(?:dood ?moe|dood ?op|doodziek|dood ?ziek|doodop|dood ?nerveus|dood ?eng|doodeng|dood ?gewoon|doodgewoon"
    r"|dood ?stil|doodstil|dood ?serieus|doodserieus|dood ?leuk|doodleuk|ziek en zeer"
    r"|(?:schrik|lach|verveel|schaam|werk|zoek|erger|ergert|schrok|lachte|verveelde|pieker|piekerde|wacht|wachtte|sjouw|zorg) (?:me|mij|mezelf|mijzelf|je|jezelf|zich|zichzelf|ons) (?:\w+ )?(?:dood|een ongeluk|kapot|rot|suf|gek|te pletter)"
    r"|duwt (?:me|mij|mijn \w+|haar|hem) (?:\w+ ){0,3}(?:rolstoel|rollator)"
    r"|doodgaan van (?:de )?(?:honger|dorst|verveling|de pijn)|dood van (?:de )?(?:honger|dorst|verveling)"
    r"|geweldig\w*|geweldloos|slaat (?:nergens op|alarm|aan|toe)|slaat (?:de|het) (?:plank|klok)"
    # "mijn ouders vermoorden me als ze dit horen", "die rekening slaat me dood", "de gemeente wurgt ons met ..."
    # (only "ouders" as a person: "hij vermoordt me als ik wegga" is a threat, never an idiom)
    r"|ouders (?:\w+ )?(?:vermoorden|vermoordden|maken|maakten) (?:me|mij|ons) (?:\w+ )?(?:af )?als"
    r"|(?:rekening\w*|knie\w*|rug|kosten|schulden|formulier\w*|belasting\w*|stress|pijn|gemeente|regels"
    r"|bureaucratie|eigen bijdrage|huur|prijzen|boetes?|deurwaarder|zorgkosten|energie\w*) (?:\w+ ){0,2}"
    r"(?:vermoord\w*|wurg\w*|slaat|slaan|sloopt|slopen) (?:me|mij|ons)(?: \w+)?(?: dood)?"
    r"|wel (?:\w+ )?(?:wurgen|vermoorden|schieten|achter het behang plakken)"
    r"|crisis ?(?:in de zorg|op de woningmarkt)|(?:suicide|zelfmoord|zelfdodings?)preventie\w*|(?:energie|corona|woning|krediet|stikstof|klimaat|huizen|financiele|economische|woon) ?crisis)\b"
)

# Negation: a danger phrase is not a signal when, in the same clause, a negation comes just before it
# ("geen acute suicidaliteit", "ontkent suicidale gedachten", "er is geen sprake van huiselijk geweld") or
# a negative finding just after it ("suicidaliteit uitgevraagd: negatief"). Words in the phrase itself
# ("ik wil niet meer leven") are part of the pattern, not a negation of it.
# (the past, "vroeger" or "vorig jaar", is a clause-wide matter: see _PAST_CLAUSE)
_NEGATION_BEFORE = {3: frozenset({"geen", "ontkent", "ontkende", "ontkennen", "uitgesloten", "nooit"}),
                    2: frozenset({"na", "sinds", "overleden", "overlijden", "geweest", "uit", "not"}),
                    1: frozenset({"niet", "zonder", "not", "no"})}
# After the phrase: a negative finding, or a past or controlled state ("psychose gehad", "stemmen, onder controle").
_NEGATION_AFTER = re.compile(r"^(?:\w+ ){0,3}(?:negatief|uitgesloten|afwezig|ontkend|niet aanwezig|niet aan de orde"
                             r"|niet van toepassing|gehad|onder controle|achter de rug|voorbij|verleden tijd"
                             r"|in the past|vroeger|lang geleden|jaren geleden|besproken (?:\w+ ){0,3}geen"
                             r"|uitgevraagd (?:\w+ ){0,3}geen)\b"
                             r"|^(?:\w+ ){0,5}(?:mee|mee leren|mee om leren) (?:leren )?(?:leven|omgaan)\b")
# Anywhere in the clause: the situation is over and safe now ("het is nu veilig", "niemand is in gevaar").
_SAFE_NOW = re.compile(r"\b(?:(?:het|we|wij|ik|ze|zij|hij) (?:is|zijn|ben) (?:nu |inmiddels |weer |al jaren )+(?:\w+ )?veilig"
                       r"|niemand (?:is|was|loopt) (?:\w+ )?(?:in )?gevaar|is (?:nu |inmiddels )?(?:voorbij|afgesloten)"
                       r"|ben er (?:nu )?(?:al )?(?:jaren )?uit)\b")
# A clause about the past: years ago, in childhood ("drie jaar geleden heeft mijn broer een einde aan zijn leven
# gemaakt"), unless the same clause brings it to now ("vorig jaar sloeg hij me en nu weer").
_PAST_CLAUSE = re.compile(r"\b(?:jaar geleden|jaren geleden|vorig jaar|vroeger|voorheen|destijds|in the past|years ago"
                          r"|als (?:klein |jong )?(?:kind|meisje|jongetje)|in mijn jeugd)\b")
# ("nu" alone is not enough: "vorig jaar een psychose, nu is hij stabiel" is over)
_NOW_CLAUSE = re.compile(r"\b(?:weer|nog steeds|nog altijd|nog|steeds|opnieuw|vandaag|gisteren|vannacht|vanavond|deze week"
                         r"|sinds kort|elke (?:dag|week|avond|nacht)|iedere (?:dag|week|avond|nacht)|tegenwoordig|laatst)\b")
# A professional's note that rules it out: "geen signalen (meer) van onveiligheid of psychische crisis".
_NO_SIGNS_BEFORE = re.compile(r"\bgeen (?:\w+ )?(?:signalen|aanwijzingen|sprake|tekenen|zorgen|verdenking)(?: \w+){0,5}$")
_PAST_NEXT_CLAUSE = re.compile(r"^(?:\w+ ){0,3}(?:onder controle|achter de rug|voorbij|verleden tijd|gehad)\b")
_NOT_EXCLUDED = re.compile(r"^(?:\w+ ){0,3}niet (?:uit ?gesloten|uit te sluiten)\b")
# People who want to help, learn or volunteer ("vrijwilliger bij de crisislijn", "maatje voor mensen met
# suicidale gedachten"): a danger phrase after such a word in the same clause is about others, not a signal.
_HELPING = re.compile(
    r"\b(?:vrijwillig\w*|maatje|maatjes|buddy|buddys|cursus|training|scholing|voorlichting|workshop|lezing|"
    r"gastles|webinar|opleiding|stage|studie|scriptie|werkstuk|spreekbeurt|folder|folders|informatieavond|"
    r"(?:anderen|mensen) (?:\w+ )?helpen|wil (?:graag )?helpen|iets betekenen voor|lotgeno\w*|luisterend oor|"
    r"organiseren|ervaringsdeskundig\w*|rouwgroep|rouwverwerking|contact met andere|"
    # talking or writing about it, and the English of the same
    r"avond (?:\w+ )?(?:houden|over)|thema ?avond|bijeenkomst|spreker|krant|artikel|stuk (?:voor|over)|"
    r"journalist\w*|volunteer\w*|student)\b"
)
# Clauses: sentence ends, semicolons, new lines and "maar"/", wel" start a new clause. Negation and helping
# never reach across a clause; patterns match within one clause (re.M: ^ and $ are clause bounds).
_CLAUSE_SPLIT = re.compile(
    r"[.!?;\n\r]+|,\s*(?=(?:maar|wel|alleen|toch)\b)|(?<!alleen)(?<!enkel)(?<!gewoon)(?<!even)(?<!nog)\s+maar\s+", re.I)
_SPACES = re.compile(r"\s+")
# Achterhoeks and Twents for "niet" ("ik wil gewoon nich meer"), read as "niet" before the patterns
_DIALECT_NIET = re.compile(r"\b(?:nich|nie|neet)\b")


# Spoken hesitations ("geen geld eh voor de huur"): left out, so a phrase is not broken by them.
_FILLERS = re.compile(r"\b(?:eh|ehm|ehh|euh|uh|uhm|hm|hmm)\b")


def _clean(text: str) -> str:
    """Normalised text, one clause per line, idioms removed."""
    clauses = []
    for part in _CLAUSE_SPLIT.split(text or ""):
        clause = _SPACES.sub(" ", _IDIOMS.sub(" ", _DIALECT_NIET.sub("niet", _FILLERS.sub(" ", normalise(part))))).strip()
        if clause:
            clauses.append(clause)
    return "\n".join(clauses)


def _is_negated(cleaned: str, start: int, end: int) -> bool:
    """A negation just before the phrase in its clause, or a negative finding just after it."""
    line_start = cleaned.rfind("\n", 0, start) + 1
    line_end = cleaned.find("\n", end)
    before = cleaned[line_start:start].split()
    after = cleaned[end:line_end if line_end >= 0 else len(cleaned)].strip()
    if not after and line_end >= 0:  # the phrase ends its clause: "stemmen, maar dat is onder controle"
        next_end = cleaned.find("\n", line_end + 1)
        if _PAST_NEXT_CLAUSE.search(cleaned[line_end + 1:next_end if next_end >= 0 else len(cleaned)]):
            return True
    for window, words in _NEGATION_BEFORE.items():
        if any(word in words for word in before[-window:]):
            return True
    clause = cleaned[line_start:line_end if line_end >= 0 else len(cleaned)]
    if _HELPING.search(cleaned[line_start:start]) or _NO_SIGNS_BEFORE.search(cleaned[line_start:start].rstrip()):
        return True
    if _SAFE_NOW.search(clause) or (_PAST_CLAUSE.search(clause) and not _NOW_CLAUSE.search(clause)):
        return True
    return bool(_NEGATION_AFTER.search(after)) and not _NOT_EXCLUDED.search(after)


# A joke: "ik vermoord hem nog eens haha", "mijn moeder maakt me af als ... 😅 maar even serieus". Only a threat
# of killing said as a figure of speech is taken as a joke, never hitting, abuse or anything about oneself.
_JOKE = re.compile(r"\b(?:haha\w*|hihi\w*|hehe\w*|lol|grapje|(?:maar |nee |oke |ok )(?:even |ff |effe )?serieus)\b"
                   r"|[\U0001F602\U0001F923\U0001F605\U0001F606\U0001F61C\U0001F609\U0001F648\U0001F62D\U0001F624]",
                   re.I)
_HYPERBOLE = re.compile(r"\b(?:vermoord\w*|maak\w* (?:\w+ )?af|dood ?(?:slaan|slaat|maken|maakt)|af ?maken)\b")
# A small child hitting or biting a parent or grandparent ("mijn dreumes van 18 maanden slaat me", "onze zoon van 7
# gooit met stoelen als hij boos is"): a question about upbringing, not danger. The child is the subject, named
# with a young age right before the verb; anything else in the sentence is still read as usual.
_JONG = r"(?:een|twee|drie|vier|vijf|anderhalf|[1-5])"
_JONG_KIND = re.compile(
    r"\b(?:(?:dreumes|peuter|peutertje|kleuter|baby)(?: van \w+(?: maanden| jaar)?)?"
    r"|(?:zoon|zoontje|dochter|dochtertje|kind|kindje|kleinzoon|kleindochter|jongste|meisje|jongetje)"
    rf" (?:van )?(?:{_JONG}(?: jaar(?: oud)?)?|\d+ maanden(?: oud)?))"
    r"(?: \w+){0,6} (?:slaat|sloeg|bijt|beet|schopt|trapt|knijpt|krabt)(?: \w+){0,2} (?:me|mij|ons|oma|opa)\b")
_KIND_GOOIT = re.compile(
    r"\b(?:zoon|zoontje|dochter|dochtertje|kind|kindje|jongste|kleuter|peuter)(?: van)? (?:\d|1[0-2]|een|twee|drie|vier"
    r"|vijf|zes|zeven|acht|negen|tien|elf|twaalf)(?: jaar)?(?: \w+){0,10} (?:gooit|gooide|smijt|smeet) met"
    r" (?:stoelen|spullen|speelgoed|dingen|zijn \w+|haar \w+)\b")


def _figure_of_speech(cleaned: str, joke: bool, categorie: str, m: "re.Match[str]") -> bool:
    """A joking threat, or a small child's tantrum (see _JOKE, _JONG_KIND): not a danger signal."""
    if categorie != "geweld":
        return False
    line_start = cleaned.rfind("\n", 0, m.start()) + 1
    line_end = cleaned.find("\n", m.end())
    clause = cleaned[line_start:line_end if line_end >= 0 else len(cleaned)]
    if joke and _HYPERBOLE.search(m.group(0)):
        return True
    return bool(_JONG_KIND.search(clause) or _KIND_GOOIT.search(clause))


def _signals(cleaned: str, joke: bool = False) -> Iterator[Tuple[str, "re.Match[str]"]]:
    """(categorie, match) for every danger phrase that is not negated, in priority order of categorie."""
    for categorie, pattern in _PATTERNS:
        for m in pattern.finditer(cleaned):
            if not _is_negated(cleaned, m.start(), m.end()) and not _figure_of_speech(cleaned, joke, categorie, m):
                yield categorie, m


def detect_dangers(text: str) -> Tuple[SafetySignal, ...]:
    """Every danger categorie found in the text, in priority order (suicide, kindermishandeling, geweld, crisis)."""
    cleaned = _clean(text)
    if not cleaned:
        return ()
    found: Dict[str, SafetySignal] = {}
    for categorie, m in _signals(cleaned, bool(_JOKE.search(text or ""))):
        found.setdefault(categorie, SafetySignal(categorie=categorie, matched=m.group(0).strip()))
    # geweld and crisis both hit on "bedreigd"; keep the more specific geweld only
    if "crisis" in found and ("geweld" in found or "kindermishandeling" in found):
        del found["crisis"]
    return tuple(found.values())


def detect_danger(text: str) -> Optional[SafetySignal]:
    """The most urgent danger signal in the text, or None. Recall first."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    for categorie, m in _signals(cleaned, bool(_JOKE.search(text or ""))):
        return SafetySignal(categorie=categorie, matched=m.group(0).strip())
    return None


def without_negated_danger(text: str) -> str:
    """The normalised text with negated and helping danger phrases and figures of speech blanked out (input of the
    danger classifier).

    The classifier sees "geen acute suicidaliteit, wel somberheid" as "wel somberheid": the lexicon's
    understanding of negation reaches the second detector too.
    """
    cleaned = _clean(text)
    joke = bool(_JOKE.search(text or ""))
    spans = []
    for categorie, pattern in _PATTERNS:
        for m in pattern.finditer(cleaned):
            if _is_negated(cleaned, m.start(), m.end()) or _figure_of_speech(cleaned, joke, categorie, m):
                spans.append((m.start(), m.end()))
    for start, end in sorted(spans, reverse=True):
        cleaned = cleaned[:start] + " " + cleaned[end:]
    return _SPACES.sub(" ", cleaned).strip()


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
        r"\buit (?:zijn|haar|hun|het) (?:huis|woning) (?:\w+ )?(?:gezet|zetten|gegooid)\b",
        r"\ber ?uit (?:\w+ )?(?:gezet|gegooid|geschopt|getrapt)\b", r"\b(?:de )?deurwaarder (?:\w+ ){0,4}(?:ontruim|huis uit)\w*",
        r"\b(?:moet|moeten|moest) (?:\w+ ){0,3}(?:het|mijn|ons|zijn|haar) (?:huis|woning|kamer) uit\b",
        # rent arrears handed to a bailiff ("een brief van de woningstichting dat ze het aan de deurwaarder geven")
        r"\b(?:woningstichting|woningcorporatie|verhuurder|huisbaas|huur|huurachterstand|huurschuld)\b(?: \w+){0,12} deurwaarder\b",
        r"\bhuur ?achterstand\b(?: \w+){0,8} (?:deurwaarder|rechter|vonnis|dagvaarding)\b",
    ],
    "afsluiting": [
        r"\b(?:gas|stroom|licht|energie|water|elektra|elektriciteit|verwarming)\w* (?:\w+ ){0,4}(?:af ?gesloten|af ?sluiten|af te sluiten|afsluiting|eraf|er af)\b",
        r"\b(?:afsluiting|afsluiten|afgesloten|af te sluiten|afgesloten worden) van (?:het |de |mijn |ons |onze )?(?:gas|stroom|licht|energie|water|elektra|elektriciteit)\b",
        r"\bafsluit ?(?:brief|dreiging|datum)\b", r"\bdreig\w* (?:\w+ ){0,3}af te sluiten\b",
        r"\bzonder (?:gas|stroom|water|licht|verwarming|energie)\b",
        r"\b(?:stoppen|stopt|sluiten|sluit|halen|haalt) (?:\w+ ){0,2}(?:het |de |mijn |ons )?(?:gas|stroom|licht|water|energie)\b(?! ?(?:rekening|prijs))",
        r"\b(?:gas|stroom|licht|water|energie) (?:\w+ ){0,3}(?:der|er) ?af (?:\w+ )?(?:halen|hal n|haaln|gehaald)\b",
    ],
    "geen_inkomen": [
        r"\bgeen (?:\w+ )?inkomen\b", r"\bgeen (?:cent|euro|geld) meer\b", r"\bgeen geld (?:meer )?(?:om van te leven|voor de huur|voor huur|voor eten|voor boodschappen)\b",
        r"\bgeen uitkering\b", r"\buitkering (?:\w+ )?(?:gestopt|stopgezet|ingetrokken)\b", r"\bsalaris (?:\w+ )?(?:gestopt|niet betaald)\b",
        r"\b(?:uitkering|ww|salaris|loon|inkomen|bijstand|alimentatie) (?:\w+ ){0,3}(?:houdt op|stopt|loopt af|eindigt|houdt \w+ op)\b",
        r"\b(?:inkomen|ww|uitkering|salaris|loon)\b.*\bheb (?:ik |we )?(?:helemaal )?(?:niks|niets) meer\b",
    ],
    "geen_eten": [
        r"\bgeen (?:eten|voedsel)\b", r"\bgeen (?:geld|cent) (?:meer )?voor (?:de )?boodschappen\b", r"\bniks (?:meer )?te eten\b", r"\bniets (?:meer )?te eten\b",
        r"\bgeen geld (?:meer )?(?:voor|om) (?:eten|boodschappen|te eten)\b", r"\bhonger\b", r"\blege koelkast\b",
    ],
    "dakloos": [
        r"\bdakloos\b", r"\b(?:sta|sta ik|staan|sla|slaap|slapen|leef|woon|kom|komen|beland|terecht|zet|zetten|gezet) (?:\w+ ){0,2}op straat\b", r"\bop straat (?:slapen|leven|komen|staan|terecht)\b", r"\bgeen (?:dak boven|slaapplek|woning|huis|plek om te slapen)\b",
        r"\bslaap (?:in (?:mijn|de) auto|buiten|bij vrienden op de bank)\b", r"\bnergens (?:om te slapen|te slapen|kan slapen|kan wonen|om te wonen)\b", r"\bgeen (?:plek|plaats) (?:om te slapen|om te wonen)\b",
        r"\b(?:slaap|slaapt|slapen|sliep|sliepen|woon|woont|wonen) (?:\w+ ){0,4}in (?:mijn|zijn|haar|hun|de|een|onze) (?:auto|bus|busje|tent|schuur|schuurtje)\b",
        r"\b(?:slaap|slaapt|slapen|sliep|sliepen) (?:\w+ ){0,3}bij (?:wisselende|steeds andere|allerlei) (?:vrienden|mensen|kennissen|adressen)\b",
        r"\bthuis (?:\w+ )?(?:weggestuurd|eruit gezet|uitgezet|eruit gegooid)\b",
        r"\b(?:slaap|slaapt|slapen|sliep) (?:\w+ ){0,4}bij (?:vrienden|een vriend|een vriendin|kennissen|familie|mijn \w+|zijn \w+|haar \w+) op (?:de|een|hun|zijn|haar) bank\b",
        r"\bin (?:mijn|zijn|haar|hun|de|een|onze) (?:auto|bus|busje|tent|schuur) (?:\w+ )?(?:slaap|slaapt|slapen|sliep|sliepen|woont|woon|wonen)\b",
        r"\b(?:zit|zitten) (?:\w+ ){0,4}op (?:de|een) bank bij\b", r"\bbank ?hangen\b|\bbank ?hopper\w*",
        r"\b(?:waar|waarheen) (?:kan|moet) (?:ik|hij|zij|ze|we|wij) (?:\w+ )?(?:heen|slapen|naartoe)\b(?=.*\b(?:eruit|uit huis|straat|slapen|bank|auto)\b)",
    ],
    "mantelzorger_overbelast": [
        r"\boverbelast\w*", r"\bop (?:mijn |het )?(?:laatste )?(?:benen|tandvlees)\b", r"\bop (?:het )?omvallen\b",
        r"\bkan (?:het|dit) (?:echt |gewoon |allemaal |eigenlijk |bijna |haast |ook )*niet (?:meer|langer) aan\b", r"\bhou (?:het|dit) niet (?:meer )?vol\b",
        r"\b(?:het|dit) (?:\w+ ){0,2}niet (?:lang |zo lang )?(?:meer |langer |nog )?vol ?(?:houd|hou|houden)\b",
        r"\b(?:viel|val|valt|vallen) (?:\w+ ){0,2}om van (?:de )?(?:moeheid|vermoeidheid)\b",
        # "ik kan echt niet meer" at the end of a clause (not "ik kan niet meer lopen": that is a question of its own)
        r"\bik kan (?:het |dit )?(?:echt |gewoon |eigenlijk |bijna |haast |ook )*niet (?:meer|langer)(?=$| (?:en|maar|want|help|hoor|zo|echt|ik|hij|zij|ze|het)\b)",
        r"\bhoud (?:het|dit) niet (?:meer )?vol\b", r"\btrek (?:het|dit) niet (?:meer|langer)\b", r"\bopgebrand\b",
        # "ik weet niet hoe lang ik dit nog volhoud" (round 3's conversations: test-informed, see evaluation.md)
        r"\b(?:hoe lang|hoelang) (?:\w+ ){0,3}(?:nog )?(?:volhoud|volhouden|vol houd|vol hou|volhou|vol te houden)\b",
        r"\bmantelzorg\w* (?:\w+ ){0,3}(?:burn ?out|opgebrand|uitgeput|overbelast)\w*", r"\buitgeput\b", r"\bben (?:helemaal|echt|totaal|compleet) op\b(?! (?:zoek|de|het|een|mijn|tijd|weg|vakantie))", r"\bga (?:er )?(?:aan )?onderdoor\b",
    ],
    "kind_niet_veilig": [
        rf"\b{_KIND} (?:\w+ ){{0,2}}niet veilig\b", r"\bzorgen (?:om|over) de veiligheid\b", r"\b(?:of|dat) (?:mijn|het|ons|de) \w+ (?:\w+ )?(?:wel )?veilig is\b",
        r"\bniet veilig voor (?:het|de|mijn) (?:kind|kinderen)\b", rf"\b{_KIND} (?:\w+ ){{0,3}}verwaarloos\w*|\bverwaarloos\w* (?:\w+ )?{_KIND}\b",
    ],
}

_HOOG_PATTERNS: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
    (code, re.compile("|".join(f"(?:{p})" for p in patterns), re.M)) for code, patterns in _HOOG_RAW.items()
)


def detect_hoge_urgentie(text: str) -> Tuple[str, ...]:
    """Cue codes for urgentie 'hoog' found in the text (see HOGE_URGENTIE_LABELS)."""
    cleaned = _clean(text)
    if not cleaned:
        return ()
    return tuple(code for code, pattern in _HOOG_PATTERNS if pattern.search(cleaned))
