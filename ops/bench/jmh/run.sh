#!/usr/bin/env bash
# JMH micro-benchmarks of the rule engine's hot path (see docs/benchmarks.md): quote and rule check of a unit,
# license code, MAC + checksum and activation key parsing, license file signing. Each figure is printed also as a
# ratio to a baseline measured in the same run (copying a LicenseBundle; the JDK's own Ed25519 signature).
#
#   ops/bench/jmh/run.sh                    build licensing-rules and the benchmarks, run them all (~2 minutes)
#   ops/bench/jmh/run.sh --no-build [jmh options, e.g. -f 2 -wi 5 'RuleEngine.*']
#
# Not part of the Maven reactor; CI does not run it. Wrap it in `flock /tmp/lm-heavy.lock` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
source ops/jdk.sh

build=true
if [ "${1:-}" = "--no-build" ]; then
  build=false
  shift
fi
if $build; then
  ./mvnw -B -ntp -q install -DskipTests -pl services/licensing-rules -am
  ./mvnw -B -ntp -q -f ops/bench/jmh/pom.xml package
fi
exec "$JAVA_HOME/bin/java" -cp "ops/bench/jmh/target/classes:ops/bench/jmh/target/lib/*" \
  com.licensemanager.jmh.RunAll "$@"
