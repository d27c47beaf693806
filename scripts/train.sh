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
  echo "[train] training data changed: training $model (a few minutes on 2 cores)" >&2
  start=$(date +%s)
  .venv-bot/bin/rasa train --config bot/config.yml --domain bot/domain --data bot/data \
    --out models --fixed-model-name "voordeur-$hash" --quiet 2>&1 | grep -vE 'MovedIn20Warning|declarative_base' >&2
  echo "[train] trained in $(( $(date +%s) - start )) s" >&2
fi
ln -sf "voordeur-$hash.tar.gz" models/current.tar.gz
echo "$model"
