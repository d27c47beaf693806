"""`make training-export`: the approved examples of the trainers' queue as Rasa training data, reviewed like code.

Every approved example (two trainers, masked) is written once to `bot/data/nlu/uit_inbox/<datum>.yml` in Rasa's
YAML format, each with a comment naming the queue item it came from (`# trainingsitem 12`: an id, nothing
personal). `make train` then takes it up like any other training file; the file goes through review and git like
code. An example is never written twice: its item becomes `geexporteerd` (with the file's name), and an id
already named in a file of the folder (an export whose database commit failed after the file was written) is not
written again. Before writing, each example is masked once more (a newer masker may find more: the example goes
back to the queue) and checked by `refuse` (the script passes the test-set check: an example that copies a test
line would make the published figures dishonest).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox import masking
from inbox.db import utcnow
from inbox.models import Trainingsitem
from inbox.services import audit
from inbox.services.training_review import intent_of

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "bot" / "data" / "nlu" / "uit_inbox"
SOURCE = re.compile(r"^\s*# trainingsitem (\d+)\s*$", re.M)
HEADER = ("# Voorbeelden uit de trainingswachtrij van de inbox (make training-export): door een trainer gemaakt en\n"
          "# gemaskeerd, door een tweede trainer goedgekeurd. Elk voorbeeld noemt het trainingsitem waar het vandaan "
          "komt.\n")
NOT_CLEAN = ("Bij het exporteren vond de masker nog persoonsgegevens in het voorbeeld. Pas het aan; daarna moet een "
             "tweede trainer het opnieuw goedkeuren.")


@dataclass
class Export:
    bestand: Optional[Path] = None
    geexporteerd: list[int] = field(default_factory=list)
    al_in_bestand: list[int] = field(default_factory=list)  # named in a file already: marked, not written again
    teruggezet: list[int] = field(default_factory=list)  # not clean after all: back to open
    geweigerd: dict[int, str] = field(default_factory=dict)  # refused (copies a test line): niet_bruikbaar


def exported_ids(folder: Path) -> dict[int, str]:
    """Item id → the file in `folder` that names it."""
    found: dict[int, str] = {}
    for path in sorted(folder.glob("*.yml")):
        for m in SOURCE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(int(m.group(1)), path.name)
    return found


def render(examples: list[tuple[int, str, str]]) -> str:
    """Rasa 3 NLU YAML for (item id, intent, text), grouped by intent; JSON strings are valid YAML scalars."""
    lines = [HEADER.rstrip("\n"), 'version: "3.1"', "nlu:"]
    for intent in sorted({intent for _, intent, _ in examples}):
        lines += [f"- intent: {intent}", "  examples:"]
        for item_id, _, tekst in sorted(e for e in examples if e[1] == intent):
            lines += [f"  # trainingsitem {item_id}", f"  - text: {json.dumps(tekst, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _free_name(folder: Path, today: dt.date) -> Path:
    path, n = folder / f"{today.isoformat()}.yml", 2
    while path.exists():
        path, n = folder / f"{today.isoformat()}-{n}.yml", n + 1
    return path


def _write(path: Path, body: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, path)


def export(session: Session, folder: Path = FOLDER, *, today: Optional[dt.date] = None,
           refuse: Callable[[str], Optional[str]] = lambda tekst: None, wie: str = "training-export") -> Export:
    """Write the approved examples not exported yet to one new file in `folder`; mark and audit each."""
    today = today or dt.date.today()
    folder.mkdir(parents=True, exist_ok=True)
    result = Export()
    with session.begin():
        items = list(session.scalars(select(Trainingsitem).where(Trainingsitem.status == "goedgekeurd")
                                     .order_by(Trainingsitem.id).with_for_update()))
        named = exported_ids(folder)
        now = utcnow()
        todo: list[Trainingsitem] = []
        for item in items:
            if item.id in named:
                item.status, item.geexporteerd_op, item.export_bestand = "geexporteerd", now, named[item.id]
                result.al_in_bestand.append(item.id)
            elif not item.tekst or not masking.is_clean(item.tekst):
                item.status, item.reden = "open", NOT_CLEAN
                result.teruggezet.append(item.id)
                audit.log(session, wie, "trainingsitem_teruggezet", "trainingsitem", item.id, {"reden": "masker"})
            elif (why := refuse(item.tekst)) is not None:
                item.status, item.reden = "niet_bruikbaar", why
                result.geweigerd[item.id] = why
                audit.log(session, wie, "trainingsitem_niet_bruikbaar", "trainingsitem", item.id, {"reden": why})
            else:
                todo.append(item)
        if todo:
            result.bestand = _free_name(folder, today)
            _write(result.bestand, render([(i.id, intent_of(i), i.tekst) for i in todo]))
            for item in todo:
                item.status, item.geexporteerd_op, item.export_bestand = "geexporteerd", now, result.bestand.name
                audit.log(session, wie, "trainingsvoorbeeld_geexporteerd", "trainingsitem", item.id,
                          {"bestand": result.bestand.name, "intent": intent_of(item)})
                result.geexporteerd.append(item.id)
    return result
