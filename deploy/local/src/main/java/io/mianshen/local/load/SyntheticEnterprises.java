package io.mianshen.local.load;

import io.mianshen.local.demo.FeedRecord;
import io.mianshen.local.demo.SyntheticUscc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Synthetic enterprises for load: each has five fact events (a registration, filings for FY2022 and FY2023, a
 * tech-SME registration valid in 2023, a credit rating), every one valid against the contract, with new event
 * ids on every run; the USCCs follow from the seed.
 */
public final class SyntheticEnterprises {

    /** Fact events per enterprise. */
    public static final int EVENTS_PER_ENTERPRISE = 5;

    private static final String[] SIZES = {"MICRO", "SMALL", "MEDIUM", "LARGE"};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SyntheticEnterprises() {}

    /** The events of {@code enterprises} enterprises, enterprise by enterprise. */
    public static List<FeedRecord> events(int enterprises, long seed) {
        Random random = new Random(seed);
        List<FeedRecord> records = new ArrayList<>(enterprises * EVENTS_PER_ENTERPRISE);
        for (int i = 0; i < enterprises; i++) {
            String region = "37" + (random.nextBoolean() ? "01" : "02") + String.format("%02d", 2 + random.nextInt(10));
            String uscc = SyntheticUscc.next(random, region);
            long rd2022 = 100_000 + random.nextInt(5_000_000);
            long rd2023 = Math.max(0, rd2022 + random.nextInt(2_000_000) - 200_000);
            records.add(event(
                    "enterprise.registry.v1",
                    "/feeds/market/370000",
                    "gov.enterprise.registered.v1",
                    uscc,
                    "2016-05-12T09:00:00+08:00",
                    JSON.createObjectNode()
                            .put("uscc", uscc)
                            .put("name", "负载测试企业" + i)
                            .put("region", region)
                            .put("industry", "I6510")
                            .put("sizeClass", SIZES[random.nextInt(SIZES.length)])
                            .put("establishedOn", "2016-05-12")));
            records.add(event(
                    "tax.filings.v1",
                    "/feeds/tax/370000",
                    "gov.tax.annual-filing.v1",
                    uscc,
                    "2023-05-20T10:00:00+08:00",
                    filing(uscc, 2022, rd2022)));
            records.add(event(
                    "tax.filings.v1",
                    "/feeds/tax/370000",
                    "gov.tax.annual-filing.v1",
                    uscc,
                    "2024-05-20T10:00:00+08:00",
                    filing(uscc, 2023, rd2023)));
            records.add(event(
                    "sci.certifications.v1",
                    "/feeds/sci/370000",
                    "gov.sci.certification.granted.v1",
                    uscc,
                    "2023-04-01T09:00:00+08:00",
                    JSON.createObjectNode()
                            .put("uscc", uscc)
                            .put("kind", "TECH_SME")
                            .put("certificateNo", "TS-" + uscc)
                            .put("issuedOn", "2023-04-01")
                            .put("validUntil", "2023-12-31")));
            records.add(event(
                    "tax.filings.v1",
                    "/feeds/tax/370000",
                    "gov.tax.credit-rating.v1",
                    uscc,
                    "2024-04-15T09:00:00+08:00",
                    JSON.createObjectNode()
                            .put("uscc", uscc)
                            .put("year", 2023)
                            .put("rating", random.nextInt(10) == 0 ? "D" : "A")));
        }
        return records;
    }

    private static ObjectNode filing(String uscc, int year, long rd) {
        return JSON.createObjectNode()
                .put("uscc", uscc)
                .put("fiscalYear", year)
                .put("filingId", "T" + year + "-" + uscc)
                .putNull("amendsFilingId")
                .put("revenue", "52000000.00")
                .put("rdExpense", rd + ".00")
                .put("taxableIncome", "6300000.00")
                .put("employees", 120)
                .put("filedOn", (year + 1) + "-05-20");
    }

    private static FeedRecord event(
            String topic, String source, String type, String uscc, String time, ObjectNode data) {
        ObjectNode event = JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", source)
                .put("type", type)
                .put("subject", uscc)
                .put("time", time)
                .put("datacontenttype", "application/json");
        event.set("data", data);
        return new FeedRecord(topic, uscc, JSON.writeValueAsString(event).getBytes(StandardCharsets.UTF_8), true, type);
    }
}
