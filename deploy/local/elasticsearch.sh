#!/usr/bin/env bash
#
# A local single-node Elasticsearch for the demo and the integration tests, without Docker.
#
#   deploy/local/elasticsearch.sh start|stop|status
#
# It runs Elastic's "integ-test" server build from Maven Central (no bundled JDK, only the core
# modules). That build is licensed for testing only: it lives in ~/.m2 and in the work directory,
# never in the repository. The node is ephemeral: its data directory is emptied at every start,
# unless ES_KEEP_DATA=true (a restart after `stop` that keeps the indices, e.g. to test an outage).
# The connectors' integration tests start it through this script too (ElasticsearchExtension), so
# there is one way to run it.
#
# Environment (all optional):
#   ES_VERSION        server version (default 8.19.21; keep it equal to the client in connectors/pom.xml)
#   ES_ZIP            the server zip; default: the ~/.m2 copy, fetched with `mvn dependency:copy` if missing
#   ES_PORT           HTTP port (default 9200)
#   ES_WORK_DIR       unpacked server, data, logs, pid file (default ${TMPDIR:-/tmp}/threatstream-elasticsearch)
#   ES_HEAP           JVM heap (default 512m)
#   ES_JAVA_HOME      JDK 17 or newer (default: JAVA_HOME, else the JDK of the `java` on PATH)
#   ES_SECURE         "true": HTTPS with a generated CA (printed by `status`) and basic auth for the
#                     built-in user `elastic`; default "false" (plain HTTP, no authentication)
#   ES_PASSWORD       password of user `elastic`, required when ES_SECURE=true
#   ES_WRITER_PASSWORD with ES_SECURE=true: also create the user `threatstream_writer` with this
#                     password (6 characters or more) and only the role `threatstream_alert_writer`
#                     (see write_roles): what the job needs to write alerts, nothing more
#   ES_START_TIMEOUT  seconds to wait for the node to become ready (default 120)
#   ES_KEEP_DATA      "true": start with the data the node had when it stopped; default "false"
#                     (an empty data directory)
#
# Elasticsearch refuses to run as root: as root, the script hands the work directory to `nobody`
# and starts the node with setpriv. Exit codes: 0 ok, 1 error, 3 (status) not running.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_WORK_DIR="${ES_WORK_DIR:-${TMPDIR:-/tmp}/threatstream-elasticsearch}"
ES_HEAP="${ES_HEAP:-512m}"
ES_SECURE="${ES_SECURE:-false}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_KEEP_DATA="${ES_KEEP_DATA:-false}"

ES_HOME="$ES_WORK_DIR/elasticsearch-$ES_VERSION"
PID_FILE="$ES_WORK_DIR/elasticsearch.pid"
PORT_FILE="$ES_WORK_DIR/http.port"
SCHEME_FILE="$ES_WORK_DIR/http.scheme"
CA_FILE="$ES_HOME/config/certs/ca.crt"
CLI_LOG="$ES_WORK_DIR/startup.log"
SERVER_LOG="$ES_WORK_DIR/logs/threatstream-local.log"
RUN_AS=nobody
RUN_GROUP=nogroup

fail() {
  echo "elasticsearch.sh: $*" >&2
  exit 1
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

url() {
  echo "$(cat "$SCHEME_FILE" 2>/dev/null || echo http)://localhost:$(cat "$PORT_FILE" 2>/dev/null || echo "$ES_PORT")"
}

# Runs a command as the unprivileged user when we are root, else as ourselves.
as_es_user() {
  if [[ "$(id -u)" == 0 ]]; then
    setpriv --reuid="$RUN_AS" --regid="$RUN_GROUP" --clear-groups -- "$@"
  else
    "$@"
  fi
}

java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then
    echo "$ES_JAVA_HOME"
  elif [[ -n "${JAVA_HOME:-}" ]]; then
    echo "$JAVA_HOME"
  elif command -v java >/dev/null; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  else
    fail "no JDK found: set ES_JAVA_HOME to a JDK 17 or newer"
  fi
}

locate_zip() {
  if [[ -n "${ES_ZIP:-}" ]]; then
    [[ -f "$ES_ZIP" ]] || fail "ES_ZIP=$ES_ZIP does not exist"
    echo "$ES_ZIP"
    return
  fi
  local m2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
  local zip="$m2/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [[ ! -f "$zip" ]]; then
    echo "fetching the Elasticsearch $ES_VERSION test server from Maven Central..." >&2
    mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$ES_WORK_DIR" >&2 || fail "could not fetch the server zip with mvn dependency:copy"
    zip="$ES_WORK_DIR/elasticsearch-$ES_VERSION.zip"
  fi
  echo "$zip"
}

unpack() {
  [[ -x "$ES_HOME/bin/elasticsearch" ]] && return
  command -v unzip >/dev/null || fail "unzip is required to unpack the server"
  local zip
  zip="$(locate_zip)"
  unzip -q -o "$zip" -d "$ES_WORK_DIR" || fail "could not unpack $zip"
}

# A throw-away CA and a server certificate for localhost, made once per work directory.
make_certificates() {
  local dir="$ES_HOME/config/certs"
  [[ -f "$dir/node.crt" ]] && return
  command -v openssl >/dev/null || fail "openssl is required for ES_SECURE=true"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=threatstream local test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$dir/node.key" -out "$dir/node.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n' >"$dir/node.ext"
  openssl x509 -req -in "$dir/node.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 3650 -extfile "$dir/node.ext" -out "$dir/node.crt" 2>/dev/null
  rm -f "$dir/node.csr" "$dir/node.ext" "$dir/ca.srl"
}

# The `elastic` user's password is the keystore's bootstrap.password (the test build has no
# .security index, so the file and reserved realms are the only ones). Rewriting the keystore
# starts a JVM, so it is done only when the password changes.
set_password() {
  [[ -n "${ES_PASSWORD:-}" ]] || fail "ES_SECURE=true needs ES_PASSWORD (the password of user elastic)"
  local marker="$ES_WORK_DIR/bootstrap-password.sha256" digest
  digest="$(printf '%s' "$ES_PASSWORD" | sha256sum | cut -d' ' -f1)"
  [[ -f "$marker" && "$(cat "$marker")" == "$digest" ]] && return
  printf '%s\n' "$ES_PASSWORD" | as_es_user env ES_JAVA_HOME="$JAVA_FOR_ES" \
    "$ES_HOME/bin/elasticsearch-keystore" add -x -f bootstrap.password >/dev/null \
    || fail "could not store the bootstrap password in the keystore"
  echo "$digest" >"$marker"
}

# File-realm roles, rewritten at every secure start. The test build cannot create roles or API keys
# through the REST API (its .security index needs a module it lacks), so roles live in roles.yml.
# threatstream_alert_writer is what the sink needs to write alerts (bulk `create` and, for a data
# stream that does not exist yet, its creation) to the alert data stream and its dead-letter index,
# which both match the pattern: no reads, no deletes, no other index, no cluster privilege. Index
# templates (--sink.elasticsearch.install-template) need the cluster privilege
# manage_index_templates in addition: an administrator installs them.
write_roles() {
  cat >"$ES_HOME/config/roles.yml" <<'YAML'
# Written by deploy/local/elasticsearch.sh at every start: changes here are overwritten.
threatstream_alert_writer:
  indices:
    - names: ["logs-threatstream.alerts-*"]
      privileges: ["create_doc", "auto_configure"]
YAML
  if [[ "$(id -u)" == 0 ]]; then
    chown "$RUN_AS:$RUN_GROUP" "$ES_HOME/config/roles.yml"
  fi
}

# The user `threatstream_writer` (role threatstream_alert_writer) in the file realm, with
# ES_WRITER_PASSWORD. elasticsearch-users reads the password from standard input, so it never
# shows in the process list; it starts a JVM, so this is done only when the password changes.
add_writer() {
  [[ -n "${ES_WRITER_PASSWORD:-}" ]] || return 0
  ((${#ES_WRITER_PASSWORD} >= 6)) || fail "ES_WRITER_PASSWORD must have 6 characters or more"
  local user=threatstream_writer marker="$ES_WORK_DIR/writer-password.sha256" digest errors
  digest="$(printf '%s' "$ES_WRITER_PASSWORD" | sha256sum | cut -d' ' -f1)"
  if grep -q "^$user:" "$ES_HOME/config/users" 2>/dev/null; then
    [[ -f "$marker" && "$(cat "$marker")" == "$digest" ]] && return 0
    as_es_user env ES_JAVA_HOME="$JAVA_FOR_ES" "$ES_HOME/bin/elasticsearch-users" userdel "$user" >/dev/null \
      || fail "could not replace the user $user"
  fi
  errors="$(printf '%s\n%s\n' "$ES_WRITER_PASSWORD" "$ES_WRITER_PASSWORD" \
    | as_es_user env ES_JAVA_HOME="$JAVA_FOR_ES" "$ES_HOME/bin/elasticsearch-users" \
      useradd "$user" -r threatstream_alert_writer 2>&1 >/dev/null)" \
    || fail "could not create the user $user: $errors"
  echo "$digest" >"$marker"
}

health_ok() {
  local auth=() tls=()
  if [[ "$ES_SECURE" == true ]]; then
    auth=(-u "elastic:$ES_PASSWORD")
    tls=(--cacert "$CA_FILE")
  fi
  curl -s -f -o /dev/null --max-time 5 "${auth[@]}" "${tls[@]}" \
    "$(url)/_cluster/health?wait_for_status=yellow&timeout=1s"
}

start() {
  local pid
  if pid="$(running_pid)"; then
    [[ "$(cat "$PORT_FILE" 2>/dev/null)" == "$ES_PORT" ]] \
      || fail "already running on port $(cat "$PORT_FILE") (pid $pid); stop it first"
    echo "Elasticsearch already running at $(url) (pid $pid)"
    return
  fi
  command -v curl >/dev/null || fail "curl is required"
  JAVA_FOR_ES="$(java_home)"
  [[ -x "$JAVA_FOR_ES/bin/java" ]] || fail "no java in $JAVA_FOR_ES: set ES_JAVA_HOME to a JDK 17 or newer"

  mkdir -p "$ES_WORK_DIR"
  unpack
  [[ "$ES_KEEP_DATA" == true ]] || rm -rf "$ES_WORK_DIR/data"
  rm -f "$PID_FILE"
  mkdir -p "$ES_WORK_DIR/data" "$ES_WORK_DIR/logs"
  local settings=(
    -E cluster.name=threatstream-local
    -E node.name=local
    -E discovery.type=single-node
    -E network.host=localhost
    -E http.port="$ES_PORT"
    -E path.data="$ES_WORK_DIR/data"
    -E path.logs="$ES_WORK_DIR/logs"
    -E cluster.routing.allocation.disk.threshold_enabled=false
  )
  if [[ "$ES_SECURE" == true ]]; then
    make_certificates
    settings+=(
      -E xpack.security.enabled=true
      -E xpack.security.http.ssl.enabled=true
      -E xpack.security.http.ssl.key=certs/node.key
      -E xpack.security.http.ssl.certificate=certs/node.crt
    )
    echo https >"$SCHEME_FILE"
  else
    settings+=(-E xpack.security.enabled=false)
    echo http >"$SCHEME_FILE"
  fi
  echo "$ES_PORT" >"$PORT_FILE"
  if [[ "$(id -u)" == 0 ]]; then
    chown -R "$RUN_AS:$RUN_GROUP" "$ES_WORK_DIR"
    setpriv --reuid="$RUN_AS" --regid="$RUN_GROUP" --clear-groups -- test -w "$ES_WORK_DIR/data" \
      || fail "user $RUN_AS cannot reach $ES_WORK_DIR (a parent directory is private?): set ES_WORK_DIR, e.g. under /tmp"
  fi
  [[ "$ES_SECURE" == true ]] && set_password
  if [[ "$ES_SECURE" == true ]]; then
    write_roles
    add_writer
  fi

  local started=$SECONDS
  # -d: the launcher forks the node, writes its pid and exits once it is up (or has failed).
  as_es_user env ES_JAVA_HOME="$JAVA_FOR_ES" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" "${settings[@]}" >"$CLI_LOG" 2>&1 &
  local launcher=$!
  until health_ok; do
    if ! kill -0 "$launcher" 2>/dev/null && ! running_pid >/dev/null; then
      wait "$launcher" || true
      startup_failed "the node exited during startup"
    fi
    if ((SECONDS - started >= ES_START_TIMEOUT)); then
      stop >/dev/null
      startup_failed "the node was not ready within ${ES_START_TIMEOUT}s"
    fi
    sleep 1
  done
  wait "$launcher" || true
  echo "Elasticsearch $ES_VERSION running at $(url) (pid $(running_pid), ready in $((SECONDS - started))s)"
}

startup_failed() {
  {
    echo "elasticsearch.sh: $1. Last lines of the log:"
    tail -n 40 "$SERVER_LOG" 2>/dev/null || tail -n 40 "$CLI_LOG" 2>/dev/null || true
  } >&2
  exit 1
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    echo "Elasticsearch not running"
    return
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 60)); then
      echo "elasticsearch.sh: pid $pid did not stop within 60s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  echo "Elasticsearch stopped (pid $pid)"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "Elasticsearch running at $(url) (pid $pid)"
    [[ "$(cat "$SCHEME_FILE" 2>/dev/null)" == https ]] && echo "CA certificate: $CA_FILE"
    return 0
  fi
  echo "Elasticsearch not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 1
    ;;
esac
