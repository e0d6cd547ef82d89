#!/usr/bin/env bash
# Stops the local stack deploy/local/up.sh started: the feed, the job, Kafka and Elasticsearch.
# Safe to run again, or when only part of the stack is up.
#
#   deploy/local/down.sh            stop; Kafka's topics and the job's consumer offsets are kept,
#                                   so the next up.sh continues where this one stopped
#   deploy/local/down.sh --clean    stop and delete STACK_DIR (logs, Kafka data, Elasticsearch)
#
# Environment: STACK_DIR, as for up.sh; the ports come from the settings up.sh saved there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/stack.sh
source "$here/stack.sh"

clean=0
case "${1:-}" in
  "") ;;
  --clean) clean=1 ;;
  *) echo "usage: $0 [--clean]" >&2; exit 2 ;;
esac

load_saved_settings
apply_defaults

# Stops the process group up.sh started under $1 (the job's includes a build it may be running).
stop_group() {
  local name="$1" pid waited=0
  if ! pid="$(live_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    echo "The $name is not running"
    return 0
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 30)); then
      echo "down.sh: the $name (pid $pid) did not stop within 30s; killing it" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$(pid_file "$name")"
  echo "The $name stopped (pid $pid)"
}

# The feed first (nothing more to read), then the job (it still writes to Elasticsearch).
stop_group feed
stop_group job
kafka stop
elasticsearch stop

if ((clean)); then
  rm -rf "$STACK_DIR"
  echo "Deleted $STACK_DIR"
fi
