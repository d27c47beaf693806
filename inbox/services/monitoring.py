"""Monitoring for the Rekenkamer: what comes in, what happens to it, how long it takes (JSON and CSV)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter, defaultdict
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.db import utcnow
from inbox.models import Aanmelding, Gebeurtenis, LabelWijziging, Tevredenheid, Uitkomst
from inbox.services import bezorgfouten, spoedmeldingen, tevredenheid
from inbox.services.workflow import OPPAKKEN

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DIMENSIES = ("onderwerp", "wet", "kern", "kanaal", "melder", "urgentie")
VOORLIGGEND_VELD = "verwezen_voorliggend_veld"

_A_COLUMNS = (Aanmelding.created_at, Aanmelding.status, Aanmelding.actief, Aanmelding.onderwerp, Aanmelding.wet,
              Aanmelding.kern, Aanmelding.kanaal, Aanmelding.melder, Aanmelding.urgentie,
              Aanmelding.verwacht_contact_voor, Aanmelding.eerste_contact_op, Aanmelding.afgerond_op,
              Aanmelding.uitkomst, Aanmelding.doorgezet_naar, Aanmelding.wettelijke_termijn_op,
              Aanmelding.partner_soort, Aanmelding.terugkoppeling_gewenst, Aanmelding.teruggekoppeld_op,
              Aanmelding.geanonimiseerd_op, Aanmelding.bewaartermijn_verlopen_op, Aanmelding.id,
              Aanmelding.model_versie, Aanmelding.onderwerp_correctie)
# Spoed aanmeldingen with the moment someone first picked them up (the first workflow step out of 'nieuw').
_OPGEPAKT_OP = (select(func.min(Gebeurtenis.op)).where(Gebeurtenis.aanmelding_id == Aanmelding.id,
                                                      Gebeurtenis.soort.in_(OPPAKKEN))
                .scalar_subquery().label("opgepakt_op"))
_S_COLUMNS = (Aanmelding.created_at, _OPGEPAKT_OP)
_U_COLUMNS = (Uitkomst.created_at, Uitkomst.uitkomst, Uitkomst.onderwerp, Uitkomst.wet, Uitkomst.kern,
              Uitkomst.kanaal, Uitkomst.melder, Uitkomst.urgentie, Uitkomst.conversation_id,
              Uitkomst.met_aanmelding)


def period_key(when: dt.datetime, periode: str) -> str:
    """'2026-W48' or '2026-11' in Dutch local time."""
    local = when.astimezone(AMSTERDAM)
    if periode == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{local.year}-{local.month:02d}"


def default_range(periode: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The last 12 months (or 13 weeks) up to now, starting at a period boundary."""
    local = now.astimezone(AMSTERDAM)
    if periode == "week":
        start = (local - dt.timedelta(weeks=12, days=local.weekday())).replace(hour=0, minute=0, second=0,
                                                                              microsecond=0)
    else:
        year, month = (local.year - 1, local.month + 1) if local.month < 12 else (local.year, 1)
        start = local.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)
    return start.astimezone(dt.timezone.utc), now


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return round(ordered[k], 2)


def _duur(values: list[float]) -> dict[str, Any]:
    return {"n": len(values), "mediaan": round(statistics.median(values), 2) if values else None,
            "p90": _pct(values, 90)}


def _tijd_tot_oppakken(rows_s: list, now: dt.datetime) -> dict[str, Any]:
    """Spoed: minutes from arrival to the first step that took it out of 'nieuw' (median and longest), and the
    ones nobody has picked up yet with the longest wait so far."""
    minuten = [(r.opgepakt_op - r.created_at).total_seconds() / 60 for r in rows_s if r.opgepakt_op]
    wachtend = [(now - r.created_at).total_seconds() / 60 for r in rows_s if not r.opgepakt_op]
    return {"n": len(minuten), "mediaan": round(statistics.median(minuten), 1) if minuten else None,
            "max": round(max(minuten), 1) if minuten else None, "niet_opgepakt": len(wachtend),
            "langst_wachtend": round(max(wachtend), 1) if wachtend else None}


def zonder_aanmelding(rows_u: list) -> list:
    """One row per conversation that did not end in an aanmelding: its last uitkomst. A conversation that did is
    counted with its aanmelding; one with several uitkomsten ('afgebroken', then 'verwezen_voorliggend_veld')
    counts once, by how it ended."""
    last: dict[str, Any] = {}
    for row in sorted(rows_u, key=lambda r: r.created_at):
        if not row.met_aanmelding:
            last[row.conversation_id] = row
    return list(last.values())


MODEL_CIJFERS = ("aanmeldingen", "gecorrigeerd_door_inwoner", "label_gewijzigd", "spoed")
ONBEKEND = "onbekend"


def per_model_versie(rows_a: list, herlabeld: set[int]) -> dict[str, dict[str, int]]:
    """Per model version that labelled them: aanmeldingen, how many the inwoner corrected at "klopt dat?", how
    many team toegang relabelled, how many were spoed. A new model shows its effect here."""
    out: dict[str, dict[str, int]] = {}
    for row in rows_a:
        c = out.setdefault(row.model_versie or ONBEKEND, dict.fromkeys(MODEL_CIJFERS, 0))
        c["aanmeldingen"] += 1
        c["gecorrigeerd_door_inwoner"] += int(bool(row.onderwerp_correctie))
        c["label_gewijzigd"] += int(row.id in herlabeld)
        c["spoed"] += int(row.urgentie == "spoed")
    return dict(sorted(out.items()))


def _figures(rows_a: list, rows_u: list, now: dt.datetime, rows_t: list | None = None,
             rows_s: list | None = None, herlabeld: set[int] | None = None) -> dict[str, Any]:
    rows_u = zonder_aanmelding(rows_u)
    uitkomsten = Counter(u.uitkomst for u in rows_u)
    per: dict[str, Counter] = {d: Counter() for d in DIMENSIES}
    aanmeldingen_per: dict[str, Counter] = {d: Counter() for d in DIMENSIES}
    for row in rows_a:
        for d in DIMENSIES:
            value = getattr(row, d) or "onbekend"
            per[d][value] += 1
            aanmeldingen_per[d][value] += 1
    for row in rows_u:
        for d in DIMENSIES:
            per[d][getattr(row, d) or "onbekend"] += 1

    contact_uren, afronding_dagen = [], []
    binnen, buiten, zonder_contact_te_laat = 0, 0, 0
    termijn_overschreden = 0
    partner: dict[str, Counter] = defaultdict(Counter)
    for row in rows_a:
        if row.eerste_contact_op:
            contact_uren.append((row.eerste_contact_op - row.created_at).total_seconds() / 3600)
            if row.eerste_contact_op <= row.verwacht_contact_voor:
                binnen += 1
            else:
                buiten += 1
        elif row.status != "afgerond" and now > row.verwacht_contact_voor:
            zonder_contact_te_laat += 1
        if row.afgerond_op:
            afronding_dagen.append((row.afgerond_op - row.created_at).total_seconds() / 86400)
        if row.wettelijke_termijn_op and (row.afgerond_op or now) > row.wettelijke_termijn_op:
            termijn_overschreden += 1
        if row.partner_soort:
            partner[row.partner_soort]["aantal"] += 1
            partner[row.partner_soort]["terugkoppeling_gewenst"] += int(bool(row.terugkoppeling_gewenst))
            partner[row.partner_soort]["teruggekoppeld"] += int(row.teruggekoppeld_op is not None)
    status = Counter(row.status for row in rows_a)
    open_ = sum(1 for row in rows_a if row.actief and row.status != "afgerond")
    # Never closed, anonymised by retention after nobody handled it (open + afgerond + this = aanmeldingen).
    verlopen = sum(1 for row in rows_a if row.status != "afgerond" and row.geanonimiseerd_op is not None)
    # Flagged by retention, waiting for the beheerder's grace period to end.
    bewaartermijn = sum(1 for row in rows_a if row.bewaartermijn_verlopen_op and row.geanonimiseerd_op is None)
    return {
        "gesprekken": len(rows_a) + len(rows_u),
        "aanmeldingen": len(rows_a),
        "verwezen_voorliggend_veld": uitkomsten.get(VOORLIGGEND_VELD, 0),
        "gesprekken_zonder_aanmelding": dict(sorted(uitkomsten.items())),
        "per": {d: dict(sorted(c.items())) for d, c in per.items()},
        "aanmeldingen_per": {d: dict(sorted(c.items())) for d, c in aanmeldingen_per.items()},
        "open": open_,
        "afgerond": status.get("afgerond", 0),
        "verlopen_niet_afgerond": verlopen,
        "bewaartermijn_verlopen": bewaartermijn,
        "per_status": dict(sorted(status.items())),
        "uitkomst_afgerond": dict(sorted(Counter(r.uitkomst for r in rows_a if r.uitkomst).items())),
        "tijd_tot_eerste_contact_uren": {**_duur(contact_uren), "binnen_norm": binnen, "buiten_norm": buiten,
                                         "zonder_contact_norm_verstreken": zonder_contact_te_laat},
        "tijd_tot_afronding_dagen": _duur(afronding_dagen),
        "spoed_tijd_tot_oppakken_minuten": _tijd_tot_oppakken(rows_s or [], now),
        "wettelijke_termijn_overschreden": termijn_overschreden,
        "doorgezet_per_team": dict(sorted(Counter(r.doorgezet_naar for r in rows_a if r.doorgezet_naar).items())),
        "partnersignalen": {k: dict(v) for k, v in sorted(partner.items())},
        "per_model_versie": per_model_versie(rows_a, herlabeld or set()),
        # "Hoe tevreden bent u over dit gesprek?": n, mean and distribution, per kanaal, onderwerp and uitkomst.
        "tevredenheid": tevredenheid.figures(rows_t or []),
    }


def statistieken(session: Session, *, periode: str = "maand", van: dt.datetime | None = None,
                 tot: dt.datetime | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Figures per week or month and in total, for aanmeldingen and uitkomsten created in [van, tot)."""
    now = now or utcnow()
    if van is None or tot is None:
        default_van, default_tot = default_range(periode, now)
        van, tot = van or default_van, tot or default_tot
    with session.begin():
        rows_a = session.execute(select(*_A_COLUMNS).where(Aanmelding.created_at >= van,
                                                           Aanmelding.created_at < tot)).all()
        rows_u = session.execute(select(*_U_COLUMNS).where(Uitkomst.created_at >= van,
                                                          Uitkomst.created_at < tot)).all()
        rows_t = session.execute(select(*tevredenheid.COLUMNS).where(Tevredenheid.created_at >= van,
                                                                     Tevredenheid.created_at < tot)).all()
        rows_s = session.execute(select(*_S_COLUMNS).where(Aanmelding.urgentie == "spoed",
                                                          Aanmelding.created_at >= van,
                                                          Aanmelding.created_at < tot)).all()
        herlabeld = set(session.scalars(select(LabelWijziging.aanmelding_id).join(Aanmelding).where(
            Aanmelding.created_at >= van, Aanmelding.created_at < tot).distinct()))
    buckets_a: dict[str, list] = defaultdict(list)
    buckets_u: dict[str, list] = defaultdict(list)
    buckets_t: dict[str, list] = defaultdict(list)
    for row in rows_a:
        buckets_a[period_key(row.created_at, periode)].append(row)
    for row in rows_u:
        buckets_u[period_key(row.created_at, periode)].append(row)
    for row in rows_t:
        buckets_t[period_key(row.created_at, periode)].append(row)
    buckets_s: dict[str, list] = defaultdict(list)
    for row in rows_s:
        buckets_s[period_key(row.created_at, periode)].append(row)
    keys = sorted(set(buckets_a) | set(buckets_u) | set(buckets_t))
    return {
        "periode": periode, "van": van.isoformat(), "tot": tot.isoformat(), "gemaakt_op": now.isoformat(),
        "norm": "contactnorm team toegang (verwacht_contact_voor per urgentie)",
        # Refused for good and still waiting for a fix, now (not per period): inbox/services/bezorgfouten.py.
        "niet_afgeleverd": bezorgfouten.open_count(session),
        # Spoed alerts (e-mail, webhook) whose last attempt failed and that still wait, now.
        "spoed_niet_verstuurd": spoedmeldingen.niet_verstuurd_aantal(session),
        "totaal": _figures(rows_a, rows_u, now, rows_t, rows_s, herlabeld),
        "perioden": [{"periode": k, **_figures(buckets_a[k], buckets_u[k], now, buckets_t[k], buckets_s[k],
                                               herlabeld)}
                     for k in keys],
    }


def _flatten(prefix: str, value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _flatten(f"{prefix}.{k}" if prefix else str(k), v)
    else:
        yield prefix, value


def to_csv(figures: dict[str, Any]) -> str:
    """Long format for the BI-tool: periode;kengetal;waarde (one row per figure, 'totaal' included)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["periode", "kengetal", "waarde"])
    blocks = [("totaal", figures["totaal"])] + [(p["periode"], {k: v for k, v in p.items() if k != "periode"})
                                                for p in figures["perioden"]]
    for name, block in blocks:
        for key, value in _flatten("", block):
            writer.writerow([name, key, "" if value is None else value])
    for stand in ("niet_afgeleverd", "spoed_niet_verstuurd"):
        if stand in figures:
            writer.writerow(["stand", stand, figures[stand]])
    return out.getvalue()
