package io.mianshen.audit.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A million-row CSV export streams: this test JVM has a 256 MB heap (failsafe's argLine) holding the broker
 * and the service, and the export is larger than the whole heap, so an export that buffered would run out of memory.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.listener.auto-startup=false")
@RealInfrastructure(database = "audit_export", appRole = "audit_app")
class MillionRowExportIT {

    private static final int ROWS = 1_000_000;

    @LocalServerPort
    int port;

    @Test
    void aMillionRowExportStreamsInBoundedMemory() throws Exception {
        var database = TestInfrastructure.database("audit_export");
        try (Connection owner =
                DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            // rows written straight to the table (not through the chain): this test is about the export, not the hashes
            owner.createStatement().execute("""
                    INSERT INTO ledger_entry (sequence_no, event_source, event_id, event_type, uscc, occurred_at, decision_id, policy_id, period,
                                              enterprise_name, amount, reason, event, previous_hash, entry_hash, recorded_at)
                    SELECT g, '/services/eligibility', 'bulk-' || g, 'gov.benefit.granted.v1', '91370100MA3C0QXJ4F',
                           timestamptz '2024-01-01 00:00:00+08' + g * interval '1 second', 'bulk-' || g, 'rd-post-subsidy', 'FY2023',
                           '济南示例科技有限公司第' || g || '分公司', 150000.00 + g, repeat('更正申报改变了研发费用', 3), '{}', repeat('0', 64), md5(g::text) || md5((g + 1)::text), now()
                    FROM generate_series(1, %d) AS g""".formatted(ROWS));
        }
        long heapLimit = Runtime.getRuntime().maxMemory();

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                        + "/api/audit/decisions.csv?policyId=rd-post-subsidy"))
                                .header("Authorization", "Bearer " + TestTokens.auditor())
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        long lines = 0;
        long bytes = 0;
        long peakHeapUsed = 0;
        boolean chinese = false;
        try (InputStream body = new BufferedInputStream(response.body(), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = body.read(buffer); read > 0; read = body.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                if (!chinese
                        && new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8)
                                .contains("济南示例科技有限公司第1分公司")) {
                    chinese = true;
                }
                bytes += read;
                if ((bytes & ((1 << 24) - 1)) < read) {
                    peakHeapUsed = Math.max(
                            peakHeapUsed,
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed());
                }
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lines).isEqualTo(ROWS + 1);
        assertThat(chinese).isTrue();
        assertThat(bytes).isGreaterThan(heapLimit);
        assertThat(peakHeapUsed).isLessThan(heapLimit);
    }
}
