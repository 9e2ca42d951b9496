#!/bin/bash
# Generates one Kafka password file per principal (mode 600) in the given folder (default
# infra/deploy/secrets/kafka, where compose.yaml reads them). Existing files are kept: the broker's
# SCRAM credentials were made from them when its storage was formatted.
set -euo pipefail
dir=${1:-$(dirname "$0")/../secrets/kafka}
mkdir -p "$dir"
umask 077
for p in suite-admin token-command token-query audit-projector lifecycle-listener hr-publisher; do
  [ -s "$dir/$p" ] || head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' > "$dir/$p"
done
echo "Kafka passwords in $dir"
