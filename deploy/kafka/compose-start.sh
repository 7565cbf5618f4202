#!/bin/sh
# docker-compose.yml's broker: Apache Kafka (KRaft, one node) with SASL/SCRAM-SHA-512 and the KRaft
# authorizer (docs/security.md). The SCRAM credentials of `admin` and of each service's principal are
# written when the storage is formatted, once, from PACTE_KAFKA_<PRINCIPAL>_PASSWORD; `init` then
# creates the topics and grants each service its ACLs (`pacte topics create --acls`).
# Passwords are hex or base64url (`openssl rand -hex 32`): they are substituted with sed.
set -eu
data=/var/lib/kafka/data
conf=/tmp/server.properties
admin_password=${PACTE_KAFKA_ADMIN_PASSWORD:?PACTE_KAFKA_ADMIN_PASSWORD must be set}
{ cat /deploy/kafka/server.properties; echo; cat /deploy/kafka/sasl.properties; } | sed \
    -e "s|@PORT@|9092|g" -e "s|@CONTROLLER_PORT@|9093|g" -e "s|@LOG_DIRS@|$data|g" \
    -e "s|@HOST@|kafka|g" -e "s|@BIND@|0.0.0.0|g" -e "s|@ADMIN_PASSWORD@|$admin_password|g" > "$conf"
# What the health check authenticates with.
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
PROPERTIES
chmod 600 "$conf" /tmp/admin.properties
if [ ! -f "$data/meta.properties" ]; then
    scram=""
    for principal in admin procurement attendance billing improvement indicators opendata webhooks; do
        variable=$(echo "PACTE_KAFKA_${principal}_PASSWORD" | tr '[:lower:]' '[:upper:]')
        password=$(printenv "$variable" || true)
        [ -n "$password" ] || { echo "$variable must be set" >&2; exit 1; }
        scram="$scram --add-scram SCRAM-SHA-512=[name=$principal,password=$password]"
    done
    # shellcheck disable=SC2086 # one argument per word, by design
    /opt/kafka/bin/kafka-storage.sh format --standalone -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" \
        -c "$conf" $scram
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
