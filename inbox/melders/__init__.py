"""The spoed alert's message and the clients that send it (one small client per outside service).

The message says only what team toegang needs to open the aanmelding: referentie, onderwerp, kern, when it
came in and a link to the inbox. No name, phone number, e-mail address or words of the inwoner: health, family
and money are special-category data (AVG art. 9) and must not travel by e-mail or through a chat service.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from inbox import vocab


class MeldFout(Exception):
    """Sending failed; the message says why, without the webhook URL (it holds a secret) or personal data."""


@dataclass(frozen=True)
class Bericht:
    sleutel: str  # the same for every attempt of one alert: Message-ID and Idempotency-Key
    referentie: str
    onderwerp: str  # the label staff read
    kern: str
    binnengekomen: str  # local time, dd-mm-jjjj uu:mm
    link: str

    @property
    def onderwerpregel(self) -> str:
        return f"Spoedmelding {self.referentie} wacht in de inbox"

    @property
    def tekst(self) -> str:
        return (f"Er is een spoedmelding binnengekomen. Nog niemand heeft haar opgepakt.\n\n"
                f"Referentie: {self.referentie}\n"
                f"Onderwerp: {self.onderwerp}\n"
                f"Kern: {self.kern}\n"
                f"Binnengekomen: {self.binnengekomen}\n\n"
                f"Open de aanmelding in de inbox en pak haar op: {self.link}\n\n"
                f"In dit bericht staan geen persoonsgegevens. Die leest u alleen in de inbox.")


def bericht(melding_id: int, aanmelding_id: int, referentie: str, onderwerp: str, kern: str | None,
            binnengekomen: dt.datetime, public_url: str) -> Bericht:
    """The message for one alert, from codes only."""
    local = binnengekomen.astimezone(vocab.AMSTERDAM)
    return Bericht(sleutel=f"voordeur-spoedmelding-{melding_id}", referentie=referentie,
                   onderwerp=vocab.medewerker_label("onderwerp", onderwerp),
                   kern=kern or "onbekend", binnengekomen=f"{local:%d-%m-%Y %H:%M}",
                   link=f"{public_url}/aanmeldingen/{aanmelding_id}")


class Melder(Protocol):
    def send(self, b: Bericht) -> None:
        """Deliver the message or raise MeldFout."""


def from_config(config) -> dict[str, Melder]:
    """The clients of the configured channels (inbox.config.Config.spoed_kanalen), by channel name."""
    from inbox.melders.smtp import SmtpMelder
    from inbox.melders.webhook import WebhookMelder

    melders: dict[str, Melder] = {}
    if "email" in config.spoed_kanalen:
        melders["email"] = SmtpMelder(config.spoed_smtp_host, config.spoed_smtp_port, config.spoed_smtp_from,
                                      config.spoed_smtp_to, user=config.spoed_smtp_user,
                                      password=config.spoed_smtp_password, starttls=config.spoed_smtp_starttls,
                                      timeout=config.spoed_timeout)
    if "webhook" in config.spoed_kanalen:
        melders["webhook"] = WebhookMelder(config.spoed_webhook_url, timeout=config.spoed_timeout)
    return melders
