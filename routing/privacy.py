"""Privacy helpers: BSN masking (elfproef) and phone-number normalisation to E.164."""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

__all__ = ["BSN_PLACEHOLDER", "is_bsn", "mask_bsn", "normalise_phone", "find_phones", "find_emails"]

BSN_PLACEHOLDER = "[BSN verwijderd]"

# Nine digits, written together or grouped 3-3-3 / 4-2-3 with a space or dot; never part of a longer number
# (so phone numbers like 0612345678 or 0545 123456 are not candidates).
_BSN_CANDIDATE = re.compile(
    r"(?<![\d+])(?<!\d[ .\-/])"
    r"(\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{3}|\d{2}[ .]\d{3}[ .]\d{2}[ .]\d{2})"
    r"(?![\d])(?![ .\-/]\d)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def is_bsn(digits: str) -> bool:
    """True when `digits` (spaces and dots allowed) is 9 digits passing the BSN elfproef."""
    if not isinstance(digits, str):
        return False
    plain = re.sub(r"[ .]", "", digits.strip())
    if len(plain) != 9 or not plain.isdigit() or plain == "000000000":
        return False
    # elfproef for BSN: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11
    total = sum(int(d) * w for d, w in zip(plain[:8], range(9, 1, -1))) - int(plain[8])
    return total % 11 == 0


def mask_bsn(text: str) -> Tuple[str, bool]:
    """Replace every BSN in the text by '[BSN verwijderd]'; returns (text, whether something was masked)."""
    if not text:
        return text, False
    masked = False

    def replace(match: "re.Match[str]") -> str:
        nonlocal masked
        if is_bsn(match.group(1)):
            masked = True
            return BSN_PLACEHOLDER
        return match.group(0)

    result = _BSN_CANDIDATE.sub(replace, text)
    return result, masked


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
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_phones(text: str) -> Tuple[str, ...]:
    """Valid phone numbers in free text, as E.164 (for channels that move them out of the conversation)."""
    if not text:
        return ()
    phonenumbers = _phonenumbers()
    found: List[str] = []
    for match in phonenumbers.PhoneNumberMatcher(text, "NL"):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in found:
            found.append(e164)
    return tuple(found)


def find_emails(text: str) -> Tuple[str, ...]:
    """E-mail addresses in free text."""
    return tuple(dict.fromkeys(_EMAIL.findall(text or "")))
