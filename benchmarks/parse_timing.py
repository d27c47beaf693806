"""Times Rasa's in-process parse of one model over given lines (runtime 1). Run with the tree whose code the
model needs on PYTHONPATH: `python benchmarks/parse_timing.py MODEL LINES.json OUT.json`."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)


def main() -> None:
    model, lines_file, out = sys.argv[1:4]
    from rasa.core.agent import Agent

    texts = json.loads(open(lines_file, encoding="utf-8").read())
    agent = Agent.load(model)
    loop = asyncio.new_event_loop()
    for text in texts[:20]:  # warm-up: lazy parts of the graph
        loop.run_until_complete(agent.parse_message(text))
    seconds = []
    for text in texts:
        start = time.perf_counter()
        loop.run_until_complete(agent.parse_message(text))
        seconds.append(time.perf_counter() - start)
    json.dump(seconds, open(out, "w"))


if __name__ == "__main__":
    main()
