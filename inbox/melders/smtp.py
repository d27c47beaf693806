"""The spoed alert by e-mail: one SMTP session per message (stdlib smtplib, run on the deliverer's thread)."""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from inbox.melders import Bericht, MeldFout

logger = logging.getLogger(__name__)


class SmtpMelder:
    def __init__(self, host: str, port: int, afzender: str, ontvangers: tuple[str, ...], *, user: str = "",
                 password: str = "", starttls: bool = False, timeout: float = 10.0) -> None:
        self.host, self.port, self.afzender, self.ontvangers = host, port, afzender, tuple(ontvangers)
        self.user, self.password, self.starttls, self.timeout = user, password, starttls, timeout

    def message(self, b: Bericht) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = b.onderwerpregel
        msg["From"] = self.afzender
        msg["To"] = ", ".join(self.ontvangers)
        msg["Date"] = formatdate(localtime=True)
        # The same Message-ID on every attempt: should an attempt be repeated after all (a deliverer that died
        # after the server accepted the message), mail systems and clients can see it is one message.
        domain = self.afzender.rpartition("@")[2] or "localhost"
        msg["Message-ID"] = f"<{b.sleutel}@{domain}>"
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
        msg.set_content(b.tekst)
        return msg

    def send(self, b: Bericht) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                refused = smtp.send_message(self.message(b))
        except (OSError, smtplib.SMTPException) as exc:
            raise MeldFout(f"e-mail via {self.host}:{self.port}: {type(exc).__name__}: {exc}"[:500]) from exc
        if refused:  # accepted for the others: sending again would give them a second message
            logger.warning("spoed e-mail %s: the SMTP server refused %s", b.sleutel, ", ".join(sorted(refused)))
