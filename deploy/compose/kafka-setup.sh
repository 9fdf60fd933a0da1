#!/usr/bin/env bash
# Run once by docker compose (service kafka-setup, in the Kafka image) before any Mianshen service starts: creates
# the topics, gives each principal its SCRAM-SHA-512 password and grants exactly the ACLs below, the same table as
# the local stack's broker (deploy/local KafkaPrincipals; DeploymentFilesTest keeps them equal). Idempotent.
# Passwords come from the environment (KAFKA_<PRINCIPAL>_PASSWORD, e.g. KAFKA_ELIGIBILITY_SERVICE_PASSWORD); the
# administrator's (KAFKA_ADMIN_PASSWORD) is the broker's superuser, configured in the broker itself.
set -euo pipefail
bin=/opt/kafka/bin
bootstrap=kafka:19092
admin_config=$(mktemp)
trap 'rm -f "$admin_config"' EXIT
cat > "$admin_config" <<CONFIG
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
CONFIG

for topic in enterprise.registry.v1 tax.filings.v1 sci.certifications.v1 benefit.decisions.v1 notices.v1 benefit.publicity.v1; do
  for name in "$topic" "$topic.dlt"; do
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" --create --if-not-exists \
      --topic "$name" --partitions "${MIANSHEN_TOPIC_PARTITIONS:-3}" --replication-factor 1
  done
done

# principal  resource  name  pattern  operation
grants=$(cat <<'GRANTS'
feeds topic enterprise.registry.v1 literal Write
feeds topic tax.filings.v1 literal Write
feeds topic sci.certifications.v1 literal Write
feed-market topic enterprise.registry.v1 literal Write
feed-sci topic sci.certifications.v1 literal Write
feed-tax topic tax.filings.v1 literal Write
intake-service topic enterprise.registry.v1 literal Write
intake-service topic tax.filings.v1 literal Write
intake-service topic sci.certifications.v1 literal Write
eligibility-service topic enterprise.registry.v1 literal Read
eligibility-service topic enterprise.registry.v1.dlt literal Write
eligibility-service topic tax.filings.v1 literal Read
eligibility-service topic tax.filings.v1.dlt literal Write
eligibility-service topic sci.certifications.v1 literal Read
eligibility-service topic sci.certifications.v1.dlt literal Write
eligibility-service topic notices.v1 literal Read
eligibility-service topic notices.v1.dlt literal Write
eligibility-service topic benefit.publicity.v1 literal Read
eligibility-service topic benefit.publicity.v1.dlt literal Write
eligibility-service topic benefit.decisions.v1 literal Write
eligibility-service topic benefit.publicity.v1 literal Write
eligibility-service group eligibility-service prefixed Read
notification-service topic enterprise.registry.v1 literal Read
notification-service topic enterprise.registry.v1.dlt literal Write
notification-service topic benefit.decisions.v1 literal Read
notification-service topic benefit.decisions.v1.dlt literal Write
notification-service topic benefit.publicity.v1 literal Read
notification-service topic benefit.publicity.v1.dlt literal Write
notification-service topic notices.v1 literal Write
notification-service group notification-service prefixed Read
audit-service topic benefit.decisions.v1 literal Read
audit-service topic benefit.decisions.v1.dlt literal Write
audit-service topic notices.v1 literal Read
audit-service topic notices.v1.dlt literal Write
audit-service topic benefit.publicity.v1 literal Read
audit-service topic benefit.publicity.v1.dlt literal Write
audit-service group audit-service prefixed Read
observer topic * literal Read
observer group * literal Describe
observer group observer prefixed Read
GRANTS
)

for principal in $(echo "$grants" | awk '{print $1}' | sort -u); do
  variable="KAFKA_$(echo "$principal" | tr 'a-z-' 'A-Z_')_PASSWORD"
  password="${!variable:?set $variable (see the docs/security.md)}"
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" --alter \
    --entity-type users --entity-name "$principal" --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]"
done

echo "$grants" | while read -r principal resource name pattern operation; do
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin_config" --add \
    --allow-principal "User:$principal" --operation "$operation" --"$resource" "$name" --resource-pattern-type "$pattern" > /dev/null
done
echo "Kafka topics, users and ACLs are set up."
