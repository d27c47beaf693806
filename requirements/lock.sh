#!/usr/bin/env bash
# Regenerates both lock files, with hashes. Run from the repository root: requirements/lock.sh
# Keeps every version that is still allowed (uv prefers the versions already in the -o file); add --upgrade
# (or --upgrade-package NAME) to move on. Then run `make setup`, the tests, and check requirements/advisories.yml.
#
# Runtime 1 resolves everything as of 2025-02-01 (--exclude-newer), so Rasa 3.6's loose ranges stay in its own
# era. The packages in SECURITY below are always taken at their newest as of SECURITY_DATE that Rasa allows: they carry published advisories (requirements/advisories.yml)
# and Rasa's ranges allow the fixed versions. cffi comes along because newer cryptography needs cffi 2.
set -euo pipefail
cd "$(dirname "$0")/.."

RASA_ERA=2025-02-01
SECURITY_DATE=2026-11-30
SECURITY=(requests urllib3 h11 cryptography cffi certifi aiohttp werkzeug)

args=()
for pkg in "${SECURITY[@]}"; do args+=(--exclude-newer-package "$pkg=$SECURITY_DATE" --upgrade-package "$pkg"); done

uv pip compile -q --generate-hashes --python-version 3.10 --exclude-newer "$RASA_ERA" "${args[@]}" \
  requirements/bot.in -o requirements/bot.lock "$@"
uv pip compile -q --generate-hashes --python-version 3.11 requirements/app.in -o requirements/app.lock "$@"
