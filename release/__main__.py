"""`make promote` / `make rollback`: python -m release promote [--kandidaat PATH] | rollback."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from release.promote import GATE_JSON, MODELS, PromoteError, promote, rasa_urls, rollback


def _report() -> Optional[dict]:
    try:
        return json.loads(GATE_JSON.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m release", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="verb", required=True)
    p = sub.add_parser("promote", help="make the candidate that passed make gate live")
    p.add_argument("--kandidaat", help="the model file (default: the candidate of reports/gate.json, in models/)")
    sub.add_parser("rollback", help="make the previous model live again")
    args = ap.parse_args(argv)
    report, urls, secret = _report(), rasa_urls(), os.environ.get("RASA_JWT_SECRET", "")
    try:
        if args.verb == "promote":
            if report is None:
                raise PromoteError("Er is nog geen modelpoort gedraaid: eerst make gate.")
            kandidaat = Path(args.kandidaat) if args.kandidaat else MODELS / report["kandidaat"]["bestand"]
            rasa = promote(kandidaat, report, urls, secret)
            print(f"[promote] {kandidaat.name} ({report['kandidaat']['model_id']}) is live: models/current.tar.gz")
        else:
            model, rasa = rollback(urls, secret, report=report)
            print(f"[rollback] terug naar {model.file} ({model.model_id}): models/current.tar.gz")
    except (PromoteError, ValueError) as exc:
        print(f"[{args.verb}] {exc}", file=sys.stderr)
        return 1
    for url, state in rasa.items():
        print(f"[{args.verb}] Rasa {url}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
