#!/usr/bin/env bash
# A local single-node Kafka broker (KRaft, broker and controller in one process) for the demo and
# for trying the job by hand. No Docker, no Kafka download: the broker is Kafka's own jars from
# Maven (the version the tests use), started as `java kafka.Kafka server.properties`.
#
#   deploy/local/kafka.sh start       start the broker (does nothing if it already runs)
#   deploy/local/kafka.sh stop        stop it cleanly (does nothing if it does not run)
#   deploy/local/kafka.sh status      say whether it runs; exit 0 if it does, 3 if not
#   deploy/local/kafka.sh classpath   print the classpath, e.g. for Kafka's console tools:
#       java -cp "$(deploy/local/kafka.sh classpath)" org.apache.kafka.tools.ConsoleProducer \
#           --bootstrap-server localhost:9092 --topic events
#
# Environment:
#   KAFKA_PORT             client port (default 9092); the controller listens on KAFKA_PORT + 1
#   KAFKA_CONTROLLER_PORT  controller port (default KAFKA_PORT + 1)
#   KAFKA_LOCAL_DIR        state: data, config, log, pid file, cached classpath
#                          (default ${TMPDIR:-/tmp}/threatstream-kafka-$KAFKA_PORT)
#   KAFKA_HEAP_OPTS        JVM heap (default -Xms256m -Xmx512m)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to be ready (default 90)
#
# Data survives stop/start; remove KAFKA_LOCAL_DIR (after stop) for a fresh broker.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO_DIR/deploy/local/jvm.sh"
POM="$REPO_DIR/deploy/local/kafka/pom.xml"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
STATE_DIR="${KAFKA_LOCAL_DIR:-${TMPDIR:-/tmp}/threatstream-kafka-$PORT}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

CLASSPATH_FILE="$STATE_DIR/classpath.txt"
CONFIG_FILE="$STATE_DIR/server.properties"
LOG4J_FILE="$STATE_DIR/log4j2.properties"
DATA_DIR="$STATE_DIR/data"
LOG_FILE="$STATE_DIR/kafka.log"
PID_FILE="$STATE_DIR/kafka.pid"

die() { echo "kafka.sh: $*" >&2; exit 1; }

# The broker's pid if the pid file names a live broker process of this state dir, else nothing.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid
  pid="$(cat "$PID_FILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
      && ps -ww -p "$pid" -o args= | grep -qF "kafka.Kafka $CONFIG_FILE"; then
    echo "$pid"
  fi
}

classpath() {
  cached_classpath "$POM" "$CLASSPATH_FILE" || die "could not resolve the Kafka classpath with Maven ($POM)"
}

write_config() {
  cat > "$CONFIG_FILE" <<EOF
# Written by deploy/local/kafka.sh: one node that is both broker and controller (KRaft).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$PORT,CONTROLLER://localhost:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=3
# A single node cannot hold more than one replica of the internal topics.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat > "$LOG4J_FILE" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
appender.stdout.name = STDOUT
appender.stdout.type = Console
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
logger.state.name = state.change.logger
logger.state.level = WARN
EOF
}

# Formats the data directory with a new cluster id the first time (kafka-storage.sh format).
format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local cp cluster_id
  cp="$(classpath)"
  cluster_id="$(java -cp "$cp" kafka.tools.StorageTool random-uuid)"
  java -cp "$cp" "-Dlog4j2.configurationFile=$LOG4J_FILE" kafka.tools.StorageTool format \
    --cluster-id "$cluster_id" --config "$CONFIG_FILE" >> "$LOG_FILE" 2>&1 \
    || die "formatting $DATA_DIR failed, see $LOG_FILE"
}

started_count() {
  local n
  n="$(grep -c "Kafka Server started" "$LOG_FILE" 2>/dev/null)" || true
  echo "${n:-0}"
}

start() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "Kafka already running (pid $pid) at localhost:$PORT"
    return 0
  fi
  command -v java >/dev/null || die "java is not on the PATH"
  local began=$SECONDS
  mkdir -p "$STATE_DIR"
  write_config
  local cp
  cp="$(classpath)"
  format_storage
  # The log is appended to across restarts: ready means one more "started" line than now.
  local started_before
  started_before="$(started_count)"
  # setsid + nohup: the broker outlives this shell; its output goes to the log file.
  # shellcheck disable=SC2086 # HEAP_OPTS holds several JVM options
  setsid nohup java $HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$LOG4J_FILE" "-Dkafka.logs.dir=$STATE_DIR" \
    -cp "$cp" kafka.Kafka "$CONFIG_FILE" >> "$LOG_FILE" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT))
  until (( $(started_count) > started_before )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      tail -n 30 "$LOG_FILE" >&2
      die "the broker exited during startup, see $LOG_FILE"
    fi
    if (( SECONDS >= deadline )); then
      die "the broker (pid $pid) was not ready after ${START_TIMEOUT}s, see $LOG_FILE"
    fi
    sleep 0.5
  done
  echo "Kafka started (pid $pid) at localhost:$PORT in $((SECONDS - began))s; state in $STATE_DIR"
}

stop() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    echo "Kafka not running"
    return 0
  fi
  # SIGTERM runs the broker's shutdown hook: a controlled shutdown that closes the logs cleanly.
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      echo "kafka.sh: the broker (pid $pid) did not stop within 60s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  echo "Kafka stopped"
}

status() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    echo "Kafka running (pid $pid) at localhost:$PORT; state in $STATE_DIR"
  else
    echo "Kafka not running"
    exit 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  classpath) classpath ;;
  *) echo "usage: $0 start|stop|status|classpath" >&2; exit 2 ;;
esac
