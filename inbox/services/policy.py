"""Who may see and do what with an aanmelding: the roles, the WHERE clause for lists, and loading with a check."""
from __future__ import annotations

from typing import Protocol

from sqlalchemy import false, true
from sqlalchemy.orm import Session, selectinload

from inbox.errors import GeenToegang, NietGevonden
from inbox.models import Aanmelding

MAX_ID = 2**31 - 1


class User(Protocol):
    username: str
    role: str
    team: str | None


WERK = frozenset({"toegang", "frontteam"})
TOEGANG = frozenset({"toegang"})
# verb → the roles that may do it with an aanmelding they can see; the staff pages offer exactly these. Frontteams
# work what was handed to them; assigning, relabelling, handing over again and reopening stay with team toegang.
# beheerder manages users and reads the audit log, but does not work (or read) aanmeldingen: least privilege.
ACTIES: dict[str, frozenset[str]] = {
    "view": WERK,
    "claim": WERK,
    "assign": TOEGANG,
    "log_contact": WERK,
    "change_label": TOEGANG,
    "add_note": WERK,
    "doorzetten": TOEGANG,
    "close": WERK,
    "reopen": TOEGANG,
    "terugkoppeling": WERK,
}


def may(role: str | None, actie: str) -> bool:
    """Whether this role may do actie at all (which aanmeldingen it can see is can_view's question)."""
    return role in ACTIES.get(actie, frozenset())


def can_view(user: User | None, aanmelding: Aanmelding) -> bool:
    """toegang sees everything; frontteam only what was doorgezet to its own team; nobody else."""
    if user is None or not getattr(user, "active", True):
        return False
    if user.role == "toegang":
        return True
    if user.role == "frontteam":
        return bool(user.team) and aanmelding.doorgezet_naar == user.team
    return False


def can(user: User | None, actie: str, aanmelding: Aanmelding) -> bool:
    """Whether user may perform actie ('claim', 'close', ...) on this aanmelding."""
    return can_view(user, aanmelding) and may(user.role, actie)


def visible_clause(user: User | None):
    """The same rule as can_view, as a WHERE clause for lists and counts."""
    if user is None or not getattr(user, "active", True):
        return false()
    if user.role == "toegang":
        return true()
    if user.role == "frontteam" and user.team:
        return Aanmelding.doorgezet_naar == user.team
    return false()


def load(session: Session, aanmelding_id: int, user: User | None, actie: str) -> Aanmelding:
    """The aanmelding with history, notes and label changes, once user may perform actie on it (user=None: API)."""
    if not isinstance(aanmelding_id, int) or not 0 < aanmelding_id <= MAX_ID:
        raise NietGevonden(f"Aanmelding {aanmelding_id} bestaat niet.")
    a = session.get(Aanmelding, aanmelding_id, options=[selectinload(Aanmelding.gebeurtenissen),
                                                      selectinload(Aanmelding.notities),
                                                      selectinload(Aanmelding.label_wijzigingen)])
    if a is None:
        raise NietGevonden(f"Aanmelding {aanmelding_id} bestaat niet.")
    if user is not None:
        if not can_view(user, a):
            # Same answer as 'does not exist' would leak less, but staff need to know why: say it plainly.
            raise GeenToegang("U heeft geen toegang tot deze aanmelding.")
        if not may(user.role, actie):
            raise GeenToegang("Deze handeling is voor uw rol niet toegestaan.")
    return a

