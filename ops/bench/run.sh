#!/usr/bin/env bash
# The License Manager end-to-end benchmark on this machine, in one command (see README.md, "Benchmark"):
# a durable PostgreSQL (fsync on), the Kafka broker in its own JVM, Apicurio Registry and the service jar in its own
# JVM(s); pgbench and Kafka's ProducerPerformance as baselines in the same run; max-rate and fixed-rate phases;
# a second instance for scaling. Everything goes to ops/bench/results/<timestamp>/ (summary.json, latency.png,
# console.log, logs/). Every process it starts is stopped at the end, also on failure or Ctrl+C.
#
#   ops/bench/run.sh --quick        smoke run, < 5 minutes
#   ops/bench/run.sh                full run, <= ~25 minutes
#   ops/bench/run.sh --help         all options (durations, sizes, service JVM options, ...)
#
# Build options (consumed here, not passed on):
#   --no-build   use the jars built before (services/app/target/license-manager.jar, ops/bench/target)
#   --offline    build with Maven offline (-o)
# By default the project is built first (./mvnw install -DskipTests), so the figures are those of the working tree.
# Exit status: 0 all acceptance criteria passed, 2 a criterion failed, 1 the run itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/jdk.sh

build=true
maven_flags=(-B -ntp -q)
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --offline) maven_flags+=(-o) ;;
    --help|-h)
      if [ -d ops/bench/target/classes ] && [ -d ops/bench/target/lib ]; then
        exec "$JAVA_HOME/bin/java" -cp "ops/bench/target/classes:ops/bench/target/lib/*" \
          com.licensemanager.bench.Bench --help
      fi
      sed -n '2,16p' "$0"; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

results="ops/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"

if $build; then
  echo "Building the project (./mvnw install -DskipTests) and the benchmark; log: $results/logs/build.log"
  if ! { ./mvnw "${maven_flags[@]}" install -DskipTests \
         && ./mvnw "${maven_flags[@]}" -f ops/bench/kafka/pom.xml package \
         && ./mvnw "${maven_flags[@]}" -f ops/bench/pom.xml package; } > "$results/logs/build.log" 2>&1; then
    tail -40 "$results/logs/build.log" >&2
    echo "the build failed; see $results/logs/build.log" >&2
    exit 1
  fi
else
  for needed in services/app/target/license-manager.jar ops/bench/target/classes ops/bench/target/lib \
                ops/bench/target/kafka-libs; do
    [ -e "$needed" ] || { echo "missing $needed: run without --no-build first" >&2; exit 1; }
  done
fi

# --add-exports: thread dumps and JFR of the service instances through the Attach API (no jcmd JVM per dump)
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx2g -XX:+UseParallelGC -Djava.awt.headless=true \
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED \
  -Dbench.logDir="$PWD/$results/logs" \
  -cp "ops/bench/target/classes:ops/bench/target/lib/*" \
  com.licensemanager.bench.Bench --repo="$PWD" --results-dir="$PWD/$results" "${args[@]}"
