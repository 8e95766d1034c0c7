#!/usr/bin/env bash
# The License Manager fault-injection run in one command (see docs/chaos.md): a steady load of
# license requests, moves and RMA notifications through the real stack (durable PostgreSQL, the Kafka broker in its
# own JVM, Apicurio Registry with SQL storage in that PostgreSQL, two service instances in their own JVMs) while, in
# turn, a service instance is SIGKILLed, the broker restarted, PostgreSQL crashed, the registry restarted and stalled
# (SIGSTOP), bad records injected and the requests' consumer group replayed from the earliest offset; after each fault
# every result (one per request: none unanswered), dead letter and row is checked against the driver's own model.
# Results in ops/chaos/results/<timestamp>/ (summary.json, console.log, logs/). Every process it starts is stopped at
# the end, also on failure or Ctrl+C.
#
#   ops/chaos/run.sh            full run (~8-10 minutes on 2 cores)
#   ops/chaos/run.sh --short    every fault once with fewer accounts (~4-5 minutes; ops/test.sh runs it)
#   ops/chaos/run.sh --help     all options
#
# Build options (consumed here, not passed on):
#   --no-build   use what was built before (the service jar, ops/harness installed, ops/chaos and ops/bench/kafka)
#   --offline    build with Maven offline (-o)
# Exit status: 0 nothing lost, duplicated, wrong or unanswered after any fault; 2 a check failed; 1 the run itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/jdk.sh

driver=chaos main_class=com.licensemanager.chaos.Chaos usage_lines=18
source ops/harness/driver.sh

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && [[ " ${args[*]-} " != *" --pg-bin="* ]]; then
  if [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "No PostgreSQL server binaries under /usr/lib/postgresql: installing postgresql-15 (CI, root)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "The chaos run needs PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/<v>/bin:" >&2
    echo "install them (Debian/Ubuntu: apt-get install postgresql-15) or give --pg-bin=DIR." >&2
    exit 1
  fi
fi

results="ops/chaos/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"

driver_build "$results"

exec "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
  -Ddriver.logDir="$PWD/$results/logs" \
  -cp "ops/chaos/target/classes:ops/chaos/target/lib/*" \
  com.licensemanager.chaos.Chaos --repo="$PWD" --results-dir="$PWD/$results" "${args[@]}"
