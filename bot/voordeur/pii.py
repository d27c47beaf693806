"""Masking of personal data in user text before Rasa sees (and stores) it (the masker is `routing.mask_pii`).

BSNs are removed for good (`routing.mask_bsn`: the elfproef over every written and spoken form, see
routing/README.md), and first: the masker leaves phone numbers alone, so the phone search that follows still finds
them, while a BSN is gone before that search could take it for a number to call back. Phone numbers and e-mail
addresses are replaced by placeholders; their raw values travel only in the message metadata `pii` so the action server can use them in
the same turn — `RedactingSQLTrackerStore` drops that metadata before anything is persisted.
"""
from __future__ import annotations

from routing.privacy import EMAIL_PLACEHOLDER, TELEFOON_PLACEHOLDER, PiiMasked, mask_pii

__all__ = ["EMAIL_PLACEHOLDER", "TELEFOON_PLACEHOLDER", "PiiMasked", "mask_pii"]
