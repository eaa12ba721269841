# Sourced by the scripts that run one of the project's jars (after jdk.sh, with ROOT set).
#   ensure_built MODULE JAR   builds MODULE and what it depends on (./mvnw package, tests neither compiled nor run) when JAR is
#                             missing or older than any pom.xml or main source file of the project.
ensure_built() {
  local module=$1 jar=$2
  if [ -f "$ROOT/$jar" ] && [ -z "$(cd "$ROOT" && find . -path ./node_modules -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
    return
  fi
  echo "== Building $module (./mvnw package, tests not compiled)" >&2
  # Maven's own libraries trip JDK 25's sun.misc.Unsafe warnings; they are not ours to fix.
  (cd "$ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    ./mvnw -B -q -Dmaven.test.skip=true -pl "$module" -am package >&2)
}

# The operator CLI (verify, reconcile, replay, quarantine).
OPERATOR_JAR=operator/target/order-totals-operator.jar
# The local runner (local, local-deploy).
LOCAL_RUNNER_JAR=local-runner/target/order-totals-local-runner.jar
