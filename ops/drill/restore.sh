#!/usr/bin/env bash
# The database backup-and-restore drill of docs/runbook.md ("Database backup and restore") in one command: the real
# stack (durable PostgreSQL with its WAL streamed synchronously to an archive, the Kafka broker in its own JVM,
# Apicurio Registry, the service jar) under a steady load of orders, shipments and registrations; pg_basebackup
# under that load; halfway through, the database is lost with the load still arriving (service killed, server crashed,
# data directory emptied), the backup restored with the archived WAL replayed to its end, the service restarted on it.
# Passes only if the restored tables equal those at the loss, the service converges from the topics (lag 0, outbox
# empty) with one row per input, and everything published equals what was published before (one key per order, the
# same one). Results in ops/drill/results/<timestamp>/ (summary.json, console.log, logs/). Every process
# it starts is stopped at the end, also on failure or Ctrl+C.
#
#   ops/drill/restore.sh                 86 s here with --no-build (20 s of load at 3 x 20 records/s)
#   ops/drill/restore.sh --rate=N --load-seconds=N
#
# Build options (consumed here, not passed on):
#   --no-build   use what was built before (the service jar, ops/harness installed, ops/drill and ops/bench/kafka)
#   --offline    build with Maven offline (-o)
# Exit status: 0 passed; 2 a check failed; 1 the drill itself failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/jdk.sh

driver=drill main_class=com.licensemanager.drill.RestoreDrill usage_lines=18
source ops/harness/driver.sh

if ! ls /usr/lib/postgresql/*/bin/pg_receivewal >/dev/null 2>&1; then
  echo "The drill needs PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup, pg_receivewal) under" >&2
  echo "/usr/lib/postgresql/<v>/bin: install them (Debian/Ubuntu: apt-get install postgresql-15)." >&2
  exit 1
fi

results="ops/drill/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results/logs"

driver_build "$results"

exec "$JAVA_HOME/bin/java" -Xms256m -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
  -Ddriver.logDir="$PWD/$results/logs" \
  -cp "ops/drill/target/classes:ops/drill/target/lib/*" \
  com.licensemanager.drill.RestoreDrill --repo="$PWD" --results-dir="$PWD/$results" "${args[@]}"
