"""The spoed alert's deliverer: a background task in every inbox worker that sends the due spoedmeldingen.

Each pass claims one due row at a time (services/spoedmeldingen.claim: one winner however many deliverers race),
sends it with the channel's client (inbox/melders/) on the deliverer's own thread, so a slow SMTP server never
holds up the database threads of the API and the pages, and marks it. A new spoed aanmelding wakes this worker's
deliverer at once; the others find due rows every VOORDEUR_SPOED_POLL_SECONDS. Stopping waits for the message
in hand, so a normal restart never sends one twice; a killed worker's claim runs out after the lease and another
deliverer sends it.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import secrets
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

from sanic import Sanic
from sqlalchemy.orm import sessionmaker

from inbox.melders import MeldFout, Melder, bericht, from_config
from inbox.services import spoedmeldingen as svc

logger = logging.getLogger(__name__)
ALERT_AFTER = 3  # a failing channel is an ERROR from this attempt on (a WARNING before)


class Bezorger:
    """Delivers the due spoedmeldingen of one database; `run_once` is synchronous (it runs on its own thread)."""

    def __init__(self, Session: sessionmaker, melders: dict[str, Melder], *, public_url: str,
                 max_delay: float = 300.0, poll_seconds: float = 5.0, lease: dt.timedelta | None = None,
                 door: str | None = None) -> None:
        self.Session, self.melders, self.public_url = Session, melders, public_url
        self.max_delay, self.poll_seconds = max_delay, poll_seconds
        self.lease = lease or dt.timedelta(seconds=60)
        self.door = door or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.stopping = threading.Event()
        self._wake: asyncio.Event | None = None
        self._executor: ThreadPoolExecutor | None = None

    def run_once(self, now: dt.datetime | None = None) -> int:
        """Send every alert that is due now; returns how many went out."""
        with self.Session() as s:
            ids = svc.te_bezorgen(s, now)
        sent = 0
        for melding_id in ids:
            if self.stopping.is_set():
                break
            sent += self._deliver(melding_id, now)
        return sent

    def _deliver(self, melding_id: int, now: dt.datetime | None) -> int:
        with self.Session() as s:
            c = svc.claim(s, melding_id, self.door, self.lease, now)
        if c is None:
            return 0  # another deliverer was first
        if not c.wacht_nog:
            with self.Session() as s:
                svc.vervallen(s, c, now)
            logger.info("spoedmelding %s (%s): %s was picked up before the alert went out; not sent", c.id,
                        c.kanaal, c.referentie)
            return 0
        melder = self.melders.get(c.kanaal)
        try:
            if melder is None:
                raise MeldFout(f"kanaal {c.kanaal} is niet (meer) ingesteld")
            melder.send(bericht(c.id, c.aanmelding_id, c.referentie, c.onderwerp, c.kern, c.binnengekomen,
                                self.public_url))
        except MeldFout as exc:
            with self.Session() as s:
                delay = svc.mislukt(s, c, str(exc), self.max_delay, now)
            logger.log(logging.ERROR if c.pogingen >= ALERT_AFTER else logging.WARNING,
                       "spoedmelding %s (%s) for %s not sent (attempt %d): %s; next attempt in %.0f s", c.id,
                       c.kanaal, c.referentie, c.pogingen, exc, delay)
            return 0
        with self.Session() as s:
            if not svc.verzonden(s, c, now):
                logger.error("spoedmelding %s (%s) was sent, but its claim had run out (lease %s): another "
                             "deliverer may send it again", c.id, c.kanaal, self.lease)
        logger.info("spoedmelding %s (%s) for %s sent", c.id, c.kanaal, c.referentie)
        return 1

    def wake(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def run(self) -> None:
        """Deliver forever: now, whenever woken, and every poll_seconds; until stop()."""
        self._wake = asyncio.Event()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="inbox-spoed")
        loop = asyncio.get_running_loop()
        started = False
        while not self.stopping.is_set():
            self._wake.clear()
            try:
                if not started:
                    await loop.run_in_executor(self._executor, self._start)
                    started = True
                await loop.run_in_executor(self._executor, self.run_once)
            except Exception:  # noqa: BLE001 - e.g. the database is away for a moment: log, keep going
                logger.exception("spoed deliverer: a pass failed; trying again in %s s", self.poll_seconds)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            except asyncio.TimeoutError:
                pass

    def _start(self) -> None:
        with self.Session() as s:
            svc.bij_start(s)

    async def stop(self, task: asyncio.Task, timeout: float) -> None:
        """Finish the message in hand (at most `timeout`), then stop; the rest waits in the database."""
        self.stopping.set()
        self.wake()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=timeout)
        except asyncio.TimeoutError:
            logger.warning("spoed deliverer did not stop within %.0f s", timeout)
            task.cancel()
        if self._executor is not None:
            self._executor.shutdown(wait=True)


def install(app: Sanic) -> None:
    """Run a deliverer in this worker while it serves (when a channel is configured)."""

    @app.after_server_start
    async def start_deliverer(app: Sanic) -> None:
        config = app.ctx.config
        app.ctx.spoed_bezorger = app.ctx.spoed_task = None
        melders = from_config(config)
        if not melders:
            return
        # The lease must outlast one attempt: connect, then each SMTP step, all bounded by the timeout.
        lease = dt.timedelta(seconds=max(60.0, 6 * config.spoed_timeout))
        bezorger = Bezorger(app.ctx.Session, melders, public_url=config.public_url, max_delay=config.spoed_max_delay,
                            poll_seconds=config.spoed_poll_seconds, lease=lease)
        app.ctx.spoed_bezorger = bezorger
        app.ctx.spoed_task = asyncio.create_task(bezorger.run())
        logger.info("spoed deliverer %s started (%s)", bezorger.door, ", ".join(melders))

    @app.before_server_stop
    async def stop_deliverer(app: Sanic) -> None:
        bezorger, task = getattr(app.ctx, "spoed_bezorger", None), getattr(app.ctx, "spoed_task", None)
        if bezorger is not None and task is not None:
            await bezorger.stop(task, timeout=6 * app.ctx.config.spoed_timeout + 5)


def wake(app: Sanic) -> None:
    """A new spoed aanmelding: this worker's deliverer sends its alert now instead of at the next poll."""
    bezorger = getattr(app.ctx, "spoed_bezorger", None)
    if bezorger is not None:
        bezorger.wake()


def status(app: Sanic) -> str:
    """For the readiness check: 'uit' (no channel set), 'actief', or 'gestopt' (the task ended: an error)."""
    task = getattr(app.ctx, "spoed_task", None)
    if getattr(app.ctx, "spoed_bezorger", None) is None:
        return "uit"
    return "gestopt" if task is None or task.done() else "actief"
