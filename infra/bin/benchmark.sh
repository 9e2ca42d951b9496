#!/usr/bin/env bash
# The suite's benchmark: starts an isolated suite (Kafka + the four services as processes, free ports,
# fresh databases) and, first, Keycloak and bare JDBC references (a PK lookup; the commit floor, a
# single-row INSERT + COMMIT at the command step's concurrency); measures them from this separate JVM
# (load with wrk and with client threads); prints a Markdown table (figure, measured, ratio, target,
# verdict: a miss says MISSED, a figure not taken says "not measured" and why) and writes
# run/bench/results-<time>.json (and run/bench/results-latest.json); stops everything it started.
# Not part of the tests. See infra/README.md.
#   infra/bin/benchmark.sh [--build | --no-build]
# Steps (BENCH_ONLY=step1,step2 runs a subset): jdbc-floor keycloak introspection usage-cost commands
#   view-lag revocation offboarding bulk-revocation rebuild start-to-ready memory
# Environment (all optional): BENCH_DURATION_SECONDS=20 BENCH_WARMUP_SECONDS=30 BENCH_CONNECTIONS=32
#   BENCH_WARMUP_MAX_SECONDS=300 (wrk warm-ups go on until the server's JIT compilers settle, at most this long)
#   BENCH_CLIENTS=32 BENCH_COMMAND_WARMUP_SECONDS=60
#   BENCH_COMMAND_WARMUP_MAX_SECONDS=480 BENCH_COMMAND_SECONDS=15 BENCH_VIEW_LAG_SAMPLES=200
#   BENCH_REVOCATIONS=200 BENCH_OFFBOARD_USERS=10 BENCH_BULK_TOKENS=10000 BENCH_BULK_WARMUP_TOKENS=3000
#   BENCH_READY_TOKENS=100000
#   BENCH_REBUILD_EVENTS=0 (TokenIssued events published onto token-events before the replay)
#   BENCH_MEMORY_TOKENS=1000000 (0 skips) BENCH_KEYCLOAK=true KEYCLOAK_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
#   A running suite instead of an own one: BENCH_COMMAND_URL BENCH_QUERY_URL BENCH_AUDIT_URL
#   BENCH_ADMIN_TOKEN BENCH_KAFKA (bootstrap servers) BENCH_KAFKA_SECRETS (its Kafka password files, e.g.
#   run/secrets/kafka, when its broker is secured); the figures that need the services' processes (CPU
#   per command, index memory, usage cost, start to ready) then are not taken.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=auto
for arg in "$@"; do
  case "$arg" in
    --build) build=always ;;
    --no-build) build=never ;;
    *) echo "unknown option $arg (use --build or --no-build)" >&2; exit 2 ;;
  esac
done

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package) ..."
  sudo_if_needed apt-get install -y -q wrk >/dev/null
fi
command -v java >/dev/null || { echo "java 17 is needed" >&2; exit 1; }

needs_build=false
for m in token-command token-query audit-projector lifecycle-listener; do
  [ -f "$m/target/$m-0.1.0-SNAPSHOT-exec.jar" ] || needs_build=true
done
[ -f infra/target/classes/org/tokensuite/infra/bench/Benchmark.class ] && [ -d infra/target/lib ] || needs_build=true
if [ "$build" = always ] || { [ "$build" = auto ] && [ "$needs_build" = true ]; }; then
  echo "building (mvn -DskipTests install) ..."
  mvn -q -B -ntp -DskipTests install
elif [ "$needs_build" = true ]; then
  echo "exec jars or infra classes are missing: run without --no-build" >&2; exit 1
fi

kc_version=26.7.3
kc_zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$kc_version/keycloak-quarkus-dist-$kc_version.zip"
if [ "${BENCH_KEYCLOAK:-true}" = true ] && [ ! -f "$kc_zip" ] && [ ! -x "run/bench/keycloak/keycloak-$kc_version/bin/kc.sh" ]; then
  echo "fetching Keycloak $kc_version from Maven Central (once) ..."
  mvn -q -B -ntp dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$kc_version:zip" -Dtransitive=false \
    || echo "could not fetch Keycloak: its figures will be reported as not measured" >&2
fi

infra/bin/ensure-postgres.sh

# The figures mean little on a busy machine: say how busy it is.
echo "machine: $(nproc) CPUs, $(free -m | awk '/Mem:/ {print $2" MB RAM"}'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
busy=$(pgrep -fc 'plexus-classworlds|surefirebooter|failsafe' || true)
if [ "${busy:-0}" -gt 0 ]; then
  echo "WARNING: $busy Maven/test JVM(s) of other work are running: figures will be lower than on a quiet machine" >&2
fi

exec java -Xmx1g -XX:+ExitOnOutOfMemoryError -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "infra/target/classes:infra/target/lib/*" \
  org.tokensuite.infra.bench.Benchmark
