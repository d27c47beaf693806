#!/usr/bin/env bash
# The path of the model for the current training inputs: models/voordeur-<hash of bot/config.yml, bot/domain/,
# bot/data/ and the routing code that makes the danger classifier's input (bot/voordeur/components.py,
# FEATURE_CODE)>.tar.gz. What `make train` trains and `make gate` takes as the candidate.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(cat bot/config.yml $(find bot/domain bot/data -type f -name '*.yml' | sort) \
  routing/safety.py routing/melder.py routing/text.py | sha256sum | cut -c1-12)
echo "models/voordeur-$hash.tar.gz"
