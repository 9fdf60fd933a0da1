package io.mianshen.local;

/** What the stack prints once it runs: where to go, a token per role, and commands to try. */
final class Welcome {

    private Welcome() {
    }

    static String text(DevTokens tokens, String uscc, java.nio.file.Path checkpointKey, java.nio.file.Path kcatObserver, java.nio.file.Path kcatFeeds) {
        String gateway = "http://localhost:" + StackPorts.GATEWAY;
        return """

                  Gateway        %1$s   (every API goes through it)
                  Swagger UI     %1$s/swagger-ui.html
                  Identity       %11$s   (issuer; keys at /oauth2/jwks; see bin/dev-token)
                  Ledger key     %12$s   (bin/verify-ledger checks an export with it)
                  Kafka          localhost:%2$d      (SASL/SCRAM: read with kcat -F %13$s,
                                                     write facts with kcat -F %14$s)
                  PostgreSQL     localhost:%3$d      (user mianshen, password mianshen)
                  E-mail (SMTP)  localhost:%4$d      webhooks    http://localhost:%5$d/hooks/<uscc>

                Development tokens from the local identity provider (people: 8 hours, feeds: 1 hour; bin/dev-token makes more):
                  export FEED_TOKEN=%6$s
                  export AUDITOR_TOKEN=%7$s
                  export POLICY_TOKEN=%8$s
                  export ENTERPRISE_TOKEN=%9$s   # enterprise %10$s
                  export REVIEWER_TOKEN=%15$s

                Try:
                  curl -s -H "Authorization: Bearer $AUDITOR_TOKEN" '%1$s/api/audit/decisions?limit=5'
                  curl -s -H "Authorization: Bearer $ENTERPRISE_TOKEN" %1$s/api/decisions/%10$s
                  curl -s -H "Authorization: Bearer $ENTERPRISE_TOKEN" %1$s/api/notices
                  curl -s -H "Authorization: Bearer $POLICY_TOKEN" %1$s/api/policies
                  curl -s '%1$s/api/publicity?limit=5'                        # the publicity list (公示), no token
                  curl -s -H "Authorization: Bearer $REVIEWER_TOKEN" %1$s/api/reviews   # objections to rule on
                  curl -s -H "Authorization: Bearer $FEED_TOKEN" -H 'Content-Type: application/json' \\
                       --data @services/contracts/src/main/resources/contracts/examples/valid/gov.tax.annual-filing.v1.json \\
                       %1$s/api/intake/events
                  kcat -F %13$s -C -t benefit.decisions.v1 -o beginning -e -q | head -c 600
                  kcat -F %14$s -P -t tax.filings.v1 -k 91370100MA3C0QXJ4F \\
                       -H content-type=application/cloudevents+json \\
                       services/contracts/src/main/resources/contracts/examples/valid/gov.tax.annual-filing.v1.json
                """.formatted(gateway, StackPorts.KAFKA, StackPorts.POSTGRES, StackPorts.SMTP, StackPorts.WEBHOOK_RECEIVER,
                tokens.feed(), tokens.auditor(), tokens.policyAdmin(), tokens.enterprise(uscc), uscc, DevTokens.LOCAL_ISSUER, checkpointKey.toAbsolutePath(),
                kcatObserver.toAbsolutePath(), kcatFeeds.toAbsolutePath(), tokens.reviewer());
    }
}
