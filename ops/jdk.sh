# Sourced by the project's scripts: points JAVA_HOME at a JDK >= 21 (the build and the schema registry need it).
# Honours a JAVA_HOME that is already >= 21; otherwise takes the newest JDK found in the usual places.

_lm_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

_lm_pick_jdk() {
  local best="" best_major=0 candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /usr/local/opt/openjdk* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(_lm_java_major "$candidate")
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then
      echo "$candidate"; return 0
    fi
    if [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  return 1
}

if ! JAVA_HOME="$(_lm_pick_jdk)"; then
  echo "No JDK >= 21 found (looked at JAVA_HOME, /usr/lib/jvm, /opt/java). Install one, or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
