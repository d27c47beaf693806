"""Text → speech rendering for the phone channel (pure; imports on Python 3.10 and 3.11 without Rasa).

The web responses carry links, emoji, markdown and buttons; a caller hears none of that. `render_message`
turns one bot message into text a Dutch TTS voice (Polly.Lotte, espeak-ng in the tests) reads well: links and
emoji removed, buttons read as a numbered choice, phone numbers read in groups, reference numbers spelled out.
It is the equivalent of a `channel: twilio_voice` variation for every response, applied at the edge, so a
response written for the web is still safe on the phone; a real variation, when the domain has one, wins
because Rasa picks it before this runs.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from routing.privacy import EMAIL_RE

# --- the phone menu and the channel's own prompts (tests/voice checks their spoken length) -----------------

WELKOM = "Welkom bij Voormekaar van gemeente Berkelland."  # short: with the 112 line and the menu within 20 s
# Said in the opening's first passage, before any menu choice: a caller in danger must not wait for the options.
GEVAAR = "Bent u in gevaar? Hang op en bel 112."
OPENING = f"{WELKOM} {GEVAAR}"
MENU = (
    "Belt u als inwoner, voor uzelf of voor een ander, kies 1. "
    "Bent u professional of samenwerkingspartner, kies 2. "
    "Voor een medewerker, kies 0. "
    "Herhalen, kies 9. "
    "U mag het ook zeggen."
)
NIETS_GEHOORD = "Ik hoorde niets."
NIET_VERSTAAN = "Dat heb ik niet goed verstaan. Wilt u het nog eens zeggen?"
MENU_NIET_VERSTAAN = "Dat heb ik niet goed verstaan."
MENU_OPNIEUW = "Ik lees het keuzemenu nog een keer voor."
NAAR_MEDEWERKER = "Ik breng u in contact met een medewerker."
DOORVERBINDEN = "Een moment, ik verbind u door met een medewerker."
GESLOTEN = "Onze medewerkers zijn nu niet bereikbaar. Wij zijn open {tijden}. Wij bellen u graag terug."
STORING = (
    "Er gaat op dit moment iets mis. Probeer het later nog eens, of bel de gemeente op 14 0545. "
    "Bij direct gevaar belt u 112."
)
TOT_ZIENS = "Bedankt voor het bellen. Tot ziens."
MEER_HOREN = "Wilt u meer horen? Zeg ja, of kies 1."
# Speech heard with low confidence: checked once before it counts ({tekst} is what was heard).
ZEI_U = "Zei u: {tekst}? Kies 1 voor ja, 2 voor nee."
NOG_EEN_KEER = "Zegt u het dan nog een keer?"

CHANNEL_PROMPTS: tuple[str, ...] = (
    OPENING, MENU, NIETS_GEHOORD, NIET_VERSTAAN, MENU_NIET_VERSTAAN, MENU_OPNIEUW, NAAR_MEDEWERKER,
    DOORVERBINDEN, GESLOTEN, STORING, TOT_ZIENS, MEER_HOREN, ZEI_U, NOG_EEN_KEER,
)

# --- numbers ----------------------------------------------------------------------------------------------

DIGIT_WORDS = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_UNITS = ("", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TEENS = ("tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
          "negentien")
_TENS = ("", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")


def number_words(n: int) -> str:
    """Dutch words for 0 ≤ n < 1 000 000 ('eenenvijftig', 'twee duizend', 'drie honderd vier')."""
    if n < 0 or n >= 1_000_000:
        return " ".join(DIGIT_WORDS[int(c)] for c in str(abs(n)))
    if n == 0:
        return "nul"
    if n < 10:
        return DIGIT_WORDS[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        tens, unit = divmod(n, 10)
        if unit == 0:
            return _TENS[tens]
        # 'ë' where the unit ends in 'e' (tweeëntwintig, drieëndertig)
        joiner = "ën" if _UNITS[unit].endswith("e") else "en"
        return f"{_UNITS[unit]}{joiner}{_TENS[tens]}"
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "honderd" if hundreds == 1 else f"{_UNITS[hundreds]} honderd"
        return head if rest == 0 else f"{head} {number_words(rest)}"
    thousands, rest = divmod(n, 1000)
    head = "duizend" if thousands == 1 else f"{number_words(thousands)} duizend"
    return head if rest == 0 else f"{head} {number_words(rest)}"


def speak_digits(digits: str) -> str:
    """Each digit as a word: '4567' → 'vier vijf zes zeven' (112 → 'één één twee')."""
    return " ".join(DIGIT_WORDS[int(c)] for c in digits if c.isdigit())


def _speak_group(group: str) -> str:
    """One group of a phone number the way a Dutch speaker reads it."""
    if group in ("0800", "0900"):
        return f"nul {number_words(int(group[1:]))}"  # nul acht honderd
    if group.startswith("0") or len(group) == 1:
        return speak_digits(group)
    if len(group) == 2:
        return number_words(int(group))
    if len(group) == 4 and int(group) % 1000 == 0:
        return number_words(int(group))  # twee duizend
    if len(group) == 4:
        return f"{_speak_group(group[:2])} {_speak_group(group[2:])}"  # dertien eenenvijftig
    if len(group) > 4:
        return ", ".join(speak_digits(group[i:i + 2]) for i in range(0, len(group), 2))
    return speak_digits(group)


_SHORT_NUMBERS = {"112", "113", "144", "116", "911"}


def speak_phone_number(number: str) -> str:
    """A phone number read in groups: '0800-2000' → 'nul acht honderd, twee duizend'; '14 0545' → 'veertien nul
    vijf vier vijf'; '112' → 'één één twee'; '+31612345678' → 'nul zes, één twee, drie vier, ...'."""
    raw = number.strip()
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+31") or raw.startswith("0031"):
        digits = "0" + (digits[2:] if raw.startswith("+31") else digits[4:])
        raw = digits
    if digits in _SHORT_NUMBERS or len(digits) <= 3:
        return speak_digits(digits)
    groups = [g for g in re.split(r"[\s\-./()]+", raw) if g]
    if len(groups) == 1:
        groups = _default_groups(digits)
    if groups[0] == "14" and len(groups) == 2:
        return f"veertien {speak_digits(groups[1])}"  # the gemeente's 14 + netnummer, one breath
    return ", ".join(_speak_group(g) for g in groups)


def _default_groups(digits: str) -> list[str]:
    """Groups for a number written without separators."""
    if digits[:4] in ("0800", "0900") and len(digits) in (8, 11):
        return [digits[:4], digits[4:]]
    if digits.startswith("14") and len(digits) in (5, 6):
        return [digits[:2], digits[2:]]
    if digits.startswith("06") and len(digits) == 10:
        return [digits[:2], digits[2:]]
    if digits.startswith("0") and len(digits) == 10:
        return [digits[:3], digits[3:6], digits[6:8], digits[8:]]
    return [digits[i:i + 2] for i in range(0, len(digits), 2)]


def last_digits(phone: str, n: int = 4) -> str:
    """The last n digits of a phone number, spaced for speech: '+31612344567' → '4 5 6 7'."""
    digits = re.sub(r"\D", "", phone or "")
    return " ".join(digits[-n:]) if len(digits) >= n else ""


def speak_last_digits(phone: str, n: int = 4) -> str:
    """The last n digits as words: '+31612344567' → 'vier vijf zes zeven'."""
    return speak_digits(last_digits(phone, n))


# --- reference numbers ----------------------------------------------------------------------------------

LETTER_NAMES = {
    "A": "aa", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "gee", "H": "haa", "I": "ie",
    "J": "jee", "K": "kaa", "L": "el", "M": "em", "N": "en", "O": "oo", "P": "pee", "Q": "kuu", "R": "er",
    "S": "es", "T": "tee", "U": "uu", "V": "vee", "W": "wee", "X": "iks", "Y": "ij", "Z": "zet",
}


def speak_reference(ref: str) -> str:
    """Spell a reference number: 'VMK-2026-000123' → 'vee em kaa, twee nul twee zes, nul nul nul één twee drie'."""
    parts = [p for p in re.split(r"[\s\-_/]+", ref.strip()) if p]
    spoken = []
    for part in parts:
        spoken.append(" ".join(LETTER_NAMES.get(c.upper(), DIGIT_WORDS[int(c)] if c.isdigit() else c)
                               for c in part))
    return ", ".join(spoken)


# --- text cleaning -------------------------------------------------------------------------------------

REFERENCE_RE = re.compile(r"\b[A-Z]{2,4}-\d{4}-\d{3,8}\b")
_PHONE_RE = re.compile(
    r"(?<![\w+\-])(?:"
    r"(?:\+31|0031)[\s\-]?(?:\(0\))?[\s\-]?[1-9](?:[\s\-]?\d){8}"  # +31 6 12345678
    r"|0[89]00[\s\-]?\d{4}(?:\d{3})?"  # 0800-2000, 0900-1234567
    r"|0[1-9](?:[\s\-]?\d){8}"  # 053 123 45 67, 06-12345678
    r"|14[\s\-]?0\d{3}"  # 14 0545 (gemeente)
    r"|11[2-6](?:[\s\-]?\d{3})?"  # 112, 113, 116 111
    r")(?![\w\-])"
)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMOJI_RE = re.compile(
    "[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F900-\U0001F9FF\U00002B00-\U00002BFF"
    "\U0000FE0F\U0000200D\U000020E3\U00002190-\U000021FF\U00002300-\U000023FF\U000025A0-\U000025FF]+"
)
_TIME_RANGE_RE = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*(?:-|–|tot)\s*(\d{1,2})[:.](\d{2})(?:\s*uur)?")
_TIME_RE = re.compile(r"\b(\d{1,2}):(\d{2})(?:\s*uur)?\b")
_ABBREVIATIONS = (
    (re.compile(r"\bbijv\.", re.I), "bijvoorbeeld"),
    (re.compile(r"\bo\.a\.", re.I), "onder andere"),
    (re.compile(r"\bi\.p\.v\.", re.I), "in plaats van"),
    (re.compile(r"\bm\.b\.t\.", re.I), "met betrekking tot"),
    (re.compile(r"\bt/m\b", re.I), "tot en met"),
    (re.compile(r"\bz\.s\.m\.", re.I), "zo snel mogelijk"),
    (re.compile(r"\bma\s*[-–]\s*vr\b", re.I), "maandag tot en met vrijdag"),
    (re.compile(r"\be-mail\b", re.I), "mail"),
    (re.compile(r"\s&\s"), " en "),
    (re.compile(r"€\s?(\d+(?:,\d+)?)"), r"\1 euro"),
    (re.compile(r"(\d)\s?%"), r"\1 procent"),
)


def _speak_time(hours: str, minutes: str) -> str:
    h, m = int(hours), int(minutes)
    return f"{h} uur" if m == 0 else f"{h} uur {m}"


def _speak_email(match: re.Match[str]) -> str:
    local, domain = match.group(0).split("@", 1)
    return f"{local} apenstaartje {domain.replace('.', ' punt ')}"


def _speak_url(match: re.Match[str]) -> str:
    """A web address as a caller can write it down: the site's name only ("berkellandwijzer punt nl", as an e-mail
    address is said); the path ("/geldzaken") is left out, the site itself leads there."""
    url = match.group(0)
    einde = url[len(url.rstrip(".,;:!?")):]  # the sentence's full stop is no part of the address
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.rstrip(".,;:!?"), flags=re.I).split("/")[0].lower()
    if "." not in host:
        return "de website" + einde
    return host.replace(".", " punt ") + einde


def strip_markup(text: str) -> str:
    """Remove markdown, links, emoji and HTML; keep the words."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub(_speak_url, text)
    text = _EMOJI_RE.sub("", text)
    text = re.sub(r"(\*\*|__|\*|`|~~)", "", text)
    text = re.sub(r"(?<!\w)_(\S[^_]*\S|\S)_(?!\w)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    # bullets and numbered list items become sentences of their own
    text = re.sub(r"^\s*(?:[-*•▪]|\d+[.)])\s+(.+?)\s*$", _as_sentence, text, flags=re.M)
    return text


def _as_sentence(match: re.Match[str]) -> str:
    item = match.group(1).rstrip()
    return item if item[-1:] in ".!?:" else item + "."


# The dialogue shows a callback number masked ("06-****4567"); read aloud, only its end makes sense.
_MASKED_PHONE_RE = re.compile(r"(?<![\w*])(?:\+?\d{1,4}[- ]?)?\*{2,}(\d{2,4})\b")


def speakable(text: str) -> str:
    """One piece of response text as plain, short spoken Dutch."""
    # before strip_markup, which would take the asterisks for markdown emphasis
    text = _MASKED_PHONE_RE.sub(lambda m: f"het nummer eindigend op {speak_digits(m[1])}", text)
    text = strip_markup(text)
    text = REFERENCE_RE.sub(lambda m: f"{speak_reference(m.group(0))},", text)
    text = _TIME_RANGE_RE.sub(lambda m: f"{_speak_time(m[1], m[2])} tot {_speak_time(m[3], m[4])}", text)
    text = _TIME_RE.sub(lambda m: _speak_time(m[1], m[2]), text)
    text = _PHONE_RE.sub(lambda m: speak_phone_number(m.group(0)), text)
    text = EMAIL_RE.sub(_speak_email, text)  # routing's one e-mail pattern
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    # short sentences: semicolons and dashes end a sentence or make a pause
    text = re.sub(r"\s*;\s*", ". ", text)
    text = re.sub(r"\s+[–—]\s+", ", ", text)
    text = re.sub(r"\b24/7\b", "dag en nacht", text)
    text = re.sub(r"\s*\(([^()]*)\)", r", \1,", text)
    text = re.sub(r"[()\[\]{}|]", " ", text)
    text = re.sub(r"\n\s*\n+", " ", text)
    text = re.sub(r"\s*\n\s*", " ", text)
    text = re.sub(r"\s+([.,!?:])", r"\1", text)
    text = re.sub(r"([.!?])[.,]+", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r",\s*([.!?:])", r"\1", text)
    text = re.sub(r"^[,\s]+|[,\s]+$", "", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = re.sub(r"([.!?] )([a-zà-ÿ])", lambda m: m[1] + m[2].upper(), text)
    return text


def button_title(button: Mapping[str, object]) -> str:
    """A button's title as speech (emoji and markup removed)."""
    return speakable(str(button.get("title") or button.get("payload") or "")).rstrip(".!?")


def render_buttons(buttons: Sequence[Mapping[str, object]]) -> str:
    """'Kies 1 voor Ja, 2 voor Nee, of zeg het.' (at most nine, the keys 1..9)."""
    titles = [button_title(b) for b in buttons[:9]]
    titles = [t for t in titles if t]
    if not titles:
        return ""
    # 'Voor mezelf' → '1 voor mezelf', not '1 voor Voor mezelf'
    titles = [re.sub(r"^voor\s+", "", t[:1].lower() + t[1:] if t[1:2].islower() else t, flags=re.I)
              for t in titles]
    parts = [f"{i} voor {t}" for i, t in enumerate(titles, start=1)]
    if len(parts) == 1:
        return f"Kies {parts[0]}, of zeg het."
    return f"Kies {', '.join(parts)}, of zeg het."


def render_message(text: str | None, buttons: Sequence[Mapping[str, object]] | None = None) -> str:
    """One bot message (text plus optional buttons) as one spoken passage."""
    spoken = speakable(text or "")
    if buttons:
        choice = render_buttons(buttons)
        if choice:
            if spoken and spoken[-1] not in ".!?":
                spoken += "."
            spoken = f"{spoken} {choice}".strip()
    return spoken


def split_list_items(text: str) -> tuple[str, list[str], str]:
    """(intro, items, outro) of a message whose body is a markdown list; items empty when there is none."""
    lines = text.splitlines()
    item_idx = [i for i, line in enumerate(lines) if re.match(r"^\s*(?:[-*•▪]|\d+[.)])\s+\S", line)]
    if len(item_idx) < 2:
        return text, [], ""
    first, last = item_idx[0], item_idx[-1]
    items = [lines[i] for i in range(first, last + 1) if lines[i].strip()]
    return "\n".join(lines[:first]), items, "\n".join(lines[last + 1:])


def spoken_turns(text: str, buttons: Sequence[Mapping[str, object]] | None = None) -> list[str]:
    """What a caller hears per turn for one message, as the phone channel reads it: a list of more than two
    items two at a time, each chunk followed by 'Wilt u meer horen?', the text after the list and buttons last."""
    intro, items, outro = split_list_items(text)
    if len(items) <= 2:
        return [render_message(text, buttons)]
    rendered = [speakable(item) for item in items]
    turns = [" ".join(p for p in (render_message(intro), *rendered[:2], MEER_HOREN) if p)]
    rest = rendered[2:]
    while len(rest) > 2:
        turns.append(" ".join([*rest[:2], MEER_HOREN]))
        rest = rest[2:]
    turns.append(" ".join(p for p in (*rest, render_message(outro, buttons)) if p))
    return turns


# --- understanding key presses and short spoken choices ----------------------------------------------

_SPOKEN_DIGITS = {
    "nul": 0, "0": 0, "één": 1, "eén": 1, "een": 1, "1": 1, "eerste": 1, "twee": 2, "2": 2,
    "tweede": 2, "drie": 3, "3": 3, "derde": 3, "vier": 4, "4": 4, "vierde": 4, "vijf": 5, "5": 5, "zes": 6,
    "6": 6, "zeven": 7, "7": 7, "acht": 8, "8": 8, "negen": 9, "9": 9,
}
_FILLER = {"optie", "keuze", "nummer", "toets", "ik", "kies", "graag", "doe", "maar", "uh", "eh", "ehm", "de",
           "het", "voor", "druk", "op", "wil", "dan", "nou", "ja", "alstublieft", "please", "menu"}
_MENU_WORDS = {
    1: ("inwoner", "voor mezelf", "voor mijzelf", "voor mij", "voor mijn", "voor iemand anders", "mantelzorger"),
    2: ("professional", "samenwerkingspartner", "partner", "hulpverlener", "huisarts", "wijkverpleegkundige",
        "organisatie", "beroepskracht"),
    0: ("medewerker", "mens", "iemand spreken", "persoon", "een echt mens"),
    9: ("herhaal", "herhalen", "nog een keer", "opnieuw", "wat zei u"),
}


# "Wat zegt u?" on the phone: the caller did not hear the question; it is said again, not sent as an answer.
_HERHAAL = re.compile(
    r"^(?:(?:eh|ehm|uh|sorry|pardon|hallo|ja|nou|oh)\s+)*(?:wat\s+(?:zegt|zei|zeg|zeggen)\s+(?:u|je|jij|ie|hij|zij|ze|"
    r"jullie|men)|wat\s+zei\s+u|pardon|sorry\s+wat|wablief|watte|wat|hè|he|hoe\s+bedoelt\s+u|(?:kunt|kan|wil)\s+(?:u|je)"
    r"\s+dat\s+(?:nog\s+een\s+keer\s+|nog\s+eens\s+)?(?:herhalen|zeggen|nog\s+een\s+keer\s+zeggen)|"
    r"(?:nog\s+(?:een\s+keer|eens))|herhaal|herhalen|ik\s+(?:versta|verstond|hoorde|hoor)\s+(?:u|het|dat|je)\s+niet"
    r"(?:\s+goed)?)(?:\s+(?:alstublieft|aub|even|nog|eens|een\s+keer|maar|dan|hoor))*\s*[?.!]*$",
    re.IGNORECASE)
MAX_HERHALEN = 2


def is_herhaalverzoek(speech: str | None) -> bool:
    """The caller asks to hear the question again ("wat zegt u?", "pardon", "kunt u dat herhalen", "wat zeg ie"):
    only a short utterance that is nothing else."""
    tekst = " ".join(_words(speech or ""))
    return bool(tekst) and len(tekst.split()) <= 8 and bool(_HERHAAL.match(tekst))


def _words(text: str) -> list[str]:
    return re.findall(r"[\wéëèáóúïö]+", text.lower())


def spoken_number(text: str) -> int | None:
    """The digit a caller said when that is all they said: 'één' / 'optie twee' / '2.' → 1 / 2 / 2."""
    words = [w for w in _words(text) if w not in _FILLER]
    if len(words) == 1 and words[0] in _SPOKEN_DIGITS:
        return _SPOKEN_DIGITS[words[0]]
    return None


def menu_choice(digits: str | None, speech: str | None) -> int | None:
    """The menu option (1, 2, 0, 9) from a key press or a short spoken answer; None when not recognised."""
    if digits:
        key = digits.strip().rstrip("#")[:1]
        return int(key) if key in ("0", "1", "2", "9") else None
    if not speech:
        return None
    number = spoken_number(speech)
    if number is not None:
        return number if number in (0, 1, 2, 9) else None
    lowered = " ".join(_words(speech))
    if len(lowered.split()) > 6:
        return None
    for option, phrases in _MENU_WORDS.items():
        if any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in phrases):
            return option
    return None


_YES = {"ja", "jawel", "graag", "zeker", "prima", "goed", "oké", "ok", "oke", "jazeker", "meer"}


def is_yes(digits: str | None, speech: str | None) -> bool:
    """A short yes: key 1, or 'ja' / 'ja graag' / 'meer'."""
    if digits:
        return digits.strip().rstrip("#") == "1"
    words = _words(speech or "")
    return 0 < len(words) <= 3 and (words[0] in _YES or spoken_number(speech or "") == 1)


_JA = {"ja", "jawel", "jazeker", "jaja", "zeker", "graag", "prima", "oké", "ok", "oke", "okay", "akkoord", "klopt",
       "goed"}
_NEE = {"nee", "neen", "neej", "nope"}
_NEE_STARTS = (("liever", "niet"), ("hoeft", "niet"), ("niet", "nodig"))
_NEGATIONS = {"nee", "neen", "neej", "niet", "geen", "nooit"}
_HESITATION = {"uh", "eh", "ehm", "euh", "hm", "hmm", "oh", "o"}
_TITLE_STOPWORDS = {"voor", "de", "het", "een", "ik", "mijn", "mij", "me", "u", "uw", "en", "of", "van", "met", "op",
                    "in", "aan", "te", "wil", "is", "er", "dat", "die", "naar", "om", "graag"}
# A longer answer is a story for the NLU, not a choice: "nee" somewhere in it must not become the Nee button.
MAX_CHOICE_WORDS = 8


def _yes_no_indexes(buttons: Sequence[Mapping[str, object]]) -> tuple[int | None, int | None]:
    """Where the Ja and the Nee button are (by payload /affirm, /deny or by title), None when absent."""
    yes = no = None
    for i, button in enumerate(buttons):
        payload = str(button.get("payload") or "").strip().lower()
        title = button_title(button).strip().lower()
        if yes is None and (payload.startswith("/affirm") or title == "ja"):
            yes = i
        elif no is None and (payload.startswith("/deny") or title == "nee"):
            no = i
    return yes, no


def _yes_or_no(words: list[str]) -> bool | None:
    """True for a short answer that starts with a yes word, False for one that starts with a no word, None when it
    is neither or both ('ja maar niet vandaag', 'zeker niet', 'nee ja')."""
    while words and words[0] in _HESITATION:
        words = words[1:]
    if not words:
        return None
    if words[0] in _JA and not _NEGATIONS & set(words):
        return True
    if (words[0] in _NEE or tuple(words[:2]) in _NEE_STARTS) and not {"ja", "jawel", "jazeker"} & set(words):
        return False
    return None


def _title_words(button: Mapping[str, object]) -> set[str]:
    return {w for w in _words(button_title(button)) if w not in _TITLE_STOPWORDS and len(w) > 1}


def match_choice(speech: str | None, buttons: Sequence[Mapping[str, object]] | None) -> int | None:
    """The index of the button a spoken answer picks among the buttons just offered, or None to let the NLU decide.

    In this order: the exact title; a number or ordinal ('twee', 'de eerste', 'optie 1'); a short yes or no at a
    Ja/Nee pair ('ja graag', 'nee dat was het dank u wel'); all significant words of exactly one title. Never for a
    long answer (more than MAX_CHOICE_WORDS words), never when what was said sounds like danger."""
    offered = list(buttons or [])[:9]
    words = _words(speech or "")
    if not offered or not words:
        return None
    for i, button in enumerate(offered):
        if _words(button_title(button)) == words:
            return i
    number = spoken_number(speech or "")
    if number is not None:
        return number - 1 if 1 <= number <= len(offered) else None
    if len(words) > MAX_CHOICE_WORDS:
        return None
    from routing import detect_danger, getal_in_woorden

    if detect_danger(speech or "") is not None:
        return None
    yes, no = _yes_no_indexes(offered)
    # 'nee, het is 06 12 34 56 78' or 'nee hij is negen niet negentien' carries more than a no: the NLU takes it,
    # so the number is not lost.
    meer_dan_ja_nee = any(ch.isdigit() for ch in speech or "") or getal_in_woorden(speech or "") is not None
    if yes is not None and no is not None and not meer_dan_ja_nee:
        answer = _yes_or_no(words)
        if answer is not None:
            return yes if answer else no
    heard = set(words)
    heard_negation = _NEGATIONS & heard
    matches = []
    for i, button in enumerate(offered):
        if i in (yes, no) and yes is not None and no is not None:
            continue
        title = _title_words(button)
        # 'niet voor mezelf' is not 'Voor mezelf': a negation the title does not have blocks the match.
        if title and title <= heard and not heard_negation - title:
            matches.append(i)
    return matches[0] if len(matches) == 1 else None


# --- opening hours --------------------------------------------------------------------------------------

_DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
_DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class OpeningstijdenError(ValueError):
    """The opening hours setting cannot be read."""


@dataclass(frozen=True)
class Openingstijden:
    """Opening hours of the medewerkers, e.g. 'ma-vr 08:30-17:00' or 'ma-do 08:30-17:00, vr 08:30-12:30'."""

    slots: tuple[tuple[int, int, dt.time, dt.time], ...]  # (first weekday, last weekday, open, close)
    timezone: str = "Europe/Amsterdam"

    @classmethod
    def parse(cls, spec: str, timezone: str = "Europe/Amsterdam") -> "Openingstijden":
        slots = []
        for part in filter(None, (p.strip() for p in spec.split(","))):
            m = re.fullmatch(r"(ma|di|wo|do|vr|za|zo)(?:\s*-\s*(ma|di|wo|do|vr|za|zo))?\s+"
                             r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})", part.lower())
            if not m:
                raise OpeningstijdenError(f"openingstijden: '{part}' is not like 'ma-vr 08:30-17:00'")
            first = _DAYS.index(m[1])
            last = _DAYS.index(m[2]) if m[2] else first
            slots.append((first, last, dt.time(int(m[3]), int(m[4])), dt.time(int(m[5]), int(m[6]))))
        if not slots:
            raise OpeningstijdenError("openingstijden: empty")
        return cls(tuple(slots), timezone)

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        """Whether a medewerker can answer now (public holidays are not modelled)."""
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(self.timezone)
        local = (moment or dt.datetime.now(tz)).astimezone(tz)
        return any(first <= local.weekday() <= last and start <= local.time() < end
                   for first, last, start, end in self.slots)

    def spoken(self) -> str:
        """'op maandag tot en met vrijdag van 8 uur 30 tot 17 uur'."""
        parts = []
        for first, last, start, end in self.slots:
            days = _DAY_NAMES[first] if first == last else f"{_DAY_NAMES[first]} tot en met {_DAY_NAMES[last]}"
            parts.append(f"op {days} van {_speak_time(str(start.hour), str(start.minute))} tot "
                         f"{_speak_time(str(end.hour), str(end.minute))}")
        return " en ".join(parts)


def all_prompts(extra: Iterable[str] = ()) -> list[str]:
    """The channel's own prompts rendered as they are spoken (for the duration check)."""
    hours = Openingstijden.parse("ma-do 08:30-17:00, vr 08:30-12:30").spoken()
    # {tekst} of "Zei u: …?" is what was heard: measured with a long answer of a caller
    gehoord = "ik woon in Neede en mijn moeder woont in Rietmolen bij de kerk"
    texts = [p.format(tijden=hours, tekst=gehoord) for p in CHANNEL_PROMPTS]
    texts.append(f"{WELKOM} {MENU}")
    return [speakable(t) for t in (*texts, *extra)]
