#!/usr/bin/env python
"""Label free-text questions the way the live assistant labels a first message.

    make predict IN=in.jsonl OUT=out.jsonl
    .venv-bot/bin/python scripts/predict.py IN OUT [--model models/current.tar.gz]

Input: one JSON object per line, {"id": ..., "text": "..."}.
Output: one JSON object per valid input line, in input order:
    {"id", "onderwerp", "also": [...], "wet", "urgentie", "confidence"}
with codes from the triage taxonomy only (routing/data/taxonomy.yml).

The path is the one of the assistant's first message:
  1. BSNs are masked (the channels do this before Rasa sees the text);
  2. the Rasa NLU model parses the text; its last component, SafetyNet, turns danger into vraag_veiligheid;
  3. onderwerp = the best-ranked vraag_* intent. Below the fallback threshold (FallbackClassifier in
     bot/config.yml) the assistant asks a clarifying question with the likeliest onderwerpen as buttons;
     here the first onderwerp recognised by keyword (routing.keywords_onderwerpen) is taken, else the
     best-ranked vraag_* intent (veiligheid only when it is the first choice with >= SAFETY_FLOOR). We
     deliberately do NOT map a fallback to buiten_sociaal_domein: that code means "niet doorzetten", and
     silently dropping a real care question is worse than a wrong onderwerp that team toegang corrects.
     The low confidence is in the output for anyone who wants to filter;
  4. also = other vraag_* intents with confidence >= ALSO_THRESHOLD, then routing.triage adds the
     onderwerpen named by keyword in the text, decides the wet (age, situation) and the urgentie
     (safety net, hoge-urgentie cues).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, TextIO, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import routing  # noqa: E402  (needs the repo root on sys.path)
from routing import Catalog, Feiten  # noqa: E402

logger = logging.getLogger(__name__)

INTENT_PREFIX = "vraag_"
DEFAULT_MODEL = REPO / "models" / "current.tar.gz"
CONFIG = REPO / "bot" / "config.yml"
# Another onderwerp counts as "also" when the classifier gives it at least this confidence. Softmax DIET
# scores of a second, genuinely present onderwerp are typically 0.1-0.4; noise sits far below 0.05.
ALSO_THRESHOLD = 0.15
DEFAULT_FALLBACK_THRESHOLD = 0.8
SAFETY_FLOOR = 0.3
EMPTY_ONDERWERP = "buiten_sociaal_domein"


def fallback_threshold_from_config(path: Path = CONFIG) -> float:
    """The FallbackClassifier threshold of bot/config.yml (the live assistant's)."""
    import yaml

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        return DEFAULT_FALLBACK_THRESHOLD
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", DEFAULT_FALLBACK_THRESHOLD))
    return DEFAULT_FALLBACK_THRESHOLD


def onderwerp_ranking(parse: Dict[str, Any]) -> List[Tuple[str, float]]:
    """(onderwerp code, confidence) for every vraag_* intent in the parse, best first."""
    seen: Dict[str, float] = {}
    candidates = list(parse.get("intent_ranking") or [])
    if parse.get("intent"):
        candidates.insert(0, parse["intent"])
    for item in candidates:
        name = item.get("name") or ""
        if name.startswith(INTENT_PREFIX):
            code = name[len(INTENT_PREFIX):]
            seen[code] = max(seen.get(code, 0.0), float(item.get("confidence") or 0.0))
    return sorted(seen.items(), key=lambda kv: kv[1], reverse=True)


def _entity(parse: Dict[str, Any], name: str) -> Optional[str]:
    for ent in parse.get("entities") or []:
        if ent.get("entity") == name and ent.get("value") not in (None, ""):
            return str(ent["value"])
    return None


def _leeftijd(parse: Dict[str, Any]) -> Optional[int]:
    value = _entity(parse, "leeftijd")
    if value is None:
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    if not digits:
        return None
    age = int(digits)
    return age if 0 <= age <= 120 else None


@dataclass(frozen=True)
class Voorspelling:
    """One labelled line of the prediction contract."""

    onderwerp: str
    also: Tuple[str, ...]
    wet: str
    urgentie: str
    confidence: float
    fallback: bool = False

    def as_json(self, line_id: Any) -> Dict[str, Any]:
        return {
            "id": line_id,
            "onderwerp": self.onderwerp,
            "also": list(self.also),
            "wet": self.wet,
            "urgentie": self.urgentie,
            "confidence": round(self.confidence, 4),
        }


def label_first_message(
    catalog: Catalog,
    text: str,
    parse: Optional[Dict[str, Any]],
    fallback_threshold: float = DEFAULT_FALLBACK_THRESHOLD,
    also_threshold: float = ALSO_THRESHOLD,
) -> Voorspelling:
    """The first-message path of the assistant: NLU parse (incl. SafetyNet) -> routing.triage."""
    if not text.strip() or parse is None:
        return Voorspelling(EMPTY_ONDERWERP, (), "overig", "normaal", 0.0)
    ranking = onderwerp_ranking(parse)
    safety = parse.get("safety")
    fallback = False
    if safety:
        primary, confidence = "veiligheid", 1.0
    elif ranking and ranking[0][1] >= fallback_threshold:
        primary, confidence = ranking[0]
    else:
        fallback = True
        keywords = [k for k in routing.keywords_onderwerpen(catalog, text)
                    if k not in ("veiligheid", "buiten_sociaal_domein")]
        scores = dict(ranking)
        # Recall first, but not on noise: below the fallback threshold the classifier may still raise
        # veiligheid when it is its first choice with at least SAFETY_FLOOR (Rasa's default fallback
        # threshold, not tuned); a weaker veiligheid guess is left to the SafetyNet (routing.detect_danger).
        guesses = [(code, conf) for i, (code, conf) in enumerate(ranking)
                   if code != "veiligheid" or (i == 0 and conf >= SAFETY_FLOOR)]
        if guesses and guesses[0][0] == "veiligheid":
            keywords = []
        if keywords:
            primary = keywords[0]
            confidence = scores.get(primary, ranking[0][1] if ranking else 0.0)
        elif guesses:
            primary, confidence = guesses[0]
        else:
            return Voorspelling(EMPTY_ONDERWERP, (), "overig", "normaal", 0.0, fallback=True)
    # buiten_sociaal_domein is never a second onderwerp; veiligheid as a second guess only when the
    # classifier is as sure as for a primary onderwerp (triage would put it first and raise spoed).
    also = tuple(
        code
        for code, conf in ranking
        if code not in (primary, "buiten_sociaal_domein")
        and conf >= (max(also_threshold, fallback_threshold) if code == "veiligheid" else also_threshold)
    )
    label = routing.triage(
        catalog,
        Feiten(
            onderwerpen=(primary,) + also,
            leeftijd=_leeftijd(parse),
            kern=_entity(parse, "kern"),
            postcode=_entity(parse, "postcode"),
            tekst=text,
            urgentie_signalen=(safety["categorie"],) if safety else (),
        ),
    )
    if label.onderwerp != primary:
        # triage moved another onderwerp first (danger words, age decides the law)
        confidence = 1.0 if label.onderwerp == "veiligheid" and safety else dict(ranking).get(label.onderwerp, confidence)
    return Voorspelling(label.onderwerp, label.also, label.wet, label.urgentie, float(confidence), fallback)


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
    fallback_threshold: float,
    also_threshold: float = ALSO_THRESHOLD,
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
            print(f"regel {number}: de tekst is leeg; gelabeld als {EMPTY_ONDERWERP}.", file=err)
            parse = None
        else:
            parse = parser.parse(masked)
        result = label_first_message(catalog, masked, parse, fallback_threshold, also_threshold)
        stream_out.write(json.dumps(result.as_json(line_id), ensure_ascii=False) + "\n")
        written += 1
    return written, errors


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Label JSONL questions with onderwerp, also, wet, urgentie.")
    ap.add_argument("input", help='JSONL file with {"id", "text"} per line ("-" = stdin)')
    ap.add_argument("output", help='JSONL file to write ("-" = stdout)')
    ap.add_argument("--model", default=str(DEFAULT_MODEL), help="trained Rasa model (default models/current.tar.gz)")
    ap.add_argument("--fallback-threshold", type=float, default=None, help="default: FallbackClassifier in bot/config.yml")
    ap.add_argument("--also-threshold", type=float, default=ALSO_THRESHOLD)
    args = ap.parse_args(argv)
    quiet_rasa()

    model = Path(args.model)
    if not model.exists():
        print(f"Model niet gevonden: {model}. Train eerst met 'make train' (scripts/train.sh).", file=sys.stderr)
        return 2
    threshold = args.fallback_threshold if args.fallback_threshold is not None else fallback_threshold_from_config()
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
        written, errors = predict_file(parser, catalog, stream_in, stream_out, threshold, args.also_threshold)
    print(f"{written} regels gelabeld, {errors} regels overgeslagen wegens fouten.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
