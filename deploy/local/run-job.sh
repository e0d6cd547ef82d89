#!/usr/bin/env bash
# Runs the detection job on a local Flink MiniCluster with the web dashboard
# (http://localhost:8081, or --web.port N). Options pass through to the job; with none it runs
# the embedded default: the simulated fleet, alerts printed to stdout. `--help` lists the options.
#
# Builds the job once (and again when sources change). Environment:
#   JAVA_OPTS      extra JVM options (default heap: -Xmx2g)
#   SKIP_BUILD=1   use the last build as is
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/deploy/local/jvm.sh"
build="$root/job/target"
jar="$build/threatstream-job-0.1.0-SNAPSHOT.jar"
cp_file="$build/local-classpath.txt"

needs_build() {
  [ -f "$jar" ] && [ -f "$cp_file" ] || return 0
  [ -n "$(find "$root/job/src/main" "$root/connectors/src/main" "$root/pom.xml" "$root/job/pom.xml" \
           "$root/connectors/pom.xml" -newer "$jar" -type f -print -quit)" ]
}

if [ "${SKIP_BUILD:-0}" != 1 ] && needs_build; then
  echo "Building the job (once)..." >&2
  # package, not install: the classpath points at this checkout's connectors jar, and ~/.m2 stays
  # free of snapshot builds. Compile scope includes provided (Flink itself); test jars stay out.
  # The relative output file lands in each module's target/.
  (cd "$root" && mvn -q -B -pl job -am package dependency:build-classpath -DskipTests \
      -Dmaven.javadoc.skip=true -DincludeScope=compile -Dmdep.outputFile=target/local-classpath.txt >&2)
fi


log_conf="$root/deploy/local/log4j2-local.properties"
# exec: a kill of this script is a kill of the job (the reliability tests rely on it).
exec java ${JAVA_OPTS:--Xmx2g} "${FLINK_JAVA_MODULE_OPTS[@]}" -Dlog4j.configurationFile="$log_conf" \
  -cp "$jar:$(cat "$cp_file")" io.threatstream.detect.DetectionJob "$@"
