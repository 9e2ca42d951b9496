#!/usr/bin/env bash
# Builds what the suite needs, then runs it: a Kafka broker (KRaft) and the four services as separate
# processes on this machine, with their databases on PostgreSQL. Prints the URLs and the bootstrap admin
# token; Ctrl-C stops everything. Logs: run/logs/<process>.log.
# Kafka requires SASL/SCRAM-SHA-512 and enforces least-privilege ACLs; the principals' passwords are in
# run/secrets/kafka/<principal> (--kafka-plaintext runs it without authentication, explicitly).
#   ./run-suite.sh [--no-build] [--reset] [--no-lifecycle-token] [--query-instances 1|2] [--command-instances 1|2]
#                   [--kafka-plaintext]
set -euo pipefail
cd "$(dirname "$0")"

build=true
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) args+=("$arg") ;;
  esac
done

command -v java >/dev/null || { echo "java 17 is needed (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
if [ "$build" = true ]; then
  command -v mvn >/dev/null || { echo "maven is needed (apt-get install maven)" >&2; exit 1; }
  echo "building (mvn -DskipTests install) ..."
  mvn -q -B -ntp -DskipTests install
fi
[ -d infra/target/lib ] && [ -d infra/target/classes ] || { echo "infra/target/lib is missing: build first (drop --no-build)" >&2; exit 1; }

# exec: the launcher becomes this process, so Ctrl-C / SIGTERM reach the JVM and its shutdown hook.
exec java -Xmx256m -cp "infra/target/classes:infra/target/lib/*" \
  org.tokensuite.infra.SuiteLauncher ${args[@]+"${args[@]}"}
