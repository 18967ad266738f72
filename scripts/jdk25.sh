# Sourced by ./llmf and ./llmf-grader: sets JAVA to a java of JDK 25 or newer and exports JAVA_HOME to its JDK,
# or prints one line saying what to install and exits. Looks at $JAVA_HOME first, then at the PATH's java.

llmf_java_feature() {   # the feature release of a java binary: 25 for "25.0.1", 8 for "1.8.0_392"
  "$1" -version 2>&1 | sed -n 's/^[^"]*version "\([0-9][0-9.]*\).*/\1/p' | head -n 1 \
    | awk -F. '{ print ($1 == 1 ? $2 : $1) }'
}

llmf_find_jdk25() {
  local candidate feature tried=""
  for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    feature=$(llmf_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ] 2>/dev/null; then
      JAVA="$candidate"
      JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$candidate")")")
      export JAVA_HOME
      return 0
    fi
    tried="$tried${tried:+, }$candidate (Java ${feature:-unknown})"
  done
  echo "${0##*/}: needs JDK 25 or newer; found ${tried:-no java at all}. Install one (e.g. Temurin 25 from https://adoptium.net) and point JAVA_HOME at it: export JAVA_HOME=/path/to/jdk-25" >&2
  exit 1
}
