"""Masking of personal data in user text before Rasa sees (and stores) it.

BSNs are removed for good (`routing.mask_bsn`: the elfproef over every written and spoken form, see
routing/README.md), and first: the masker leaves phone numbers alone, so the phone search that follows still finds
them, while a BSN is gone before that search could take it for a number to call back. Phone numbers and e-mail
addresses are replaced by placeholders; their raw values travel only in the message metadata `pii` so the action server can use them in
the same turn — `RedactingSQLTrackerStore` drops that metadata before anything is persisted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from routing import mask_bsn

TELEFOON_PLACEHOLDER = "[telefoonnummer]"
EMAIL_PLACEHOLDER = "[e-mailadres]"

_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Candidates for the phonenumbers matcher's blind spots: Dutch numbers written with odd separators.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ \-./()]{0,2}\d){8,14}(?![\w])")


@dataclass(frozen=True)
class MaskedText:
    """The text Rasa may see, plus the metadata the channel adds to the message."""

    text: str
    bsn_gemaskeerd: bool = False
    telefoon: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    changed: bool = field(default=False)

    def metadata(self) -> dict[str, Any]:
        """Metadata keys for the UserMessage: `bsn_gemaskeerd` always, `pii` only when something was found."""
        meta: dict[str, Any] = {"bsn_gemaskeerd": self.bsn_gemaskeerd}
        if self.telefoon or self.email:
            meta["pii"] = {"telefoon": list(self.telefoon), "email": list(self.email)}
        return meta


def _is_phone_like(raw: str) -> bool:
    """Ten-digit Dutch numbers and international ones; not 14 0545, 0800-numbers, dates or amounts."""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        return 9 <= len(digits) <= 15
    if raw.startswith("00"):
        return 11 <= len(digits) <= 17
    return digits.startswith("0") and len(digits) == 10


def _find_phones(text: str) -> list[tuple[int, int]]:
    """Spans of phone numbers: what libphonenumber finds valid, plus plausible-looking ones it rejects
    (a mistyped number is still personal data, and the form asks for it again)."""
    spans = [(m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID)]
    for m in _PHONE_CANDIDATE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in spans):
            spans.append((m.start(), m.end()))
    return sorted(spans)


def mask_pii(text: str) -> MaskedText:
    """Mask BSNs, phone numbers and e-mail addresses in `text`."""
    masked, bsn = mask_bsn(text)
    emails: list[str] = []

    def _email(m: re.Match) -> str:
        emails.append(m.group())
        return EMAIL_PLACEHOLDER

    masked = _EMAIL.sub(_email, masked)
    phones: list[str] = []
    out: list[str] = []
    pos = 0
    for start, end in _find_phones(masked):
        raw = masked[start:end].strip()
        if not _is_phone_like(raw):
            continue
        out.append(masked[pos:start])
        out.append(TELEFOON_PLACEHOLDER)
        phones.append(raw)
        pos = end
    out.append(masked[pos:])
    masked = "".join(out)
    return MaskedText(
        text=masked,
        bsn_gemaskeerd=bsn,
        telefoon=tuple(phones),
        email=tuple(emails),
        changed=masked != text,
    )
