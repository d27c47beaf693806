"""Domain exceptions. Raised deep in the services, translated once at the edge to {"fout", "velden"}."""
from __future__ import annotations


class InboxError(Exception):
    """Base class: a Dutch message for people, optional per-field messages, an HTTP status for the API."""

    status = 400

    def __init__(self, fout: str, velden: dict[str, str] | None = None) -> None:
        super().__init__(fout)
        self.fout = fout
        self.velden = velden or {}


class Ongeldig(InboxError):
    """Input does not meet the contract (unknown code, missing field, too long)."""

    status = 422


class NietGevonden(InboxError):
    status = 404


class GeenToegang(InboxError):
    """The user may not see or change this object."""

    status = 403


class NietGeauthenticeerd(InboxError):
    status = 401


class OngeldigeOvergang(InboxError):
    """The action does not fit the aanmelding's current status."""

    status = 409


class AccountGeblokkeerd(InboxError):
    """Too many failed logins; locked until a moment in time."""

    status = 429


class TeGroot(InboxError):
    status = 413


class TeVeelAanvragen(InboxError):
    """A rate limit was reached; retry_after (seconds) goes into the Retry-After header."""

    status = 429

    def __init__(self, fout: str, retry_after: int) -> None:
        super().__init__(fout)
        self.retry_after = max(1, int(retry_after))
        self.headers = {"Retry-After": str(self.retry_after)}


class WachtwoordVerlopen(NietGeauthenticeerd):
    """A correct one-time password that is older than 72 hours: a beheerder must give a new one."""
