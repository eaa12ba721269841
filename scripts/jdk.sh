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
# The jsii runtime's Node.js warnings (end of life, untested release) are left on: they are the user's to act on
# (README "Deploy and destroy": Node 22 or 24).
# No CLI telemetry or notices: synth must work offline and say nothing about us to anyone.
export CDK_DISABLE_CLI_TELEMETRY=true
