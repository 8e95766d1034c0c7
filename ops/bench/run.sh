#!/usr/bin/env bash
# The License Manager end-to-end benchmark on this machine, in one command (see docs/benchmarks.md):
# a durable PostgreSQL (fsync on), the Kafka broker in its own JVM, Apicurio Registry and the service jar in its own
# JVM(s); the Kafka echo (a trivial consume -> produce in its own JVM, the transport's ceiling) as the baseline of
# the acceptance criteria, pgbench and Kafka's ProducerPerformance as context, all in the same run; max-rate and
# fixed-rate phases (10 % of the max for light-load latency); a second instance for scaling; the echo again, the
# service stopped, at the service's 10 % rate (the transport's floor there). Everything goes to
# ops/bench/results/<timestamp>/ (summary.json, latency.png, console.log, logs/). Every process it starts is
# stopped at the end, also on failure or Ctrl+C.
#
#   ops/bench/run.sh --quick        smoke run, about 5 minutes
#   ops/bench/run.sh                full run, about 10-12 minutes on a quiet machine
#   ops/bench/run.sh --help         all options (durations, sizes, service JVM options, ...)
#
# Build options (consumed here, not passed on):
#   --no-build   use the jars built before (services/app/target/license-manager.jar, ops/bench/target)
#   --offline    build with Maven offline (-o)
# By default the project is built first (./mvnw install -DskipTests), so the figures are those of the working tree.
# Exit status: 0 all acceptance criteria (issue 13) passed, 2 a criterion failed, 1 the run itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/jdk.sh

driver=bench main_class=com.licensemanager.bench.Bench usage_lines=17
source ops/harness/driver.sh

results="ops/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"

driver_build "$results"

# --add-exports: thread dumps and JFR of the service instances through the Attach API (no jcmd JVM per dump)
exec "$JAVA_HOME/bin/java" -Xms512m -Xmx2g -XX:+UseParallelGC -Djava.awt.headless=true \
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED \
  -Ddriver.logDir="$PWD/$results/logs" \
  -cp "ops/bench/target/classes:ops/bench/target/lib/*" \
  com.licensemanager.bench.Bench --repo="$PWD" --results-dir="$PWD/$results" "${args[@]}"
