#!/usr/bin/env bash
# Runs the fault tests (infra/src/test/java/org/tokensuite/infra/faults): the whole suite as processes,
# then the Kafka broker killed and restarted while commands flow, token-query and audit-projector killed
# mid-stream, PostgreSQL restarted under load (a private cluster of the test's own, made with initdb),
# duplicate and poison HR events; each judged by "nothing lost, nothing doubled". About 10 minutes on a
# 2-core machine. What happened (refusals, recovery times) is printed as "[faults] ..." lines; logs of
# every process stay in infra/target/e2e/faults-<time>/logs/.
#   infra/bin/fault-tests.sh [--no-build] [extra maven arguments]
set -euo pipefail
cd "$(dirname "$0")/../.."

build=true
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    *) args+=("$arg") ;;
  esac
done

command -v mvn >/dev/null || { echo "maven is needed (apt-get install maven)" >&2; exit 1; }
jars_missing=false
for module in token-command token-query audit-projector lifecycle-listener; do
  [ -f "$module/target/$module-0.1.0-SNAPSHOT-exec.jar" ] || jars_missing=true
done
if [ "$build" = true ] || [ "$jars_missing" = true ]; then
  echo "building the services' exec jars (mvn -DskipTests install) ..."
  mvn -q -B -ntp -DskipTests install
fi
# The private PostgreSQL cluster needs initdb/pg_ctl (Debian: postgresql); without them the PostgreSQL
# scenario is skipped and the others run on the server ensure-postgres.sh provides.
infra/bin/ensure-postgres.sh
# Only the fault tests: the profile points failsafe at the faults package; no unit test runs.
exec mvn -B -ntp -pl infra verify -Pfaults -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  ${args[@]+"${args[@]}"}
