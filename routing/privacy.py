"""Privacy helpers: BSN masking (elfproef) in every written form, and phone-number normalisation to E.164.

How `mask_bsn` reads a text (the decisions are documented in routing/README.md, "BSN masking"):

1. The text is split into *digit chunks*: runs of digits, and Dutch number words as speech-to-text writes them
   ("een twee drie", "nul", "twaalf", "tweeëntwintig", "driehonderdvijfenveertig"). Chunks joined by at most
   three separator characters (spaces, dots, hyphens, slashes, commas, brackets, `*` and `#` from a keypad) form
   one *sequence*; any other character (a letter that is not a number word, a colon, `+`, ...) ends it.
2. Some chunks are protected, because they are something else that must stay readable: Dutch phone numbers
   (10 digits from a 0 with an area code of at most 4 digits, or 06 and 8 digits), international numbers
   (`+` or `00`), valid IBANs (mod-97), dates (dd-mm-yyyy, yyyy-mm-dd, ddmmyyyy, yyyymmdd), year ranges
   (2023-2024), time ranges (9.00-17.30) and amounts after a euro sign.
3. Every window of whole, consecutive, unprotected chunks with 9 digits, or 8 digits not starting with 0 (a BSN
   written without its leading zero), that passes the elfproef is a BSN. Overlapping windows are replaced
   together by one placeholder, so no digit of a BSN survives next to it; the other numbers of the sequence stay.

A number written as one block of more than 9 digits is never split (`1112223330` is a dossier number, not a BSN
plus a digit): the writer's own grouping decides what belongs together.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["BSN_PLACEHOLDER", "EMAIL_ADRES", "EMAIL_PLACEHOLDER", "EMAIL_RE", "PiiMasked", "TELEFOON_PLACEHOLDER",
           "is_bsn", "is_email", "mask_bsn", "mask_pii", "normalise_phone", "find_phones", "find_emails"]

BSN_PLACEHOLDER = "[BSN verwijderd]"

# The one e-mail pattern of the project: the channels' masker, the contact form, the voice reader and the inbox's
# API schema all use it (EMAIL_ADRES without look-arounds, so pydantic's Rust regex engine accepts it too).
EMAIL_ADRES = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
EMAIL_RE = re.compile(rf"(?<![\w.%+-]){EMAIL_ADRES}(?![\w-])")
_EMAIL_HEEL = re.compile(EMAIL_ADRES)


def is_email(value: str) -> bool:
    """True when the whole value is one e-mail address (at most 254 characters)."""
    return bool(value) and len(value) <= 254 and _EMAIL_HEEL.fullmatch(value) is not None

# A digit run, or a word (letters only; a number word or not).
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
# What may stand between two chunks of one number: at most three separator characters.
_GAP = re.compile(r"[\s.,\-/\\_*#()\u2010-\u2015]{0,3}")
_NOT_DIGITS = re.compile(r"\D")
# Where an IBAN may start: country and check digits; the rest is groups of letters and digits (mod 97 decides).
_IBAN_START = re.compile(r"(?<![^\W_])[A-Za-z]{2}\d{2}")
_IBAN_GROUP = re.compile(r" ?[A-Za-z0-9]+")

_UNITS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
          "zeventien": 17, "achttien": 18, "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
         "tachtig": 80, "negentig": 90}
_UNIT = "|".join(_UNITS)
_BELOW_100 = re.compile(rf"(?:({_UNIT})en)?({'|'.join(_TENS)})")
_HUNDREDS = re.compile(rf"({_UNIT})?honderd(.*)")


def _below_100(word: str) -> Optional[int]:
    if word in _UNITS:
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    match = _BELOW_100.fullmatch(word)
    if match:
        return _UNITS.get(match.group(1) or "", 0) + _TENS[match.group(2)]
    return None


@functools.lru_cache(maxsize=4096)
def _spoken_digits(word: str) -> Optional[str]:
    """The digits a Dutch number word stands for ('nul' → '0', 'tweeëntwintig' → '22', 'honderdvijf' → '105'),
    or None. Words from 0 to 999; 'één', 'eén' and 'een' are all 1."""
    plain = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))
    if plain == "nul":
        return "0"
    value = _below_100(plain)
    if value is None:
        match = _HUNDREDS.fullmatch(plain)
        if not match:
            return None
        rest = _below_100(match.group(2)) if match.group(2) else 0
        if rest is None:
            return None
        value = _UNITS.get(match.group(1) or "een", 1) * 100 + rest
    return str(value)


def getal_in_woorden(text: str) -> Optional[int]:
    """The first number said in words ("negen", "hij is zevenentachtig", "vijftien jaar"), or None. "een" counts
    only as the whole answer or before "jaar" ("een jaar"): otherwise it is the article."""
    woorden = [w for w in _TOKEN.findall(text or "") if not w.isdigit()]
    for i, woord in enumerate(woorden):
        plain = "".join(c for c in unicodedata.normalize("NFD", woord.lower()) if not unicodedata.combining(c))
        if plain == "een" and not (len(woorden) == 1 or woorden[i + 1:i + 2] == ["jaar"]):
            continue
        digits = _spoken_digits(woord)
        if digits is not None:
            return int(digits)
    return None


def _elfproef(plain: str) -> bool:
    # BSN elfproef: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11 (on the 9-digit, zero-padded form)
    total = sum(int(d) * w for d, w in zip(plain[:8], range(9, 1, -1))) - int(plain[8])
    return total % 11 == 0


def is_bsn(digits: str) -> bool:
    """True when `digits` (any separators allowed) is a BSN: 9 digits, or 8 (a leading zero left out), passing
    the elfproef."""
    if not isinstance(digits, str) or not re.fullmatch(r"[\d\s.,\-/\\_*#()\u2010-\u2015]*", digits):
        return False
    plain = _NOT_DIGITS.sub("", digits)
    if len(plain) not in (8, 9) or not plain.isdigit():
        return False
    plain = plain.zfill(9)
    return plain != "000000000" and _elfproef(plain)


class _Chunk:
    __slots__ = ("start", "end", "digits", "word", "plus")

    def __init__(self, start: int, end: int, digits: str, word: bool, plus: bool) -> None:
        self.start, self.end, self.digits, self.word, self.plus = start, end, digits, word, plus


def _number_tokens(text: str) -> List[Optional[_Chunk]]:
    """Digit runs and number words as chunks (None for any other word); hundreds spoken in separate words
    ('drie honderd vijfenveertig', as a voice reads them) become one chunk."""
    tokens: List[Optional[_Chunk]] = []
    for token in _TOKEN.finditer(text):
        raw = token.group()
        word = not raw[0].isdecimal()  # "²" is a digit to isdigit() but not to \d or int()
        digits = _spoken_digits(raw) if word else "".join(str(int(c)) for c in raw)
        plus = token.start() > 0 and text[token.start() - 1] == "+"
        tokens.append(None if digits is None else _Chunk(token.start(), token.end(), digits, word, plus))

    def spaced(x: Optional[_Chunk], y: Optional[_Chunk]) -> bool:
        return x is not None and y is not None and x.word and y.word and text[x.end:y.start].isspace()

    merged: List[Optional[_Chunk]] = []
    k = 0
    while k < len(tokens):
        chunk = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if spaced(chunk, nxt) and len(chunk.digits) == 1 and chunk.digits != "0" and nxt.digits == "100":
            chunk = _Chunk(chunk.start, nxt.end, chunk.digits + "00", True, False)  # 'drie honderd'
            k += 1
        if chunk is not None and chunk.word and len(chunk.digits) == 3 and chunk.digits.endswith("00"):
            rest = tokens[k + 1] if k + 1 < len(tokens) else None
            after = tokens[k + 2] if k + 2 < len(tokens) else None
            starts_next_hundred = spaced(rest, after) and len(rest.digits) == 1 and after.digits == "100"
            if spaced(chunk, rest) and len(rest.digits) <= 2 and rest.digits != "0" and not starts_next_hundred:
                chunk = _Chunk(chunk.start, rest.end, str(int(chunk.digits) + int(rest.digits)), True, False)
                k += 1
        merged.append(chunk)
        k += 1
    return merged


def _sequences(text: str) -> List[List[_Chunk]]:
    """Chunks of digits (or number words) joined by separators, in order."""
    sequences: List[List[_Chunk]] = []
    current: List[_Chunk] = []
    for chunk in _number_tokens(text):
        if chunk is None:
            current = []
        elif current and not chunk.plus and _GAP.fullmatch(text, current[-1].end, chunk.start):
            current.append(chunk)
        else:
            current = [chunk]
            sequences.append(current)
    return sequences


def _ibans(text: str) -> List[Tuple[int, int]]:
    """Spans of valid IBANs (ISO 13616 mod 97), written together or in groups."""
    spans: List[Tuple[int, int]] = []
    for start in _IBAN_START.finditer(text):
        pos, found = start.end(), None
        while True:
            group = _IBAN_GROUP.match(text, pos)
            if group is None or group.end() - start.start() > 42:
                break
            pos = group.end()
            plain = re.sub(r"\s", "", text[start.start():pos]).upper()
            if 15 <= len(plain) <= 34 and int("".join(str(int(c, 36)) for c in plain[4:] + plain[:4])) % 97 == 1:
                found = (start.start(), pos)
        if found:
            spans.append(found)
    return spans


def _is_date(day: str, month: str, year: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12 and 1900 <= int(year) <= 2099


def _phone_end(seq: List[_Chunk], i: int) -> Optional[int]:
    """Index of the last chunk of a phone number starting at chunk i, or None."""
    chunk, lengths = seq[i], [len(c.digits) for c in seq]
    d = chunk.digits
    if chunk.word and not d == "0":
        return None
    if chunk.plus or (d.startswith("00") and (len(d) <= 5 or len(d) >= 11)):
        # International: +31 6 12345678 / 0031 6 ...: the Dutch national part is 9 digits, others up to 15.
        limit, nl_length, nl = (15, 11, d.startswith("31")) if chunk.plus else (17, 13, d.startswith("0031"))
        total, j = 0, i
        while j < len(seq) and total + lengths[j] <= limit and not (nl and total >= nl_length):
            total += lengths[j]
            j += 1
        return max(i, j - 1)
    if d.startswith("0") and (len(d) <= 4 or len(d) == 10):
        # National: 10 digits from a 0 whose first group is an area code (06, 010, 0545) or the whole number;
        # a 9-digit group is never part of one ('0 123456782' is a zero and a BSN).
        total, j = 0, i
        while j < len(seq) and total < 10:
            total += lengths[j]
            j += 1
        if total == 10 and max(lengths[i:j]) < 9:
            return j - 1
    return None


def _other_numbers(text: str, seq: List[_Chunk], ibans: List[Tuple[int, int]]
                   ) -> Tuple[List[bool], List[Tuple[int, int]]]:
    """What else the chunks are. Firm: a phone number at the start of the sequence, an IBAN, an amount after a
    euro sign; never part of a BSN. Loose (first, last): a phone number further on, a date, a year or time range;
    a BSN that starts before one and runs into it wins, a BSN read inside one is not one."""
    n = len(seq)
    firm = [any(s < c.end and c.start < e for s, e in ibans) for c in seq]
    if text[max(0, seq[0].start - 3):seq[0].start].rstrip().endswith("€"):
        return [True] * n, []
    loose: List[Tuple[int, int]] = []
    digits = [c.digits if not c.word else "" for c in seq]
    for i in range(n):
        end = _phone_end(seq, i)
        if end is not None and (i == 0 or seq[i].plus):
            firm[i:end + 1] = [True] * (end + 1 - i)
        elif end is not None:
            loose.append((i, end))
        d = digits[i]
        if len(d) == 8 and (_is_date(d[:2], d[2:4], d[4:]) or _is_date(d[6:], d[4:6], d[:4])):
            loose.append((i, i))  # ddmmyyyy or yyyymmdd in one block
        a, b, c = (digits[i:i + 3] + ["", "", ""])[:3]
        if a and b and c and ((len(a) <= 2 and len(b) <= 2 and len(c) == 4 and _is_date(a, b, c))
                              or (len(a) == 4 and len(b) <= 2 and len(c) <= 2 and _is_date(c, b, a))):
            loose.append((i, i + 2))
        if len(a) == len(b) == 4 and 1900 <= int(a) <= 2099 and 1900 <= int(b) <= 2099:
            loose.append((i, i + 1))  # a year range: 2023-2024
        four = seq[i:i + 4]
        if len(four) == 4 and all(digits[k] for k in range(i, i + 4)) and all(
                text[h.end:m.start] == "." and len(h.digits) <= 2 and int(h.digits) <= 24 and len(m.digits) == 2
                and int(m.digits) < 60 for h, m in (four[:2], four[2:])):
            loose.append((i, i + 3))  # a time range: 9.00-17.30
    return firm, loose


def _bsn_windows(text: str, seq: List[_Chunk], ibans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """(first, last) chunk indexes of every BSN in the sequence, overlapping ones merged."""
    firm, loose = _other_numbers(text, seq, ibans)
    windows: List[Tuple[int, int]] = []
    for i in range(len(seq)):
        digits = ""
        for j in range(i, len(seq)):
            if firm[j]:
                break
            digits += seq[j].digits
            if len(digits) > 9:
                break
            if (len(digits) == 9 or (len(digits) == 8 and digits[0] != "0")) and is_bsn(digits):
                windows.append((i, j))
    # A window around a smaller one adds a neighbour's digit ('bsn 12345674 2 kinderen'): keep the smaller,
    # unless the extra is the leading zero of the same BSN ('0 1 0 0 0 0 0 0 8').
    def padded(w: Tuple[int, int], o: Tuple[int, int]) -> bool:
        return o[1] == w[1] and not "".join(c.digits for c in seq[w[0]:o[0]]).strip("0")

    windows = [w for w in windows
               if not any(o != w and w[0] <= o[0] and o[1] <= w[1] and not padded(w, o) for o in windows)]
    for first, last in loose:
        if not any(i < first <= j for i, j in windows):
            windows = [(i, j) for i, j in windows if not first <= i <= last]
    merged: List[Tuple[int, int]] = []
    for i, j in sorted(windows):
        if merged and i <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], j))
        else:
            merged.append((i, j))
    return merged


def mask_bsn(text: str) -> Tuple[str, bool]:
    """Replace every BSN in the text by '[BSN verwijderd]'; returns (text, whether something was masked)."""
    if not text:
        return text, False
    ibans = _ibans(text)
    spans: List[Tuple[int, int]] = []
    for seq in _sequences(text):
        if sum(len(c.digits) for c in seq) >= 8:
            spans += [(seq[i].start, seq[j].end) for i, j in _bsn_windows(text, seq, ibans)]
    if not spans:
        return text, False
    out: List[str] = []
    pos = 0
    for start, end in spans:
        out += [text[pos:start], BSN_PLACEHOLDER]
        pos = end
    out.append(text[pos:])
    return "".join(out), True


def _phonenumbers():
    try:
        import phonenumbers  # imported lazily: Rasa's runtime only needs it in the channels
    except ImportError as exc:  # pragma: no cover - both runtimes ship it
        raise ImportError(
            "routing.normalise_phone needs the 'phonenumbers' package; install it in this runtime "
            "(it is in requirements/app.lock and requirements/bot.lock)"
        ) from exc
    return phonenumbers


def normalise_phone(text: str) -> Optional[str]:
    """A valid phone number in E.164 (region NL for national numbers), or None when invalid."""
    if not text or not isinstance(text, str):
        return None
    candidate = text.strip()
    if len(candidate) > 200:
        return None
    phonenumbers = _phonenumbers()
    if not re.fullmatch(r"[\d\s()+\-./]+", candidate):
        # a sentence ("mijn nummer is 06-12345678"): accept it when it holds exactly one valid number
        found = find_phones(candidate)
        return found[0] if len(found) == 1 else None
    try:
        number = phonenumbers.parse(candidate, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not _acceptabel(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _acceptabel(number: Any) -> bool:
    """Valid, or a Dutch mobile number of the right shape (06 + 8 digits) in a range not yet handed out: a person
    who types "06 78 12 34 56" clearly means a mobile number; the read-back lets them check it."""
    if _phonenumbers().is_valid_number(number):
        return True
    return number.country_code == 31 and bool(re.fullmatch(r"6\d{8}", str(number.national_number)))


def find_phones(text: str) -> Tuple[str, ...]:
    """Valid phone numbers in free text, as E.164 (for channels that move them out of the conversation)."""
    if not text:
        return ()
    phonenumbers = _phonenumbers()
    found: List[str] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        if not _acceptabel(match.number):
            continue
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in found:
            found.append(e164)
    return tuple(found)


def find_emails(text: str) -> Tuple[str, ...]:
    """E-mail addresses in free text."""
    return tuple(dict.fromkeys(EMAIL_RE.findall(text or "")))


# --- phone numbers and e-mail addresses in free text (the channels before Rasa, the inbox for free text) ---------

TELEFOON_PLACEHOLDER = "[telefoonnummer]"
EMAIL_PLACEHOLDER = "[e-mailadres]"

# Candidates for the phonenumbers matcher's blind spots: Dutch numbers written with odd separators.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \-./()]{0,2}\d){8,14}(?![\w])")


def _is_phone_like(raw: str) -> bool:
    """Ten-digit Dutch numbers and international ones; not 14 0545, 0800-numbers, dates or amounts."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        return 9 <= len(digits) <= 15
    if raw.startswith("00"):
        return 11 <= len(digits) <= 17
    return digits.startswith("0") and len(digits) == 10


def _find_phone_spans(text: str) -> List[Tuple[int, int]]:
    """Spans of phone numbers: what libphonenumber finds valid, plus plausible-looking ones it rejects
    (a mistyped number is still personal data, and the form asks for it again)."""
    phonenumbers = _phonenumbers()
    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "NL",
                                                                        leniency=phonenumbers.Leniency.VALID)]
    for m in _PHONE_CANDIDATE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    return sorted(spans)


@dataclass(frozen=True)
class PiiMasked:
    """A text with BSNs, phone numbers and e-mail addresses replaced by placeholders, and what was taken out."""

    text: str
    bsn_gemaskeerd: bool = False
    telefoon: Tuple[str, ...] = ()
    email: Tuple[str, ...] = ()

    def metadata(self) -> Dict[str, Any]:
        """The channels' message metadata: `bsn_gemaskeerd` always, `pii` (the raw values, for the action server
        in the same turn; the tracker store drops it) only when something was found."""
        meta: Dict[str, Any] = {"bsn_gemaskeerd": self.bsn_gemaskeerd}
        if self.telefoon or self.email:
            meta["pii"] = {"telefoon": list(self.telefoon), "email": list(self.email)}
        return meta


def mask_pii(text: str) -> PiiMasked:
    """Mask BSNs (first: the BSN masker leaves phone numbers alone), then e-mail addresses and phone numbers."""
    masked, bsn = mask_bsn(text)
    emails: List[str] = []

    def _email(m: "re.Match[str]") -> str:
        emails.append(m.group())
        return EMAIL_PLACEHOLDER

    masked = EMAIL_RE.sub(_email, masked)
    phones: List[str] = []
    out: List[str] = []
    pos = 0
    for start, end in _find_phone_spans(masked):
        raw = masked[start:end].strip()
        if not _is_phone_like(raw):
            continue
        out.append(masked[pos:start])
        out.append(TELEFOON_PLACEHOLDER)
        phones.append(raw)
        pos = end
    out.append(masked[pos:])
    return PiiMasked(text="".join(out), bsn_gemaskeerd=bsn, telefoon=tuple(phones), email=tuple(emails))
