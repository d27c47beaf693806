#!/usr/bin/env bash
# Starts the front door and prints its URLs; Ctrl-C stops it all. Every service is started the way its systemd unit
# in deploy/systemd/ starts it (python -m ops.units), with the settings scripts/env.sh exported:
# - make run (embedded): the inbox, the action server and one Rasa with the chat page, on SQLite files in var/
#   (or against PostgreSQL/Redis when the environment says so);
# - make run-prod (VOORDEUR_MODE=prod): PostgreSQL and Redis, the inbox with INBOX_WORKERS workers, the Rasa
#   instances of RASA_PORTS, and nginx (deploy/nginx) as the only public entry. A service that stops is started
#   again, as the units' Restart=on-failure does.
# Service output goes to var/logs/<service>.log; the terminal gets progress and URLs only.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
prod() { [ "${VOORDEUR_MODE:-embedded}" = prod ]; }
logs="$VOORDEUR_VAR_DIR/logs"; run="$VOORDEUR_VAR_DIR/run"; mkdir -p "$logs" "$run"
rm -f "$run"/*.pid "$run/ready"  # var/run: a pid file per service, and `ready` once the URLs are printed
declare -A unit_of=() pid_of=()
cleanup() {
  trap - EXIT INT TERM
  say "stopping"
  for p in "${pid_of[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$run"/*.pid "$run/ready"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds name
  local i=0
  until curl -fsS -o /dev/null "$1" 2>/dev/null || [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 401 ]; do
    i=$((i+1)); [ $i -gt $(( $2 * 2 )) ] && { say "$3 did not start; see $logs/$3.log"; tail -20 "$logs/$3.log"; exit 1; }
    sleep 0.5
  done
}

start() { # name command...: run in the background, log to var/logs/<name>.log, pid in var/run/<name>.pid
  local name=$1; shift
  "$@" >>"$logs/$name.log" 2>&1 &
  pid_of[$name]=$!; echo $! > "$run/$name.pid"
}

start_unit() { # name unit: start a service with its systemd unit's command line and environment
  unit_of[$1]=$2
  start "$1" .venv/bin/python -m ops.units exec "$2"
}

# What the functioneel beheerder still has to check (unverified voorzieningen, legal sources te controleren).
.venv/bin/python -m routing.controle | while IFS= read -r line; do say "$line"; done

if prod; then
  say "production shape: PostgreSQL ${DATABASE_URL#*@}, Redis $REDIS_HOST:$REDIS_PORT, Rasa on ports $RASA_PORTS"
  .venv/bin/python -c "import socket; socket.create_connection(('$REDIS_HOST', $REDIS_PORT), 3).close()" 2>/dev/null \
    || { say "Redis on $REDIS_HOST:$REDIS_PORT is not reachable (LOCK_STORE_TYPE=redis needs it)"; exit 1; }
  .venv/bin/python -m inbox.cli create-databases | while IFS= read -r line; do say "$line"; done
fi

say "starting the inbox on $INBOX_URL (database: ${DATABASE_URL%%://*}, $INBOX_WORKERS worker(s))"
start_unit inbox voordeur-inbox
wait_http "$INBOX_URL/ready" 120 inbox
# Creates account 'beheerder' when there is no beheerder yet and prints its one-time password here, once.
.venv/bin/python -m inbox.cli first-admin

say "starting the action server on $ACTION_SERVER_URL"
start_unit actions voordeur-actions
wait_http "http://$ACTION_HOST:$ACTION_PORT/ready" 60 actions

candidate=$(scripts/model_path.sh)
if [ "$(readlink -f "$RASA_MODEL")" != "$(readlink -f "$candidate")" ]; then
  say "$candidate (the current training data) is not live yet: make gate, then make promote (no restart needed)"
fi
# One after the other: the first creates the tracker store's tables, which two starting at once would race for.
for port in $RASA_PORTS; do
  say "starting Rasa on http://$RASA_HOST:$port (loading $RASA_MODEL)"
  start_unit "rasa-$port" "voordeur-rasa@$port"
  wait_http "http://$RASA_HOST:$port/" 600 "rasa-$port"
done

if prod; then
  nginx=$(.venv/bin/python -c 'from ops.nginx import binary; print(binary() or "")')
  [ -n "$nginx" ] || { say "nginx is not installed: make setup installs Debian's package"; exit 1; }
  conf=$(.venv/bin/python -m ops.nginx prepare "$VOORDEUR_VAR_DIR/nginx")
  say "starting nginx on $VOORDEUR_NGINX_PUBLIC_LISTEN (public) and $VOORDEUR_NGINX_INBOX_LISTEN (inbox)"
  start nginx "$nginx" -p "$VOORDEUR_VAR_DIR/nginx" -c "$conf" -e "$VOORDEUR_VAR_DIR/nginx/error.log"
  wait_http "http://$VOORDEUR_NGINX_PUBLIC_LISTEN/chat/" 20 nginx
  public="http://$VOORDEUR_NGINX_PUBLIC_LISTEN" inbox="http://$VOORDEUR_NGINX_INBOX_LISTEN"
else
  public="http://$RASA_HOST:$RASA_PORT" inbox="$INBOX_URL"
fi

cat <<MSG

  Voormekaar Voordeur draait$(prod && echo " in de productievorm (${RASA_PORTS// /, }: Rasa; nginx ervoor)").
  - Inwoners (chat op de website):     $public/chat/
  - Partners (professionals):          $public/chat/?rol=partner
  - Team toegang (inbox):              $inbox/
  - Telefoon (Twilio webhook):         $public/webhooks/twilio_voice/webhook
  - Inbox API (OpenAPI):               $INBOX_URL/api/v1/openapi.json
  Geheimen staan in $VOORDEUR_VAR_DIR/secrets.env, logbestanden in $logs/.
  Stoppen: Ctrl-C.

MSG
echo "ready" > "$run/ready"

while true; do
  stopped=""
  wait -n -p stopped "${pid_of[@]}" || true
  name=""
  for n in "${!pid_of[@]}"; do [ "${pid_of[$n]}" = "$stopped" ] && name=$n; done
  [ -n "$name" ] || continue
  if ! prod || [ -z "${unit_of[$name]:-}" ]; then
    say "$name stopped; see $logs/"
    exit 1
  fi
  say "$name stopped; starting it again (see $logs/$name.log)"
  sleep 2
  start_unit "$name" "${unit_of[$name]}"
done
