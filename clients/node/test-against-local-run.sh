#!/usr/bin/env bash
# Starts the whole system as ops/run-local.sh does (the built jar; Kafka, registry and PostgreSQL of the local
# stack), takes the endpoints from the lines it prints, and runs the Node client against it. Exit code: the
# client's. Needs services/app/target/license-manager.jar (./mvnw install or package) and Node >= 20.
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)
log=$(mktemp -t license-manager-node-run.XXXXXX)

npm ci --no-audit --no-fund --loglevel=error

# server.port=0: the test must not depend on port 8080 being free.
"$repo/ops/run-local.sh" --server.port=0 >"$log" 2>&1 &
run=$!
stop() {
  kill "$run" 2>/dev/null && wait "$run" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT

for _ in $(seq 1 600); do
  grep -q "License Manager is running" "$log" && break
  if ! kill -0 "$run" 2>/dev/null; then echo "run-local.sh stopped:"; cat "$log"; exit 1; fi
  sleep 0.5
done
grep -q "License Manager is running" "$log" || { echo "run-local.sh did not come up in 300 s:"; cat "$log"; exit 1; }

endpoint() { sed -n "s/^ *$1: //p" "$log" | head -1; }
export KAFKA_BOOTSTRAP_SERVERS=$(endpoint "Kafka bootstrap servers")
export SCHEMA_REGISTRY_URL=$(endpoint "Schema registry, Confluent-compatible API")
echo "Node client against $KAFKA_BOOTSTRAP_SERVERS, registry $SCHEMA_REGISTRY_URL"
node license-client.mjs
