#!/bin/bash
# Topics and ACLs of the suite (org.tokensuite.infra.Topics and KafkaAcls), made as suite-admin; idempotent.
# Everything not granted here is refused: each topic has exactly one writer, each consumer group one reader.
set -euo pipefail
secrets=${KAFKA_SECRETS_DIR:-/run/secrets/kafka}
bootstrap=${KAFKA_BOOTSTRAP:-kafka:9092}
umask 077
client=/tmp/suite-admin.properties
cat > "$client" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="suite-admin" password="$(tr -d '\r\n' < "$secrets/suite-admin")";
PROPERTIES

t="/opt/kafka/bin/kafka-topics.sh --bootstrap-server $bootstrap --command-config $client --create --if-not-exists --replication-factor 1"
$t --topic token-events --partitions 4 --config retention.ms=-1   # the event log: kept for ever
$t --topic token-usage --partitions 4
$t --topic token-signals --partitions 4
$t --topic hr.employee-events --partitions 4
$t --topic hr.employee-events.dlq --partitions 1

acl="/opt/kafka/bin/kafka-acls.sh --bootstrap-server $bootstrap --command-config $client --add"
$acl --allow-principal User:token-command --operation Write --topic token-events
$acl --allow-principal User:token-query --allow-principal User:audit-projector --operation Read --topic token-events
$acl --allow-principal User:token-query --operation Write --topic token-signals
$acl --allow-principal User:token-command --allow-principal User:audit-projector --operation Read --topic token-signals
$acl --allow-principal User:token-query --operation Write --topic token-usage
$acl --allow-principal User:audit-projector --allow-principal User:token-command --operation Read --topic token-usage
$acl --allow-principal User:hr-publisher --operation Write --topic hr.employee-events
$acl --allow-principal User:lifecycle-listener --operation Read --topic hr.employee-events
$acl --allow-principal User:lifecycle-listener --operation Write --topic hr.employee-events.dlq
$acl --allow-principal User:token-command --operation Read --group token-command-anomaly-response
$acl --allow-principal User:token-command --operation Read --group token-command-last-use
$acl --allow-principal User:lifecycle-listener --operation Read --group lifecycle-listener
