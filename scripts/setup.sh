#!/usr/bin/env bash
# Sets up everything that is missing, and nothing that is already there:
# system packages (chromium, espeak-ng, nginx), both Python runtimes from their lock files, var/,
# Rasa telemetry off in Rasa's global config.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
# What the installers print (every package, pip's warnings) goes to a log; the screen gets one line per step.
log=var/logs/setup.log
mkdir -p "$(dirname "$log")"
logged() { # command...: run it with its output in the log; on failure show the log's end
  if ! "$@" >>"$log" 2>&1; then say "failed: $*; the end of $log:"; tail -20 "$log" >&2; exit 1; fi
}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
# nginx: the reverse proxy of deploy/nginx (tests start their own from a generated config, never the service)
{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${need_apt[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    say "WARNING: missing Debian packages ${need_apt[*]}; run: sudo apt-get install ${need_apt[*]}"
  fi
fi

if ! command -v uv >/dev/null 2>&1; then
  say "installing uv (lock-file installer) with pip"
  logged python3 -m pip install -q uv
fi

py10=$(scripts/find_python.sh 3.10)
py11=$(scripts/find_python.sh 3.11)

sync_venv() { # dir python lock
  local dir=$1 py=$2 lock=$3 stamp="$1/.lock.sha"
  local sum; sum=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    say "$dir is up to date with $lock"; return
  fi
  [ -x "$dir/bin/python" ] || { say "creating $dir with $py"; uv venv -q -p "$py" "$dir"; }
  say "installing $lock into $dir (this can take a few minutes the first time; the list in $log)"
  VIRTUAL_ENV="$dir" logged uv pip sync --require-hashes "$lock"  # every download checked against the lock's hashes
  echo "$sum" > "$stamp"
}
sync_venv .venv-bot "$py10" requirements/bot.lock
sync_venv .venv "$py11" requirements/app.lock
mkdir -p var models
# deduce (inbox/masking.py, masks training examples) builds its lookup structures from its name and place lists once,
# a minute or two: here, not on a trainer's first page or in the first test that masks
deduce_cache="${VOORDEUR_DEDUCE_CACHE:-var/cache/deduce}/cache/lookup_structs.pickle"
if [ ! -f "$deduce_cache" ] || [ .venv/.lock.sha -nt "$deduce_cache" ]; then
  say "building deduce's lookup structures (once, a minute or two)"
  mkdir -p var/logs  # deduce's own log lines go to the log file, not the screen
  PYTHONPATH="$PWD" .venv/bin/python -c 'from inbox import masking; masking.warm()' >> var/logs/setup-deduce.log 2>&1 \
    || { echo "deduce kon zijn opzoeklijsten niet bouwen; zie var/logs/setup-deduce.log" >&2; exit 1; }
  touch "$deduce_cache"  # a cache that was still valid is only loaded, not rewritten
fi
if ! grep -qs "enabled: false" "$HOME/.config/rasa/global.yml"; then
  say "switching Rasa telemetry off in $HOME/.config/rasa/global.yml"
  PYTHONPATH="$PWD" .venv-bot/bin/python -c 'from bot.voordeur.serve import disable_telemetry; disable_telemetry()'
fi
say "done"
