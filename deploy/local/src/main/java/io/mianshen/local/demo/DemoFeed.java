package io.mianshen.local.demo;

import io.mianshen.contracts.ContractExamples;
import io.mianshen.contracts.EventContract;
import io.mianshen.local.StackPorts;
import io.mianshen.local.infra.WebhookCatcher;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bundled demo feed: 200 synthetic enterprises of Shandong (Jinan and Qingdao) with their registrations, tax
 * filings for fiscal years 2021 to 2024 (2021 is the base year of the first increase), credit ratings, tech-SME
 * registrations and High-Tech Enterprise certificates, and the events that change decisions: amended filings,
 * revoked certificates, a serious-dishonesty listing and a deregistration; and every invalid event class of the
 * contract's examples that a feed can publish ({@link #feedsInvalidExamples}). Generated from a fixed seed, so it is the same feed on every machine; event ids are
 * stable, so replaying it again changes nothing.
 */
public final class DemoFeed {

    /** How many enterprises the demo has. */
    public static final int ENTERPRISES = 200;

    private static final long SEED = 20230302L;
    private static final String MARKET = "/feeds/market/370000";
    private static final String TAX = "/feeds/tax/370000";
    private static final String SCI = "/feeds/sci/370000";
    private static final String[] INDUSTRIES = {
        "C3911", "C2710", "C3562", "I6510", "I6513", "M7320", "M7520", "F5191", "C1610"
    };
    private static final String[] JINAN = {"370102", "370103", "370104", "370105", "370112"};
    private static final String[] QINGDAO = {"370202", "370203", "370211", "370212"};
    private static final String[] NAMES = {"科技", "智能", "生物", "新材料", "信息", "装备", "软件", "医药"};

    private final JsonMapper json = JsonMapper.builder().build();
    private final Random random = new Random(SEED);
    private final List<Timed> events = new ArrayList<>();
    private final List<String> usccs = new ArrayList<>();

    private DemoFeed() {}

    /** The feed in replay order: valid events by their time, the invalid ones spread among them. */
    public static List<FeedRecord> records() {
        return phases().stream().flatMap(phase -> phase.records().stream()).toList();
    }

    /**
     * The feed cut into half-years of event time, replayed one after the other so that decisions are made as
     * the year unfolds: a grant first, then the amended filing that adjusts it or the revocation that takes it back.
     */
    public static List<Phase> phases() {
        return new DemoFeed().generate();
    }

    /** The demo's enterprises, in the order they were made. */
    public static List<String> enterprises() {
        DemoFeed feed = new DemoFeed();
        feed.generate();
        return List.copyOf(feed.usccs);
    }

    /** The enterprise the README's examples use: the demo's first. */
    public static String exampleUscc() {
        return enterprises().get(0);
    }

    /**
     * A part of the feed.
     *
     * @param label   the half-year, e.g. {@code 2023 H2} (events before 2022 are one phase)
     * @param records its records in replay order
     */
    public record Phase(String label, List<FeedRecord> records) {}

    private record Timed(String time, FeedRecord record) {}

    /**
     * The contract's invalid examples a feed can publish: those of the fact topics. (A forged decision or notice is
     * refused by the broker before any consumer sees it: a feed may write the fact topics only.)
     */
    public static List<ContractExamples.InvalidExample> feedsInvalidExamples() {
        EventContract contract = EventContract.load();
        return ContractExamples.invalid().stream()
                .filter(example -> contract.topic(example.topic())
                        .map(topic -> topic.source() == null)
                        .orElse(false))
                .toList();
    }

    private List<Phase> generate() {
        for (int i = 0; i < ENTERPRISES; i++) {
            enterprise(i);
        }
        List<Timed> ordered = new ArrayList<>(
                events.stream().sorted(Comparator.comparing(Timed::time)).toList());
        List<ContractExamples.InvalidExample> invalid = feedsInvalidExamples();
        for (int i = 0; i < invalid.size(); i++) {
            ContractExamples.InvalidExample example = invalid.get(i);
            int position = (int) ((long) ordered.size() * (i + 1) / (invalid.size() + 1));
            ordered.add(
                    position,
                    new Timed(
                            ordered.get(position - 1).time(),
                            new FeedRecord(
                                    example.topic(),
                                    "91370100MA3C0QXJ4F",
                                    example.raw(),
                                    false,
                                    "invalid: " + example.description())));
        }
        Map<String, List<FeedRecord>> byHalfYear = new LinkedHashMap<>();
        for (Timed event : ordered) {
            byHalfYear
                    .computeIfAbsent(halfYear(event.time()), label -> new ArrayList<>())
                    .add(event.record());
        }
        return byHalfYear.entrySet().stream()
                .map(phase -> new Phase(phase.getKey(), List.copyOf(phase.getValue())))
                .toList();
    }

    private static String halfYear(String time) {
        int year = Integer.parseInt(time.substring(0, 4));
        if (year < 2022) {
            return "before 2022";
        }
        return year + (Integer.parseInt(time.substring(5, 7)) <= 6 ? " H1" : " H2");
    }

    private void enterprise(int index) {
        boolean jinan = random.nextInt(100) < 60;
        String region = jinan ? pick(JINAN) : pick(QINGDAO);
        String uscc = SyntheticUscc.next(random, region);
        usccs.add(uscc);
        String industry = random.nextInt(100) < 8 ? pick(new String[] {"F5191", "C1610"}) : pick(INDUSTRIES);
        int sizeRoll = random.nextInt(100);
        String size = sizeRoll < 20 ? "MICRO" : sizeRoll < 55 ? "SMALL" : sizeRoll < 85 ? "MEDIUM" : "LARGE";
        LocalDate established = LocalDate.of(2010 + random.nextInt(11), 1 + random.nextInt(12), 1 + random.nextInt(28));
        String name = (jinan ? "济南" : "青岛") + pick(NAMES) + "示范" + (index + 1) + "号有限公司";

        ObjectNode contact = json.createObjectNode().put("email", "caiwu@e" + (index + 1) + ".example.cn");
        if (index % 3 == 0) {
            contact.put("webhookUrl", WebhookCatcher.urlFor(uscc, StackPorts.WEBHOOK_RECEIVER));
        }
        ObjectNode profile = json.createObjectNode()
                .put("uscc", uscc)
                .put("name", name)
                .put("region", region)
                .put("industry", industry)
                .put("sizeClass", size)
                .put("establishedOn", established.toString());
        profile.set("contact", contact);
        add(
                "enterprise.registry.v1",
                MARKET,
                "demo-reg-" + uscc,
                "gov.enterprise.registered.v1",
                uscc,
                established.atTime(9, 0) + ":00+08:00",
                profile,
                "registration");

        // R&D expense from FY2021 (base year) to FY2024: each year -10% .. +45%
        long rd = 200_000 + random.nextInt(6_000_000);
        for (int year = 2021; year <= 2024; year++) {
            if (year > 2021) {
                rd = rd * (90 + random.nextInt(56)) / 100;
            }
            long revenue = rd * (8 + random.nextInt(20));
            long taxable =
                    random.nextInt(100) < 6 ? -(50_000 + random.nextInt(500_000)) : revenue / (6 + random.nextInt(10));
            String filingId = "T" + (year + 1) + "-" + uscc;
            LocalDate filed = LocalDate.of(year + 1, 5, 1 + random.nextInt(28));
            add(
                    "tax.filings.v1",
                    TAX,
                    "demo-" + filingId,
                    "gov.tax.annual-filing.v1",
                    uscc,
                    filed.atTime(10, 0) + ":00+08:00",
                    filing(uscc, year, filingId, null, revenue, rd, taxable, 20 + random.nextInt(400), filed),
                    "annual filing FY" + year);
            if (year == 2023 && index % 16 == 5) {
                long amended = rd * (70 + random.nextInt(60)) / 100;
                LocalDate amendedOn = LocalDate.of(2024, 9, 1 + random.nextInt(28));
                String amendmentId = "TA2024-" + uscc;
                add(
                        "tax.filings.v1",
                        TAX,
                        "demo-" + amendmentId,
                        "gov.tax.annual-filing.v1",
                        uscc,
                        amendedOn.atTime(10, 0) + ":00+08:00",
                        filing(
                                uscc,
                                year,
                                amendmentId,
                                filingId,
                                revenue,
                                amended,
                                taxable,
                                20 + random.nextInt(400),
                                amendedOn),
                        "amended filing FY" + year);
                rd = amended;
            }
            if (year >= 2022) {
                int ratingRoll = random.nextInt(100);
                String rating = ratingRoll < 4 ? "D" : ratingRoll < 60 ? "A" : ratingRoll < 90 ? "B" : "M";
                add(
                        "tax.filings.v1",
                        TAX,
                        "demo-rating-" + year + "-" + uscc,
                        "gov.tax.credit-rating.v1",
                        uscc,
                        (year + 1) + "-04-15T09:00:00+08:00",
                        json.createObjectNode()
                                .put("uscc", uscc)
                                .put("year", year)
                                .put("rating", rating),
                        "credit rating " + year);
            }
        }
        certifications(index, uscc);
        if (index == 17) {
            add(
                    "enterprise.registry.v1",
                    MARKET,
                    "demo-credit-" + uscc,
                    "gov.enterprise.credit-listed.v1",
                    uscc,
                    "2024-11-05T09:00:00+08:00",
                    json.createObjectNode()
                            .put("uscc", uscc)
                            .put("list", "SERIOUS_DISHONESTY")
                            .put("listedOn", "2024-11-05")
                            .putNull("delistedOn"),
                    "serious-dishonesty listing");
        }
        if (index == 41) {
            add(
                    "enterprise.registry.v1",
                    MARKET,
                    "demo-dereg-" + uscc,
                    "gov.enterprise.deregistered.v1",
                    uscc,
                    "2025-03-31T16:00:00+08:00",
                    json.createObjectNode().put("uscc", uscc).put("deregisteredOn", "2025-03-31"),
                    "deregistration");
        }
        if (index % 10 == 3) {
            profile.put("sizeClass", "MEDIUM".equals(size) ? "LARGE" : "MEDIUM");
            add(
                    "enterprise.registry.v1",
                    MARKET,
                    "demo-chg-" + uscc,
                    "gov.enterprise.changed.v1",
                    uscc,
                    "2024-03-01T10:30:00+08:00",
                    profile,
                    "registration change");
        }
    }

    private void certifications(int index, String uscc) {
        if (random.nextInt(100) < 55) {
            for (int year = 2022; year <= 2024; year++) {
                String number = "TS" + year + "-" + uscc;
                add(
                        "sci.certifications.v1",
                        SCI,
                        "demo-" + number,
                        "gov.sci.certification.granted.v1",
                        uscc,
                        year + "-04-01T09:00:00+08:00",
                        json.createObjectNode()
                                .put("uscc", uscc)
                                .put("kind", "TECH_SME")
                                .put("certificateNo", number)
                                .put("issuedOn", year + "-04-01")
                                .put("validUntil", year + "-12-31"),
                        "tech-SME registration " + year);
            }
        }
        if (random.nextInt(100) < 35) {
            if (index % 7 == 0) {
                certificate(uscc, "GR2020" + uscc.substring(8, 17), LocalDate.of(2020, 12, 1));
            }
            LocalDate issued = LocalDate.of(2023, 4, 1).plusDays(random.nextInt(600));
            String number = "GR" + issued.getYear() + uscc.substring(8, 17);
            certificate(uscc, number, issued);
            if (index % 9 == 4) {
                add(
                        "sci.certifications.v1",
                        SCI,
                        "demo-revoke-" + number,
                        "gov.sci.certification.revoked.v1",
                        uscc,
                        "2025-06-30T09:00:00+08:00",
                        json.createObjectNode()
                                .put("uscc", uscc)
                                .put("kind", "HIGH_TECH_ENTERPRISE")
                                .put("certificateNo", number)
                                .put("revokedOn", "2025-06-30")
                                .put("reason", "研发费用占比不符合认定条件"),
                        "High-Tech certificate revoked");
            }
        }
    }

    private void certificate(String uscc, String number, LocalDate issued) {
        add(
                "sci.certifications.v1",
                SCI,
                "demo-" + number,
                "gov.sci.certification.granted.v1",
                uscc,
                issued.atTime(9, 0) + ":00+08:00",
                json.createObjectNode()
                        .put("uscc", uscc)
                        .put("kind", "HIGH_TECH_ENTERPRISE")
                        .put("certificateNo", number)
                        .put("issuedOn", issued.toString())
                        .put("validUntil", issued.plusYears(3).minusDays(1).toString()),
                "High-Tech certificate " + issued.getYear());
    }

    private ObjectNode filing(
            String uscc,
            int year,
            String filingId,
            String amends,
            long revenue,
            long rd,
            long taxable,
            int employees,
            LocalDate filed) {
        ObjectNode data = json.createObjectNode()
                .put("uscc", uscc)
                .put("fiscalYear", year)
                .put("filingId", filingId);
        if (amends == null) {
            data.putNull("amendsFilingId");
        } else {
            data.put("amendsFilingId", amends);
        }
        return data.put("revenue", yuan(revenue))
                .put("rdExpense", yuan(rd))
                .put("taxableIncome", yuan(taxable))
                .put("employees", employees)
                .put("filedOn", filed.toString());
    }

    private static String yuan(long amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    private void add(
            String topic,
            String source,
            String id,
            String type,
            String uscc,
            String time,
            ObjectNode data,
            String label) {
        ObjectNode event = json.createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", source)
                .put("type", type)
                .put("subject", uscc)
                .put("time", time)
                .put("datacontenttype", "application/json");
        event.set("data", data.deepCopy());
        byte[] value = json.writeValueAsString(event).getBytes(StandardCharsets.UTF_8);
        events.add(new Timed(time + "|" + id, new FeedRecord(topic, uscc, value, true, label)));
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
