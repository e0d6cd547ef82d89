#!/usr/bin/env bash
# The local stack, all in the background: Kafka → detection job → Elasticsearch, fed by the fleet
# simulator at a steady rate. No Docker: Kafka and Elasticsearch run from their Maven jars
# (deploy/local/kafka.sh, deploy/local/elasticsearch.sh), the job on a local MiniCluster with the
# dashboard (deploy/local/run-job.sh).
#
#   deploy/local/up.sh      start it (a minute or two; the first time also builds the job and
#                           fetches Kafka and Elasticsearch from Maven), print where to look
#   deploy/local/down.sh    stop it all
#
# Elasticsearch runs over plain HTTP without security: for this machine only.
#
# Environment (all optional):
#   STACK_DIR          state: logs, pid files, Kafka data, Elasticsearch
#                      (default ${TMPDIR:-/tmp}/threatstream-stack; must be readable by `nobody`
#                      when run as root, see elasticsearch.sh)
#   KAFKA_PORT         Kafka client port (default 9092; the controller uses KAFKA_PORT + 1)
#   ES_PORT            Elasticsearch HTTP port (default 9200)
#   WEB_PORT           Flink dashboard port (default 8081)
#   TOPIC              events topic (default events; dead letters go to TOPIC.dead-letter)
#   INDEX              alert data stream (default logs-threatstream.alerts-default)
#   FEED_RATE          simulated events per second (default 200)
#   FEED_HOSTS         simulated hosts (default 200)
#   FEED_MATCH_RATIO   share of events that are backdoor writes (default 0.002: ~24 alerts/min at 200/s)
#   JOB_TIMEOUT        seconds to wait for the job to run, build included (default 600)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=deploy/local/stack.sh
source "$here/stack.sh"

FEED_RATE="${FEED_RATE:-200}"
FEED_HOSTS="${FEED_HOSTS:-200}"
FEED_MATCH_RATIO="${FEED_MATCH_RATIO:-0.002}"
JOB_TIMEOUT="${JOB_TIMEOUT:-600}"

began=$SECONDS
elapsed() { echo "$((SECONDS - began))s"; }

if pid="$(live_pid job)"; then
  load_saved_settings
  apply_defaults
  echo "The stack is already up (job pid $pid); deploy/local/down.sh stops it."
  print_where_to_look
  exit 0
fi
apply_defaults

mkdir -p "$STACK_DIR"
save_settings

# Each port must be free unless our own server already holds it.
kafka status >/dev/null 2>&1 || require_free_port "$KAFKA_PORT" KAFKA_PORT
kafka status >/dev/null 2>&1 || require_free_port "$((KAFKA_PORT + 1))" "KAFKA_PORT (its controller port +1)"
elasticsearch status >/dev/null 2>&1 || require_free_port "$ES_PORT" ES_PORT
require_free_port "$WEB_PORT" WEB_PORT

echo "Starting Kafka (localhost:$KAFKA_PORT) and Elasticsearch (localhost:$ES_PORT)..."
kafka start >"$STACK_DIR/kafka-start.log" 2>&1 &
kafka_start=$!
elasticsearch start >"$STACK_DIR/elasticsearch-start.log" 2>&1 &
es_start=$!
failed=0
wait "$kafka_start" || failed=1
cat "$STACK_DIR/kafka-start.log"
wait "$es_start" || failed=1
cat "$STACK_DIR/elasticsearch-start.log"
if ((failed)); then
  echo "up.sh: a server did not start (see above); deploy/local/down.sh stops the other one" >&2
  exit 1
fi

kafka_topics() {
  java -cp "$(kafka classpath)" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "localhost:$KAFKA_PORT" "$@"
}
kafka_topics --create --if-not-exists --topic "$TOPIC" --partitions 3 --replication-factor 1 >/dev/null
kafka_topics --create --if-not-exists --topic "$TOPIC.dead-letter" --partitions 1 --replication-factor 1 >/dev/null
echo "Topics $TOPIC (3 partitions) and $TOPIC.dead-letter ready ($(elapsed))"

echo "Starting the job (dashboard on http://localhost:$WEB_PORT; log: $STACK_DIR/job.log)..."
# setsid: the job gets a process group of its own, so down.sh can stop it and a build it runs.
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" setsid "$root/deploy/local/run-job.sh" \
  --source kafka \
  --source.kafka.bootstrap-servers "localhost:$KAFKA_PORT" \
  --source.kafka.topics "$TOPIC" \
  --source.kafka.group-id threatstream-local \
  --sink elasticsearch \
  --sink.elasticsearch.hosts "http://localhost:$ES_PORT" \
  --sink.elasticsearch.index "$INDEX" \
  --sink.elasticsearch.install-template true \
  --checkpoint.interval 10s \
  --web.port "$WEB_PORT" \
  >"$STACK_DIR/job.log" 2>&1 </dev/null &
echo $! >"$(pid_file job)"

deadline=$((SECONDS + JOB_TIMEOUT))
until curl -s -f --max-time 2 "http://localhost:$WEB_PORT/jobs/overview" 2>/dev/null | grep -q '"state":"RUNNING"'; do
  if ! live_pid job >/dev/null; then
    tail -n 30 "$STACK_DIR/job.log" >&2
    echo "up.sh: the job exited (log: $STACK_DIR/job.log)" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "up.sh: the job was not RUNNING after ${JOB_TIMEOUT}s (log: $STACK_DIR/job.log)" >&2
    exit 1
  fi
  sleep 1
done
echo "Job RUNNING ($(elapsed))"

# The feed runs on the classpath run-job.sh has just built.
echo "Starting the feed: $FEED_RATE events/s from $FEED_HOSTS hosts (log: $STACK_DIR/feed.log)..."
setsid java -Xmx256m -Dlog4j.configurationFile="$here/log4j2-local.properties" -Dlog4j2.shutdownHookEnabled=false \
  -cp "$root/job/target/threatstream-job-0.1.0-SNAPSHOT.jar:$(cat "$root/job/target/local-classpath.txt")" \
  io.threatstream.detect.generator.FleetToKafka \
  --bootstrap-servers "localhost:$KAFKA_PORT" \
  --topic "$TOPIC" \
  --generator.rate "$FEED_RATE" \
  --generator.hosts "$FEED_HOSTS" \
  --generator.ssh-ratio 0.02 \
  --generator.match-ratio "$FEED_MATCH_RATIO" \
  >"$STACK_DIR/feed.log" 2>&1 </dev/null &
echo $! >"$(pid_file feed)"

# The first alert shows that the whole path works; alerts are rare, so allow for a minute.
deadline=$((SECONDS + 60))
until [[ "$(alert_count)" -gt 0 ]]; do
  if ! live_pid feed >/dev/null; then
    tail -n 20 "$STACK_DIR/feed.log" >&2
    echo "up.sh: the feed exited (log: $STACK_DIR/feed.log)" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "up.sh: no alert in Elasticsearch yet after a minute of feeding; see $STACK_DIR/job.log" >&2
    break
  fi
  sleep 1
done
echo "Up in $(elapsed); first alerts in Elasticsearch."
print_where_to_look
