#!/usr/bin/env bash
# The end-to-end benchmark of issue 7 (BENCHMARKS.md, "End to end"): the detection job on a Flink
# MiniCluster against a real Kafka broker and a real Elasticsearch node, both started here on
# private ports and private state directories, so it runs beside the tests and the demo stack.
#
#   deploy/local/bench-e2e.sh                     the whole run (about 12 minutes on 2 cores)
#   deploy/local/bench-e2e.sh --parts drain --drain.events 500000     a quick look at one part
#   deploy/local/bench-e2e.sh --help              the harness's options
#
# Prints the machine, the load average before and after, and the results as Markdown tables; keeps
# them with the raw figures (JSON) and the log in $BENCH_DIR/results/. Kafka's data (gigabytes),
# the checkpoints and both servers are removed on exit, also after a failure or Ctrl-C.
#
# Environment (all optional):
#   BENCH_DIR    state: servers, checkpoints, results (default ${TMPDIR:-/tmp}/threatstream-bench-e2e;
#                must be readable by `nobody` when run as root, see elasticsearch.sh)
#   KAFKA_PORT   Kafka client port (default 19092; the controller uses KAFKA_PORT + 1)
#   ES_PORT      Elasticsearch HTTP port (default 19200)
#   BENCH_HEAP   heap of the harness JVM, which runs the MiniCluster (default 2g)
#   BENCH_JAVA_OPTS  more options for the harness JVM, e.g. a flight recording of the run:
#                -XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile
#   SKIP_BUILD=1 use the last build as is
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/jvm.sh"

BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/threatstream-bench-e2e}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
ES_PORT="${ES_PORT:-19200}"
BENCH_HEAP="${BENCH_HEAP:-2g}"

for arg in "$@"; do
  if [[ "$arg" == --help || "$arg" == -h ]]; then
    help_only=1
  fi
done

cp_file="$root/benchmarks/target/e2e-classpath.txt"
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$cp_file" ]]; then
  echo "Building the job and the harness..." >&2
  # package, not install: the classpath points at this checkout's job and connectors jars.
  # Compile scope includes provided (Flink, the connectors' clients).
  (cd "$root" && mvn -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
      -Dmaven.javadoc.skip=true -DincludeScope=compile -Dmdep.outputFile=target/e2e-classpath.txt >&2)
fi
# shellcheck disable=SC2206 # BENCH_JAVA_OPTS holds several options
harness=(java "-Xms$BENCH_HEAP" "-Xmx$BENCH_HEAP" ${BENCH_JAVA_OPTS:-} "${FLINK_JAVA_MODULE_OPTS[@]}"
  "-Dlog4j.configurationFile=$here/log4j2-bench-e2e.properties"
  -cp "$root/benchmarks/target/classes:$(cat "$cp_file")"
  io.threatstream.benchmarks.e2e.EndToEndBenchmark)
if [[ -n "${help_only:-}" ]]; then
  exec "${harness[@]}" --help
fi

kafka() {
  KAFKA_PORT="$KAFKA_PORT" KAFKA_LOCAL_DIR="$BENCH_DIR/kafka" "$here/kafka.sh" "$@"
}
elasticsearch() {
  ES_PORT="$ES_PORT" ES_WORK_DIR="$BENCH_DIR/elasticsearch" ES_SECURE=false "$here/elasticsearch.sh" "$@"
}
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cleanup() {
  local status=$?
  set +e
  echo "Stopping Kafka and Elasticsearch; removing Kafka's data and the checkpoints..." >&2
  kafka stop >&2
  elasticsearch stop >&2
  rm -rf "$BENCH_DIR/kafka/data" "$BENCH_DIR/work"
  exit "$status"
}

mkdir -p "$BENCH_DIR/results"
# A run killed before its trap ran may have left its servers behind: they are ours to stop.
kafka status >/dev/null 2>&1 && kafka stop >&2
elasticsearch status >/dev/null 2>&1 && elasticsearch stop >&2
for port in "$KAFKA_PORT" "$((KAFKA_PORT + 1))" "$ES_PORT"; do
  if port_in_use "$port"; then
    echo "bench-e2e.sh: port $port is in use by another program: set KAFKA_PORT / ES_PORT" >&2
    exit 1
  fi
done
trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$BENCH_DIR/kafka/data" "$BENCH_DIR/work"

stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
out="$BENCH_DIR/results/$stamp"
{
  echo "## End-to-end benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo ' (with uncommitted changes)')"
  echo
  echo "- Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)"
  echo "- Java: $(java -version 2>&1 | sed -n 2p)"
  echo "- Command: deploy/local/bench-e2e.sh $*"
  echo "- Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out.md"

echo "Starting Kafka (localhost:$KAFKA_PORT) and Elasticsearch (localhost:$ES_PORT)..." >&2
kafka start >"$BENCH_DIR/kafka-start.log" 2>&1 &
kafka_start=$!
elasticsearch start >"$BENCH_DIR/elasticsearch-start.log" 2>&1 &
es_start=$!
failed=0
wait "$kafka_start" || failed=1
wait "$es_start" || failed=1
cat "$BENCH_DIR/kafka-start.log" "$BENCH_DIR/elasticsearch-start.log" >&2
((failed == 0)) || { echo "bench-e2e.sh: a server did not start (see above)" >&2; exit 1; }

"${harness[@]}" --kafka "localhost:$KAFKA_PORT" --elasticsearch "http://localhost:$ES_PORT" \
  --work-dir "$BENCH_DIR/work" --results "$out.json" "$@" \
  2> >(tee "$out.log" >&2) | tee -a "$out.md"

echo "- Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out.md"
echo "Results: $out.md, $out.json; log: $out.log" >&2
