"""A trainer's work on one queue item, each step in one transaction with an audit entry.

  annotate      the right onderwerp (veiligheid when danger was missed) and the masked example; open or sent back
                → ter_goedkeuring. What the trainer writes is masked again (inbox/masking.py) before it is stored.
  reject        "niet bruikbaar" (open or ter_goedkeuring → niet_bruikbaar), with a reason.
  approve       a second trainer, never the one who annotated (four eyes): ter_goedkeuring → goedgekeurd, only when
                the example masks to itself.
  send_back     the second trainer disagrees: ter_goedkeuring → open, with a reason; the annotation stays as a
                proposal.
Only the role trainer works here. `make training-export` takes the approved examples (training_export.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy.orm import Session

from inbox import masking, vocab
from inbox.db import utcnow
from inbox.errors import GeenToegang, Ongeldig, OngeldigeOvergang
from inbox.models import Trainingsitem
from inbox.services import audit
from inbox.services.policy import User
from inbox.services.training_queue import get_item, require_trainer

logger = logging.getLogger(__name__)

GEVAAR_ONDERWERP = "veiligheid"
TEKST_MAX = 500  # a first message, not a story; longer ones are split by the trainer
REDEN_MAX = 1000


@dataclass(frozen=True)
class Annotated:
    item: Trainingsitem
    nagemaskeerd: bool  # the masker changed what the trainer wrote (a name or number was still in it)


def intent_of(item: Trainingsitem) -> str:
    """The Rasa intent the example trains: vraag_veiligheid for missed danger, else vraag_<onderwerp>."""
    return "vraag_" + (GEVAAR_ONDERWERP if item.gevaar else str(item.gekozen_onderwerp))


def _load(session: Session, user: User, item_id: int) -> Trainingsitem:
    require_trainer(user)
    return get_item(session, item_id, for_update=True)


def _step(session: Session, user: User, item_id: int, actie: str, allowed: tuple[str, ...], ip: Optional[str],
          fn: Callable[[Trainingsitem], dict]) -> Trainingsitem:
    with session.begin():
        item = _load(session, user, item_id)
        if item.status not in allowed:
            raise OngeldigeOvergang(_STATUS_FOUT.get(item.status, "Dit kan nu niet met dit item."))
        details = fn(item)
        audit.log(session, user.username, actie, "trainingsitem", item.id, details, ip)
    return item


_STATUS_FOUT = {
    "goedgekeurd": "Dit voorbeeld is al goedgekeurd.",
    "geexporteerd": "Dit voorbeeld is al geëxporteerd naar de trainingsdata.",
    "niet_bruikbaar": "Dit item is als niet bruikbaar gemarkeerd.",
    "open": "Dit item heeft nog geen voorbeeld om goed te keuren.",
    "ter_goedkeuring": "Dit voorbeeld wacht al op goedkeuring door een tweede trainer.",
}


def check_example(tekst: str) -> str:
    """The example as it may be stored: one line, masked, within bounds; Ongeldig with a Dutch message if not."""
    tekst = " ".join((tekst or "").split())
    if not tekst:
        raise Ongeldig("Het voorbeeld is leeg.", {"tekst": "Schrijf het bericht zoals de inwoner het bedoelde."})
    if len(tekst) > TEKST_MAX:
        raise Ongeldig("Het voorbeeld is te lang.",
                       {"tekst": f"Maximaal {TEKST_MAX} tekens. Maak er een kort bericht van, met één vraag."})
    if masking.RASA_ANNOTATION.search(tekst):
        raise Ongeldig("Het voorbeeld bevat ]( of ]{ of ][.",
                       {"tekst": "Zet geen haakjes direct achter elkaar, zoals ](: de training leest dat als code."})
    return masking.mask(tekst).tekst


def annotate(session: Session, user: User, item_id: int, *, onderwerp: Optional[str], gevaar: bool, tekst: str,
             ip: Optional[str] = None) -> Annotated:
    """Choose the onderwerp (or mark missed danger) and write the masked example; awaits a second trainer."""
    gevaar = bool(gevaar) or onderwerp == GEVAAR_ONDERWERP
    if not gevaar and onderwerp not in vocab.codes().onderwerpen:
        raise Ongeldig("Kies een onderwerp.", {"onderwerp": "Kies het onderwerp dat de inwoner bedoelde."})
    written = " ".join((tekst or "").split())
    masked = check_example(written)

    def fn(item: Trainingsitem) -> dict:
        item.gekozen_onderwerp = GEVAAR_ONDERWERP if gevaar else onderwerp
        item.gevaar, item.tekst, item.reden = gevaar, masked, None
        item.status, item.geannoteerd_door, item.geannoteerd_op = "ter_goedkeuring", user.username, utcnow()
        item.goedgekeurd_door = item.goedgekeurd_op = None
        # the example is masked text (no personal data): it may be in the audit log, which says what was approved
        return {"onderwerp": item.gekozen_onderwerp, "gevaar": gevaar, "nagemaskeerd": masked != written}

    item = _step(session, user, item_id, "trainingsitem_geannoteerd", ("open", "ter_goedkeuring"), ip, fn)
    return Annotated(item, masked != written)


def _reason(reden: Optional[str], veld: str = "reden") -> str:
    reden = " ".join((reden or "").split())
    if not reden:
        raise Ongeldig("Geef een reden.", {veld: "Schrijf kort waarom."})
    if len(reden) > REDEN_MAX:
        raise Ongeldig("De reden is te lang.", {veld: f"Maximaal {REDEN_MAX} tekens."})
    return masking.mask(reden).tekst


def reject(session: Session, user: User, item_id: int, *, reden: Optional[str],
           ip: Optional[str] = None) -> Trainingsitem:
    """Not usable as a training example (e.g. no question in it, or about something else entirely)."""
    why = _reason(reden)

    def fn(item: Trainingsitem) -> dict:
        item.status, item.reden = "niet_bruikbaar", why
        item.geannoteerd_door, item.geannoteerd_op = user.username, utcnow()
        return {"reden": why}

    return _step(session, user, item_id, "trainingsitem_niet_bruikbaar", ("open", "ter_goedkeuring"), ip, fn)


def approve(session: Session, user: User, item_id: int, *, ip: Optional[str] = None) -> Trainingsitem:
    """The second trainer agrees: the example may be exported."""
    def fn(item: Trainingsitem) -> dict:
        if item.geannoteerd_door == user.username:
            raise GeenToegang("U heeft dit voorbeeld zelf gemaakt. Een tweede trainer moet het goedkeuren.")
        if not item.tekst or not masking.is_clean(item.tekst):
            raise Ongeldig("Het voorbeeld bevat nog persoonsgegevens. Stuur het terug naar de eerste trainer.",
                           {"tekst": "Nog niet goed gemaskeerd."})
        item.status, item.goedgekeurd_door, item.goedgekeurd_op = "goedgekeurd", user.username, utcnow()
        return {"onderwerp": item.gekozen_onderwerp, "gevaar": item.gevaar, "geannoteerd_door": item.geannoteerd_door}

    return _step(session, user, item_id, "trainingsitem_goedgekeurd", ("ter_goedkeuring",), ip, fn)


def send_back(session: Session, user: User, item_id: int, *, reden: Optional[str],
              ip: Optional[str] = None) -> Trainingsitem:
    """The second trainer disagrees: back to the queue with a reason (the annotation stays as a proposal)."""
    why = _reason(reden)

    def fn(item: Trainingsitem) -> dict:
        if item.geannoteerd_door == user.username:
            raise GeenToegang("U kunt uw eigen voorbeeld niet terugsturen. Pas het aan of markeer het als niet "
                              "bruikbaar.")
        item.status, item.reden = "open", why
        return {"reden": why, "geannoteerd_door": item.geannoteerd_door}

    return _step(session, user, item_id, "trainingsitem_teruggestuurd", ("ter_goedkeuring",), ip, fn)
