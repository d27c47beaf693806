#!/usr/bin/env bash
# Trains the Rasa model only when its inputs changed: the model file is named after a hash of
# bot/config.yml, bot/domain/, bot/data/ and the danger classifier's feature code (scripts/model_path.sh). Prints the model path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
model=$(scripts/model_path.sh)
name=$(basename "$model" .tar.gz)
if [ -f "$model" ]; then
  echo "[train] model is up to date: $model" >&2
else
  log="${VOORDEUR_VAR_DIR:-var}/logs/train.log"; mkdir -p "$(dirname "$log")"
  echo "[train] training data changed: training $model (a few minutes on 2 cores; Rasa's output in $log)" >&2
  start=$(date +%s)
  if ! .venv-bot/bin/rasa train --config bot/config.yml --domain bot/domain --data bot/data \
      --out models --fixed-model-name "$name" --quiet >"$log" 2>&1 || [ ! -f "$model" ]; then
    echo "[train] training failed; the end of $log:" >&2; tail -30 "$log" >&2; exit 1
  fi
  echo "[train] trained in $(( $(date +%s) - start )) s" >&2
fi
# models/current.tar.gz is the live model: only `make promote`, after `make gate` passed this model, moves it.
# The first model of a fresh checkout has nothing to be compared with and goes live at once.
if [ ! -e models/current.tar.gz ]; then
  ln -sfn "$name.tar.gz" models/current.tar.gz
  echo "[train] no live model yet: $model is live (models/current.tar.gz)" >&2
elif [ "$(readlink -f models/current.tar.gz)" != "$(readlink -f "$model")" ]; then
  echo "[train] $model is a candidate; the live model stays $(readlink models/current.tar.gz) until make gate and make promote" >&2
fi
echo "$model"
