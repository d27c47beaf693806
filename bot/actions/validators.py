"""Shared validators: plain functions, table-tested (tests/actions/test_validators.py)."""
from __future__ import annotations

import re

import routing
from bot.actions.constants import EMAIL_GEEN
from bot.actions.extractie import naam_uit_zin

_NEE = {"nee", "geen", "nee dank u", "liever niet", "heb ik niet", "nvt", "-"}


def telefoon(text: str) -> str | None:
    """E.164 (region NL) or None."""
    if not text or not text.strip():
        return None
    return routing.normalise_phone(text.strip())


def mask_telefoon(e164: str) -> str:
    """A display that shows only the last four digits: +31612345678 -> 06-****5678."""
    digits = e164.lstrip("+")
    national = "0" + digits[2:] if digits.startswith("31") else "+" + digits
    return f"{national[:2]}-****{national[-4:]}"


def email(text: str) -> str | None:
    """A plausible e-mail address, lower-cased, or None; in a sentence ("mail naar gerda@example.nl graag") the one
    address it holds (two addresses: None, the form asks again)."""
    value = (text or "").strip().strip(".").lower()
    if not routing.is_email(value):  # routing's one e-mail pattern, shared with the channels' masker
        found = routing.find_emails(value)
        value = found[0] if len(found) == 1 else ""
    return value if routing.is_email(value) else None


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def is_geen(text: str) -> bool:
    return (text or "").strip().lower().rstrip(".!") in _NEE


def naam(text: str) -> str | None:
    """Only the name from the answer ("Mijn naam is Gerda Wolters" -> "Gerda Wolters"), 2..100 characters; None for
    a number, a placeholder of masked data, a refusal or a story (see bot/actions/extractie.py)."""
    return naam_uit_zin(text)


def leeftijd(text: str) -> str | None:
    """Digits or a number in words (0..120), or an age group: 'jonger dan 18' / '18 of ouder'."""
    value = (text or "").strip().lower()
    match = re.search(r"\d{1,3}", value)
    if "jonger" in value or "kind" in value or "onder de 18" in value:
        return "jonger dan 18"
    if "ouder" in value or "volwassen" in value or "18+" in value:
        return "18 of ouder"
    if match and 0 <= int(match.group()) <= 120:
        return match.group()
    woorden = routing.getal_in_woorden(value)  # the phone's speech-to-text: "negen", "hij is zevenentachtig"
    if not match and woorden is not None and 0 <= woorden <= 120:
        return str(woorden)
    return None


VOORKEUREN = {"ochtend": "'s ochtends", "middag": "'s middags", "avond": "'s avonds", "email": "per e-mail"}
VOORKEUR_EMAIL = "email"  # then the form asks the e-mail address (routing/data/vragen.yml, alleen_als)
GEEN_VOORKEUR = "maakt niet uit"
VOORKEUR_SPOED = "zo snel mogelijk"  # spoed does not ask (routing/data/vragen.yml): team toegang calls today


def gegeven_email(slot: str | None) -> str | None:
    """The (masked) e-mail address in the slot; None when none was given."""
    return None if slot in (None, EMAIL_GEEN) else slot


def voorkeur_of(slot: str | None, urgentie: str | None, email: str | None = None) -> str:
    """The preference to read back and send: the answer, or what holds when it was not asked (or, for e-mail,
    when no address came of it: then we call whenever it suits)."""
    if slot == VOORKEUR_EMAIL and not gegeven_email(email):
        return GEEN_VOORKEUR
    return slot or (VOORKEUR_SPOED if urgentie == "spoed" else GEEN_VOORKEUR)


def voorkeur_zin(voorkeur: str) -> str:
    """The preference as the read-back says it after the number: "het liefst 's ochtends", "op een werkdag"."""
    if voorkeur == GEEN_VOORKEUR:
        return "op een werkdag"
    if voorkeur == VOORKEUR_SPOED:
        return voorkeur
    tekst = VOORKEUREN.get(voorkeur, voorkeur)
    # the person's own words may say it already ("bellen liefst na zessen"): not "het liefst bellen liefst …"
    return tekst if re.search(r"\b(?:liefst|liever|graag)\b", tekst, re.IGNORECASE) else f"het liefst {tekst}"


# When to call, said with the number ("06 12345678, liefst na vijven"): a part of the day, a day, a time, or e-mail.
_DAGDEEL = (r"(?:'?s\s*)?(?:ochtends?|morgens?|middags?|avonds?|ochtend|middag|avond|morgen)|werkdag\w*|weekend"
            r"|maandag\w*|dinsdag\w*|woensdag\w*|donderdag\w*|vrijdag\w*|zaterdag\w*|zondag\w*|vandaag|overdag")
_UUR = (r"(?:na|voor|vanaf|tot|tussen|om|rond)\s+(?:half\s+)?(?:\d{1,2}(?:[.:]\d{2})?|een|twee|drie|vier|vijf|zes|zeven"
        r"|acht|negen|tien|elf|twaalf|enen|tweeën|drieën|vieren|vijven|zessen|zevenen|achten|negenen|tienen|elven"
        r"|twaalven|schooltijd|werktijd|het eten|de middag|de lunch)")
_WANNEER = re.compile(rf"\b(?:{_DAGDEEL}|{_UUR}|\d{{1,2}}\s*uur|e-?mail|mail|mailen)\b", re.IGNORECASE)
_ERVOOR = re.compile(r"\b(?:niet|liefst|liever|graag|alleen|bij voorkeur)(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
_PLAATSHOUDER = re.compile(r"\[[^\]]*\]|\+?\d[\d\s-]{7,}\d")


def voorkeur_in_zin(text: str) -> str | None:
    """When to call (or e-mail instead), said in the answer to the number question, from its first time word on:
    "06 12345678, liefst na vijven" -> "na vijven", "[telefoonnummer] 's ochtends" -> "ochtend"; None when the
    answer names no time (then we call on a werkdag, and the read-back offers to change it)."""
    rest = _PLAATSHOUDER.sub(" ", text or "")
    match = _WANNEER.search(rest)
    if not match:
        return None
    start = match.start()
    ervoor = _ERVOOR.search(rest[:start])  # "liefst na vijven", "maar niet op woensdag": the words that qualify it
    return voorkeur(rest[ervoor.start() if ervoor else start:].strip(" .,!;"))


def voorkeur(text: str) -> str | None:
    """Best time to call, as the user said it (short); None when empty."""
    value = " ".join((text or "").split())[:80]
    if not value or "[" in value:
        return None
    lower = value.lower()
    for key in ("ochtend", "middag", "avond"):
        if key in lower:
            return key
    if re.search(r"\be ?-?mail|\bmailen\b|\bmail\b", lower):
        return VOORKEUR_EMAIL
    return value
