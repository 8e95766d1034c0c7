#!/usr/bin/env bash
# Runs every test of the project: unit tests and integration tests against a real Kafka broker, Apicurio Registry
# and PostgreSQL, which the tests start themselves (no Docker needed), then the short fault-injection run
# (ops/chaos/run.sh --short: two service instances in their own JVMs while an instance is killed, the broker and
# PostgreSQL restarted, bad records injected and a consumer group replayed) and the database restore drill
# (ops/drill/restore.sh: backup under load, database lost, restored, service converged). Between Maven and those,
# with Node >= 20 and the npm registry (clients/node): docs/asyncapi.yaml is validated with the AsyncAPI parser, and the Node.js client runs
# against the system as ops/run-local.sh starts it. Extra arguments go to Maven.
# `install`, not `verify`: the chaos driver is built against this build's artifacts, never older SNAPSHOTs.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/jdk.sh
echo "Using JDK at $JAVA_HOME"
# The compose and alert tests run the real tools against the shipped files: Debian's docker-compose (validates
# docker-compose.yml) and promtool (package prometheus; checks and unit-tests ops/prometheus). CI installs them.
missing=()
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v promtool >/dev/null || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (CI, root)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The tests need ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})." >&2
    exit 1
  fi
fi
./mvnw -B -ntp install "$@"
echo "docs/asyncapi.yaml against the AsyncAPI 3 specification (clients/node/validate-asyncapi.mjs)"
(cd clients/node && npm ci --no-audit --no-fund --loglevel=error && node validate-asyncapi.mjs)
echo "Node.js client against the system as ops/run-local.sh starts it (clients/node)"
clients/node/test-against-local-run.sh
echo "Building the end-to-end drivers (ops/harness, ops/chaos, the Kafka broker distribution)"
driver_flags=(-q)
for arg in "$@"; do
  case "$arg" in -o|--offline) driver_flags+=(-o) ;; esac   # only offline mode carries over, not test filters
done
ops/harness/build-driver.sh chaos "${driver_flags[@]}"
echo "Short chaos run (ops/chaos/run.sh --short)"
ops/chaos/run.sh --short --no-build
echo "Database restore drill (ops/drill/restore.sh, docs/runbook.md: Database backup and restore)"
ops/harness/build-driver.sh drill "${driver_flags[@]}"
ops/drill/restore.sh --no-build
