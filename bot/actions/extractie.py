"""Pure extraction of a name, or of "my own number", from the sentence someone answers with (no I/O).

It lives here, next to the validators that use it, and not in `routing/`: `routing/` holds the shared,
data-driven policy (onderwerpen, kernen, urgentie); how a form reads a typed or spoken answer is the action
server's business. Table tests: tests/actions/test_extractie.py.

Capitals: a name typed all in lower case (or all in capitals, as speech-to-text and shouting both do) gets
Dutch capitals — "gerda wolters" -> "Gerda Wolters", "jan van der berg" -> "Jan van der Berg", "de vries" ->
"De Vries" (a surname that starts with its particle is written with a capital). A name with any capital in it
is kept exactly as typed: people know best how their own name is spelled.
"""
from __future__ import annotations

import re

# Where the name follows: anywhere in the answer ("Goedemiddag, mijn naam is …").
_PREFIX_ANYWHERE = re.compile(r"(?:^|[\s,.!?;:])(?:mijn naam is|mijn naam|de naam is|naam is|naam|ik heet|u spreekt met|je spreekt met)\s*:?\s+",
                              re.IGNORECASE)
# Someone else's name first, then one's own: "mijn moeder heet Aaltje Heijink, ik ben Anja Wiggers" -> the caller.
_EIGEN_NA_ANDER = re.compile(r"\bheet\s+\S+(?:\s+\S+){0,3}?[\s,.;]+(?:en\s+)?(?:ik ben|ik heet|mijn naam is|zelf heet ik)\s+",
                             re.IGNORECASE)
# Only at the start (after a greeting): "met" or "dit is" in the middle of a story is no name.
_PREFIX_START = re.compile(r"^(?:met|dit is|hier is|ik ben|ja met|ja dit is)\s*:?\s+", re.IGNORECASE)
_GREETING = re.compile(r"^(?:(?:hallo|hoi|goedemorgen|goedemiddag|goedenavond|goededag|dag|ja|jazeker|ok|oké|oke|nou|hé|he)[\s,.!]+)+",
                       re.IGNORECASE)
_SUFFIX = re.compile(r"\s+(?:hier|is mijn naam|is de naam|heet ik)\s*$", re.IGNORECASE)
_TOKEN = re.compile(r"^[^\W\d_]+(?:[-'’.][^\W\d_]*)*$")  # letters, inner hyphen/apostrophe, initials "J."

PARTICLES = frozenset({"van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "von", "la", "le", "du",
                       "da", "di", "del", "dos", "el", "al", "bin", "ibn", "abu", "'s"})
TITLES = frozenset({"mevrouw", "meneer", "mevr", "mevr.", "mw", "mw.", "dhr", "dhr.", "heer"})
# Function words and words of a story: a name never holds them. ("wil", "ben" and "man" stay out: Wil, Ben and De Man are names.)
_NOT_A_NAME = frozenset("""
ik mij me mijn je jij jou u uw hij zij ze wij we hun is bent zijn was heb hebt heeft hebben weet weten niet geen
nee ja wel en of maar want dat die dit wat waar wie hoe waarom voor met naar bij om aan over uit graag hallo hoi dag
goedemorgen goedemiddag goedenavond dank bedankt alstublieft alsjeblieft ok oke oké prima anoniem naam heet hier
moeder vader dochter zoon buurvrouw buurman partner hulp zorg bellen bel mail telefoon nummer liever zeg zeggen noem
sorry huh wacht ook nog er kan kunt mag moet zou gaat doe vraag probleem vind denk keer nvt onbekend iemand niemand
gewoon even eh uh hm mevrouw meneer haar zn mn oma opa
""".split()) - TITLES

_MAX_NAME_WORDS = 5  # without particles and titles: "Maria José Fernández García López" still fits


def _clean(token: str) -> str:
    return token.strip(",;:!?\"()“”")


def _ends_clause(token: str) -> bool:
    """A comma, '!' or '?' after a token ends the name; a dot too, unless it is an initial ('J.')."""
    bare = token.rstrip("\"”)")
    if bare.endswith((",", ";", "!", "?", ":")):
        return True
    return bare.endswith(".") and len(bare.rstrip(".")) > 1 and bare.lower() not in TITLES


def _capitalise(words: list[str]) -> list[str]:
    if any(ch.isupper() for w in words for ch in w) and not all(w.isupper() or not w.isalpha() for w in words):
        return words  # typed with capitals: keep it as the person wrote it
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        first_name_word = all(w.lower() in TITLES for w in words[:i])
        if low in TITLES or (low in PARTICLES and not first_name_word):
            out.append(low)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return out


def naam_uit_zin(text: str) -> str | None:
    """The name in an answer to "Wat is uw naam?", or None when the answer holds no name.

    "Mijn naam is Gerda Wolters" -> "Gerda Wolters"; "met Jan" -> "Jan"; "Gerda Wolters hier" -> "Gerda Wolters";
    "06 12345678", "weet ik niet", "nee" or a whole story -> None (the form asks again).
    """
    value = " ".join((text or "").split())
    if not value or len(value) > 300 or "[" in value or "<" in value or "@" in value:
        return None
    value = _GREETING.sub("", value).strip()
    had_prefix = False
    m = _EIGEN_NA_ANDER.search(value) or _PREFIX_START.match(value)
    if m:
        value, had_prefix = value[m.end():], True
    else:
        m = _PREFIX_ANYWHERE.search(value)
        if m:
            value, had_prefix = value[m.end():], True
    value = _SUFFIX.sub("", value.rstrip(".!?, ")).strip()
    tokens = value.split()
    words: list[str] = []
    clause_ended = False
    for token in tokens:
        word = _clean(token)
        if word.endswith(".") and not (len(word.rstrip(".")) == 1 or word.lower() in TITLES):
            word = word.rstrip(".")
        if not word or not _TOKEN.match(word) or word.lower() in _NOT_A_NAME:
            break
        words.append(word)
        if _ends_clause(token):
            clause_ended = True
            break
    if not had_prefix and not clause_ended and len(words) < len(tokens):
        return None  # no "mijn naam is", no comma after the name, and more: a story, a refusal or a number
    while words and words[-1].lower() in PARTICLES | TITLES:
        words.pop()  # "Jan van" cut off by a stop word is no surname
    naam_woorden = [w for w in words if w.lower() not in PARTICLES and w.lower() not in TITLES]
    if not naam_woorden or len(naam_woorden) > _MAX_NAME_WORDS:
        return None
    naam = " ".join(_capitalise(words))
    if not (2 <= len(naam) <= 100) or sum(ch.isalpha() for ch in naam) < 2:
        return None
    return naam


_EIGEN_NUMMER = re.compile(
    r"\b(?:dit|deze|dat|hetzelfde|zelfde|huidige|eigen)\s+(?:telefoon)?nummer\b"
    r"|\bhet\s+(?:telefoon)?nummer\s+(?:waarmee|waar)\s+ik\s+(?:nu\s+)?(?:mee\s+)?bel"
    r"|\b(?:waarmee|waar)\s+ik\s+(?:nu\s+)?(?:mee\s+)?bel"
    r"|\bop\s+dit\s+nummer\b",
    re.IGNORECASE,
)


def bedoelt_eigen_nummer(text: str) -> bool:
    """'dit nummer', 'ja dit nummer', 'het nummer waarmee ik bel': the caller means the number they call from."""
    value = " ".join((text or "").split())
    if re.search(r"\b(?:niet|geen|ander|andere)\b", value, re.IGNORECASE):
        return False  # "niet dit nummer", "een ander nummer"
    return bool(_EIGEN_NUMMER.search(value))
