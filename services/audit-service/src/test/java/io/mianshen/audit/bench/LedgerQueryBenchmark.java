package io.mianshen.audit.bench;

import io.mianshen.audit.AuditServiceApplication;
import io.mianshen.testsupport.EventFeed;
import io.mianshen.testsupport.ServiceInstance;
import io.mianshen.testsupport.TestInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The auditor API on a ledger of N entries (default 1,000,000; not a test): fills the ledger of a real
 * audit service on embedded PostgreSQL (100,000 enterprises, the six policies of the pack over five years,
 * grants, adjustments, revocations and notices), then measures over HTTP the latency of a search by USCC
 * and of the totals of a policy, p50 and p99. Run with {@code bin/benchmark-audit [entries]}.
 */
public final class LedgerQueryBenchmark {

    private static final List<String> POLICIES = List.of(
            "rd-super-deduction",
            "hnte-tax-relief",
            "rd-post-subsidy",
            "city-rd-increment-reward",
            "sme-to-hnte-reward",
            "innovation-voucher");
    private static final int ENTERPRISES = 100_000;

    private LedgerQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] usccs = new String[ENTERPRISES];
        for (int i = 0; i < ENTERPRISES; i++) {
            usccs[i] = EventFeed.newUscc();
        }
        Map<String, Object> settings = new java.util.HashMap<>(
                TestInfrastructure.appRoleProperties(TestInfrastructure.database("audit_bench"), "audit_app"));
        settings.putAll(Map.of(
                "spring.kafka.listener.auto-startup",
                "false",
                "logging.level.root",
                "WARN",
                "spring.main.banner-mode",
                "off"));
        ConfigurableApplicationContext service =
                ServiceInstance.start(AuditServiceApplication.class, "audit_bench", settings);
        long fill = System.currentTimeMillis();
        fill(usccs, entries);
        System.out.printf("ledger filled: %,d entries in %d s%n", entries, (System.currentTimeMillis() - fill) / 1000);
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        String token = TestTokens.auditor();
        Random random = new Random(7);

        measure(
                http,
                token,
                "warm-up",
                300,
                () -> "http://localhost:" + port + "/api/audit/decisions?uscc=" + usccs[random.nextInt(ENTERPRISES)]);
        long[] search = measure(
                http,
                token,
                "search by uscc",
                2_000,
                () -> "http://localhost:" + port + "/api/audit/decisions?uscc=" + usccs[random.nextInt(ENTERPRISES)]);
        long[] totals = measure(
                http,
                token,
                "totals of a policy",
                500,
                () -> "http://localhost:" + port + "/api/audit/totals?policyId="
                        + POLICIES.get(random.nextInt(POLICIES.size())));
        long[] allTotals = measure(
                http,
                token,
                "totals of every policy and period",
                500,
                () -> "http://localhost:" + port + "/api/audit/totals");
        System.out.printf(
                "%nsearch by uscc       : p50 %.1f ms, p99 %.1f ms (target p99 < 20 ms)%n",
                ms(search, 50), ms(search, 99));
        System.out.printf(
                "totals of a policy   : p50 %.1f ms, p99 %.1f ms (target < 200 ms)%n", ms(totals, 50), ms(totals, 99));
        System.out.printf("totals of everything : p50 %.1f ms, p99 %.1f ms%n", ms(allTotals, 50), ms(allTotals, 99));
        service.close();
    }

    private static long[] measure(
            HttpClient http, String token, String name, int requests, java.util.function.Supplier<String> url)
            throws Exception {
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url.get()))
                    .header("Authorization", "Bearer " + token)
                    .build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        name + ": HTTP " + response.statusCode() + " " + new String(response.body()));
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)] / 1e6;
    }

    /** Entries written with SQL as the chain would have them (hashes aside), then the totals the appends keep. */
    private static void fill(String[] usccs, int entries) throws Exception {
        var database = TestInfrastructure.database("audit_bench");
        try (Connection owner =
                DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            owner.setAutoCommit(false);
            owner.createStatement().execute("CREATE TEMPORARY TABLE bench_uscc (i int PRIMARY KEY, uscc text)");
            try (PreparedStatement insert = owner.prepareStatement("INSERT INTO bench_uscc VALUES (?, ?)")) {
                for (int i = 0; i < usccs.length; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, usccs[i]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            owner.createStatement().execute("""
                    INSERT INTO ledger_entry (sequence_no, event_source, event_id, event_type, uscc, occurred_at, decision_id,
                                              related_decision_id, policy_id, period, enterprise_name, amount, previous_amount, recover_amount,
                                              notice_id, channel, event, previous_hash, entry_hash, recorded_at)
                    SELECT g, '/services/eligibility', 'bench-' || g,
                           CASE WHEN g % 10 < 6 THEN 'gov.benefit.granted.v1' WHEN g % 10 < 8 THEN 'gov.benefit.adjusted.v1'
                                WHEN g % 10 = 8 THEN 'gov.benefit.revoked.v1' ELSE 'gov.notice.delivered.v1' END,
                           u.uscc, timestamptz '2021-01-01 00:00:00+08' + g * interval '90 seconds', 'bench-' || (g - g % 10 / 9),
                           CASE WHEN g % 10 IN (6, 7, 8) THEN 'bench-' || (g - 1) END,
                           CASE WHEN g % 10 < 9 THEN (ARRAY['rd-super-deduction','hnte-tax-relief','rd-post-subsidy','city-rd-increment-reward',
                                'sme-to-hnte-reward','innovation-voucher'])[1 + (g / 10) % 6] END,
                           CASE WHEN g % 10 < 9 THEN 'FY' || (2021 + (g / 60) % 5) END,
                           CASE WHEN g % 10 < 8 THEN '企业' || (g % :enterprises) END,
                           CASE WHEN g % 10 < 8 THEN 10000.00 + (g % 500) * 100 END,
                           CASE WHEN g % 10 IN (6, 7) THEN 10000.00 END,
                           CASE WHEN g % 10 = 8 THEN 10000.00 + (g % 500) * 100 END,
                           CASE WHEN g % 10 = 9 THEN 'notice-' || g END,
                           CASE WHEN g % 10 = 9 THEN 'INBOX' END,
                           '{}', repeat('0', 64), md5(g::text) || md5((g + 7)::text), now()
                    FROM generate_series(1, :entries) AS g JOIN bench_uscc u ON u.i = g % :enterprises""".replace(":enterprises", Integer.toString(ENTERPRISES))
                    .replace(":entries", Integer.toString(entries)));
            owner.createStatement().execute("""
                    INSERT INTO ledger_totals (policy_id, period, decisions, granted, adjusted, revoked)
                    SELECT policy_id, period, count(*),
                           COALESCE(sum(amount) FILTER (WHERE event_type = 'gov.benefit.granted.v1'), 0),
                           COALESCE(sum(amount - previous_amount) FILTER (WHERE event_type = 'gov.benefit.adjusted.v1'), 0),
                           COALESCE(sum(recover_amount) FILTER (WHERE event_type = 'gov.benefit.revoked.v1'), 0)
                    FROM ledger_entry WHERE event_type LIKE 'gov.benefit.%' GROUP BY policy_id, period""");
            owner.commit();
            owner.setAutoCommit(true);
            owner.createStatement().execute("ANALYZE ledger_entry");
        }
    }
}
