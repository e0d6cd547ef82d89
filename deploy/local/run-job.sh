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

# The module flags Flink's own launch scripts pass on Java 17.
add_opens=(
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

log_conf="$root/deploy/local/log4j2-local.properties"
# exec: a kill of this script is a kill of the job (the reliability tests rely on it).
exec java ${JAVA_OPTS:--Xmx2g} "${add_opens[@]}" -Dlog4j.configurationFile="$log_conf" \
  -cp "$jar:$(cat "$cp_file")" io.threatstream.detect.DetectionJob "$@"
