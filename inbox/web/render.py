"""Jinja2 environment (autoescape on for every template) and Dutch formatting filters."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

from inbox.web import labels

try:
    from zoneinfo import ZoneInfo

    TZ: dt.tzinfo = ZoneInfo("Europe/Amsterdam")
except Exception:  # noqa: BLE001 - no tz database on this machine: show UTC, say so in the format
    TZ = dt.timezone.utc

TEMPLATES = Path(__file__).parent / "templates"
MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def as_datetime(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        d = value
    elif isinstance(value, dt.date):
        d = dt.datetime(value.year, value.month, value.day)
    else:
        try:
            d = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.timezone.utc)  # the database stores UTC
    return d


def datum(value: object, with_time: bool = True) -> str:
    d = as_datetime(value)
    if d is None:
        return "—"
    d = d.astimezone(TZ)
    text = f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
    return f"{text} {d:%H:%M}" if with_time else text


def iso(value: object) -> str:
    d = as_datetime(value)
    return d.isoformat() if d else ""


def resterend(value: object, now: dt.datetime | None = None) -> str:
    """'nog 3 uur', 'nog 2 dagen', '5 uur te laat' — the time left until a deadline in plain Dutch."""
    d = as_datetime(value)
    if d is None:
        return ""
    now = now or dt.datetime.now(dt.timezone.utc)
    seconds = (d - now).total_seconds()
    late = seconds < 0
    s = abs(seconds)
    if s < 3600:
        amount = f"{max(1, int(s // 60))} min"
    elif s < 2 * 86400:
        hours = int(s // 3600)
        amount = f"{hours} uur"
    else:
        days = int(s // 86400)
        amount = f"{days} dagen"
    return f"{amount} te laat" if late else f"nog {amount}"


def te_laat(value: object) -> bool:
    d = as_datetime(value)
    return bool(d and d < dt.datetime.now(dt.timezone.utc))


def dag(value: object) -> str:
    """YYYY-MM-DD in local time, for <input type=date>."""
    d = as_datetime(value)
    return d.astimezone(TZ).date().isoformat() if d else ""


_TEL_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,20}$")


def tel_href(value: object) -> str:
    """A tel: URL only for a real phone number (so no other scheme can ever end up in an href)."""
    if not value or not _TEL_RE.match(str(value)):
        return ""
    return "tel:" + re.sub(r"[^0-9+]", "", str(value))


def getal(value: object) -> str:
    """A number the Dutch way: decimal comma, one decimal."""
    if value is None:
        return "—"
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(f)) if f.is_integer() else f"{f:.1f}".replace(".", ",")


def procent(value: object) -> str:
    """A share (0..1) as a Dutch percentage with one decimal: 0.913 -> '91,3%'."""
    if value is None:
        return "—"
    return f"{100 * float(value):.1f}%".replace(".", ",")


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its extension
        undefined=Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(datum=datum, iso=iso, resterend=resterend, te_laat=te_laat, dag=dag, tel_href=tel_href, getal=getal,
                       procent=procent)
    env.globals.update(label=labels.label, labels=labels)
    assert env.autoescape is True
    return env


__all__ = ["make_env", "datum", "resterend", "as_datetime", "StrictUndefined"]
