#!/usr/bin/env bash
# A local Flink 2.2 standalone session cluster: one JobManager and one TaskManager, each its own
# JVM, as a Flink distribution starts them (bin/jobmanager.sh, bin/taskmanager.sh) but from
# Flink's jars in Maven (deploy/local/flink/pom.xml), so no download and no Docker. For trying the
# cluster jar the way a real cluster runs it: web dashboard, `flink run`, savepoints.
#
#   deploy/local/flink-cluster.sh start       start both processes, wait until the TaskManager
#                                             has registered (does nothing if they already run)
#   deploy/local/flink-cluster.sh stop        stop both (TaskManager first)
#   deploy/local/flink-cluster.sh status      exit 0 if both run, 3 if not
#   deploy/local/flink-cluster.sh classpath   print the cluster's classpath
#   deploy/local/flink-cluster.sh flink ARGS  Flink's CLI against this cluster, e.g.
#       deploy/local/flink-cluster.sh flink run --detached \
#           job/target/threatstream-job-0.1.0-SNAPSHOT-cluster.jar --source generator --generator.rate 200
#       deploy/local/flink-cluster.sh flink stop --savepointPath /tmp/savepoints <job id>
#
# Environment:
#   FLINK_REST_PORT      dashboard and REST API (default 8081)
#   FLINK_RPC_PORT       JobManager RPC port (default 6123)
#   FLINK_PROM_PORT      Prometheus reporter of the JobManager; the TaskManager's is the next port
#                        (default 9249)
#   FLINK_SLOTS          task slots of the TaskManager (default 2)
#   FLINK_LOCAL_DIR      state: config, logs, pid files, checkpoints, savepoints, cached classpath
#                        (default ${TMPDIR:-/tmp}/threatstream-flink-$FLINK_REST_PORT)
#   FLINK_START_TIMEOUT  seconds to wait for the cluster (default 120)
#
# Memory: JobManager 512 MiB heap; TaskManager about 1 GiB in all, every component set explicitly
# because TaskManagerRunner started by hand does not derive them the way the scripts do.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
POM="$REPO_DIR/deploy/local/flink/pom.xml"
REST_PORT="${FLINK_REST_PORT:-8081}"
RPC_PORT="${FLINK_RPC_PORT:-6123}"
PROM_PORT="${FLINK_PROM_PORT:-9249}"
SLOTS="${FLINK_SLOTS:-2}"
STATE_DIR="${FLINK_LOCAL_DIR:-${TMPDIR:-/tmp}/threatstream-flink-$REST_PORT}"
START_TIMEOUT="${FLINK_START_TIMEOUT:-120}"

CONF_DIR="$STATE_DIR/conf"
LOG_DIR="$STATE_DIR/log"
CLASSPATH_FILE="$STATE_DIR/classpath.txt"
JM_CLASS=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
TM_CLASS=org.apache.flink.runtime.taskexecutor.TaskManagerRunner

# The module flags Flink's own launch scripts pass on Java 17 (as deploy/local/run-job.sh); without
# them a submitted job fails with InaccessibleObjectException.
JAVA_MODULE_OPTS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

die() { echo "flink-cluster.sh: $*" >&2; exit 1; }

# The pid of process $1 (jobmanager|taskmanager) if its pid file names a live JVM of this state dir.
running_pid() {
  local pid_file="$STATE_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
      && ps -ww -p "$pid" -o args= | grep -qF -- "-Dlog.file=$LOG_DIR/$1.log"; then
    echo "$pid"
  fi
}

# Resolves the classpath once with Maven and caches it; again when the pom changes.
classpath() {
  if [[ ! -s "$CLASSPATH_FILE" || "$POM" -nt "$CLASSPATH_FILE" ]]; then
    mkdir -p "$STATE_DIR"
    local mvn_args=(-B -q -f "$POM" dependency:build-classpath
      -Dmdep.includeScope=runtime "-Dmdep.outputFile=$CLASSPATH_FILE")
    # Offline first: the jars are usually in ~/.m2 already.
    mvn -o "${mvn_args[@]}" >/dev/null 2>&1 || mvn "${mvn_args[@]}" >&2 \
      || die "could not resolve the Flink classpath with Maven ($POM)"
  fi
  cat "$CLASSPATH_FILE"
}

write_config() {
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$STATE_DIR/tmp"
  cat > "$CONF_DIR/config.yaml" <<EOF
# Written by deploy/local/flink-cluster.sh; rewritten at every start.
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: localhost
rest.address: localhost
rest.bind-address: localhost
rest.port: $REST_PORT
taskmanager.host: localhost
taskmanager.bind-host: localhost
taskmanager.numberOfTaskSlots: $SLOTS
parallelism.default: 1

taskmanager.cpu.cores: 1.0
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 256m
taskmanager.memory.framework.off-heap.size: 64m
taskmanager.memory.task.off-heap.size: 32m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.managed.size: 64m
taskmanager.memory.jvm-metaspace.size: 192m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m

state.backend.type: hashmap
execution.checkpointing.dir: file://$STATE_DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$STATE_DIR/savepoints
io.tmp.dirs: $STATE_DIR/tmp
web.upload.dir: $STATE_DIR/web-upload

metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
# The dashboard's and the REST API's metric values refresh every second (Flink's default: 10 s).
metrics.fetcher.update-interval: 1s
EOF
  cat > "$CONF_DIR/log4j.properties" <<'EOF'
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF
  cat > "$CONF_DIR/log4j-cli.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FileAppender
appender.file.name = FileAppender
appender.file.type = File
appender.file.append = true
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF
}

log_count() {
  local n
  n="$(grep -c -- "$2" "$LOG_DIR/$1.log" 2>/dev/null)" || true
  echo "${n:-0}"
}

# Starts process $1 (jobmanager|taskmanager) with main class $2, heap $3 and Prometheus port $4,
# then waits for log line $5 to appear once more than before.
start_process() {
  local name="$1" main_class="$2" heap="$3" prom_port="$4" ready="$5" cp="$6"
  local pid before
  before="$(log_count "$name" "$ready")"
  # setsid + nohup: the process outlives this shell; stdout (the job's stdout sink) goes to .out.
  setsid nohup java "-Xms$heap" "-Xmx$heap" "${JAVA_MODULE_OPTS[@]}" \
    "-Dlog.file=$LOG_DIR/$name.log" "-Dlog4j.configurationFile=file:$CONF_DIR/log4j.properties" \
    -cp "$cp" "$main_class" --configDir "$CONF_DIR" \
    -D "metrics.reporter.prom.port=$prom_port" \
    > "$LOG_DIR/$name.out" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$STATE_DIR/$name.pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  until (( $(log_count "$name" "$ready") > before )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$STATE_DIR/$name.pid"
      tail -n 30 "$LOG_DIR/$name.log" "$LOG_DIR/$name.out" >&2 || true
      die "the $name exited during startup, see $LOG_DIR/$name.log"
    fi
    (( SECONDS < deadline )) || die "the $name (pid $pid) was not ready after ${START_TIMEOUT}s, see $LOG_DIR/$name.log"
    sleep 0.5
  done
}

start() {
  local jm tm
  jm="$(running_pid jobmanager)"
  tm="$(running_pid taskmanager)"
  if [[ -n "$jm" && -n "$tm" ]]; then
    echo "Flink already running (JobManager pid $jm, TaskManager pid $tm): http://localhost:$REST_PORT"
    return 0
  fi
  command -v java >/dev/null || die "java is not on the PATH"
  local began=$SECONDS cp
  write_config
  cp="$(classpath)"
  if [[ -z "$jm" ]]; then
    start_process jobmanager "$JM_CLASS" 512m "$PROM_PORT" "Rest endpoint listening at" "$cp"
  fi
  if [[ -z "$tm" ]]; then
    # Heap = framework + task heap; direct memory = framework + task off-heap + network.
    start_process taskmanager "$TM_CLASS" 384m "$((PROM_PORT + 1))" \
      "Successful registration at resource manager" "$cp"
  fi
  echo "Flink started in $((SECONDS - began))s: http://localhost:$REST_PORT (state in $STATE_DIR)"
}

stop_process() {
  local name="$1" pid
  pid="$(running_pid "$name")"
  if [[ -z "$pid" ]]; then
    rm -f "$STATE_DIR/$name.pid"
    return 0
  fi
  # SIGTERM runs Flink's shutdown hooks (the TaskManager deregisters, the JobManager cleans up).
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      echo "flink-cluster.sh: the $name (pid $pid) did not stop within 60s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
  done
  rm -f "$STATE_DIR/$name.pid"
}

stop() {
  stop_process taskmanager
  stop_process jobmanager
  echo "Flink stopped"
}

status() {
  local jm tm
  jm="$(running_pid jobmanager)"
  tm="$(running_pid taskmanager)"
  if [[ -n "$jm" && -n "$tm" ]]; then
    echo "Flink running (JobManager pid $jm, TaskManager pid $tm): http://localhost:$REST_PORT"
  else
    echo "Flink not running${jm:+ (only the JobManager, pid $jm)}${tm:+ (only the TaskManager, pid $tm)}"
    exit 3
  fi
}

# Flink's CLI (bin/flink) with this cluster's configuration; its log goes to log/client.log.
cli() {
  [[ -f "$CONF_DIR/config.yaml" ]] || die "no cluster configuration in $CONF_DIR: start the cluster first"
  local cp
  cp="$(classpath)"
  FLINK_CONF_DIR="$CONF_DIR" exec java -Xmx256m "${JAVA_MODULE_OPTS[@]}" \
    "-Dlog.file=$LOG_DIR/client.log" "-Dlog4j.configurationFile=file:$CONF_DIR/log4j-cli.properties" \
    -cp "$cp" org.apache.flink.client.cli.CliFrontend "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  classpath) classpath ;;
  flink) shift; cli "$@" ;;
  *) echo "usage: $0 start|stop|status|classpath|flink ARGS..." >&2; exit 2 ;;
esac
