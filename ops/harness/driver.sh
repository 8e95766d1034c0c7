# Sourced by ops/bench/run.sh and ops/chaos/run.sh after ops/jdk.sh, with $driver (bench|chaos), $main_class and
# $usage_lines (the script's header lines that --help prints before the first build) set. Consumes the options both
# share (--no-build, --offline, --help) and leaves the others in the array args; driver_build builds the project and
# the driver, or with --no-build checks that they were built before.
build=true
maven_flags=(-B -ntp -q)
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    --offline) maven_flags+=(-o) ;;
    --help|-h)
      if [ -d "ops/$driver/target/classes" ] && [ -d "ops/$driver/target/lib" ]; then
        exec "$JAVA_HOME/bin/java" -cp "ops/$driver/target/classes:ops/$driver/target/lib/*" "$main_class" --help
      fi
      sed -n "2,${usage_lines}p" "$0"; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

# driver_build RESULTS_DIR: the build log goes to RESULTS_DIR/logs/build.log
driver_build() {
  if $build; then
    echo "Building the project (./mvnw install -DskipTests) and the $driver driver; log: $1/logs/build.log"
    if ! { ./mvnw "${maven_flags[@]}" install -DskipTests \
           && ops/harness/build-driver.sh "$driver" "${maven_flags[@]}"; } > "$1/logs/build.log" 2>&1; then
      tail -40 "$1/logs/build.log" >&2
      echo "the build failed; see $1/logs/build.log" >&2
      exit 1
    fi
  else
    for needed in services/app/target/license-manager.jar "ops/$driver/target/classes" "ops/$driver/target/lib" \
                  ops/bench/target/kafka-libs; do
      [ -e "$needed" ] || { echo "missing $needed: run without --no-build first" >&2; exit 1; }
    done
  fi
}
