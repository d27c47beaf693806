#!/usr/bin/env bash
# Runs every test layer, cheapest first; stops at the first failing layer.
# The Rasa model is trained once by `make train` (a dependency of `make test`) and shared by all layers.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m[test]\033[0m %s \033[2m(%d min %02d s in)\033[0m\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }
# The model for the current data (what make train just trained): tests judge the candidate, before make gate.
export VOORDEUR_TEST_MODEL="${VOORDEUR_TEST_MODEL:-$PWD/$(scripts/model_path.sh)}"
# --durations: the slowest tests of each layer, so a slower CI run shows where its time went
export PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-} -p no:cacheprovider -rs --durations=15"
export VOORDEUR_STRICT_SKIPS=1  # every prerequisite is installed by `make setup`: a skip means a missing part
quiet_rasa() { grep -vE 'MovedIn20Warning|declarative_base|^\s*$' || true; }

say "1/4 Rasa data validation (domain, NLU, stories, rules)"
.venv-bot/bin/rasa data validate --domain bot/domain --data bot/data --config bot/config.yml 2>&1 | quiet_rasa | tail -20

say "2/4 Rasa test stories (every conversation path) against the trained model"
out=$(mktemp -d)
.venv-bot/bin/rasa test core --model "$VOORDEUR_TEST_MODEL" --stories bot/tests --out "$out" \
  --fail-on-prediction-errors 2>&1 | quiet_rasa | tail -15
echo "story results: $out"

say "3/4 runtime 1 (Python 3.10, Rasa): channels, components, phone, prediction contract (third-party warnings: var/logs/test-warnings-runtime1.log)"
.venv-bot/bin/python -m pytest tests/rasa_runtime -q -p no:warnings

say "4/4 runtime 2 (Python 3.11): routing, inbox (SQLite + PostgreSQL), actions, voice, end-to-end, browser"
.venv/bin/python -m pytest tests -q --ignore=tests/rasa_runtime
say "all layers passed"
