#!/usr/bin/env python
"""Entity tagger candidates compared on the training data (issue 8: training time), never on a test set.

    .venv-bot/bin/python scripts/cv_entities.py [--varianten huidig,woorden] [--out /tmp/cv-entities]

The entities the assistant reads from a first message are kern, postcode and leeftijd (bot/domain/details.yml;
routing.leeftijd_uit_tekst and bot/actions/vraag.py's feiten_uit_tekst). Split: Rasa's train_test_split 80/20,
seed 42, over bot/data/nlu (as evaluate.py's validation split). Each candidate is the NLU pipeline of
bot/config.yml up to the entity tagger (tokenizer, featurizers, DIET, synonyms) with one change; it is trained
on the 80% and parses the 20%. Per candidate: training time of the whole NLU pipeline (Rasa's cache off, so
featurizers are counted too), parse time, and per entity precision, recall and F1 on exact (entity, value) pairs
per message (the value after synonyms, as the actions read it).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import evaluate  # noqa: E402,F401  (warnings to var/logs, telemetry off)
import yaml  # noqa: E402
from predict import quiet_rasa  # noqa: E402

ENTITIES = ("kern", "postcode", "leeftijd")
ENTITY_STEPS = {"WhitespaceTokenizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer",
                "DIETClassifier", "EntitySynonymMapper"}


def base_pipeline() -> Dict[str, Any]:
    config = yaml.safe_load((REPO / "bot" / "config.yml").read_text())
    steps = [s for s in config["pipeline"] if s["name"] in ENTITY_STEPS]
    return {"recipe": "default.v1", "language": "nl", "assistant_id": "cv-entities", "pipeline": steps}


def _diet(config: Dict[str, Any]) -> Dict[str, Any]:
    return next(s for s in config["pipeline"] if s["name"] == "DIETClassifier")


def variants() -> Dict[str, Dict[str, Any]]:
    """name -> config. `huidig` is bot/config.yml as it is (40 epochs, word + char_wb features); the others are
    the candidates it was chosen from."""
    out = {"huidig": base_pipeline()}

    v = base_pipeline()
    _diet(v)["epochs"] = 80
    out["char_epochs80"] = v  # bot/config.yml before issue 8's training-time work

    v = base_pipeline()  # without the char_wb CountVectorsFeaturizer (only DIET reads it)
    v["pipeline"] = [s for s in v["pipeline"] if s.get("analyzer") != "char_wb"]
    out["woorden"] = v
    return out


def split(out: Path) -> Tuple[Path, Any]:
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(training_data_paths=[str(REPO / "bot" / "data" / "nlu")])
    data = importer.get_nlu_data()
    train, test = data.train_test_split(train_frac=0.8, random_seed=42)
    path = out / "train.yml"
    path.write_text(train.nlu_as_yaml())
    return path, test


def gold_pairs(message) -> Set[Tuple[str, str]]:
    return {(e["entity"], str(e["value"])) for e in message.get("entities") or [] if e["entity"] in ENTITIES}


def score(gold: List[Set], pred: List[Set]) -> Dict[str, Dict[str, float]]:
    out = {}
    for ent in ENTITIES:
        tp = sum(len({p for p in g if p[0] == ent} & {p for p in q if p[0] == ent}) for g, q in zip(gold, pred))
        n_gold = sum(1 for g in gold for p in g if p[0] == ent)
        n_pred = sum(1 for q in pred for p in q if p[0] == ent)
        prec, rec = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        out[ent] = {"n": n_gold, "precision": round(prec, 3), "recall": round(rec, 3),
                    "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0}
    return out


def run(name: str, config: Dict[str, Any], train: Path, test, out: Path) -> Dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    cfg = out / f"{name}.yml"
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True))
    start = time.time()
    model = train_nlu(str(cfg), str(train), str(out), fixed_model_name=name)
    train_s = time.time() - start
    agent = Agent.load(model)
    examples = [m for m in test.training_examples if m.get("text")]
    start = time.time()
    parses = [asyncio.run(agent.parse_message(m.get("text"))) for m in examples]
    parse_ms = 1000 * (time.time() - start) / max(1, len(examples))
    result = {"variant": name, "train_s": round(train_s, 1), "parse_ms": round(parse_ms, 1),
              "entities": score([gold_pairs(m.as_dict()) for m in examples], [gold_pairs(p) for p in parses])}
    print(json.dumps(result, ensure_ascii=False), flush=True)  # stdout: the results only
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--varianten", default="")
    parser.add_argument("--out", default=str(Path(tempfile.gettempdir()) / "cv-entities"))
    args = parser.parse_args()
    quiet_rasa()
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # time every component, featurizers included
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train, test = split(out)
    wanted = [v for v in args.varianten.split(",") if v] or list(variants())
    results = [run(name, variants()[name], train, test, out) for name in wanted]
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
