# Shared by the deploy/local scripts that start JVMs (sourced, not run).

# The module flags Flink's own launch scripts pass on Java 17; without them Flink fails with
# InaccessibleObjectException. The last one is ours: the Vector API (an incubator module in Java 17)
# for the detector's SIMD byte search; without it the detector falls back to a slower portable one.
FLINK_JAVA_MODULE_OPTS=(
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
  --add-modules=jdk.incubator.vector
)

# cached_classpath POM FILE: the runtime classpath of the dependencies POM lists, resolved once
# with Maven (offline first: the jars are usually in ~/.m2) and cached in FILE until POM changes.
cached_classpath() {
  local pom="$1" file="$2"
  if [[ ! -s "$file" || "$pom" -nt "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    local mvn_args=(-B -q -f "$pom" dependency:build-classpath -DincludeScope=runtime "-Dmdep.outputFile=$file")
    mvn -o "${mvn_args[@]}" >/dev/null 2>&1 || mvn "${mvn_args[@]}" >&2 || return 1
  fi
  cat "$file"
}
