#!/usr/bin/env python
"""`make training-export`: approved examples from the inbox's training queue → bot/data/nlu/uit_inbox/<datum>.yml.

    make training-export
    .venv/bin/python scripts/training_export.py [--map bot/data/nlu/uit_inbox] [--datum 2026-12-01]

Reads the inbox database (DATABASE_URL, as the inbox does). An example that copies or nearly copies a line of the
test sets (scripts/overlap.py, as the tests check) is refused: it is marked niet bruikbaar instead, so the
published figures stay honest. Then review the new file like code, commit it, and `make train`, `make gate`,
`make promote`. Exit status 0: done (also when there was nothing to export), 2: bad input.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Optional, Sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from overlap import held_out_texts, overlaps  # noqa: E402

from inbox.config import Config, secure_var_dir  # noqa: E402
from inbox.db import make_engine, make_sessionmaker  # noqa: E402
from inbox.migrate import upgrade  # noqa: E402
from inbox.services import training_export  # noqa: E402

TESTZIN = ("Lijkt (bijna) op een zin uit een testset. Niet gebruikt: dan zou de test niet meer eerlijk meten. "
           "Dit zegt niets over uw werk.")


def test_set_check():
    """A refuse function for training_export.export: a reason when the text copies a test line, else None."""
    lines = held_out_texts()

    def refuse(tekst: str) -> Optional[str]:
        exact, near = overlaps([tekst], lines)
        return TESTZIN if exact or near else None

    return refuse


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--map", default=str(training_export.FOLDER), help="folder for <datum>.yml")
    ap.add_argument("--datum", default="", help="the file's date (jjjj-mm-dd; default today)")
    args = ap.parse_args(argv)
    try:
        today = dt.date.fromisoformat(args.datum) if args.datum else dt.date.today()
    except ValueError:
        print(f"Fout: de datum '{args.datum}' klopt niet. Gebruik jjjj-mm-dd.", file=sys.stderr)
        return 2
    config = Config.from_env()
    secure_var_dir(config.var_dir)
    upgrade(config.database_url)
    engine = make_engine(config.database_url)
    try:
        with make_sessionmaker(engine, audit_key=config.secret_key)() as session:
            result = training_export.export(session, Path(args.map), today=today, refuse=test_set_check())
    finally:
        engine.dispose()
    if result.bestand:
        print(f"{len(result.geexporteerd)} voorbeeld(en) geschreven naar {result.bestand}")
    else:
        print("Geen nieuwe goedgekeurde voorbeelden om te exporteren.")
    for label, ids in (("al in een bestand, niet opnieuw geschreven", result.al_in_bestand),
                       ("terug naar de wachtrij: de masker vond nog persoonsgegevens", result.teruggezet),
                       ("niet bruikbaar: lijkt op een testzin", list(result.geweigerd))):
        if ids:
            print(f"  {label}: trainingsitem {', '.join(map(str, ids))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
