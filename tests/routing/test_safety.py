"""Safety net: recall first on danger phrases, few false alarms on ordinary Dutch idiom."""
import time

import pytest

from routing import detect_danger, detect_dangers, detect_hoge_urgentie

DANGER = [
    # (text, categorie)
    ("hij slaat me", "geweld"),
    ("Mijn man slaat mij als hij gedronken heeft", "geweld"),
    ("ik ben bang voor mijn partner", "geweld"),
    ("Ik ben bang voor m'n ex, hij staat steeds voor de deur", "geweld"),
    ("er is huiselijk geweld bij ons thuis", "geweld"),
    ("Huiselijk geweld", "geweld"),
    ("mijn vriend schopt me", "geweld"),
    ("ik word mishandeld door mijn zoon", "geweld"),
    ("mijn moeder van 84 wordt mishandeld in het verzorgingshuis", "geweld"),
    ("hij heeft me gisteren gewurgd", "geweld"),
    ("mijn vrouw dreigt me te vermoorden", "geweld"),
    ("ik ben verkracht", "geweld"),
    ("mijn ex stalkt mij al maanden", "geweld"),
    ("ik durf niet naar huis", "geweld"),
    ("ik voel me niet veilig thuis", "geweld"),
    ("hij pakte een mes", "geweld"),
    ("ze willen me uithuwelijken", "geweld"),
    ("mijn kind wordt geslagen", "kindermishandeling"),
    ("mijn kind word geslagen door haar vader", "kindermishandeling"),
    ("ik denk dat de buurman zijn kinderen slaat, de kinderen worden vaak geslagen", "kindermishandeling"),
    ("mijn stiefvader slaat me", "kindermishandeling"),
    ("Mijn vader slaat mij en mijn broertje", "kindermishandeling"),
    ("ik vermoed kindermishandeling bij de buren", "kindermishandeling"),
    ("kinder mishandeling", "kindermishandeling"),
    ("de kinderen worden verwaarloosd", "kindermishandeling"),
    ("mijn kleinkind is thuis niet veilig", "kindermishandeling"),
    ("mijn dochter is misbruikt door haar oom", "kindermishandeling"),
    ("ik wil dood", "suicide"),
    ("Ik wil dood.", "suicide"),
    ("ik wil er een eind aan maken", "suicide"),
    ("ik ga er een einde aan maken", "suicide"),
    ("ik denk aan zelfmoord", "suicide"),
    ("zelfmoordgedachten", "suicide"),
    ("ZELF MOORD", "suicide"),
    ("ik heb suïcidale gedachten", "suicide"),
    ("suicidaal", "suicide"),
    ("ik wil niet meer leven", "suicide"),
    ("ik heb er geen zin meer in om te leven", "suicide"),
    ("ik wil mezelf iets aandoen", "suicide"),
    ("ik ben bang dat ik mezelf iets aan doe", "suicide"),
    ("mijn zoon wil niet meer leven", "suicide"),
    ("ik zie het niet meer zitten en wil er niet meer zijn", "suicide"),
    # Achterhoeks "nich" / "nie" for "niet", and a word or two between "zie het" and "niet meer zitten"
    ("ik zie t echt nich meer zitten", "suicide"),
    ("mien broer zeg dat ie nich meer leven wil, hij wil nich meer leven", "suicide"),
    ("ik zie het gewoon helemaal niet meer zitten", "suicide"),
    ("ik wil mijn leven beëindigen", "suicide"),
    ("ik heb alle pillen gespaard", "suicide"),
    ("iedereen is beter af zonder mij", "suicide"),
    ("ik wil dood gaan", "suicide"),
    ("ik word bedreigd", "crisis"),
    ("ik ben in gevaar", "crisis"),
    ("mijn broer is in een psychose", "crisis"),
    ("het is een noodgeval", "crisis"),
    ("acute crisis bij ons thuis", "crisis"),
    # spelling variants, no accents, chat style
    ("zelfmoort", "suicide"),
    ("ik denk aan suiside", "suicide"),
    ("ik wil er niet meer zijn", "suicide"),
    ("ik wil niet meer", "suicide"),
    ("ik kan niet meer verder", "suicide"),
    ("ik doe mezelf wat aan", "suicide"),
    ("ik ga mezelf van kant maken", "suicide"),
    ("ik wil mezelf ophangen", "suicide"),
    ("hij dreigt zich van het leven te beroven", "suicide"),
    ("ik overweeg me misschien wel van t leven te beroven", "suicide"),
    ("ik snij mezelf", "suicide"),
    ("ik spring voor de trein", "suicide"),
    ("ik heb 113 gebeld maar", "suicide"),
    ("ik wordt geslagen", "geweld"),
    ("mn man slaat me", "geweld"),
    ("m'n vriend sloeg mij gisteren", "geweld"),
    ("huislijk geweld", "geweld"),
    ("mijn partner mishandelt me", "geweld"),
    ("hij dreigt me te vermoorden", "geweld"),
    ("ik ben bang dat hij me iets aandoet", "geweld"),
    ("hij bedreigde me met een mes", "geweld"),
    ("hij slaat mij en de kinderen", "geweld"),
    ("KINDERMISHANDELLING", "kindermishandeling"),
    ("de buurman slaat zijn kinderen", "kindermishandeling"),
    # indirect and professional wording
    ("veilig thuis", "geweld"),
    ("ik word gestalkt door mijn ex", "geweld"),
    ("ik ben bang voor mijn vader als hij dronken is", "geweld"),
    ("ik hoor de buren vechten en een vrouw die om hulp roept", "geweld"),
    ("mijn moeder wordt door mijn broer geslagen", "geweld"),
    ("financieel misbruik van mijn oma", "geweld"),
    ("mijn familie dwingt me om te trouwen", "geweld"),
    ("er wordt geschreeuwd en gegooid met spullen, ik ben bang", "geweld"),
    ("mijn man controleert alles en ik mag niemand zien", "geweld"),
    ("ik ben gevlucht voor mijn man en zit met de kinderen in de auto", "geweld"),
    ("vrouwenopvang", "geweld"),
    ("ik zoek een veilige plek voor mij en mijn kinderen", "geweld"),
    ("intern begeleider: leerling vertelt dat hij thuis geslagen wordt", "kindermishandeling"),
    ("een leerling heeft striemen op haar rug", "kindermishandeling"),
    ("het kind van de buren wordt verwaarloosd", "kindermishandeling"),
    ("kinderen worden thuis alleen gelaten en er is geen eten", "kindermishandeling"),
    ("er wordt een kind geslagen in ons buurthuis", "kindermishandeling"),
    ("het hoeft voor mij allemaal niet meer, ik heb pillen gespaard", "suicide"),
    ("mijn zoon zegt dat hij zich van kant wil maken", "suicide"),
    ("ik heb net een hele strip pillen genomen", "suicide"),
    ("ik doe mezelf pijn", "suicide"),
    ("het is hier uit de hand gelopen, ik heb nu hulp nodig", "crisis"),
    ("mijn vader met dementie heeft het gas aan laten staan", "crisis"),
]

ORDINARY = [
    "ik heb geen zin meer om naar school te gaan",
    "ik heb er geen zin meer in om te koken",
    "ik ben doodmoe",
    "Ik ben echt doodmoe van alles regelen",
    "ik schrik me dood van die brief",
    "ik schrok me dood",
    "ik word doodziek van de administratie",
    "doodziek van de administratie",
    "ik lach me dood",
    "mijn dochter slaapt slecht",
    "ik ben dood op na de hele dag zorgen",
    "ik verveel me dood thuis",
    "mijn man is vorig jaar overleden",
    "sinds de dood van mijn vrouw ben ik eenzaam",
    "de hulp was geweldig",
    "ik heb een aanslag van de gemeentebelasting gekregen",
    "de klok slaat twaalf",
    "dat slaat nergens op",
    "ik zoek huishoudelijke hulp",
    "ik wil een traplift",
    "mijn moeder heeft dementie en ik ben mantelzorger",
    "door de energiecrisis kan ik mijn rekeningen niet betalen",
    "ik heb schulden en de deurwaarder komt",
    "mijn zoon spijbelt",
    "hoe vraag ik een scootmobiel aan",
    "ik zoek vrijwilligerswerk",
    "mijn kind heeft adhd en slaapt slecht",
    "ik wil graag een rolstoel",
    "ik ben al jaren alleen en voel me eenzaam",
    "mijn man is dement en slaat soms de deur hard dicht",
    "ik ben bang dat ik de huur niet kan betalen",
    "ik heb een bsn vraag over mijn paspoort",
    "mijn vader is dood en ik moet zijn administratie doen",
    "ik werk me dood voor mijn moeder",
    "ik pieker me suf over de rekeningen",
    "ik wil niet meer verder met deze thuiszorg",
    "ik ga niet meer verder met de dagbesteding",
    "ik woon op de Dorpsstraat 113 in Neede",
    "mijn vader valt vaak en heeft blauwe plekken",
    "ik kan niet meer snijden met een mes door mijn reuma",
    "mijn man duwt me in de rolstoel naar de markt",
    "ik haal mijn zoon op en pak mijn dochter mee",
    "onze tuin is verwaarloosd sinds ik ziek ben",
    "ik zit in een financiele crisis door de energiecrisis",
    "ik sta niet op straat maar zoek een kleinere woning",
    "ik wil dolgraag meedoen aan activiteiten",
    "ik wil graag veilig thuis blijven wonen",
    "ik heb nu hulp nodig bij de administratie",
    "het loopt uit de hand met mijn rekeningen",
    "ik voel me onveilig op de trap",
    "ik ga trouwen en wil weten hoe dat moet",
    "mijn zoon heeft last van zijn knie",
]


# Indirect danger by risk group, without the classic alarm words (the lexicon's second half; the
# DangerClassifier in the NLU pipeline is the other detector).
INDIRECT = [
    # suicidality, indirect
    ("ik ben iedereen alleen maar tot last", "suicide"),
    ("ik voel me een last voor mijn kinderen", "suicide"),
    ("het zou voor iedereen beter zijn als ik er niet meer was, ze zijn beter af zonder mij", "suicide"),
    ("ik wil hier niet meer zijn", "suicide"),
    ("ik wil gewoon slapen en nooit meer wakker worden", "suicide"),
    ("mijn broer heeft een afscheidsbrief geschreven", "suicide"),
    ("mijn vader heeft al zijn spullen weggegeven", "suicide"),
    ("ik spaar mijn slaappillen op", "suicide"),
    ("waarom zou ik nog doorgaan", "suicide"),
    ("ik zie geen uitweg meer", "suicide"),
    ("mijn opa is klaar met leven", "suicide"),
    ("niemand zou me missen", "suicide"),
    ("i want to die", "suicide"),
    # self-harm, also found by a parent
    ("mijn dochter snijdt zichzelf", "suicide"),
    ("ik vond sneetjes op de armen van mijn zoon", "suicide"),
    ("ze heeft in haar pols gesneden", "suicide"),
    ("ik vond mesjes in zijn kamer", "suicide"),
    # psychosis with command hallucinations
    ("hij hoort stemmen die zeggen dat hij moet springen", "suicide"),
    ("de stemmen zeggen dat ik mezelf moet straffen", "suicide"),
    ("mijn zoon denkt dat de buren hem willen vergiftigen", "suicide"),
    # neglect, children alone, sexual exploitation
    ("de kleine kinderen van de buren zijn de hele dag alleen thuis", "kindermishandeling"),
    ("de kindjes krijgen al dagen geen eten", "kindermishandeling"),
    ("onze dochter van 13 heeft een veel oudere vriend die haar ophaalt", "kindermishandeling"),
    ("er gaan naaktfoto's van mijn dochter rond", "kindermishandeling"),
    ("mijn zoon durft niet meer naar huis", "kindermishandeling"),
    # coercive control
    ("mijn man pakt mijn telefoon af en sluit me op", "geweld"),
    ("ik mag niet naar buiten van hem", "geweld"),
    ("hij controleert mijn telefoon en mijn geld", "geweld"),
    ("ik zit ondergedoken voor mijn ex", "geweld"),
    ("hij mag niet weten waar ik ben", "geweld"),
    ("my husband hits me", "geweld"),
    # dementia and wandering, acute situations, a carer at breaking point
    ("mijn vader met dementie dwaalt 's nachts op straat", "crisis"),
    ("de politie heeft mijn moeder weer thuisgebracht", "crisis"),
    ("mijn oma is vermist", "crisis"),
    ("ze ligt op de grond en kan niet meer op", "crisis"),
    ("hij heeft al dagen niets gegeten", "crisis"),
    ("geen verwarming en het vriest", "crisis"),
    ("ik ben bang dat ik hem iets aandoe", "crisis"),
    ("ik ben bang voor mezelf", "crisis"),
    # threats to kill, and danger that is back after a quiet time
    ("mijn man zegt dat hij me vermoordt als ik wegga", "geweld"),
    ("hij vermoordt me als hij hoort dat ik gebeld heb", "geweld"),
    ("vorig jaar sloeg hij me en nu doet hij het weer", "geweld"),
    ("twee jaar geleden is ze gevlucht, nu staat hij weer voor de deur en bedreigt hij haar", "geweld"),
    ("drie jaar geleden begon het en hij slaat me nog elke week", "geweld"),
    ("vader dwaalt 's nachts over straat", "crisis"),
    ("moeder dwaalt, het vriest", "crisis"),
    # afraid of the coming night, or of someone coming home (round 2 and 1's conversations: test-informed)
    ("eigenlijk ben ik bang voor vannacht", "crisis"),
    ("ik zit hier en ben bang tot hij thuiskomt", "crisis"),
]

# Danger words that are NOT a signal: negated in a professional's note, people who want to help, the past.
NOT_DANGER = [
    "Mijn vader heeft zich in 2019 van het leven beroofd. Ik zoek een rouwgroep.",
    "Geen acute suïcidaliteit, wel somberheid. Graag begeleiding.",
    "POH-GGZ: suïcidaliteit uitgevraagd: negatief. Verzoek om dagbesteding.",
    "Er is geen sprake van huiselijk geweld, mw. vraagt hulp in het huishouden.",
    "Cliënt ontkent suïcidale gedachten. Zoekt werk.",
    "geen signalen van kindermishandeling, wel opvoedvragen",
    "ik wil vrijwilliger worden bij de crisislijn voor mensen met zelfmoordgedachten",
    "ik zoek een cursus over hoe je mensen met suïcidale gedachten helpt",
    "ik wil maatje worden voor iemand die uit de vrouwenopvang komt",
    "mijn zoon had vorig jaar een psychose, nu is hij stabiel en zoekt hij dagbesteding",
    "ik hoor al jaren stemmen maar dat is onder controle, ik zoek werk",
    "mijn moeder met dementie dwaalt niet, maar ik wil een gps-horloge",
    "medewerker Veilig Thuis, ik wil een gezin overdragen",
    "mijn zoon van 20 is dakloos en zwerft rond",
    "zonder mijn auto zit ik opgesloten in Noordijk",
    "ik heb de telefoon van mijn dochter afgepakt omdat ze te laat thuiskwam",
    "ik kan er niet meer zijn voor mijn kinderen omdat ik zo moe ben",
    "het heeft geen zin meer om te bellen, niemand neemt op",
    "mijn zoon is vaak alleen op zijn kamer aan het gamen",
    # idioms with a violent word
    "mijn ouders vermoorden me als ze mijn rapport zien, hoe vertel ik het",
    "mn ouders maken me af als ze dit horen",
    "die energierekening slaat me dood, kan ik in termijnen betalen",
    "de gemeente wurgt ons met die eigen bijdrage, ik maak bezwaar",
    "mijn knieën vermoorden me, ik kan de trap niet meer op",
    "ik kan mijn dochter soms wel wurgen als ze haar kamer niet opruimt",
    # over and safe now, years ago
    "mijn broer is drie jaar geleden overleden door zelfdoding, ik wil vrijwilliger worden",
    "drie jaar geleden heeft mijn broer een einde aan zijn leven gemaakt, ik zoek een rouwgroep",
    "vroeger sloeg mijn vader ons, nu woon ik op mezelf en zoek ik werk",
    "my son saw his father hit me in the past, now we live safe",
    "ik ben uit de vrouwenopvang naar Neede verhuisd, het is nu veilig",
    "ik hoor al jaren stemmen en heb daar mee leren leven, ik zoek hulp met post",
    # people who want to help, and a professional who found no signs
    "ik wil graag een luisterend oor zijn voor mensen die in een crisis zitten",
    "ons dorpshuis wil een avond organiseren over mishandeling bij ouderen",
    "jeugdarts: geen signalen van onveiligheid of psychische crisis, verzuim lijkt motivatie",
    "POH-GGZ: suïcidaliteit besproken, er zijn geen doodsgedachten of plannen",
    "mijn zoon met autisme gooit spullen kapot bij een woedebui, niemand is in gevaar",
    # a joking threat of killing (only with a joke marker), a small child's tantrum, writing or talking about it;
    # developed on the hard negatives of bot/data/nlu/breedte/veiligheid_3.yml
    "ik vermoord hem nog eens haha, mijn zoon van 4 wil nooit slapen",
    "mijn moeder maakt me af als ze hoort dat ik gespijbeld heb 😅 maar even serieus, hoeveel uur mag je missen",
    "Mijn dreumes van 18 maanden slaat me in mijn gezicht als ik hem aankleed. Is dat een fase?",
    "mijn dochter van 2 slaat en bijt mij als ze haar zin niet krijgt",
    "Onze zoon van 7 heeft woedeaanvallen en gooit met stoelen, kan hij onderzocht worden op ADHD?",
    "Mijn dochter heeft als klein kind mishandeling meegemaakt, nu zoekt ze een praatgroep",
    "Ik schrijf een stuk voor de krant over huiselijk geweld in de Achterhoek",
    "Onze kerk wil een avond houden over eenzaamheid en suïcidepreventie bij ouderen",
    "I'm exhausted from caring for my husband. Not in crisis, just tired.",
    "mijn zoon kijkt de hele dag in zijn telefoon, is dat normaal?",
    # a diagnosis, not an acute state; restlessness inside the house
    "hij heeft een psychotische stoornis en zoekt een woning",
    "oma dwaalt overdag door het huis en weet niet wat ze moet doen",
]


# The exceptions above reach no further than they should: hitting is never a joke, a threat without a joke marker
# stays a threat, and a small child in the sentence does not excuse an adult.
STILL_DANGER = [
    # coercive control: a partner who checks one's phone (the risk list)
    ("mijn man kijkt in mijn telefoon dus ik schrijf dit nu vanaf het werk", "geweld"),
    ("liever niet bellen, mijn vriend kijkt elke avond mijn telefoon na", "geweld"),
    ("hij slaat me haha maar het valt wel mee", "geweld"),
    ("mijn vriend vermoordt me als ik wegga", "geweld"),
    ("mijn man slaat me en onze baby van 1 huilt de hele tijd", "geweld"),
    ("mijn ex maakt me af als hij weet waar ik woon", "geweld"),
]


@pytest.mark.parametrize("text,categorie", STILL_DANGER, ids=[t for t, _ in STILL_DANGER])
def test_jokes_and_small_children_do_not_excuse_real_danger(text, categorie):
    signal = detect_danger(text)
    assert signal is not None and signal.categorie == categorie, signal


@pytest.mark.parametrize("text,categorie", DANGER + INDIRECT, ids=[t for t, _ in DANGER + INDIRECT])
def test_danger_phrase_is_detected_with_its_categorie(text, categorie):
    signal = detect_danger(text)
    assert signal is not None, text
    assert signal.categorie == categorie
    assert signal.matched


@pytest.mark.parametrize("text", ORDINARY + NOT_DANGER, ids=ORDINARY + NOT_DANGER)
def test_ordinary_phrase_is_not_a_danger_signal(text):
    assert detect_danger(text) is None


def test_lists_are_large_enough_to_mean_something():
    assert len(DANGER) >= 40
    assert len(ORDINARY) >= 25


def test_danger_in_a_long_story_is_found():
    story = "Ik heb een vraag over huishoudelijke hulp voor mijn moeder. " * 20 + "Thuis slaat hij me soms."
    assert detect_danger(story).categorie == "geweld"


def test_detect_dangers_lists_every_categorie_in_priority_order():
    signals = detect_dangers("mijn man slaat me en ik wil niet meer leven")
    assert [s.categorie for s in signals] == ["suicide", "geweld"]
    assert detect_danger("mijn man slaat me en ik wil niet meer leven").categorie == "suicide"


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "<script>alert(1)</script>", "x" * 10000])
def test_odd_input_gives_no_signal_and_no_crash(text):
    assert detect_danger(text) is None
    assert detect_hoge_urgentie(text) == ()


def test_detect_danger_runs_well_under_a_millisecond_per_message():
    messages = [t for t, _ in DANGER] + ORDINARY
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for m in messages:
            detect_danger(m)
    per_message = (time.perf_counter() - start) / (rounds * len(messages))
    assert per_message < 0.001


HOOG = [
    ("de deurwaarder dreigt met ontruiming", "uithuiszetting"),
    ("we worden uit huis gezet", "uithuiszetting"),
    ("ik moet mijn huis uit", "uithuiszetting"),
    ("mijn stroom wordt volgende week afgesloten", "afsluiting"),
    ("Vitens dreigt het water af te sluiten", "afsluiting"),
    ("ik heb geen inkomen meer", "geen_inkomen"),
    ("we hebben geen eten in huis", "geen_eten"),
    ("ik heb geen geld voor boodschappen", "geen_eten"),
    ("ik slaap in mijn auto", "dakloos"),
    ("ik ben dakloos", "dakloos"),
    ("ik zorg voor mijn man en ik ben overbelast", "mantelzorger_overbelast"),
    ("ik kan het niet meer aan met de zorg voor mijn moeder", "mantelzorger_overbelast"),
    ("ik sta op omvallen", "mantelzorger_overbelast"),
    ("mantelzorger met burn out klachten", "mantelzorger_overbelast"),
    ("ik heb geen geld om van te leven", "geen_inkomen"),
    ("ik ben uit huis gezet en heb geen plek om te slapen", "dakloos"),
    ("ik maak me zorgen over de veiligheid van mijn kleinkind", "kind_niet_veilig"),
    ("ik twijfel of mijn kleinzoon thuis wel veilig is", "kind_niet_veilig"),
    # everyday words for the same situations
    ("ik zorg al 3 jaar voor mijn vader en ik kan echt niet meer. ik slaap slecht", "mantelzorger_overbelast"),
    ("ik zorg voor mijn man en ik kan het eigenlijk niet meer aan", "mantelzorger_overbelast"),
    ("ik merk dat ik het niet meer volhoud", "mantelzorger_overbelast"),
    ("hij is uit zijn huis gezet na een scheiding", "uithuiszetting"),
    ("mn ouders hebben me eruit gezet na ruzie", "uithuiszetting"),
    ("een man die al een week in zijn auto slaapt", "dakloos"),
    ("slaap nu al 2 weken bij vrienden op de bank", "dakloos"),
    ("anders zij stoppen gas en stroom", "afsluiting"),
    ("ze gaot t gas der af hal n", "afsluiting"),
    ("mijn ww houdt volgende maand op en dan heb ik niks meer", "geen_inkomen"),
    ("ik moet haar aankleden wassen s nachts eruit ik weet niet hoe lang ik dit nog volhoud", "mantelzorger_overbelast"),
    ("een brief van de woningstichting dat ze het aan de deurwaarder geven als ik niet voor 1 januari betaal",
     "uithuiszetting"),
    # round 4's conversations (test-informed, see evaluation.md): a hesitation inside the phrase, "niet lang meer"
    ("eh ik heb eh geen geld eh voor de huur", "geen_inkomen"),
    ("ik denk dat ik dit niet lang meer volhou", "mantelzorger_overbelast"),
    ("gisteren viel ik zowat om van vermoeidheid", "mantelzorger_overbelast"),
    ("ze slaapt nu bij steeds andere kennissen", "dakloos"),
    ("mijn neef is thuis weggestuurd", "dakloos"),
    ("hij sliep een nacht in een schuurtje", "dakloos"),
]


@pytest.mark.parametrize("text,cue", HOOG, ids=[t for t, _ in HOOG])
def test_hoge_urgentie_cue_is_found(text, cue):
    assert cue in detect_hoge_urgentie(text)


@pytest.mark.parametrize(
    "text", ["ik wil een traplift", "ik zoek vrijwilligerswerk", "mijn kind slaapt slecht", "ik ben doodmoe",
             "ik kan niet meer lopen sinds mijn val", "ik wil mijn stroomrekening begrijpen",
             "de gemeente zet het water af voor werkzaamheden", "ik slaap slecht sinds de operatie"]
)
def test_ordinary_question_has_no_hoge_urgentie_cue(text):
    assert detect_hoge_urgentie(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "ik ben op zoek naar een scootmobiel",
        "ik wil een verzekering afsluiten",
        "mijn aanvraag is afgesloten",
        "de kinderen spelen op straat",
        "ik wil een nieuw contract afsluiten voor energie",
        "mijn wasmachine is kapot en ik heb geen geld voor een nieuwe",
        "ik kan zelf geen boodschappen meer doen",
        "ik kom mijn huis niet meer uit want ik kan nergens heen zonder auto",
        "ik wil terug naar werk na mijn burn out",
    ],
)
def test_everyday_sentence_is_no_hoge_urgentie_cue(text):
    assert detect_hoge_urgentie(text) == ()


@pytest.mark.parametrize(
    "text",
    ["Thuis slaat hij me soms", "gisteren sloeg mijn man mij", "hij heeft me gisteren geslagen", "ze hebben ons bedreigd en geslagen"],
)
def test_dutch_word_order_variants_of_violence_are_detected(text):
    assert detect_danger(text).categorie == "geweld"


def test_random_unicode_never_crashes_the_matchers():
    import random

    rng = random.Random(7)
    alphabet = "abcdeéëïöü ÀÇ€😀\u200b\t\n.,!?'\"-0123456789ßøπжش"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        detect_danger(text)
        detect_dangers(text)
        detect_hoge_urgentie(text)


@pytest.mark.parametrize("text", [
    "Suïcidaliteit niet uitgesloten, graag vandaag contact",
    "geen acute suïcidaliteit maar hij zegt wel dat hij er niet meer wil zijn",
    "ik weet het niet meer. ik wil er niet meer zijn",
])
def test_negation_does_not_reach_a_danger_that_is_not_negated(text):
    assert detect_danger(text) is not None, text


def test_without_negated_danger_blanks_only_the_negated_phrase():
    from routing import without_negated_danger

    assert without_negated_danger("Geen acute suïcidaliteit, wel somberheid") == "geen acute wel somberheid"
    assert without_negated_danger("ik wil er niet meer zijn") == "ik wil er niet meer zijn"
