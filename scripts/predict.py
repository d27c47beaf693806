#!/usr/bin/env python
"""Label free-text questions the way the live assistant labels a first message.

    make predict IN=in.jsonl OUT=out.jsonl
    .venv-bot/bin/python scripts/predict.py IN OUT [--model models/current.tar.gz]

Input: one JSON object per line, {"id": ..., "text": "..."}.
Output: one JSON object per valid input line, in input order:
    {"id", "onderwerp", "also": [...], "wet", "urgentie", "melder", "confidence"}
with codes from the triage taxonomy only (routing/data/taxonomy.yml).

The path is the one of the assistant's first message, and the same code:
  1. BSNs are masked (the channels do this before Rasa sees the text);
  2. the Rasa NLU model parses the text: DIET, the FallbackClassifier, and the two danger detectors
     (DangerClassifier and the lexicon in SafetyNet, either of which makes it vraag_veiligheid);
  3. routing.eerste_bericht turns text and parse into onderwerpen, wet, urgentie and melder, exactly as
     bot/actions/vraag.py does in the conversation (see its docstring for the steps). Where the assistant would
     ask a clarifying question, the likeliest onderwerp is labelled, with its low confidence. We deliberately
     do NOT map an unsure message to buiten_sociaal_domein: that code means "niet doorzetten", and silently
     dropping a real care question is worse than a wrong onderwerp that team toegang corrects.
Empty or whitespace-only text gets onderwerp buiten_sociaal_domein, wet overig, urgentie normaal,
confidence 0.0 (nothing to route). Bad lines (no JSON object, no id, text not a string) are reported on
stderr in Dutch with their line number and skipped; the other lines are still written. Exit status 0,
2 when the model or a file cannot be opened.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, Sequence, TextIO, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import routing  # noqa: E402  (needs the repo root on sys.path)
from routing import Catalog  # noqa: E402

logger = logging.getLogger(__name__)

DEFAULT_MODEL = REPO / "models" / "current.tar.gz"


def warnings_to_log(path: Path) -> None:
    """Third-party warnings (DeprecationWarnings while Rasa is imported, ...) go to `path`, not the screen."""
    import warnings

    def to_log(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(warnings.formatwarning(message, category, filename, lineno, line))

    warnings.showwarning = to_log


def quiet_rasa() -> None:
    """Logs to stderr, warnings and up; Rasa's structlog would otherwise print every parse to stdout."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("rasa", "tensorflow", "absl", "sqlalchemy", "py.warnings"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        from rasa.utils.log_utils import configure_structlog

        configure_structlog(logging.WARNING)
    except ImportError:  # older Rasa without structlog
        pass
    import warnings

    warnings.filterwarnings("ignore")


class Parser:
    """A loaded Rasa model; `parse(text)` returns Rasa's parse dict (with SafetyNet's additions)."""

    def __init__(self, model_path: Path) -> None:
        from rasa.core.agent import Agent

        self._loop = asyncio.new_event_loop()
        self.agent = Agent.load(str(model_path))
        if not self.agent.is_ready():
            raise RuntimeError(f"model {model_path} could not be loaded")

    def parse(self, text: str) -> Dict[str, Any]:
        return self._loop.run_until_complete(self.agent.parse_message(text))


def read_lines(stream: TextIO) -> Iterator[Tuple[int, Any, Optional[str], Optional[str]]]:
    """(line number, id, text, error) per non-blank line."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, None, None, f"geen geldige JSON ({exc.msg}, kolom {exc.colno})"
            continue
        if not isinstance(item, dict):
            yield number, None, None, 'verwacht een JSON-object {"id": ..., "text": ...}'
            continue
        if "id" not in item or item["id"] is None or isinstance(item["id"], (dict, list)):
            yield number, None, None, 'het veld "id" ontbreekt of is geen tekst of getal'
            continue
        text = item.get("text", "")
        if text is None:
            text = ""
        if not isinstance(text, str):
            yield number, item["id"], None, 'het veld "text" is geen tekst'
            continue
        yield number, item["id"], text, None


def predict_file(
    parser: Parser,
    catalog: Catalog,
    stream_in: TextIO,
    stream_out: TextIO,
    err: TextIO = sys.stderr,
) -> Tuple[int, int]:
    """Label every line; returns (written, errors)."""
    written = errors = 0
    for number, line_id, text, error in read_lines(stream_in):
        if error:
            errors += 1
            print(f"regel {number}: {error}; deze regel is overgeslagen.", file=err)
            continue
        assert text is not None
        masked, _ = routing.mask_bsn(text)
        if not masked.strip():
            print(f"regel {number}: de tekst is leeg; gelabeld als buiten_sociaal_domein.", file=err)
            parse = None
        else:
            parse = parser.parse(masked)
        result = routing.eerste_bericht(catalog, masked, parse)
        stream_out.write(json.dumps(result.as_json(line_id), ensure_ascii=False) + "\n")
        written += 1
    return written, errors


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Label JSONL questions with onderwerp, also, wet, urgentie, melder.")
    ap.add_argument("input", help='JSONL file with {"id", "text"} per line ("-" = stdin)')
    ap.add_argument("output", help='JSONL file to write ("-" = stdout)')
    ap.add_argument("--model", default=str(DEFAULT_MODEL), help="trained Rasa model (default models/current.tar.gz)")
    args = ap.parse_args(argv)
    warnings_to_log(REPO / "var" / "logs" / "predict-warnings.log")
    quiet_rasa()

    model = Path(args.model)
    if not model.exists():
        print(f"Model niet gevonden: {model}. Train eerst met 'make train' (scripts/train.sh).", file=sys.stderr)
        return 2
    try:
        stream_in = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    except OSError as exc:
        print(f"Kan invoerbestand niet openen: {args.input} ({exc.strerror}).", file=sys.stderr)
        return 2
    try:
        stream_out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    except OSError as exc:
        print(f"Kan uitvoerbestand niet schrijven: {args.output} ({exc.strerror}).", file=sys.stderr)
        return 2
    parser = Parser(model)
    catalog = routing.default_catalog()
    with stream_in, stream_out:
        written, errors = predict_file(parser, catalog, stream_in, stream_out)
    print(f"{written} regels gelabeld, {errors} regels overgeslagen wegens fouten.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
