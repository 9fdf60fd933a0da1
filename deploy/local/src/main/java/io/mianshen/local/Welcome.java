package io.mianshen.local;

/** What the stack prints once it runs: where to go, a token per role, and commands to try. */
final class Welcome {

    private Welcome() {}

    /** The enterprise of the quick start and of the contract's example events. */
    static final String QUICK_START_USCC = "91370100MA3C0QXJ4F";

    /**
     * The welcome text: addresses, a token per role under the names the README's quick start uses ({@code $FEED},
     * {@code $AUDITOR}, ...; the enterprise's for the quick start's {@value #QUICK_START_USCC}, and one for an
     * enterprise of the demo), and commands to try.
     */
    static String text(
            DevTokens tokens,
            String demoUscc,
            java.nio.file.Path checkpointKey,
            java.nio.file.Path kcatObserver,
            java.nio.file.Path kcatFeeds) {
        String gateway = "http://localhost:" + StackPorts.GATEWAY;
        return """

                  Gateway        %1$s   (every API goes through it)
                  Console        %1$s/console   (the web pages; log in as auditor, officer or reviewer, or as an
                                 enterprise by its USCC, e.g. %17$s; password %18$s)
                  Swagger UI     %1$s/swagger-ui.html
                  Identity       %11$s   (issuer; keys at /oauth2/jwks; see bin/dev-token)
                  Ledger key     %12$s   (bin/verify-ledger checks an export with it)
                  Kafka          localhost:%2$d      (SASL/SCRAM: read with kcat -F %13$s,
                                                     write facts with kcat -F %14$s)
                  PostgreSQL     localhost:%3$d      (user mianshen, password mianshen)
                  E-mail (SMTP)  localhost:%4$d      webhooks    http://localhost:%5$d/hooks/<uscc> (GET lists those received)
                  Every service listens on 127.0.0.1 only (MIANSHEN_LOCAL_BIND_ADDRESS changes it).

                Development tokens from the local identity provider (people: 8 hours, feeds: 1 hour; bin/dev-token makes more),
                under the names the README's quick start uses:
                  export FEED=%6$s
                  export AUDITOR=%7$s
                  export POLICY=%8$s
                  export REVIEWER=%15$s
                  export ENTERPRISE=%9$s   # enterprise %10$s (the quick start's)
                  export DEMO_ENTERPRISE=%16$s   # enterprise %17$s (one of the demo's)

                Try:
                  curl -s -H "Authorization: Bearer $AUDITOR" '%1$s/api/audit/decisions?limit=5'
                  curl -s -H "Authorization: Bearer $DEMO_ENTERPRISE" '%1$s/api/decisions/%17$s?live=true'
                  curl -s -H "Authorization: Bearer $DEMO_ENTERPRISE" %1$s/api/notices
                  curl -s -H "Authorization: Bearer $POLICY" %1$s/api/policies
                  curl -s '%1$s/api/publicity?limit=5'                        # the publicity list (公示), no token
                  curl -s -H "Authorization: Bearer $REVIEWER" %1$s/api/reviews   # objections to rule on
                  curl -s -H "Authorization: Bearer $FEED" -H 'Content-Type: application/json' \\
                       --data @services/contracts/src/main/resources/contracts/examples/valid/gov.tax.annual-filing.v1.json \\
                       %1$s/api/intake/events
                  kcat -F %13$s -C -t benefit.decisions.v1 -o beginning -e -q | head -c 600
                  kcat -F %14$s -P -t tax.filings.v1 -k %10$s \\
                       -H content-type=application/cloudevents+json \\
                       services/contracts/src/main/resources/contracts/examples/valid/gov.tax.annual-filing.v1.json
                """.formatted(
                        gateway,
                        StackPorts.KAFKA,
                        StackPorts.POSTGRES,
                        StackPorts.SMTP,
                        StackPorts.WEBHOOK_RECEIVER,
                        tokens.feed(),
                        tokens.auditor(),
                        tokens.policyAdmin(),
                        tokens.enterprise(QUICK_START_USCC),
                        QUICK_START_USCC,
                        DevTokens.LOCAL_ISSUER,
                        checkpointKey.toAbsolutePath(),
                        kcatObserver.toAbsolutePath(),
                        kcatFeeds.toAbsolutePath(),
                        tokens.reviewer(),
                        tokens.enterprise(demoUscc),
                        demoUscc,
                        DevTokens.DEVELOPMENT_PASSWORD);
    }
}
