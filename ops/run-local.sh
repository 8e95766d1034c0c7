#!/usr/bin/env bash
# Starts the whole License Manager on this machine with embedded defaults: a real Kafka broker, Apicurio Registry
# and PostgreSQL (from Maven Central, no Docker), then every consumer. Options:
#   --demo         publish a sample order and print the License Key Certificate it yields
#   --demo --exit  the same, then stop
#   --rebuild      build the project first even if it was built before
# Any --name=value option is passed to the service as a Spring property.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/jdk.sh

jar=services/app/target/license-manager.jar
args=()
rebuild=false
for arg in "$@"; do
  if [ "$arg" = "--rebuild" ]; then rebuild=true; else args+=("$arg"); fi
done
if $rebuild || [ ! -f "$jar" ]; then
  echo "Building (first time: Maven downloads dependencies, a few minutes) ..."
  ./mvnw -B -ntp -q install -DskipTests
fi
exec "$JAVA_HOME/bin/java" -Xmx512m -Dloader.main=com.licensemanager.app.LocalRun \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}"
