# Shared by up.sh and down.sh (sourced, not run): the local stack's settings and helpers.
# up.sh saves the settings it started with in $STACK_DIR/stack.env, so that down.sh stops exactly
# that stack whatever its own environment says.

STACK_DIR="${STACK_DIR:-${TMPDIR:-/tmp}/threatstream-stack}"

# The settings of the stack up.sh started in STACK_DIR, if any; they take the place of the
# environment's.
load_saved_settings() {
  if [[ -f "$STACK_DIR/stack.env" ]]; then
    # shellcheck source=/dev/null
    source "$STACK_DIR/stack.env"
  fi
}

apply_defaults() {
  KAFKA_PORT="${KAFKA_PORT:-9092}"
  ES_PORT="${ES_PORT:-9200}"
  WEB_PORT="${WEB_PORT:-8081}"
  TOPIC="${TOPIC:-events}"
  INDEX="${INDEX:-logs-threatstream.alerts-default}"
}

save_settings() {
  {
    printf 'KAFKA_PORT=%q\n' "$KAFKA_PORT"
    printf 'ES_PORT=%q\n' "$ES_PORT"
    printf 'WEB_PORT=%q\n' "$WEB_PORT"
    printf 'TOPIC=%q\n' "$TOPIC"
    printf 'INDEX=%q\n' "$INDEX"
  } >"$STACK_DIR/stack.env"
}

kafka() {
  KAFKA_PORT="$KAFKA_PORT" KAFKA_LOCAL_DIR="$STACK_DIR/kafka" "$here/kafka.sh" "$@"
}

elasticsearch() {
  ES_PORT="$ES_PORT" ES_WORK_DIR="$STACK_DIR/elasticsearch" ES_SECURE=false "$here/elasticsearch.sh" "$@"
}

pid_file() {
  echo "$STACK_DIR/$1.pid"
}

# The pid in the pid file if that process still runs; fails otherwise.
live_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "up.sh: port $1 is in use by another program: set $2 to a free port" >&2
    exit 1
  fi
}

alert_count() {
  curl -s --max-time 2 "http://localhost:$ES_PORT/$INDEX/_count" 2>/dev/null \
    | sed -n 's/.*"count":\([0-9]*\).*/\1/p' | grep . || echo 0
}

print_where_to_look() {
  cat <<EOF

  Flink dashboard:   http://localhost:$WEB_PORT
  Latest alerts:     curl -s 'http://localhost:$ES_PORT/$INDEX/_search?size=5&sort=@timestamp:desc&_source_includes=@timestamp,kibana.alert.reason,kibana.alert.original_time,threatstream.source&pretty'
  Alert count:       curl -s 'http://localhost:$ES_PORT/$INDEX/_count?pretty'
  Dead letters:      java -cp "\$(KAFKA_LOCAL_DIR=$STACK_DIR/kafka KAFKA_PORT=$KAFKA_PORT $here/kafka.sh classpath)" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server localhost:$KAFKA_PORT --topic $TOPIC.dead-letter --from-beginning --formatter-property print.headers=true
  Logs:              $STACK_DIR/{job,feed}.log, $STACK_DIR/kafka/kafka.log, $STACK_DIR/elasticsearch/logs/
  Stop it all:       deploy/local/down.sh
EOF
}
