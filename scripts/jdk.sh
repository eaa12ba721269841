# Sourced by the scripts: points JAVA_HOME at a JDK 25+ (the Lambda runtime is java25).
# Uses $JAVA_HOME when it is new enough, else a JDK 25+ found under /usr/lib/jvm or /opt/java.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /opt/java/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  echo "A JDK 25 or newer is required (Lambda runtime java25): JAVA_HOME (${JAVA_HOME:-unset}) is not one, and none is under /usr/lib/jvm or /opt/java; install one and export JAVA_HOME=/path/to/jdk-25" >&2
  exit 2
fi
export PATH="$JAVA_HOME/bin:$PATH"
# The Node.js LTS pinned beside the CDK CLI (package.json's `node`, installed by `npm ci` into node_modules/.bin):
# first on the PATH, so the CLI and the jsii runtime behind the Java CDK app (synth, and the stack's tests) run on it
# whatever Node the machine has. `npx cdk` puts it first by itself; this covers Maven's test JVMs too.
use_project_node() {
  local bin
  bin="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/.bin"
  if [ -x "$bin/node" ]; then export PATH="$bin:$PATH"; fi
}
use_project_node
# No CLI telemetry or notices: synth must work offline and say nothing about us to anyone.
export CDK_DISABLE_CLI_TELEMETRY=true
