# Sourced by the Makefile targets: exports the defaults of the embedded mode and the
# generated secrets in var/secrets.env (created on first use, mode 600). Values already
# in the environment win, so production sets them there.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Everything our processes write (var/: databases with phone numbers, logs, secrets) is 0600 in 0700 folders.
umask 077
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export VOORDEUR_VAR_DIR="${VOORDEUR_VAR_DIR:-$ROOT/var}"
mkdir -p "$VOORDEUR_VAR_DIR" && { chmod -R go-rwx "$VOORDEUR_VAR_DIR" 2>/dev/null || true; }
secrets="$VOORDEUR_VAR_DIR/secrets.env"
if [ ! -f "$secrets" ]; then
  {
    for name in RASA_JWT_SECRET RASA_REST_TOKEN CHAT_SESSION_SECRET ACTION_SERVER_TOKEN \
                INBOX_SERVICE_TOKEN INBOX_READ_TOKEN INBOX_STATS_TOKEN INBOX_SECRET_KEY TWILIO_AUTH_TOKEN; do
      echo "$name=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
    done
  } > "$secrets"
  echo "[env] generated local secrets in $secrets" >&2
fi
# Added after the first release: older var/secrets.env files get the BI-tool's statistics token appended.
grep -q '^INBOX_STATS_TOKEN=' "$secrets" || (umask 077; echo "INBOX_STATS_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" >> "$secrets")
while IFS='=' read -r key value; do
  [ -n "$key" ] && [ -z "${!key:-}" ] && export "$key=$value"
done < "$secrets"
if [ "${VOORDEUR_MODE:-embedded}" = prod ]; then
  # make run-prod: the production shape on this machine, PostgreSQL and Redis on their usual local ports; two Rasa
  # instances and two inbox workers behind nginx on 127.0.0.1:8080 (public) and :8081 (inbox). Every value is only
  # a default: set it in the environment to point elsewhere (README, "Production").
  export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/voordeur}"
  export TRACKER_DIALECT="${TRACKER_DIALECT:-postgresql}" TRACKER_URL="${TRACKER_URL:-127.0.0.1:5432}"
  export TRACKER_DB="${TRACKER_DB:-voordeur_rasa}" TRACKER_USER="${TRACKER_USER:-postgres}"
  export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-redis}"
  export RASA_PORTS="${RASA_PORTS:-5005 5006}" INBOX_WORKERS="${INBOX_WORKERS:-2}"
  export VOORDEUR_NGINX_PUBLIC_LISTEN="${VOORDEUR_NGINX_PUBLIC_LISTEN:-127.0.0.1:8080}"
  export VOORDEUR_NGINX_INBOX_LISTEN="${VOORDEUR_NGINX_INBOX_LISTEN:-127.0.0.1:8081}"
  export VOORDEUR_PROXIES_COUNT="${VOORDEUR_PROXIES_COUNT:-1}"
  export TWILIO_PUBLIC_URL="${TWILIO_PUBLIC_URL:-http://$VOORDEUR_NGINX_PUBLIC_LISTEN}"
  export CHAT_ALLOWED_ORIGINS="${CHAT_ALLOWED_ORIGINS:-http://$VOORDEUR_NGINX_PUBLIC_LISTEN}"
  export INBOX_PUBLIC_URL="${INBOX_PUBLIC_URL:-http://$VOORDEUR_NGINX_INBOX_LISTEN}"
fi
export RASA_HOST="${RASA_HOST:-127.0.0.1}" RASA_PORT="${RASA_PORT:-5005}"
# Every Rasa instance this machine runs (make run: one; make run-prod: two) and their HTTP APIs (make promote).
export RASA_PORTS="${RASA_PORTS:-$RASA_PORT}" RASA_MODEL="${RASA_MODEL:-models/current.tar.gz}"
if [ -z "${RASA_URLS:-}" ]; then
  RASA_URLS=""; for port in $RASA_PORTS; do RASA_URLS="${RASA_URLS:+$RASA_URLS,}http://$RASA_HOST:$port"; done
  export RASA_URLS
fi
export INBOX_WORKERS="${INBOX_WORKERS:-1}"
export ACTION_HOST="${ACTION_HOST:-127.0.0.1}" ACTION_PORT="${ACTION_PORT:-5055}"
export INBOX_HOST="${INBOX_HOST:-127.0.0.1}" INBOX_PORT="${INBOX_PORT:-8000}"
export INBOX_URL="${INBOX_URL:-http://$INBOX_HOST:$INBOX_PORT}"
export ACTION_SERVER_URL="${ACTION_SERVER_URL:-http://$ACTION_HOST:$ACTION_PORT/webhook}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$VOORDEUR_VAR_DIR/inbox.sqlite3}"
# Rasa tracker store: SQLite file in var/ unless TRACKER_DIALECT=postgresql etc. are set.
export TRACKER_DIALECT="${TRACKER_DIALECT:-sqlite}" TRACKER_DB="${TRACKER_DB:-$VOORDEUR_VAR_DIR/rasa_tracker.sqlite3}"
export TRACKER_URL="${TRACKER_URL:-}" TRACKER_USER="${TRACKER_USER:-}" TRACKER_PASSWORD="${TRACKER_PASSWORD:-}"
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}" REDIS_HOST="${REDIS_HOST:-127.0.0.1}" REDIS_PORT="${REDIS_PORT:-6379}"
# Rasa telemetry is always off (also written to Rasa's global config by bot.voordeur.serve and scripts/setup.sh).
export RASA_TELEMETRY_ENABLED=false
# Reverse proxies in front of Rasa and the inbox that append X-Forwarded-For (deploy/nginx: 1). 0 = none: the
# header is ignored and the rate limits count the connecting address.
export VOORDEUR_PROXIES_COUNT="${VOORDEUR_PROXIES_COUNT:-0}"
