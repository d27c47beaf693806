#!/usr/bin/env bash
# Trains the Rasa model only when its inputs changed: the model file is named after a hash of
# bot/config.yml, bot/domain/ and bot/data/. Prints the model path on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(cat bot/config.yml $(find bot/domain bot/data -type f -name '*.yml' | sort) | sha256sum | cut -c1-12)
model="models/voordeur-$hash.tar.gz"
if [ -f "$model" ]; then
  echo "[train] model is up to date: $model" >&2
else
  log="${VOORDEUR_VAR_DIR:-var}/logs/train.log"; mkdir -p "$(dirname "$log")"
  echo "[train] training data changed: training $model (a few minutes on 2 cores; Rasa's output in $log)" >&2
  start=$(date +%s)
  if ! .venv-bot/bin/rasa train --config bot/config.yml --domain bot/domain --data bot/data \
      --out models --fixed-model-name "voordeur-$hash" --quiet >"$log" 2>&1 || [ ! -f "$model" ]; then
    echo "[train] training failed; the end of $log:" >&2; tail -30 "$log" >&2; exit 1
  fi
  echo "[train] trained in $(( $(date +%s) - start )) s" >&2
fi
ln -sf "voordeur-$hash.tar.gz" models/current.tar.gz
echo "$model"
