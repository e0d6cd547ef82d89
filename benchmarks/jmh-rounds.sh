#!/usr/bin/env bash
# Runs DetectBenchmark the way BENCHMARKS.md reports it: every benchmark/mix pair in a JMH run of
# its own, in ROUNDS rounds, every other round in reverse order (so drift in the machine's speed
# hits all pairs alike), then prints a Markdown table of CPU time per event (mean of the rounds and
# their range) with the ratio against jacksonTree of the same mix.
#
#   benchmarks/jmh-rounds.sh [OUT_DIR]
#
# Environment: ROUNDS (2), BENCHMARKS (space-separated method names), MIXES ("default all-ssh
# all-matching"), JMH_OPTS (the per-run JMH options below), SKIP_BUILD=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/threatstream-jmh-$(date -u +%Y%m%dT%H%M%SZ)}"
rounds="${ROUNDS:-2}"
read -r -a benchmarks <<< "${BENCHMARKS:-detector detectorTrusting detectorWithoutSimd detectorTrustingWithoutSimd detectorFullPath jacksonTree}"
read -r -a mixes <<< "${MIXES:-default all-ssh all-matching}"
read -r -a jmh_opts <<< "${JMH_OPTS:--f 1 -wi 4 -w 3s -i 5 -r 2s -t 1 -prof gc -prof io.threatstream.benchmarks.CpuTimeProfiler}"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi
mkdir -p "$out"
pairs=()
for mix in "${mixes[@]}"; do for b in "${benchmarks[@]}"; do pairs+=("$b:$mix"); done; done
echo "commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/README"
for ((round = 1; round <= rounds; round++)); do
  order=("${pairs[@]}")
  if ((round % 2 == 0)); then
    order=(); for ((i = ${#pairs[@]} - 1; i >= 0; i--)); do order+=("${pairs[i]}"); done
  fi
  for pair in "${order[@]}"; do
    b="${pair%%:*}" mix="${pair#*:}"
    echo "round $round: $b $mix" >&2
    java -jar "$root/benchmarks/target/benchmarks.jar" "${jmh_opts[@]}" -p "mix=$mix" \
      -rf json -rff "$out/$round-$b-$mix.json" "DetectBenchmark\\.$b\$" > "$out/$round-$b-$mix.log" 2>&1
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/README"

python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        mix = r["params"]["mix"]
        sec = r["secondaryMetrics"]
        runs.setdefault((name, mix), []).append({
            "cpu": sec["cpu.time.norm"]["score"],
            "wall": r["primaryMetric"]["score"],
            "alloc": sec.get("gc.alloc.rate.norm", {}).get("score", float("nan")),
        })
print("| benchmark | mix | events/s (wall) | CPU ns/event | range | events per CPU-second | ratio (CPU) | bytes/event |")
print("|---|---|--:|--:|--:|--:|--:|--:|")
for mix in dict.fromkeys(m for _, m in runs):
    base = statistics.mean(x["cpu"] for x in runs.get(("jacksonTree", mix), [{"cpu": float("nan")}]))
    for (name, m), rs in runs.items():
        if m != mix:
            continue
        cpu = statistics.mean(x["cpu"] for x in rs)
        print(f"| {name} | {mix} | {statistics.mean(x['wall'] for x in rs):,.0f} | {cpu:,.0f} | "
              f"{min(x['cpu'] for x in rs):,.0f}–{max(x['cpu'] for x in rs):,.0f} | {1e9 / cpu:,.0f} | "
              f"**{base / cpu:.2f}** | {statistics.mean(x['alloc'] for x in rs):,.1f} |")
PY
