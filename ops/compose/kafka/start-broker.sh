#!/usr/bin/env bash
# Entry point of the kafka container (docker-compose.yml): formats the storage on first start with the SCRAM
# credential of the admin user (KRaft keeps SCRAM credentials in its metadata log, so the first one must be there
# before anyone can log in), then starts the broker with server.properties plus its own SCRAM login.
set -euo pipefail
: "${KAFKA_PASSWORD_ADMIN:?set KAFKA_PASSWORD_ADMIN}"
: "${KAFKA_CLUSTER_ID:?set KAFKA_CLUSTER_ID}"
case "$KAFKA_PASSWORD_ADMIN" in *'"'*|*'\'*) echo "KAFKA_PASSWORD_ADMIN must not contain '\"' or '\\'" >&2; exit 64 ;; esac

config=/tmp/server.properties
jaas="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$KAFKA_PASSWORD_ADMIN\";"
umask 077
{ cat /etc/license-manager/kafka/server.properties
  printf 'listener.name.clients.scram-sha-512.sasl.jaas.config=%s\n' "$jaas"; } > "$config"
# For the health check and for operators (kafka-*.sh --command-config /tmp/admin-client.properties).
printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=%s\n' "$jaas" \
  > /tmp/admin-client.properties

/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$KAFKA_CLUSTER_ID" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_PASSWORD_ADMIN]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
