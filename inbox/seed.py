"""Fake aanmeldingen in bulk (benchmark and demo data). Referenties come from the same per-year counter."""
from __future__ import annotations

import datetime as dt
import random
import secrets
from typing import Callable

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from inbox import vocab
from inbox.db import utcnow
from inbox.models import AFSLUIT_UITKOMSTEN, URGENTIE_RANG, Aanmelding, ReferentieTeller

ZINNEN = ["Ik kan het huishouden niet meer bijhouden.", "Mijn moeder kan niet meer zelf douchen.",
          "We hebben schulden en de huur is niet betaald.", "Mijn zoon gaat niet meer naar school.",
          "Ik zoek iets om te doen in het dorp, ik ben veel alleen.", "Een traplift zou veel helpen.",
          "Ik zorg voor mijn man en raak overbelast.", "Vragen over mijn lopende aanvraag voor een scootmobiel."]


def seed(engine: Engine, n: int, *, progress: Callable[[str], None] = print, batch: int = 5000,
         rng: random.Random | None = None, now: dt.datetime | None = None) -> int:
    """Insert n aanmeldingen spread over the last year (mostly afgerond, the rest open). Returns n."""
    rng = rng or random.Random(42)
    now = now or utcnow()
    c = vocab.codes()
    onderwerpen = [o for o in c.onderwerpen if o != "buiten_sociaal_domein"]
    wet_van = {}
    cat = vocab.catalog()
    for o in onderwerpen:
        entry = cat.onderwerpen.get(o)
        wet = entry.get("wet") if isinstance(entry, dict) else getattr(entry, "wet", None)
        wet_van[o] = wet if wet in c.wetten else "overig"
    frontteams = [t for t in c.teams if t.startswith("frontteam_")]
    tag = secrets.token_hex(4)
    done = 0
    with Session(engine) as session:
        with session.begin():
            counters = {row.jaar: row.laatste for row in session.scalars(select(ReferentieTeller))}
        while done < n:
            rows = []
            for _ in range(min(batch, n - done)):
                created = now - dt.timedelta(seconds=rng.randint(0, 365 * 86400))
                year = created.year
                counters[year] = counters.get(year, 0) + 1
                onderwerp = rng.choice(onderwerpen)
                urgentie = rng.choices(c.urgenties, weights=[2, 10, 88] if len(c.urgenties) == 3 else None)[0]
                status = rng.choices(["nieuw", "in_behandeling", "doorgezet", "afgerond"], [4, 4, 4, 88])[0]
                deadline = created + dt.timedelta(days={"spoed": 0.2, "hoog": 1}.get(urgentie, 3))
                contact = created + dt.timedelta(hours=rng.uniform(1, 96)) if status != "nieuw" else None
                afgerond = created + dt.timedelta(days=rng.uniform(1, 40)) if status == "afgerond" else None
                kern = rng.choice(c.kernen)
                doorgezet = rng.choice(frontteams) if status == "doorgezet" or (status == "afgerond"
                                                                                and rng.random() < 0.4) else None
                rows.append(dict(
                    referentie=f"VMK-{year}-{counters[year]:06d}", idempotency_key=f"seed-{tag}-{done + len(rows)}",
                    status=status, actief=status != "afgerond", kanaal=rng.choice(["web", "web", "telefoon"]),
                    melder=rng.choice(c.melders), onderwerp=onderwerp, onderwerpen_ook=[], wet=wet_van[onderwerp],
                    urgentie=urgentie, urgentie_rang=URGENTIE_RANG.get(urgentie, 9),
                    team_advies=rng.choice(frontteams), kern=kern, samenvatting=rng.choice(ZINNEN), redenen=[],
                    contact_naam="Test Persoon", contact_telefoon="+31612345678", toestemming_gegeven=True,
                    toestemming_tekstversie="seed", toestemming_tijdstip=created, terugkoppeling_gewenst=False,
                    voorzieningen_aangeboden=[], conversation_id=f"seed-{tag}-{done + len(rows)}", transcript=[],
                    created_at=created, verwacht_contact_voor=deadline, eerste_contact_op=contact,
                    doorgezet_naar=doorgezet, uitkomst=rng.choice(AFSLUIT_UITKOMSTEN) if afgerond else None,
                    afgerond_op=afgerond))
            with session.begin():
                session.execute(insert(Aanmelding), rows)
                for year, last in counters.items():
                    teller = session.get(ReferentieTeller, year)
                    if teller is None:
                        session.add(ReferentieTeller(jaar=year, laatste=last))
                    else:
                        teller.laatste = max(teller.laatste, last)
            done += len(rows)
            progress(f"seed: {done}/{n} aanmeldingen")
    return done
