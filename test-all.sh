#!/usr/bin/env bash
# Runs every test of the suite: unit tests, each service's integration tests (real PostgreSQL and a
# real Kafka broker) and the end-to-end tests in infra (Kafka and all four services as processes).
set -euo pipefail
cd "$(dirname "$0")"
infra/bin/ensure-postgres.sh
exec mvn -B -ntp verify "$@"
