#!/usr/bin/env bash
# Runs every test of the project: unit tests and integration tests against a real Kafka broker, Apicurio Registry
# and PostgreSQL, which the tests start themselves (no Docker needed). Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/jdk.sh
echo "Using JDK at $JAVA_HOME"
exec ./mvnw -B -ntp verify "$@"
