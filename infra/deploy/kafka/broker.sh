#!/bin/bash
# A secured single-node KRaft broker (broker and controller in one process) in the apache/kafka image,
# the same model as the local suite (org.tokensuite.infra.KafkaBroker, README "Kafka security"):
#   client listener CLIENT (9092): SASL_PLAINTEXT, SCRAM-SHA-512 only
#   controller listener CONTROLLER (9093): SASL PLAIN with one static user, suite-admin
#     (SCRAM cannot serve the controller in KRaft: its credentials live in the metadata it serves)
#   StandardAuthorizer, allow.everyone.if.no.acl.found=false, super.users=User:suite-admin only.
# The principals' passwords are files in $KAFKA_SECRETS_DIR (one per principal, named after it). Their
# SCRAM credentials are created when the storage is formatted (kafka-storage format --add-scram, KIP-900),
# i.e. on the first start of an empty data volume. setup.sh then creates the topics and the ACLs.
set -euo pipefail
secrets=${KAFKA_SECRETS_DIR:-/run/secrets/kafka}
data=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
advertised=${KAFKA_ADVERTISED_HOST:-kafka}
principals="suite-admin token-command token-query audit-projector lifecycle-listener hr-publisher"
password() { tr -d '\r\n' < "$secrets/$1"; }
for p in $principals; do
  [ -s "$secrets/$p" ] || { echo "missing Kafka password file $secrets/$p" >&2; exit 1; }
done

umask 077
config=/tmp/server.properties   # holds suite-admin's password: kept off the data volume, owner-only
admin_pw=$(password suite-admin)
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=CLIENT://:9092,CONTROLLER://:9093
advertised.listeners=CLIENT://${advertised}:9092
controller.listener.names=CONTROLLER
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
listener.name.client.sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="suite-admin" password="${admin_pw}";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="suite-admin" password="${admin_pw}" user_suite-admin="${admin_pw}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:suite-admin
allow.everyone.if.no.acl.found=false
log.dirs=${data}
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES

if [ ! -f "$data/meta.properties" ]; then
  args=()
  for p in $principals; do
    args+=(--add-scram "SCRAM-SHA-512=[name=$p,password=$(password "$p")]")
  done
  /opt/kafka/bin/kafka-storage.sh format -t "${CLUSTER_ID:?set CLUSTER_ID}" -c "$config" "${args[@]}"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$config"
