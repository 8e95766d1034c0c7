#!/usr/bin/env bash
# Builds an end-to-end driver once the project's artifacts are installed (./mvnw install): the shared harness
# (installed, so that the drivers resolve this version, never an older SNAPSHOT from ~/.m2), the Kafka broker
# distribution (ops/bench/target/kafka-libs) and the driver itself.
# Usage: ops/harness/build-driver.sh bench|chaos|drill [maven options, e.g. -q -o]
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/jdk.sh
driver="$1"; shift
./mvnw -B -ntp "$@" -f ops/harness/pom.xml install
./mvnw -B -ntp "$@" -f ops/bench/kafka/pom.xml package
./mvnw -B -ntp "$@" -f "ops/$driver/pom.xml" package
