"""Masking of personal data in user text before Rasa sees (and stores) it (the masker is `routing.mask_pii`).

BSNs are removed for good (`routing.mask_bsn`: the elfproef over every written and spoken form, see
routing/README.md), and first: the masker leaves phone numbers alone, so the phone search that follows still finds
them, while a BSN is gone before that search could take it for a number to call back. Phone numbers and e-mail
addresses are replaced by placeholders; their raw values travel only in the message metadata `pii` so the action server can use them in
the same turn — `RedactingSQLTrackerStore` drops that metadata before anything is persisted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from routing.privacy import EMAIL_PLACEHOLDER, TELEFOON_PLACEHOLDER
from routing.privacy import mask_pii as _mask

__all__ = ["EMAIL_PLACEHOLDER", "TELEFOON_PLACEHOLDER", "MaskedText", "mask_pii"]


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


def mask_pii(text: str) -> MaskedText:
    """Mask BSNs, phone numbers and e-mail addresses in `text` (routing's one masker, shared with the inbox)."""
    m = _mask(text)
    return MaskedText(text=m.text, bsn_gemaskeerd=m.bsn_gemaskeerd, telefoon=m.telefoon, email=m.email,
                      changed=m.text != text)
