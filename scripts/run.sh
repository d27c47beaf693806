#!/usr/bin/env bash
# Starts the whole front door in the embedded mode (or against PostgreSQL/Redis when the
# environment says so): inbox, action server, Rasa with the chat page. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
logs="$VOORDEUR_VAR_DIR/logs"; mkdir -p "$logs"
pids=()
cleanup() { say "stopping"; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

wait_http() { # url seconds name
  local i=0
  until curl -fsS -o /dev/null "$1" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 401 ]; do
    i=$((i+1)); [ $i -gt $(( $2 * 2 )) ] && { say "$3 did not start; see $logs/$3.log"; tail -20 "$logs/$3.log"; exit 1; }
    sleep 0.5
  done
}

# What the functioneel beheerder still has to check (unverified voorzieningen, legal sources te controleren).
.venv/bin/python -m routing.controle | while IFS= read -r line; do say "$line"; done

say "starting the inbox on $INBOX_URL (database: ${DATABASE_URL%%://*})"
.venv/bin/python -m inbox >>"$logs/inbox.log" 2>&1 & pids+=($!)
wait_http "$INBOX_URL/health" 60 inbox
# Creates account 'beheerder' when there is no beheerder yet and prints its one-time password here, once.
.venv/bin/python -m inbox.cli first-admin

say "starting the action server on $ACTION_SERVER_URL"
.venv/bin/python -m bot.actions.server >>"$logs/actions.log" 2>&1 & pids+=($!)
wait_http "http://$ACTION_HOST:$ACTION_PORT/health" 60 actions

say "starting Rasa on http://$RASA_HOST:$RASA_PORT (loading models/current.tar.gz, the live model)"
candidate=$(scripts/model_path.sh)
if [ "$(readlink -f models/current.tar.gz)" != "$(readlink -f "$candidate")" ]; then
  say "$candidate (the current training data) is not live yet: make gate, then make promote (no restart needed)"
fi
# `rasa run` via bot.voordeur.serve: it reads RASA_JWT_SECRET from the environment, so the secret is not on the
# command line (visible to every local user in `ps`), and it switches Rasa telemetry off.
.venv-bot/bin/python -m bot.voordeur.serve --model models/current.tar.gz --endpoints bot/endpoints.yml \
  --credentials bot/credentials.yml --enable-api --jwt-method=HS256 \
  -i "$RASA_HOST" -p "$RASA_PORT" >>"$logs/rasa.log" 2>&1 & pids+=($!)
wait_http "http://$RASA_HOST:$RASA_PORT/" 240 rasa

cat <<MSG

  Voormekaar Voordeur draait.
  - Inwoners (chat op de website):     http://$RASA_HOST:$RASA_PORT/chat/
  - Partners (professionals):          http://$RASA_HOST:$RASA_PORT/chat/?rol=partner
  - Team toegang (inbox):              $INBOX_URL/
  - Telefoon (Twilio webhook):         http://$RASA_HOST:$RASA_PORT/webhooks/twilio_voice/webhook
  - Inbox API (OpenAPI):               $INBOX_URL/api/v1/openapi.json
  Geheimen staan in $VOORDEUR_VAR_DIR/secrets.env, logbestanden in $logs/.
  Stoppen: Ctrl-C.

MSG
wait -n "${pids[@]}"
say "a service stopped; see $logs/"
