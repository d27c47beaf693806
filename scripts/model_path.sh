#!/usr/bin/env bash
# The path of the model for the current training inputs: models/voordeur-<hash of bot/config.yml, bot/domain/
# and bot/data/>.tar.gz. What `make train` trains and `make gate` takes as the candidate.
set -euo pipefail
cd "$(dirname "$0")/.."
hash=$(cat bot/config.yml $(find bot/domain bot/data -type f -name '*.yml' | sort) | sha256sum | cut -c1-12)
echo "models/voordeur-$hash.tar.gz"
